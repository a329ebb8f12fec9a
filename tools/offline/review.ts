/**
 * `npm run review -- --base <git-ref> [--stack <name> ...] [--acknowledge] [--out <dir>]`
 * `npm run review -- --plan <stack>=<plan.json> [...] [--input <cdktf.out>] [--acknowledge] [--out <dir>]`
 *
 * A pull request's plan made against the state it will change: the base commit is synthesized with its own code and
 * applied to a fresh offline Azure, then the working tree is planned against that state; the plan review and the access
 * review (who gains, who loses) read that plan. See REVIEW_USAGE.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AccessEntry, AccessReport, assertPlanBelongsTo, compareReports, compareWithPlan, fileStem, listStacks as listReportStacks, mdCode, mdFence, mdText, PlanInputError,
  planValuesFromJson, PlanReview, readJson, renderComparison, renderJson, renderMarkdown, reportOf, reviewPlan, StackFile, SynthesizedStack,
} from '@keyless-ai-inference/access-report';
import { assertTerraform, listStacks, repoRoot, runCli, synthApp } from './cli-common';
import { explainTerraformFailure } from './explain';
import { OfflineProviders } from './offline-providers';
import { localStateFile, OfflineWorkspace, pinsFor, run, typesFor } from './offline-workspace';
import { defaultSchemasDir } from './schema-store';

export const REVIEW_USAGE = `usage: npm run review -- --base <git-ref> [--stack <name> ...] [--acknowledge] [--out <dir>]
       npm run review -- --plan <stack>=<plan.json> [...] [--input <cdktf.out>] [--acknowledge] [--out <dir>]

Reviews a change the way it will be applied: the plan is made against the state the change will change.

--base mode (offline, no Azure): synthesizes the base commit with that commit's own code (a git worktree in a
temporary folder; node_modules reused when its package-lock.json is the same, else npm ci --ignore-scripts there),
applies every base stack to a fresh offline state and "Azure" under <out>/.work/base/, synthesizes the working tree,
plans each stack against a copy of that state, and runs the plan review and the access review (who gains, who loses)
on each plan. If the base cannot be synthesized or applied, the review says so loudly and plans against empty state.
The base's apply is kept and reused while the base commit and the offline tool are the same (delete <out>/.work/base
to apply it again).

--plan mode (real plans, e.g. from terraform show -json in a workflow with Azure): the same reviews and outputs for
the given plan JSON files; the synthesized stacks are read from --input (default: cdktf.out).

  --base REF          the commit the change is made against (branch, tag or SHA; it must be in the local clone)
  --plan STACK=FILE   a plan JSON of that stack (repeatable); excludes --base
  --stack NAME        only these stacks (repeatable; default: every stack the app synthesizes, bootstrap included)
  --acknowledge       the destructive changes are approved: exit 0 instead of 2
  --out DIR           where the results go (default: .review)
  --input DIR         --plan mode: the synthesized app (default: cdktf.out)
  --help              this text

Writes <out>/<stack>/plan.json, <out>/<stack>/plan-review.txt, <out>/access-report/<stack>.md and .json,
and <out>/summary.md (Markdown for a job summary or a pull-request comment).

Exit codes: 0 nothing destructive (or --acknowledge); 2 destructive changes not acknowledged (lost access,
replaced or deleted resources); 1 the review could not read or build its input (the message says what and why).`;

/** Parsed command line. */
export interface ReviewOptions {
  readonly base?: string;
  readonly plans: { stack: string; file: string }[];
  readonly stacks: string[];
  readonly acknowledge: boolean;
  readonly out: string;
  readonly input: string;
  readonly help: boolean;
}

/** Input the review cannot read or build (exit 1). */
export class ReviewInputError extends Error {}

