/**
 * `npm run plan-review -- <plan.json> [--stack <name>] [--acknowledge] [--json | --markdown]`: see USAGE.
 * Exit codes: 0 nothing destructive (or acknowledged), 2 destructive changes not acknowledged, 1 bad input.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PlanInputError, PlanReview, StackFile, reviewPlan } from './plan-review';
import { renderPlanReviewMarkdown } from './plan-review-markdown';

export const USAGE = `Usage: npm run plan-review -- <plan.json> [--stack <name>] [--acknowledge] [--json | --markdown]

Reads a Terraform plan JSON (terraform show -json <planfile>; the offline plan writes .offline/<stack>/plan.json)
and lists, in plain words, every destructive change a platform team must approve:
  - role assignments deleted or replaced (who loses which role where),
  - accounts, deployments, resource groups, storage accounts/containers and role definitions replaced or
    deleted, with the attributes that force it; the Terraform state storage is called out,
  - a role assignment deleted at one address and created at another with the same Azure name (blocking).
In-place deployment model/RAI policy updates and role definition renames are listed for information.

Options:
  --stack <name>   refuse a plan that belongs to another stack. Checked: the stack name in the cdk.tf.json beside
                   the plan (cdktf metadata), the plan's folder (.offline/<stack>/ or cdktf.out/stacks/<stack>/), and the
                   "environment" tag environment stacks put on their account. A plan JSON holds no backend, so a plan
                   file copied elsewhere with no tagged resources cannot be checked: the review then says "NOT verified".
  --acknowledge    the reviewer has read the destructive changes and approves them (exit 0)
  --json           print the review as JSON (findings, counts, verdict, stack check)
  --markdown       print the review as Markdown for a job summary or comment (a heading and the text in a safe fence)
  --help           this text

Exit codes: 0 nothing destructive, or acknowledged; 2 destructive changes not acknowledged;
            1 bad input (missing file, not JSON, not a plan JSON, plan of another stack).

Real plan: cd cdktf.out/stacks/<stack> && terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json
           && npm run plan-review -- plan.json --stack <stack>`;

/** What a run prints and returns. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The synthesized stack beside a plan file (`cdk.tf.json`), when there is one and it parses. */
export function readStackFile(planPath: string): StackFile | undefined {
  const file = path.join(path.dirname(path.resolve(planPath)), 'cdk.tf.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StackFile;
  } catch {
    return undefined;
  }
}

/** Reads and reviews a plan file; throws PlanInputError for a missing file, invalid JSON or a non-plan. */
export function reviewPlanFile(planPath: string, options: { stack?: string; acknowledge?: boolean } = {}): PlanReview {
  let raw: string;
  try {
    raw = fs.readFileSync(planPath, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new PlanInputError(`cannot read ${planPath}: ${why}; expected a plan JSON written by \`terraform show -json <planfile> > ${path.basename(planPath)}\``);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    throw new PlanInputError(`${planPath} is not JSON (${(e as Error).message}); expected the output of \`terraform show -json <planfile>\` (a saved plan file itself is binary: convert it with terraform show -json)`);
  }
  return reviewPlan(doc, { ...options, planPath, stackFile: readStackFile(planPath) });
}

/** The command without process globals, for tests and other tools. */
export function runPlanReview(argv: readonly string[]): CliResult {
  let stack: string | undefined;
  let acknowledge = false;
  let json = false;
  let markdown = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return { code: 0, stdout: USAGE + '\n', stderr: '' };
    if (a === '--acknowledge') acknowledge = true;
    else if (a === '--json') json = true;
    else if (a === '--markdown') markdown = true;
    else if (a === '--stack') {
      stack = argv[++i];
      if (!stack || stack.startsWith('-')) return { code: 1, stdout: '', stderr: `plan-review: --stack needs a stack name\n${USAGE}\n` };
    } else if (a.startsWith('--stack=')) stack = a.slice('--stack='.length);
    else if (a.startsWith('-')) return { code: 1, stdout: '', stderr: `plan-review: unknown option ${a}\n${USAGE}\n` };
    else files.push(a);
  }
  if (json && markdown) return { code: 1, stdout: '', stderr: `plan-review: --json and --markdown exclude each other\n${USAGE}\n` };
  if (files.length !== 1) return { code: 1, stdout: '', stderr: `plan-review: expected exactly one plan JSON file, got ${files.length}\n${USAGE}\n` };
  try {
    const review = reviewPlanFile(files[0], { stack, acknowledge });
    const out = json
      ? JSON.stringify({ file: files[0], stack: review.stack, counts: review.counts, verdict: review.verdict, exitCode: review.exitCode, findings: review.findings }, null, 2)
      : markdown ? renderPlanReviewMarkdown(review, files[0], stack)
        : `Plan review of ${files[0]}\n${review.text}`;
    return { code: review.exitCode, stdout: out + '\n', stderr: '' };
  } catch (e) {
    if (e instanceof PlanInputError) return { code: 1, stdout: '', stderr: `plan-review: ${e.message}\n` };
    throw e;
  }
}

if (require.main === module) {
  const res = runPlanReview(process.argv.slice(2));
  process.stdout.write(res.stdout);
  process.stderr.write(res.stderr);
  process.exitCode = res.code;
}
