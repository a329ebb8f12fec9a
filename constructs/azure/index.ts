// Azure facts, each written once: roles and their permissions, action matching, the control/data plane
// classification, ARM ID patterns, account and deployment enums, endpoints, IP rules, regions, policy facts.
// Nothing here imports cdktf: the configuration schema and the tools (offline provider, access report) read it cheaply.
export * from './accounts';
export * from './actions';
export * from './arm-id';
export * from './built-in-role';
export * from './conditions';
export * from './guid';
export * from './inference-endpoints';
export * from './ip-rules';
export * from './policy';
export * from './regions';
export * from './role-plane';
export * from './names';
export * from './az-cli-export';
export * from './grant-ends';
export * from './private-link';
export * from './limits';
export * from './projects';
export * from './delegation';
export * from './rai';
export * from './tags';