/** Parses the arguments; throws a ReviewInputError naming the bad option. */
export function parseReviewArgs(argv: readonly string[]): ReviewOptions {
  let base: string | undefined;
  let out = '.review';
  let input = 'cdktf.out';
  let acknowledge = false;
  let help = false;
  const plans: { stack: string; file: string }[] = [];
  const stacks: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) throw new ReviewInputError(`${flag} needs a value\n\n${REVIEW_USAGE}`);
      return v;
    };
    switch (flag) {
      case '--base': base = value(); break;
      case '--out': out = value(); break;
      case '--input': input = value(); break;
      case '--stack': stacks.push(value()); break;
      case '--acknowledge': acknowledge = true; break;
      case '--help': case '-h': help = true; break;
      case '--plan': {
        const v = value();
        const eq = v.indexOf('=');
        if (eq <= 0 || eq === v.length - 1) throw new ReviewInputError(`--plan ${v}: expected <stack>=<plan.json>, e.g. --plan dev=plan-dev.json`);
        plans.push({ stack: v.slice(0, eq), file: v.slice(eq + 1) });
        break;
      }
      default: throw new ReviewInputError(`unknown option ${JSON.stringify(arg)}\n\n${REVIEW_USAGE}`);
    }
  }
  if (!help && base === undefined && plans.length === 0) throw new ReviewInputError(`give --base <git-ref> (offline review of the working tree against that commit) or --plan <stack>=<plan.json>\n\n${REVIEW_USAGE}`);
  if (base !== undefined && plans.length > 0) throw new ReviewInputError('--base and --plan exclude each other: --base makes the plans offline, --plan reviews plans made elsewhere');
  const twice = plans.map((p) => p.stack).find((s, i, all) => all.indexOf(s) !== i);
  if (twice) throw new ReviewInputError(`--plan: two plans given for stack "${twice}"`);
  return { base, plans, stacks, acknowledge, out, input, help };
}

/** What happened to one stack. */
export interface StackResult {
  readonly stack: string;
  /** Why the stack could not be reviewed (exit 1), when it could not. */
  readonly error?: string;
  readonly review?: PlanReview;
  readonly report?: AccessReport;
  /** Access is lost and not acknowledged (also when only the comparison with the base's configuration shows it). */
  readonly lostAccessUnacknowledged?: boolean;
  /** Set when this stack's plan is not against the base's state (the base did not synthesize or apply it). */
  readonly baseWarning?: string;
}

