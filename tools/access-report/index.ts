// The access report and the plan review, for the offline tool and for scripts.
export * from './access-report';
export * from './compare';
export {
  assertPlanJson, checkStack, ENVIRONMENT_TAG, Finding as PlanFinding, FindingKind as PlanFindingKind, GUARDED_TYPES, PlanCounts, PlanDocument,
  PlanInputError, PlanReview, PlanReviewOptions, ResourceChange, reviewPlan, StackCheck, StackFile, STATE_STORAGE_TAG, Verdict,
} from './plan-review';
export * from './plan-values';
export { readStackFile, reviewPlanFile, runPlanReview } from './plan-review-cli';
export * from './plan-review-markdown';
export * from './markdown-safe';
export * from './render-markdown';
export * from './render-mermaid';
export * from './synth-output';
export * from './grants-ending';
