import * as fs from 'fs';
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { runActionlint as runLint } from '../test-support/actionlint';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const ACTIONS = path.join(ROOT, '.github', 'actions');

type Step = { name?: string; id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown>; 'working-directory'?: string };
type Job = { if?: string; needs?: string | string[]; permissions?: Record<string, string> | string; steps?: Step[]; environment?: unknown; concurrency?: { group?: string; 'cancel-in-progress'?: boolean } | string; strategy?: { matrix?: Record<string, unknown>; 'max-parallel'?: number }; uses?: string; with?: Record<string, unknown>; outputs?: Record<string, string> };
type Workflow = { on: unknown; permissions?: Record<string, string> | string; concurrency?: unknown; jobs: Record<string, Job> };

const workflowFiles = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const actionFiles = fs.existsSync(ACTIONS)
  ? fs.readdirSync(ACTIONS).map((d) => path.join(ACTIONS, d, 'action.yml')).filter((f) => fs.existsSync(f))
  : [];
const text = (file: string) => fs.readFileSync(file, 'utf8');
const workflows = workflowFiles.map((f) => [f, parse(text(path.join(WORKFLOWS, f))) as Workflow] as const);

/** Every step of every job and composite action, with where it is. */
const allSteps: [string, Step][] = [
  ...workflows.flatMap(([f, w]) => Object.entries(w.jobs).flatMap(([id, j]) => (j.steps ?? []).map((s) => [`${f} ${id}`, s] as [string, Step]))),
  ...actionFiles.map((f) => [path.relative(ROOT, f), parse(text(f)) as { runs: { steps?: Step[] } }] as const)
    .flatMap(([f, a]) => (a.runs.steps ?? []).map((s) => [f, s] as [string, Step])),
];
const logsIn = (j: Job) => (j.steps ?? []).some((s) => s.uses?.startsWith('azure/login@'));
const workflow = (file: string) => workflows.find(([f]) => f === file)![1];
const runsOf = (j: Job) => (j.steps ?? []).map((s) => s.run ?? '').join('\n');
const setupAction = parse(text(path.join(ACTIONS, 'setup', 'action.yml'))) as { inputs?: Record<string, unknown>; runs: { steps: Step[] } };
/** The shell a job runs, with the composite setup action's steps where the job uses it. */
const shellOf = (j: Job) => (j.steps ?? []).flatMap((s) => (s.uses === './.github/actions/setup' ? setupAction.runs.steps : [s])).map((s) => s.run ?? '').join('\n');
/** The union of the permissions a called workflow's jobs ask for (write beats read). */
function calledPermissions(uses: string): Record<string, string> {
  const called = parse(text(path.join(ROOT, uses))) as Workflow;
  const union: Record<string, string> = {};
  for (const j of Object.values(called.jobs)) {
    for (const [k, v] of Object.entries(j.permissions as Record<string, string>)) if (union[k] !== 'write') union[k] = v;
  }
  return union;
}

