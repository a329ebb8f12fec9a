import * as fs from 'fs';
import * as path from 'path';
import { run, TerraformResult } from '../offline-workspace';
import { defaultSchemasDir } from '../schema-store';
import { describeOffline, tempDir } from '../test-support/harness';

jest.setTimeout(300_000);

const PROJECT = path.resolve(__dirname, '..', '..', '..');
/** What a project needs to build, synthesize and review itself (tests and generated folders left out). */
const PROJECT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'cdktf.json', 'main.ts', '.gitignore', 'app', 'constructs', 'scripts', 'config', 'tools'];
const SKIP = new Set(['node_modules', 'dist', '__tests__', 'cdktf.out', '.offline', '.review']);

/**
 * `npm run review -- --base <ref>` on the user's path: a git repository made of the project with the example
 * configuration, a base commit, pull-request commits on top, and the real command run in it.
 */
describeOffline('npm run review -- --base <ref>: the change planned against the state it will change', () => {
  const repo = tempDir('keyless-review-repo-');
  // The schemas this checkout uses (the copy is elsewhere, so its default ../shared/provider-schemas is not there).
  const env = { ...process.env, OFFLINE_SCHEMAS_DIR: defaultSchemasDir(), TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' };
  const git = async (...args: string[]) => {
    const res = await run('git', args, { cwd: repo, env });
    if (res.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${res.stderr}`);
    return res.stdout.trim();
  };
  const devFile = path.join(repo, 'config', 'environments', 'dev.json');
  const baseDev = JSON.parse(fs.readFileSync(path.join(PROJECT, 'config', 'environments', 'dev.json'), 'utf8'));

  /** A pull-request branch from the base commit with `patch` applied to config/environments/dev.json. */
  const pullRequest = async (name: string, patch: (dev: any) => void) => {
    await git('checkout', '-q', '-B', name, 'base');
    const dev = structuredClone(baseDev);
    patch(dev);
    fs.writeFileSync(devFile, JSON.stringify(dev, null, 2) + '\n');
    await git('commit', '-q', '-am', name);
  };
  const review = (...args: string[]): Promise<TerraformResult> => run('npm', ['run', '--silent', 'review', '--', '--base', 'base', ...args], { cwd: repo, env });
  const out = (...p: string[]) => path.join(repo, '.review', ...p);
  const read = (...p: string[]) => fs.readFileSync(out(...p), 'utf8');
  const planOf = (stack: string) => JSON.parse(read(stack, 'plan.json')) as { resource_changes: { type: string; change: { actions: string[]; before: any } }[] };
  const accessOf = (stack: string) => JSON.parse(read('access-report', `${stack}.json`)) as { comparison: { gained: { principal: string; role: string }[]; lost: { principal: string; role: string }[] } };
  const explain = (res: TerraformResult) => `exit ${res.code}\n${res.stdout}\n${res.stderr}`;

  beforeAll(async () => {
    for (const f of PROJECT_FILES) {
      fs.cpSync(path.join(PROJECT, f), path.join(repo, f), { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
    }
    // The installed dependencies, as a checkout with `npm ci` would have them (node_modules is git-ignored).
    fs.symlinkSync(path.join(PROJECT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'base: the example configuration');
    await git('tag', 'base');
  });

  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test('removing a developer exits 2 and names the lost access, on every stack; --acknowledge exits 0', async () => {
    await pullRequest('remove-alice', (dev) => {
      dev.developers = dev.developers.filter((d: any) => d.upn !== 'alice@contoso.com');
    });
    const res = await review();
    expect(explain(res)).toMatch(/^exit 2\n/);
    expect(res.stdout).toMatch(/LOSES: alice@contoso\.com .*AI Model Inference User \(dev\) on account contoso-ai-dev/);
    // Every stack the app synthesizes, the bootstrap included, each planned against its applied base.
    for (const stack of ['bootstrap', 'dev', 'prod']) {
      expect(fs.existsSync(out(stack, 'plan.json'))).toBe(true);
      expect(fs.existsSync(out('access-report', `${stack}.md`))).toBe(true);
    }
    expect(planOf('prod').resource_changes.filter((c) => !c.change.actions.includes('no-op'))).toEqual([]);
    expect(read('dev', 'plan-review.txt')).toMatch(/ACCESS REMOVED: .*azurerm_role_assignment\.Inference_Account_ai-model-inference-user-user-upn-alice-contoso-com/);
    expect(accessOf('dev').comparison.lost).toEqual([expect.objectContaining({ principal: expect.stringContaining('alice@contoso.com'), role: 'AI Model Inference User (dev)' })]);
    const summary = read('summary.md');
    expect(summary).toContain('**Destructive changes NOT acknowledged** (exit 2)');
    // Markdown-safe: the @ carries a word joiner (no mention), punctuation is escaped.
    expect(summary).toContain('| **loses** | alice@\u2060contoso\\.com \\(User ');

    const acknowledged = await review('--stack', 'dev', '--acknowledge');
    expect(explain(acknowledged)).toMatch(/^exit 0\n/);
    expect(acknowledged.stdout).toContain('reusing its offline apply');
    expect(read('dev', 'plan-review.txt')).toContain('ACKNOWLEDGED by the reviewer');
    expect(read('summary.md')).toContain('**Destructive changes acknowledged** (exit 0)');

    // --plan mode: the same reviews of a plan made elsewhere (here: the one just made), no offline, no base.
    const real = path.join(repo, 'real');
    fs.mkdirSync(real);
    fs.copyFileSync(out('dev', 'plan.json'), path.join(real, 'plan-dev.json'));
    fs.cpSync(out('.work', 'cdktf.out'), path.join(real, 'cdktf.out'), { recursive: true });
    const given = (...args: string[]) => run('npm', ['run', '--silent', 'review', '--', '--input', 'real/cdktf.out', '--out', 'real/review', ...args], { cwd: repo, env });
    const planned = await given('--plan', 'dev=real/plan-dev.json');
    expect(explain(planned)).toMatch(/^exit 2\n/);
    expect(fs.readFileSync(path.join(real, 'review', 'dev', 'plan-review.txt'), 'utf8')).toMatch(/ACCESS REMOVED: .*is deleted/);
    expect(fs.existsSync(path.join(real, 'review', 'access-report', 'dev.md'))).toBe(true);
    expect(fs.readFileSync(path.join(real, 'review', 'summary.md'), 'utf8')).toContain('| dev | 0 to add, 0 to change, 1 to destroy (0 replaced) | destructive changes NOT acknowledged | 0 | 1 |');
    expect(explain(await given('--plan', 'dev=real/plan-dev.json', '--acknowledge'))).toMatch(/^exit 0\n/);
    // A plan given as another stack's, or no plan at all: the review cannot read its input.
    const foreign = await given('--plan', 'prod=real/plan-dev.json');
    expect(explain(foreign)).toMatch(/^exit 1\n/);
    expect(foreign.stdout + foreign.stderr).toMatch(/not a plan of stack prod|does not belong to stack "prod"/);
    expect(explain(await given('--plan', 'dev=real/missing.json'))).toMatch(/^exit 1\n[\s\S]*cannot read the plan real\/missing\.json/);
  });

  test('adding a developer exits 0 and shows the gain; renaming the custom role is an in-place update, not a loss', async () => {
    await pullRequest('add-bob-rename-role', (dev) => {
      dev.developers.push({ kind: 'user', objectId: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d', label: 'Bob (new developer)' });
      dev.customRole.name = 'AI inference for developers (dev)';
    });
    const res = await review('--stack', 'dev');
    expect(explain(res)).toMatch(/^exit 0\n/);
    const access = accessOf('dev').comparison;
    expect(access.lost).toEqual([]);
    expect(access.gained).toEqual([expect.objectContaining({ principal: expect.stringContaining('Bob (new developer)') })]);
    const role = planOf('dev').resource_changes.find((c) => c.type === 'azurerm_role_definition')!;
    expect(role.change.actions).toEqual(['update']);
    expect(read('dev', 'plan-review.txt')).toMatch(/in place: role definition .*name AI Model Inference User \(dev\) → AI inference for developers \(dev\); 4 role assignments of it untouched/);
    expect(read('summary.md')).toMatch(/\| \*\*gains\*\* \| Bob \\\(new developer\\\)/);
  });

  test('a changed location shows the replaced account and exits 2', async () => {
    await pullRequest('move-to-westeurope', (dev) => {
      dev.location = 'westeurope';
    });
    const res = await review('--stack', 'dev');
    expect(explain(res)).toMatch(/^exit 2\n/);
    const account = planOf('dev').resource_changes.find((c) => c.type === 'azurerm_cognitive_account')!;
    expect(account.change.actions).toEqual(['delete', 'create']);
    expect(read('dev', 'plan-review.txt')).toMatch(/REPLACED: account contoso-ai-dev .*location/);
  });

  test('a base that does not exist exits 1; a base that does not synthesize is said loudly and planned against empty state', async () => {
    const missing = await review('--stack', 'dev', '--base', 'no-such-ref');
    expect(explain(missing)).toMatch(/^exit 1\n[\s\S]*--base no-such-ref: no such commit/);
    expect(read('summary.md')).toMatch(/^# Plan review against base `no-such-ref`: could not run\n\n\*\*The review could not read or build its input\*\* \(exit 1\)[\s\S]*no such commit/);

    await git('checkout', '-q', '-B', 'broken-base', 'base');
    fs.writeFileSync(devFile, JSON.stringify({ ...baseDev, location: 'not a region' }, null, 2) + '\n');
    await git('commit', '-q', '-am', 'a broken configuration');
    await git('tag', 'broken');
    await git('checkout', '-q', '-B', 'fix', 'broken');
    fs.writeFileSync(devFile, JSON.stringify(baseDev, null, 2) + '\n');
    await git('commit', '-q', '-am', 'the fix');
    const res = await run('npm', ['run', '--silent', 'review', '--', '--base', 'broken', '--stack', 'dev'], { cwd: repo, env });
    expect(explain(res)).toMatch(/^exit 0\n/);
    expect(res.stderr).toMatch(/WARNING: The base commit broken \(\w+\) could not be synthesized, so every stack is planned against EMPTY state/);
    expect(res.stderr).toContain('location');
    const summary = read('summary.md');
    expect(summary).toContain('> [!WARNING]');
    expect(summary).toContain('| dev | 22 to add, 0 to change, 0 to destroy (0 replaced) | nothing destructive (against EMPTY state) |');
  });
});