/** The whole review: what the command prints, writes and exits with. */
export interface ReviewResult {
  readonly code: 0 | 1 | 2;
  readonly stacks: StackResult[];
  readonly warnings: string[];
  readonly summaryFile: string;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Runs the review (both modes) and writes its outputs; returns the exit code and the results. */
export async function review(argv: readonly string[], cwd = process.cwd()): Promise<ReviewResult | 'help'> {
  const o = parseReviewArgs(argv);
  if (o.help) return 'help';
  const out = path.resolve(cwd, o.out);
  fs.mkdirSync(out, { recursive: true });
  // A fresh review; only the base's offline apply (.work/base) is kept when it is still of the same base.
  for (const f of ['summary.md', 'access-report', '.work/cdktf.out', '.work/offline']) fs.rmSync(path.join(out, f), { recursive: true, force: true });
  // And an earlier review's stacks, so no plan of another run is left beside this one's.
  for (const d of fs.readdirSync(out, { withFileTypes: true }).filter((e) => e.isDirectory() && fs.existsSync(path.join(out, e.name, 'plan-review.txt')))) {
    for (const f of ['plan.json', 'plan-review.txt', 'cdk.tf.json']) fs.rmSync(path.join(out, d.name, f), { force: true });
    if (fs.readdirSync(path.join(out, d.name)).length === 0) fs.rmdirSync(path.join(out, d.name));
  }
  try {
    return await (o.base !== undefined ? reviewAgainstBase(o, o.base, out, cwd) : reviewGivenPlans(o, out, cwd));
  } catch (e) {
    // The summary says why there is no review, so a job summary or comment never just goes missing.
    fs.writeFileSync(path.join(out, 'summary.md'), [
      `# Plan review${o.base !== undefined ? ` against base ${mdCode(o.base)}` : ''}: could not run`, '',
      '**The review could not read or build its input** (exit 1):', '', mdFence((e as Error).message), '',
    ].join('\n'));
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------ --plan mode

async function reviewGivenPlans(o: ReviewOptions, out: string, cwd: string): Promise<ReviewResult> {
  const input = path.resolve(cwd, o.input);
  let synthesized: SynthesizedStack[];
  try {
    synthesized = listReportStacks(input);
  } catch (e) {
    throw new ReviewInputError(`${(e as Error).message}. --plan mode reads the synthesized stacks the plans were made from`);
  }
  const wanted = o.stacks.length > 0 ? o.plans.filter((p) => o.stacks.includes(p.stack)) : o.plans;
  const results: StackResult[] = [];
  for (const p of wanted) {
    const stack = synthesized.find((s) => s.name === p.stack);
    if (!stack) {
      results.push({ stack: p.stack, error: `no synthesized stack "${p.stack}" in ${input} (stacks: ${synthesized.map((s) => s.name).join(', ') || 'none'}); synthesize the commit the plan was made from (npm run synth)` });
      continue;
    }
    let plan: unknown;
    try {
      plan = readJson(path.resolve(cwd, p.file));
    } catch (e) {
      results.push({ stack: p.stack, error: `cannot read the plan ${p.file}: ${(e as Error).message}; expected \`terraform show -json <planfile>\` output` });
      continue;
    }
    try {
      // A plan made elsewhere must be of this stack: its resources are the stack's (the review compares it with the stack).
      assertPlanBelongsTo(readJson(stack.file) as Record<string, unknown>, plan, p.stack, p.file);
    } catch (e) {
      results.push({ stack: p.stack, error: (e as Error).message });
      continue;
    }
    results.push(reviewStack({ stack, plan, out, acknowledge: o.acknowledge, against: `given as ${p.file}` }));
  }
  const summaryFile = writeSummary(out, results, [], { mode: 'plan' });
  return { code: exitCodeOf(results), stacks: results, warnings: [], summaryFile };
}

// ------------------------------------------------------------------------------------------------ --base mode

async function reviewAgainstBase(o: ReviewOptions, ref: string, out: string, cwd: string): Promise<ReviewResult> {
  const started = Date.now();
  const root = repoRoot(cwd);
  if (!fs.existsSync(path.join(root, 'cdktf.json'))) throw new ReviewInputError(`no cdktf.json in ${cwd} or above: run the review in the project`);
  await assertTerraform();
  const work = path.join(out, '.work');
  const sha = await resolveCommit(root, ref);

  // (c) the working tree and, at the same time, (a) + (b) the base commit synthesized with its own code and applied to a
  // fresh offline Azure: they share nothing, and each waits on processes much of the time.
  const headOut = path.join(work, 'cdktf.out');
  fs.mkdirSync(work, { recursive: true });
  const t1 = Date.now();
  const head = synthApp(root, headOut).then(() => log(`Working tree synthesized: ${listStacks(headOut).join(', ')} (${seconds(t1)}).`));
  const [headDone, baseDone] = await Promise.allSettled([head, baseApplied(root, ref, sha, path.join(work, 'base'), o.stacks)]);
  if (headDone.status === 'rejected') {
    throw new ReviewInputError(`the working tree does not synthesize, so there is nothing to plan: ${(headDone.reason as Error).message}`);
  }
  if (baseDone.status === 'rejected') throw baseDone.reason;
  const base = baseDone.value;
  const headStacks = listStacks(headOut);
  const unknown = o.stacks.filter((s) => !headStacks.includes(s));
  if (unknown.length > 0) throw new ReviewInputError(`--stack ${unknown.join(', ')}: the working tree synthesizes no such stack (stacks: ${headStacks.join(', ')})`);
  const selected = o.stacks.length > 0 ? headStacks.filter((s) => o.stacks.includes(s)) : headStacks;
  const warnings = [...base.warnings];
  const gone = base.stacks.filter((s) => !headStacks.includes(s) && (o.stacks.length === 0 || o.stacks.includes(s)));
  for (const s of gone) warnings.push(`Stack ${s} is in the base but no longer synthesized: nothing plans or destroys it, its resources stay in Azure until someone destroys them (cdktf destroy ${s} on the base).`);
  const baseWarnings = new Map<string, string>();
  for (const s of selected) {
    if (base.synthError) baseWarnings.set(s, base.synthError);
    else if (!base.stacks.includes(s)) baseWarnings.set(s, `Stack ${s} is new in this change (the base has no such stack): it is planned against empty state.`);
    else if (base.applyErrors[s]) baseWarnings.set(s, `The base's stack ${s} could not be applied offline, so ${s} is planned against EMPTY state: creates may hide updates, deletes and lost access. ${base.applyErrors[s]}`);
  }
  for (const w of baseWarnings.values()) if (!warnings.includes(w)) warnings.push(w);

  // (d) the working tree planned against a copy of the base's state and "Azure" (the base stays as applied).
  const offline = path.join(work, 'offline');
  for (const s of selected) {
    const state = localStateFile(path.join(base.offline, s));
    if (!baseWarnings.has(s) && fs.existsSync(state)) {
      fs.mkdirSync(path.join(offline, s), { recursive: true });
      fs.copyFileSync(state, localStateFile(path.join(offline, s)));
    }
  }
  if (fs.existsSync(base.azureStore)) {
    fs.mkdirSync(offline, { recursive: true });
    fs.copyFileSync(base.azureStore, path.join(offline, 'azure-store.json'));
  }
  const t3 = Date.now();
  const headDirs = selected.map((s) => path.join(headOut, 'stacks', s));
  const providers = await startProviders(headDirs, selected.map((s) => localStateFile(path.join(offline, s))), offline);
  const plans = new Map<string, { plan?: unknown; error?: string }>();
  try {
    for (const s of selected) plans.set(s, await planHead(providers, path.join(headOut, 'stacks', s), path.join(offline, s)));
  } finally {
    await providers.stop();
  }
  log(`Working tree planned against the base's state: ${selected.join(', ')} (${seconds(t3)}).`);

  // (e) + (f): the reviews.
  const baseReports = base.stacks.length > 0 ? listReportStacks(base.cdktfOut) : [];
  const headReports = listReportStacks(headOut);
  const results: StackResult[] = [];
  for (const s of selected) {
    const p = plans.get(s)!;
    const stack = headReports.find((r) => r.name === s)!;
    const warning = baseWarnings.get(s);
    if (p.error) {
      results.push({ stack: s, error: p.error, baseWarning: warning });
      continue;
    }
    // Against a base that did not apply, who gains and who loses comes from the base's synthesized stack, when there is one.
    const baseReport = warning ? baseReports.find((r) => r.name === s) : undefined;
    const baseState = localStateFile(path.join(base.offline, s));
    results.push({ ...reviewStack({ stack, plan: p.plan, out, acknowledge: o.acknowledge, against: `made against base ${ref}`, baseReport, baseState }), baseWarning: warning });
  }
  const summaryFile = writeSummary(out, results, warnings, { mode: 'base', ref, sha });
  log(`Review done in ${seconds(started)}.`);
  return { code: exitCodeOf(results), stacks: results, warnings, summaryFile };
}

/** The base commit synthesized and applied offline (or why not). */
interface BaseApplied {
  readonly cdktfOut: string;
  /** Folder of the base's workspaces (`<stack>/terraform.tfstate`). */
  readonly offline: string;
  readonly azureStore: string;
  readonly stacks: string[];
  /** Set when the base did not synthesize: every stack is planned against empty state. */
  readonly synthError?: string;
  /** Stacks whose offline apply failed, with why. */
  readonly applyErrors: Record<string, string>;
  readonly warnings: string[];
}

/** What makes a base apply reusable: the commit and what the offline Azure is made of (this tool, schemas, directory). */
function baseKey(sha: string): string {
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify({ sha, directory: process.env.OFFLINE_DIRECTORY ?? '', schemas: defaultSchemasDir() }));
  for (const f of fs.readdirSync(__dirname).filter((x) => /\.(ts|proto)$/.test(x)).sort()) hash.update(f).update(fs.readFileSync(path.join(__dirname, f)));
  return hash.digest('hex');
}

/**
 * Synthesizes the base commit with its own code and applies its stacks (those of `wanted`, or all) to a fresh offline
 * state and "Azure" in `dir`. The result is kept there and reused while the commit and the offline tool are the same and
 * it holds the stacks asked for (a plan never changes the state or the "Azure" it reads); delete the folder to apply afresh.
 */
async function baseApplied(root: string, ref: string, sha: string, dir: string, wanted: readonly string[]): Promise<BaseApplied> {
  const key = baseKey(sha);
  const resultFile = path.join(dir, 'result.json');
  const paths = { cdktfOut: path.join(dir, 'cdktf.out'), offline: path.join(dir, 'offline'), azureStore: path.join(dir, 'offline', 'azure-store.json') };
  try {
    const kept = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { key: string; applied: string[] } & Pick<BaseApplied, 'stacks' | 'synthError' | 'applyErrors' | 'warnings'>;
    const needed = kept.stacks.filter((s) => wanted.length === 0 || wanted.includes(s));
    if (kept.key === key && needed.every((s) => kept.applied.includes(s))) {
      log(`Base ${ref} (${sha.slice(0, 12)}): reusing its offline apply in ${path.relative(process.cwd(), dir) || dir} (delete that folder to apply it again).`);
      return { ...paths, stacks: kept.stacks, synthError: kept.synthError, applyErrors: kept.applyErrors, warnings: kept.warnings };
    }
  } catch {
    /* nothing kept, or unreadable: apply afresh */
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  let stacks: string[] = [];
  let synthError: string | undefined;
  const applyErrors: Record<string, string> = {};
  try {
    await synthesizeCommit(root, sha, paths.cdktfOut);
    stacks = listStacks(paths.cdktfOut);
    log(`Base ${ref} (${sha.slice(0, 12)}) synthesized with its own code: ${stacks.join(', ')} (${seconds(t0)}).`);
  } catch (e) {
    synthError = `The base commit ${ref} (${sha.slice(0, 12)}) could not be synthesized, so every stack is planned against EMPTY state: ` +
      `this plan shows creates where the real one may show updates and deletes, and it cannot show lost access. ${firstLines((e as Error).message, 30)}`;
  }
  const toApply = stacks.filter((s) => wanted.length === 0 || wanted.includes(s));
  if (toApply.length > 0) {
    const t2 = Date.now();
    let providers: OfflineProviders | undefined;
    try {
      const dirs = toApply.map((s) => path.join(paths.cdktfOut, 'stacks', s));
      providers = await startProviders(dirs, [], paths.offline);
      for (const s of toApply) {
        const problem = await applyBase(providers, path.join(paths.cdktfOut, 'stacks', s), path.join(paths.offline, s));
        if (problem) applyErrors[s] = problem;
      }
    } catch (e) {
      for (const s of toApply) applyErrors[s] ??= (e as Error).message;
    } finally {
      await providers?.stop();
    }
    log(`Base applied offline: ${toApply.filter((s) => !applyErrors[s]).join(', ') || 'nothing'} (${seconds(t2)}).`);
  }
  const result = { stacks, synthError, applyErrors, warnings: [] as string[] };
  // Kept only when it worked: a failure is tried again next time (it may have been the machine, not the base).
  if (!synthError && Object.keys(applyErrors).length === 0) fs.writeFileSync(resultFile, JSON.stringify({ key, applied: toApply, ...result }, null, 2));
  return { ...paths, ...result };
}

/** The offline providers for these stacks and states, with "Azure" in `<offline>/azure-store.json`. */
function startProviders(stackDirs: string[], stateFiles: string[], offline: string): Promise<OfflineProviders> {
  fs.mkdirSync(offline, { recursive: true });
  const schemasDir = defaultSchemasDir();
  return OfflineProviders.start({
    schemasDir,
    pins: pinsFor(stackDirs, schemasDir),
    logFile: path.join(offline, 'provider.log'),
    azureStore: path.join(offline, 'azure-store.json'),
    directory: process.env.OFFLINE_DIRECTORY || undefined,
    // The types of the stacks and of their states: the plan reads (and deletes) what left the configuration.
    types: typesFor(stackDirs, stateFiles),
  });
}

/** The commit a ref names, or a ReviewInputError saying how to get it. */
async function resolveCommit(root: string, ref: string): Promise<string> {
  const res = await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, env: process.env });
  if (res.code !== 0) {
    throw new ReviewInputError(`--base ${ref}: no such commit in the git repository at ${root}${res.stderr.trim() ? ` (${res.stderr.trim()})` : ''}. ` +
      'In CI, fetch it first (a shallow checkout has only the pull request\'s head: git fetch --depth=1 origin <base sha>).');
  }
  return res.stdout.trim();
}

/** Synthesizes `sha` with its own code and scripts into `outdir`, in a temporary git worktree removed afterwards. */
async function synthesizeCommit(root: string, sha: string, outdir: string): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-review-base-'));
  const dir = path.join(tmp, 'base');
  const added = await run('git', ['worktree', 'add', '--detach', '--quiet', dir, sha], { cwd: root, env: process.env });
  if (added.code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`git worktree add of ${sha} failed: ${added.stderr.trim()}`);
  }
  const modules = path.join(dir, 'node_modules');
  try {
    const lock = (d: string) => { try { return fs.readFileSync(path.join(d, 'package-lock.json')); } catch { return undefined; } };
    const mine = lock(root);
    const theirs = lock(dir);
    if (mine && theirs && mine.equals(theirs) && fs.existsSync(path.join(root, 'node_modules'))) {
      fs.symlinkSync(path.join(root, 'node_modules'), modules, 'dir');
    } else {
      log(`The base's package-lock.json differs from the working tree's: npm ci --ignore-scripts in the base checkout...`);
      const ci = await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env: process.env });
      if (ci.code !== 0) throw new Error(`npm ci --ignore-scripts in the base checkout failed:\n${ci.stdout}${ci.stderr}`);
    }
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    await synthApp(dir, outdir);
    if (listStacks(outdir).length === 0) throw new Error(`the base's app wrote no stacks to ${outdir}`);
  } finally {
    if (fs.existsSync(modules) && fs.lstatSync(modules).isSymbolicLink()) fs.unlinkSync(modules);
    await run('git', ['worktree', 'remove', '--force', dir], { cwd: root, env: process.env });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Applies one base stack into `workDir`; returns why it could not, or undefined. */
async function applyBase(providers: OfflineProviders, stackDir: string, workDir: string): Promise<string | undefined> {
  const ws = new OfflineWorkspace({ stackDir, workDir, providers });
  const explain = (text: string) => explainTerraformFailure(text, { workDir, serverDied: providers.died });
  const init = await ws.init();
  if (init.code !== 0) return firstLines(explain(init.stdout + init.stderr), 20);
  // Only applied: its JSON is not read.
  const plan = await ws.plan('base.tfplan', { json: false });
  if (plan.exitCode === 1) return firstLines(explain(plan.stderr), 20);
  if (plan.exitCode === 2) {
    const applied = await ws.apply('base.tfplan');
    if (applied.code !== 0) return firstLines(explain(applied.stderr), 20);
  }
  return undefined;
}

/** Plans one working-tree stack against the state in `workDir` (empty when there is none). */
async function planHead(providers: OfflineProviders, stackDir: string, workDir: string): Promise<{ plan?: unknown; error?: string }> {
  const ws = new OfflineWorkspace({ stackDir, workDir, providers });
  const explain = (text: string) => explainTerraformFailure(text, { workDir, serverDied: providers.died });
  const init = await ws.init();
  if (init.code !== 0) return { error: `terraform init failed: ${explain(init.stdout + init.stderr)}` };
  const plan = await ws.plan('review.tfplan');
  if (plan.exitCode === 1 || !plan.json) return { error: `terraform plan failed: ${explain(plan.stderr || plan.stdout)}` };
  return { plan: plan.json };
}

// ------------------------------------------------------------------------------------------------ both modes

/** Plan review and access review of one stack's plan; writes its files. */
function reviewStack(args: { stack: SynthesizedStack; plan: unknown; out: string; acknowledge: boolean; against: string; baseReport?: SynthesizedStack; baseState?: string }): StackResult {
  const { stack, plan, out, acknowledge } = args;
  const dir = path.join(out, fileStem(stack.name));
  fs.mkdirSync(dir, { recursive: true });
  const planFile = path.join(dir, 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify(plan, null, 2));
  // The synthesized stack beside the plan lets the plan review confirm the stack.
  fs.copyFileSync(stack.file, path.join(dir, 'cdk.tf.json'));
  let planReview: PlanReview;
  try {
    planReview = reviewPlan(plan, { stack: stack.name, acknowledge, planPath: planFile, stackFile: readJson(stack.file) as StackFile });
  } catch (e) {
    if (e instanceof PlanInputError) return { stack: stack.name, error: e.message };
    throw e;
  }
  fs.writeFileSync(path.join(dir, 'plan-review.txt'), `${planReview.text}\n`);
  let report: AccessReport;
  try {
    report = reportOf(stack, { values: planValuesFromJson(plan, planFile), source: planFile });
    const comparison = args.baseReport
      ? compareReports(report, JSON.parse(renderJson(reportOf(args.baseReport))), `the base's synthesized stack (${args.against})`)
      : compareWithPlan(report, plan, `${path.relative(out, planFile)} (${args.against})`);
    const names = lookedUpNames(plan, args.baseState);
    report = { ...report, comparison: { ...comparison, lost: comparison.lost.map((e) => named(e, names)) } };
  } catch (e) {
    return { stack: stack.name, review: planReview, error: `the access review could not read the plan: ${(e as Error).message}` };
  }
  const reports = path.join(out, 'access-report');
  fs.mkdirSync(reports, { recursive: true });
  fs.writeFileSync(path.join(reports, `${fileStem(stack.name)}.md`), renderMarkdown(report));
  fs.writeFileSync(path.join(reports, `${fileStem(stack.name)}.json`), renderJson(report));
  return { stack: stack.name, review: planReview, report, lostAccessUnacknowledged: !acknowledge && (report.comparison?.lost.length ?? 0) > 0 };
}

/**
 * Names of the principals the base looked up, by object ID: a user's UPN, a group's or an application's display name,
 * from the azuread data sources of the plan's prior state and of the base's state file (a look-up removed from the
 * configuration is gone from the plan, but its principal is the one that loses access).
 */
export function lookedUpNames(plan: unknown, stateFile?: string): Map<string, string> {
  const names = new Map<string, string>();
  const add = (v: Record<string, unknown> | undefined) => {
    const oid = typeof v?.object_id === 'string' ? v.object_id.toLowerCase() : undefined;
    const name = v?.user_principal_name ?? v?.display_name;
    if (oid && typeof name === 'string' && name && !names.has(oid)) names.set(oid, name);
  };
  type Resource = { mode?: string; values?: Record<string, unknown>; instances?: { attributes?: Record<string, unknown> }[] };
  for (const r of (plan as { prior_state?: { values?: { root_module?: { resources?: Resource[] } } } }).prior_state?.values?.root_module?.resources ?? []) {
    if (r.mode === 'data') add(r.values);
  }
  if (stateFile && fs.existsSync(stateFile)) {
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { resources?: Resource[] };
    for (const r of state.resources ?? []) if (r.mode === 'data') for (const i of r.instances ?? []) add(i.attributes);
  }
  return names;
}

/** "User <object ID>" (a principal no longer in the configuration) with the name the base looked it up by. */
function named(entry: AccessEntry, names: ReadonlyMap<string, string>): AccessEntry {
  const oid = /^oid:(.+)$/.exec(entry.principalKey)?.[1];
  const name = oid && entry.principal.includes(oid) ? names.get(oid) : undefined;
  return name ? { ...entry, principal: `${name} (${entry.principal})` } : entry;
}

/** 1 when a stack could not be reviewed; else 2 when a destructive change (or lost access) is not acknowledged; else 0. */
function exitCodeOf(results: readonly StackResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.error)) return 1;
  return results.some((r) => r.review?.exitCode === 2 || r.lostAccessUnacknowledged) ? 2 : 0;
}

