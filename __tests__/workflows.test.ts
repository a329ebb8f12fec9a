import * as fs from 'fs';
import * as path from 'path';
import { runActionlint as runLint } from '../test-support/actionlint';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const ACTIONS = path.join(ROOT, '.github', 'actions');

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Job = { permissions?: Record<string, string> | string; steps?: Step[]; environment?: unknown; concurrency?: { group?: string } | string; strategy?: { matrix?: Record<string, unknown> }; uses?: string };
type Workflow = { on: unknown; permissions?: Record<string, string> | string; jobs: Record<string, Job> };

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

describe('GitHub Actions workflows', () => {
  test('there are the pull-request, deploy and drift workflows', () => {
    expect(workflowFiles).toEqual(['deploy.yml', 'drift.yml', 'pull-request.yml']);
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
        expect({ job: `${file} ${id}`, idToken: perms['id-token'] }).toEqual({ job: `${file} ${id}`, idToken: logsIn(j) ? 'write' : undefined });
        const writes = Object.entries(perms).filter(([, v]) => v === 'write').map(([k]) => k).sort();
        const allowed = logsIn(j) ? ['id-token'] : (j.steps ?? []).some((s) => s.uses?.startsWith('actions/github-script@')) ? ['issues', 'pull-requests'] : [];
        for (const w2 of writes) expect({ job: `${file} ${id}`, write: w2, allowed: allowed.includes(w2) }).toEqual({ job: `${file} ${id}`, write: w2, allowed: true });
        // A job that holds a write token runs no code from the repository.
        if (writes.some((k) => k !== 'id-token')) expect((j.steps ?? []).filter((s) => s.run || s.uses?.startsWith('actions/checkout@'))).toEqual([]);
      }
    }
  });

  test('deploy: on push to main, per environment in a matrix, GitHub environment and one concurrency group per stack', () => {
    const w = workflows.find(([f]) => f === 'deploy.yml')![1];
    expect(w.on).toMatchObject({ push: { branches: ['main'] } });
    const deploy = w.jobs.deploy;
    expect(deploy.strategy?.matrix?.stack).toBeDefined();
    expect(deploy.environment).toBe('${{ matrix.stack }}');
    expect(deploy.concurrency).toEqual({ group: 'deploy-${{ matrix.stack }}', 'cancel-in-progress': false });
    expect(deploy.steps!.some((s) => /cdktf deploy "\$STACK"/.test(s.run ?? ''))).toBe(true);
  });

  test('pull request: tests, offline plan, plan review, access review to the summary; cdktf diff only with Azure variables', () => {
    const w = workflows.find(([f]) => f === 'pull-request.yml')![1];
    const runs = Object.values(w.jobs).flatMap((j) => (j.steps ?? []).map((s) => s.run ?? '')).join('\n');
    for (const command of ['npm test', 'npm run schemas', 'npm run synth', 'npm run plan:offline', 'npm run --silent plan-review -- ".offline/$stack/plan.json" --stack "$stack"', 'npm run --silent access-report', 'GITHUB_STEP_SUMMARY', 'npx cdktf diff']) {
      expect(runs).toContain(command);
    }
    expect((w.jobs.diff as { if?: string }).if).toMatch(/vars\.AZURE_CLIENT_ID != ''/);
  });

  test('drift: scheduled, plan -detailed-exitcode, exit code 2 fails the job', () => {
    const w = workflows.find(([f]) => f === 'drift.yml')![1];
    expect(w.on).toHaveProperty('schedule');
    const run = w.jobs.drift.steps!.map((s) => s.run ?? '').join('\n');
    expect(run).toContain('terraform plan -detailed-exitcode');
    expect(run).toMatch(/2\) echo "::error[^\n]*\n\s*exit 2/);
  });

  test('package.json scripts the workflows call exist (plan-review comes with the plan review command)', () => {
    const scripts = Object.keys(JSON.parse(text(path.join(ROOT, 'package.json'))).scripts);
    const called = new Set(workflows.flatMap(([, w]) => Object.values(w.jobs).flatMap((j) => (j.steps ?? []).flatMap((s) => [...(s.run ?? '').matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1])))));
    expect([...called].filter((s) => !scripts.includes(s) && s !== 'plan-review')).toEqual([]);
  });
});
