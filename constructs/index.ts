export * from './ai-services-account';
export * from './audit-logs';
export * from './delegated-grants';
export * from './foundry-project';
// The Azure facts (cdktf-free), for the tools and for stacks that embed the constructs.
export * from './azure';
export { GUARDRAIL_RULES, GuardrailRule, GuardrailSeverity, ResourceConfig, findGuardrailRule, guardrailRulesFor } from './guardrail-rules';
export * from './inference-role-definition';
export * from './keyless-guardrails';
export * from './key-access-policy';
export * from './keyless-inference-access';
export * from './pim-role-grant';
export * from './principal';
export * from './rai-blocklist';
export * from './rai-policy';
export * from './role-grant';
export { ValidationError } from './validation';
export { AtomicSynthOptions, AtomicSynthResult, formatWarnings, SynthAnnotation, SynthesisError, synthesizeAtomically } from './synthesize-atomically';