const VERDICT_WORDS = {
  'nothing-destructive': 'nothing destructive',
  acknowledged: 'destructive changes ACKNOWLEDGED',
  'needs-acknowledgement': 'destructive changes NOT acknowledged',
} as const;

/** `<out>/summary.md`: one Markdown document; configuration text only through mdText / mdCode / mdFence. */
function writeSummary(out: string, results: readonly StackResult[], warnings: readonly string[], mode: { mode: 'plan' } | { mode: 'base'; ref: string; sha: string }): string {
  const code = exitCodeOf(results);
  const lines: string[] = [];
  const title = mode.mode === 'base' ? `Plan review against base ${mdCode(mode.ref)} (${mdCode(mode.sha.slice(0, 12))}), planned offline` : 'Plan review of the given plans';
  lines.push(`# ${title}`, '');
  const overall = code === 1 ? '**The review could not read or build its input** (exit 1): see the stacks below.'
    : code === 2 ? '**Destructive changes NOT acknowledged** (exit 2): read them; approve with the acknowledgement (`--acknowledge`).'
      : results.some((r) => r.review?.verdict === 'acknowledged') ? '**Destructive changes acknowledged** (exit 0).' : '**Nothing destructive** (exit 0).';
  lines.push(overall, '');
  for (const w of warnings) lines.push(...warningBlock(w));
  lines.push('| Stack | Plan | Verdict | Access gained | Access lost |', '|---|---|---|---|---|');
  for (const r of results) {
    const c = r.review?.counts;
    const plan = c ? `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy (${c.replace} replaced)` : 'no plan';
    const verdict = r.error ? '**could not be reviewed**'
      : r.lostAccessUnacknowledged && r.review!.verdict === 'nothing-destructive' ? 'access lost, NOT acknowledged' : VERDICT_WORDS[r.review!.verdict];
    const cmp = r.report?.comparison;
    lines.push(`| ${mdText(r.stack)} | ${plan} | ${verdict}${r.baseWarning ? ' (against EMPTY state)' : ''} | ${cmp ? cmp.gained.length : '-'} | ${cmp ? cmp.lost.length : '-'} |`);
  }
  lines.push('');
  for (const r of results) {
    lines.push(`## Stack ${mdCode(r.stack)}`, '');
    if (r.baseWarning) lines.push(...warningBlock(r.baseWarning));
    if (r.error) lines.push('**The review could not read or build this stack\'s plan:**', '', mdFence(r.error), '');
    if (r.review) lines.push(`Plan review: **${VERDICT_WORDS[r.review.verdict]}**.`, '', mdFence(r.review.text), '');
    const cmp = r.report?.comparison;
    if (cmp) {
      lines.push(...renderComparison(cmp, '###'));
      lines.push(`The full access review of this stack: ${mdCode(`access-report/${fileStem(r.stack)}.md`)} (and ${mdCode('.json')}) in the review's output.`, '');
    }
    if (r.report) lines.push('<details><summary>Full access review</summary>', '', demoteHeadings(renderMarkdown(r.report), 2), '', '</details>', '');
  }
  const file = path.join(out, 'summary.md');
  fs.writeFileSync(file, `${lines.join('\n').trimEnd()}\n`);
  return file;
}

