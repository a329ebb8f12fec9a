export * from './ai-services-account';
export * from './built-in-role';
export { GUARDRAIL_RULES, GuardrailRule, GuardrailSeverity, ResourceConfig, findGuardrailRule, guardrailRulesFor } from './guardrail-rules';
export * from './inference-role-definition';
export * from './keyless-guardrails';
export * from './keyless-inference-access';
export * from './principal';
export * from './role-grant';
export { ValidationError } from './validation';
