import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { explainTerraformFailure } from '../explain';
import { demoteHeadings, parseReviewArgs, ReviewInputError } from '../review';
import { loadProviderSchema } from '../schema-store';

const root = path.join(__dirname, '..', '..', '..');
const runTs = (file: string, args: string[]) =>
  spawnSync(process.execPath, ['-r', path.join(root, 'tools', 'register-ts.js'), path.join(root, 'tools', 'offline', file), ...args], { cwd: root, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input: '' });

describe('offline commands for people', () => {
  test.each([
    ['plan-offline.ts', 'usage: npm run plan:offline'],
    ['cdktf-offline.ts', 'usage: npm run cdktf:offline'],
    ['portal.ts', 'usage: npm run offline:portal'],
    ['serve.ts', 'usage: node -r ./tools/register-ts.js tools/offline/serve.ts'],
    ['review.ts', 'usage: npm run review -- --base <git-ref> [--stack <name> ...] [--acknowledge] [--out <dir>]'],
  ])('%s --help prints its usage and exits 0', (file, usage) => {
    const res = runTs(file, ['--help']);
    expect(res.stdout).toContain(usage);
    expect(res.status).toBe(0);
  });

  test('review without --base or --plan exits 1 and says what to give (before building anything)', () => {
    const res = runTs('review.ts', []);
    expect(res.stderr).toContain('review: give --base <git-ref>');
    expect(res.status).toBe(1);
  });

  test.each([
    [['--base', 'main', '--plan', 'dev=plan.json'], '--base and --plan exclude each other'],
    [['--plan', 'plan.json'], '--plan plan.json: expected <stack>=<plan.json>'],
    [['--plan', 'dev=a.json', '--plan', 'dev=b.json'], '--plan: two plans given for stack "dev"'],
    [['--base'], '--base needs a value'],
    [['--base', '--stack', 'dev'], '--base needs a value'],
    [['--base', 'main', '--frobnicate'], 'unknown option "--frobnicate"'],
  ])('review %j is refused: %s', (args, message) => {
    expect(() => parseReviewArgs(args)).toThrow(ReviewInputError);
    expect(() => parseReviewArgs(args)).toThrow(message);
  });

  test('review options: repeated --stack and --plan, = forms, defaults', () => {
    expect(parseReviewArgs(['--base=origin/main', '--stack', 'dev', '--stack=prod', '--acknowledge'])).toEqual({
      base: 'origin/main', plans: [], stacks: ['dev', 'prod'], acknowledge: true, out: '.review', input: 'cdktf.out', help: false,
    });
    expect(parseReviewArgs(['--plan', 'dev=a.json', '--plan=prod=b.json', '--out', 'r', '--input', 'out'])).toMatchObject({
      plans: [{ stack: 'dev', file: 'a.json' }, { stack: 'prod', file: 'b.json' }], out: 'r', input: 'out',
    });
  });

  test('the access review nested in the review summary: headings two levels deeper, fenced blocks untouched', () => {
    const md = ['# Access review: dev', 'text # not a heading', '```mermaid', '# inside a fence', '```', '## Summary', '##### Deep', '####### not a heading'].join('\n');
    expect(demoteHeadings(md, 2).split('\n')).toEqual(['### Access review: dev', 'text # not a heading', '```mermaid', '# inside a fence', '```', '#### Summary', '###### Deep', '####### not a heading']);
  });

  test('cdktf:offline deploy without a terminal says to add --auto-approve (before synthesizing anything)', () => {
    const res = runTs('cdktf-offline.ts', ['deploy', 'dev']);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('there is no terminal to answer it: add --auto-approve, e.g. npm run cdktf:offline -- deploy dev --auto-approve');
  });

  test('a corrupt schema file is named, with what to do', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-schemas-'));
    try {
      fs.writeFileSync(path.join(dir, 'azurerm-4.55.0.schema.json.gz'), 'not gzip');
      expect(() => loadProviderSchema(dir, 'azurerm')).toThrow(`the provider schema file ${path.join(dir, 'azurerm-4.55.0.schema.json.gz')} is corrupt`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Terraform\'s repeated "Plugin did not respond" becomes one sentence; a stale lock is explained', () => {
    const lost = 'Error: Plugin did not respond\n...\nError: Plugin did not respond\n';
    expect(explainTerraformFailure(lost, { serverDied: 'offline provider server (pid 1) ended unexpectedly with signal SIGKILL' })).toBe(
      'The offline provider server is gone (offline provider server (pid 1) ended unexpectedly with signal SIGKILL), so Terraform could not reach the providers (Terraform reported it 2 times, e.g. "Plugin did not respond"). Run the command again; if it keeps happening, run with the server log (plan:offline writes .offline/provider.log) and look at its last lines.',
    );
    const lock = 'Error: Error acquiring the state lock\n\nError message: resource temporarily unavailable\nLock Info:\n  ID:        3f2a-11\n  Path:      terraform.tfstate\n  Who:       me@host\n';
    expect(explainTerraformFailure(lock, { workDir: '/w/.offline/dev' })).toContain('cd /w/.offline/dev && terraform force-unlock -force 3f2a-11');
    expect(explainTerraformFailure('Error: something else')).toBe('Error: something else');
  });
});