/** A GitHub alert with the warning's first line; the rest (a build or Terraform error) verbatim in a fenced block. */
function warningBlock(warning: string): string[] {
  const [first, ...rest] = warning.trim().split('\n');
  const details = rest.join('\n').trim();
  return ['> [!WARNING]', `> ${mdText(first)}`, '', ...(details ? [mdFence(details), ''] : [])];
}

/** Headings `levels` deeper (at most 6), outside fenced code blocks: a report nested under the summary's own headings. */
export function demoteHeadings(markdown: string, levels: number): string {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (open && (fence === undefined || (open[0] === fence[0] && open.length >= fence.length))) {
      fence = fence === undefined ? open : undefined;
      return line;
    }
    if (fence !== undefined) return line;
    const m = /^ {0,3}(#{1,6})(?=\s|$)/.exec(line);
    return m ? `${'#'.repeat(Math.min(6, m[1].length + levels))}${line.slice(m[0].length)}` : line;
  }).join('\n');
}

function firstLines(text: string, n: number): string {
  const lines = text.trim().split('\n');
  return lines.length > n ? [...lines.slice(0, n), `... (${lines.length - n} more lines)`].join('\n') : lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let result: ReviewResult | 'help';
  try {
    result = await review(argv);
  } catch (e) {
    if (e instanceof ReviewInputError) {
      console.error(`review: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (result === 'help') {
    console.log(REVIEW_USAGE);
    return 0;
  }
  for (const w of result.warnings) console.error(`\nWARNING: ${w}`);
  for (const r of result.stacks) {
    console.log(`\n=== ${r.stack} ===`);
    if (r.error) console.error(`could not be reviewed: ${r.error}`);
    if (r.review) console.log(r.review.text);
    const cmp = r.report?.comparison;
    if (cmp) {
      for (const e of cmp.gained) console.log(`  gains: ${e.principal}: ${e.role} on ${e.scope}`);
      for (const e of cmp.lost) console.log(`  LOSES: ${e.principal}: ${e.role} on ${e.scope}`);
    }
  }
  console.log(`\nSummary: ${path.relative(process.cwd(), result.summaryFile) || result.summaryFile}. Exit code ${result.code}` +
    (result.code === 2 ? ': destructive changes not acknowledged (re-run with --acknowledge to approve them).' : result.code === 1 ? ': the review could not read or build its input.' : '.'));
  return result.code;
}

if (require.main === module) runCli('review', main);
