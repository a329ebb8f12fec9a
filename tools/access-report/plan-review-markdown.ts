import { mdCode, mdFence } from './markdown-safe';
import { PlanReview } from './plan-review';

/**
 * The plan review for a job summary or a pull-request comment: a heading and the plain-text review in a fenced block whose
 * fence no line of the review can close (the review quotes role names, principal labels and values from the plan).
 */
export function renderPlanReviewMarkdown(review: Pick<PlanReview, 'text'>, planFile: string, stack?: string): string {
  return [`## Plan review${stack ? `: ${mdCode(stack)}` : ''}`, '', mdFence(`Plan review of ${planFile}\n${review.text}`), ''].join('\n');
}