describe('GitHub Actions workflows', () => {
  test('there are the pull-request, deploy (with its per-environment deploy-stack) and drift workflows', () => {
    expect(workflowFiles).toEqual(['deploy-stack.yml', 'deploy.yml', 'drift.yml', 'pull-request.yml']);
  });

  test.each(workflowFiles)('actionlint finds nothing in %s', async (file) => {
    const p = path.join('.github', 'workflows', file);
    expect(await runLint(text(path.join(ROOT, p)), p)).toEqual([]);
  });

  test('actionlint does report a broken workflow (the check can fail)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ vars.X.y.z( }}\n';
    expect((await runLint(broken, 'broken.yml')).length).toBeGreaterThan(0);
  });

  test('every action is pinned to a full commit SHA, with its tag in a comment', () => {
    const uses = allSteps.filter(([, s]) => s.uses && !s.uses.startsWith('./'));
    expect(uses.length).toBeGreaterThan(5);
    for (const [where, s] of uses) expect(`${where}: ${s.uses}`).toMatch(/: [\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
    for (const file of [...workflowFiles.map((f) => path.join(WORKFLOWS, f)), ...actionFiles]) {
      for (const line of text(file).split('\n').filter((l) => /uses: [^.]/.test(l))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    }
    // Same action, same SHA everywhere.
    const byAction = new Map<string, Set<string>>();
    for (const [, s] of uses) {
      const [name, sha] = s.uses!.split('@');
      byAction.set(name, new Set([...(byAction.get(name) ?? []), sha]));
    }
    for (const [name, shas] of byAction) expect({ name, shas: shas.size }).toEqual({ name, shas: 1 });
  });

  test('OIDC only: no secrets, no client secret, azure/login by client, tenant and subscription ID', () => {
    for (const file of [...workflowFiles.map((f) => path.join(WORKFLOWS, f)), ...actionFiles]) {
      const t = text(file);
      expect({ file, secrets: t.match(/secrets\.\w+/g) ?? [] }).toEqual({ file, secrets: [] });
      expect(t).not.toMatch(/CLIENT_SECRET|client-secret|creds:|ARM_ACCESS_KEY|ARM_SAS_TOKEN/i);
    }
    const logins = allSteps.filter(([, s]) => s.uses?.startsWith('azure/login@'));
    expect(logins.length).toBeGreaterThan(0);
    for (const [, s] of logins) {
      expect(Object.keys(s.with ?? {}).sort()).toEqual(['client-id', 'subscription-id', 'tenant-id']);
      for (const v of Object.values(s.with ?? {})) expect(String(v)).toMatch(/^\$\{\{ vars\.AZURE_\w+ \}\}$/);
    }
    // Terraform uses the same OIDC token: every job that logs in sets ARM_USE_OIDC.
    for (const [, w] of workflows) {
      for (const j of Object.values(w.jobs).filter(logsIn)) expect((j as { env?: Record<string, string> }).env?.ARM_USE_OIDC).toBe('true');
    }
  });

  test('least permissions: contents read at the top, id-token write only in jobs that log in to Azure', () => {
    for (const [file, w] of workflows) {
      expect({ file, permissions: w.permissions }).toEqual({ file, permissions: { contents: 'read' } });
      for (const [id, j] of Object.entries(w.jobs)) {
        expect(typeof j.permissions).toBe('object');
        const perms = j.permissions as Record<string, string>;
        // A job that calls a reusable workflow grants exactly what the called jobs ask for together.
        if (j.uses) {
          expect({ job: `${file} ${id}`, perms }).toEqual({ job: `${file} ${id}`, perms: calledPermissions(j.uses) });
          continue;
        }
        expect({ job: `${file} ${id}`, idToken: perms['id-token'] }).toEqual({ job: `${file} ${id}`, idToken: logsIn(j) ? 'write' : undefined });
        const writes = Object.entries(perms).filter(([, v]) => v === 'write').map(([k]) => k).sort();
        const allowed = logsIn(j) ? ['id-token'] : (j.steps ?? []).some((s) => s.uses?.startsWith('actions/github-script@')) ? ['issues', 'pull-requests', 'actions'] : [];
        for (const w2 of writes) expect({ job: `${file} ${id}`, write: w2, allowed: allowed.includes(w2) }).toEqual({ job: `${file} ${id}`, write: w2, allowed: true });
        // A job that holds a write token runs no code from the repository.
        if (writes.some((k) => k !== 'id-token')) expect((j.steps ?? []).filter((s) => s.run || s.uses?.startsWith('actions/checkout@'))).toEqual([]);
      }
    }
  });

  test('deploy and drift run only from main: every job is guarded in the workflow, whatever started it', () => {
    expect(workflow('deploy.yml').on).toMatchObject({ push: { branches: ['main'] } });
    for (const file of ['deploy.yml', 'deploy-stack.yml', 'drift.yml']) {
      for (const [id, j] of Object.entries(workflow(file).jobs)) {
        expect({ job: `${file} ${id}`, if: j.if }).toEqual({ job: `${file} ${id}`, if: expect.stringContaining("github.ref == 'refs/heads/main'") });
      }
    }
  });

  test('deploy: each environment in promotion order from the app, one at a time, through plan -> approval -> apply', () => {
    const w = workflow('deploy.yml');
    expect(runsOf(w.jobs.stacks)).toContain('npm run --silent environments -- --json');
    const deploy = w.jobs.deploy;
    expect(deploy.uses).toBe('./.github/workflows/deploy-stack.yml');
    expect(deploy.needs).toBe('stacks');
    expect(deploy.strategy).toMatchObject({ 'max-parallel': 1, 'fail-fast': true, matrix: { stack: '${{ fromJSON(needs.stacks.outputs.environments) }}' } });
    expect(deploy.with).toMatchObject({ stack: '${{ matrix.stack }}' });
    // Destructive changes on main: acknowledged by the dispatch input (or the merged pull request's label, below).
    expect(String(deploy.with?.['acknowledge-destructive'])).toContain('inputs.acknowledge-destructive');
    expect(w.on).toMatchObject({ workflow_dispatch: { inputs: { 'acknowledge-destructive': { type: 'boolean', default: false } } } });
  });

  test('deploy-stack: plan and apply are separate jobs; the approval (environment) is on apply, after the plan', () => {
    const { plan, apply } = workflow('deploy-stack.yml').jobs;
    expect(plan.environment).toBeUndefined();
    expect(apply.environment).toBe('${{ inputs.stack }}');
    expect(apply.needs).toBe('plan');
    expect(apply.if).toContain("needs.plan.outputs.changes == 'true'");
    // The plan job: synth, init, a saved plan, its JSON, the review of that plan, and the summary the approver reads.
    const planRun = runsOf(plan);
    for (const command of ['npm run synth', 'terraform init', '-out=reviewed.tfplan', 'terraform show -json reviewed.tfplan > plan.json',
      'bash scripts/ci-review.sh --plan "$STACK=cdktf.out/stacks/$STACK/plan.json"', 'GITHUB_STEP_SUMMARY']) expect(planRun).toContain(command);
    const summary = plan.steps!.find((s) => s.name === 'Job summary')!;
    expect(summary.if).toContain('always()');
    expect(plan.steps!.find((s) => s.uses?.startsWith('actions/github-script@'))).toBeUndefined();
    // The merged pull request's labels, read through the API when the job runs.
    expect(planRun).toContain('gh api "repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/pulls"');
    expect(planRun).toContain('grep -qxF destructive-change-acknowledged');
  });

  test('deploy-stack: the apply job consumes the plan artifact and applies it: no checkout, no plan, diff, deploy or synth', () => {
    const { plan, apply } = workflow('deploy-stack.yml').jobs;
    const upload = plan.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const download = apply.steps!.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with?.name).toBe(upload.with?.name);
    expect(upload.with).toMatchObject({ path: 'cdktf.out/stacks/${{ inputs.stack }}/', 'include-hidden-files': true, 'if-no-files-found': 'error' });
    // It holds state values: kept for days, not the default 90, and deleted after the apply.
    expect(Number(upload.with?.['retention-days'])).toBeLessThanOrEqual(7);
    expect(runsOf(plan)).toContain('rm -rf "cdktf.out/stacks/$STACK/.terraform"');
    const discard = workflow('deploy-stack.yml').jobs.discard;
    expect(discard.needs).toEqual(['plan', 'apply']);
    expect(discard.if).toContain('always()');
    expect(String(discard.steps![0].with?.script)).toContain('deleteArtifact');

    const run = runsOf(apply);
    expect(apply.steps!.filter((s) => s.uses?.startsWith('actions/checkout@') || s.uses?.startsWith('./'))).toEqual([]);
    expect(run).not.toMatch(/terraform\s+plan|cdktf|synth|\bdiff\b|\bdeploy\b|\bnpm\b|\bnode\b/);
    expect(run).toContain('terraform init -input=false -no-color -lockfile=readonly');
    expect(run).toMatch(/terraform apply -input=false -no-color reviewed\.tfplan$/m);
    expect(run).not.toContain('-auto-approve');
    const dir = new Set(apply.steps!.filter((s) => s.run).map((s) => s['working-directory']));
    expect([...dir]).toEqual([download.with?.path]);
  });

  test('one concurrency group per stack, never cancelled, shared by the deploy plan, the apply and the drift plan', () => {
    const stack = workflow('deploy-stack.yml').jobs;
    const drift = workflow('drift.yml').jobs.drift;
    expect(workflow('deploy.yml').jobs.deploy.with?.stack).toBe('${{ matrix.stack }}');
    for (const j of [stack.plan, stack.apply]) expect(j.concurrency).toEqual({ group: 'terraform-${{ inputs.stack }}', 'cancel-in-progress': false });
    expect(drift.concurrency).toEqual({ group: 'terraform-${{ matrix.stack }}', 'cancel-in-progress': false });
    // Every job that runs Terraform against Azure state is in the group.
    for (const [file, w] of workflows) {
      for (const [id, j] of Object.entries(w.jobs)) {
        if (!/terraform (plan|apply)/.test(runsOf(j)) || file === 'pull-request.yml') continue;
        expect({ job: `${file} ${id}`, group: (j.concurrency as { group: string }).group }).toEqual({ job: `${file} ${id}`, group: expect.stringMatching(/^terraform-\$\{\{ (inputs|matrix)\.stack \}\}$/) });
      }
    }
    expect(workflow('deploy.yml').concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
  });

  test('no install scripts where a token can be had: npm ci --ignore-scripts in every job with id-token: write', () => {
    let jobsWithToken = 0;
    for (const [file, w] of workflows) {
      for (const [id, j] of Object.entries(w.jobs)) {
        if ((j.permissions as Record<string, string>)['id-token'] !== 'write' || j.uses) continue;
        jobsWithToken++;
        const shell = shellOf(j);
        expect({ job: `${file} ${id}`, bare: shell.match(/npm (ci|install|i)\b(?![^\n]*--ignore-scripts)[^\n]*/g) ?? [] }).toEqual({ job: `${file} ${id}`, bare: [] });
      }
    }
    expect(jobsWithToken).toBeGreaterThanOrEqual(4);
    const setup = setupAction.runs.steps.map((s) => s.run ?? '').join('\n');
    expect(setup).toContain('npm ci --ignore-scripts');
    expect(setup).toContain('npm run --silent build');
  });

  test('pull request: labeled triggers, labels read through the API when the step runs, the review with the base commit', () => {
    const w = workflow('pull-request.yml');
    expect(w.on).toEqual({ pull_request: { branches: ['main'], types: expect.arrayContaining(['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled']) } });
    expect(text(path.join(WORKFLOWS, 'pull-request.yml'))).not.toMatch(/pull_request\.labels/);
    for (const id of ['review', 'azure-plan']) {
      const labels = w.jobs[id].steps!.find((s) => s.name === 'Labels')!;
      expect(labels.run).toContain('gh api "repos/$GITHUB_REPOSITORY/issues/$PR/labels"');
      expect(labels.env).toMatchObject({ GH_TOKEN: '${{ github.token }}' });
      expect((w.jobs[id].permissions as Record<string, string>)['pull-requests']).toBe('read');
    }
    const review = w.jobs.review;
    expect(review.steps![0].with).toMatchObject({ 'fetch-depth': 0 });
    expect(runsOf(review)).toContain('bash scripts/ci-review.sh --base "$BASE_SHA"');
    expect(review.steps!.find((s) => s.name === 'Review')!.env).toMatchObject({ BASE_SHA: '${{ github.event.pull_request.base.sha }}' });
    expect(runsOf(review)).not.toMatch(/plan:offline|plan-review|access-report/);
    // With Azure: a saved plan per stack and the same review of it.
    const azure = runsOf(w.jobs['azure-plan']);
    expect(azure).toContain('-out=reviewed.tfplan');
    expect(azure).toContain('terraform show -json reviewed.tfplan > plan.json');
    expect(azure).toContain('bash scripts/ci-review.sh --plan "$STACK=cdktf.out/stacks/$STACK/plan.json"');
    expect(w.jobs['azure-plan'].if).toMatch(/vars\.AZURE_CLIENT_ID != ''/);
    expect(w.jobs['azure-plan'].strategy?.matrix?.stack).toBe('${{ fromJSON(needs.review.outputs.environments) }}');
  });

  test('pull request: the review never disappears: summary, artifact and comment run always() when the review wrote output', () => {
    const w = workflow('pull-request.yml');
    const steps = w.jobs.review.steps!;
    const at = steps.findIndex((s) => s.name === 'Review');
    const after = steps.slice(at + 1);
    expect(after.map((s) => s.name ?? s.uses!.split('@')[0])).toEqual(['Job summary', 'actions/upload-artifact', 'Environments (promotion order, from the app\'s configuration loader)']);
    for (const s of after) expect(s.if).toMatch(/^always\(\) && /);
    expect(steps[at + 1].if).toContain("hashFiles('.review/summary.md')");
    expect(w.jobs.comment.if).toMatch(/^always\(\) && needs\.review\.outputs\.reviewed == 'true'/);
    expect(w.jobs.review.outputs?.reviewed).toBe('${{ steps.summary.outputs.reviewed }}');
    expect(String(w.jobs.comment.steps!.find((s) => s.uses?.startsWith('actions/github-script@'))!.with?.script)).toContain("readFileSync('review/summary.md'");
    const azureSummary = w.jobs['azure-plan'].steps!.find((s) => s.name === 'Job summary')!;
    expect(azureSummary.if).toMatch(/^always\(\) && /);
  });

  test('pull request: the tests run on Node 22 and 24; other jobs use .nvmrc, which names an LTS line', () => {
    const test = workflow('pull-request.yml').jobs.test;
    expect(test.strategy?.matrix?.node).toEqual(['22', '24']);
    expect(test.steps!.find((s) => s.uses === './.github/actions/setup')!.with).toEqual({ 'node-version': '${{ matrix.node }}' });
    expect(runsOf(test)).toContain('npm test');
    const setupNode = setupAction.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!;
    expect(setupNode.with).toMatchObject({ 'node-version': '${{ inputs.node-version }}', 'node-version-file': '.nvmrc' });
    expect(['22', '24']).toContain(text(path.join(ROOT, '.nvmrc')).trim());
    expect(JSON.parse(text(path.join(ROOT, 'package.json'))).engines.node).toBe('>=22');
  });

  describe('scripts/ci-review.sh keeps the review exit code and names its meaning', () => {
    const fakeNpm = (code: number) => {
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-npm-'));
      fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho "npm $*"\nexit ${code}\n`, { mode: 0o755 });
      return bin;
    };
    test.each([
      [0, 'Review (offline plan): nothing destructive, or destructive changes acknowledged.'],
      [2, '::error title=Destructive changes not acknowledged (offline plan)::'],
      [1, '::error title=The review could not read its input (offline plan)::'],
      [3, '::error title=The review failed (offline plan)::npm run review exited 3'],
    ])('exit %i', (code, annotation) => {
      const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'ci-review.sh'), '--base', 'abc123', '--acknowledge'], {
        encoding: 'utf8', env: { ...process.env, PATH: `${fakeNpm(code)}:${process.env.PATH}`, REVIEW_WHERE: undefined },
      });
      expect(r.status).toBe(code);
      expect(r.stdout).toContain('npm run --silent review -- --base abc123 --acknowledge');
      expect(r.stdout).toContain(annotation);
      // The two failures are told apart: exit 1 never says "destructive".
      if (code === 1) expect(r.stdout).not.toMatch(/destructive/i);
    });
  });

  test('drift: scheduled; the issue only for exit 2; a failed login, init or plan fails the job and says it is not drift', () => {
    const w = workflow('drift.yml');
    expect(w.on).toHaveProperty('schedule');
    const drift = w.jobs.drift;
    const run = runsOf(drift);
    expect(run).toContain('terraform plan -detailed-exitcode');
    expect(run).toMatch(/2\) echo "::error[^\n]*\n\s*exit 2/);
    expect(run).toMatch(/\*\) cat plan.txt\n\s*echo "::error title=Drift check failed[^\n]*this is not drift"\n\s*exit "\$code"/);
    const mark = drift.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(mark.if).toBe("failure() && steps.plan.outputs.code == '2'");
    expect(mark.with?.name).toBe('drift-${{ matrix.stack }}');
    expect(drift.steps!.find((s) => s.name === 'Say why the check could not run')!.if).toBe("failure() && steps.plan.outputs.code != '2'");
    const script = String(w.jobs.report.steps![0].with?.script);
    expect(script).toMatch(/startsWith\('drift-'\)/);
    expect(script).toMatch(/if \(drifted\.length === 0\) \{[^}]*return;/);
    expect((w.jobs.report.permissions as Record<string, string>).actions).toBe('read');
    expect(runsOf(w.jobs.stacks)).toContain('npm run --silent environments -- --json');
    expect(runsOf(w.jobs['grants-ending'])).toContain('npm run --silent grants-ending -- --within 14 --github');
  });

  test('package.json scripts the workflows call exist (review and grants-ending come with their commands)', () => {
    const scripts = Object.keys(JSON.parse(text(path.join(ROOT, 'package.json'))).scripts);
    const shell = [...workflows.flatMap(([, w]) => Object.values(w.jobs).map(runsOf)), text(path.join(ROOT, 'scripts', 'ci-review.sh'))].join('\n');
    const called = new Set([...shell.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]));
    expect([...called].filter((s) => !scripts.includes(s) && s !== 'review' && s !== 'grants-ending')).toEqual([]);
    expect([...called]).toEqual(expect.arrayContaining(['review', 'grants-ending', 'environments', 'synth', 'schemas']));
  });
});
