// The offline Terraform providers, for tests and scripts that plan without Azure.
export * from './azure-rules';
export * from './azure-store';
export * from './offline-providers';
export * from './offline-workspace';
export * from './schema-store';
