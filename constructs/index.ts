export * from './ai-services-account';
export * from './built-in-role';
export * from './inference-role-definition';
export * from './keyless-inference-access';
export * from './principal';
export * from './role-grant';
export { ValidationError } from './validation';
