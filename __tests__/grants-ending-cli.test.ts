import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../app/grants-ending-cli';
import { synthesize } from '../app/synthesize';
import { configDir, devWith, EXAMPLE_CONFIG_DIR, readExample } from '../test-support/config-fixtures';

const ROOT = path.join(__dirname, '..');
const at = (now: string) => ({ ...process.env, KEYLESS_NOW: now });

describe('npm run grants-ending', () => {
  let out: string;
  beforeAll(() => {
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grants-ending-')), 'cdktf.out');
    // The example, with prod's administrators eligible for 90 days (a duration: its end is known only in Azure).
    const prod = readExample('environments/prod.json');
    prod.justInTimeAdministrators.durationDays = 90;
    synthesize({ configDir: configDir({ 'dev.json': readExample('environments/dev.json'), 'prod.json': prod }), outdir: out });
  });

  test('lists the time-limited grant ending within the window, with its entry; permanent eligibilities never', () => {
    const r = run(['--input', out], at('2028-03-20T00:00:00Z'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^1 grant ending within 14 days of 2028-03-20T00:00:00.000Z \(or ended\):\n {2}- Contractor \(Fabrikam\): time-limited AI Model Inference User \(dev\) \(stack dev, keyless-config-\w+\/environments\/dev\.json \$\.temporaryDevelopers\[0\]\) ends on 2028-03-31T00:00:00Z, in 11 days/);
    expect(r.out).toContain('Ends set as a duration (check Azure):\n  - group "AI Platform Admins" (looked up by display name): eligible Cognitive Services Contributor (stack prod');
    expect(run(['--input', out, '--within', '10'], at('2028-03-20T00:00:00Z')).out).toMatch(/^No grant or eligibility ends within 10 days/);
    expect(run(['--input', out], at('2026-12-03T00:00:00Z')).out).toMatch(/^No grant or eligibility ends within 14 days/);
  });

  test('--json and --github', () => {
    const json = JSON.parse(run(['--input', out, '--json'], at('2028-04-01T00:00:00Z')).out);
    expect(json.ending).toEqual([expect.objectContaining({ stack: 'dev', kind: 'time-limited', end: '2028-03-31T00:00:00Z', daysLeft: -1, principal: 'Contractor (Fabrikam)' })]);
    expect(json.endKnownOnlyInAzure).toHaveLength(1);
    const gh = run(['--input', out, '--github'], at('2028-03-30T12:00:00Z')).out.split('\n');
    expect(gh[0]).toMatch(/^::warning title=Grant ends in 1 day \(dev\)::Contractor \(Fabrikam\): time-limited .* ends on 2028-03-31T00:00:00Z, in 1 day: /);
    expect(gh[1]).toMatch(/^::notice title=Grant end known only in Azure \(prod\)::/);
    expect(run(['--input', out, '--github'], at('2028-04-02T00:00:00Z')).out).toMatch(/^::warning title=Grant ended \(dev\)::.*ended on 2028-03-31T00:00:00Z: Azure no longer lists it; remove the entry/);
  });

  test('--config reads the configuration without a synth, also when a grant has ended', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.temporaryDevelopers[0].expiresOn = '2026-12-01T00:00:00Z'; }) });
    const r = run(['--config', dir], at('2026-12-03T00:00:00Z'));
    expect(r.out).toMatch(/Contractor \(Fabrikam\): time-limited inference role \(stack dev, .*environments\/dev\.json \$\.temporaryDevelopers\[0\]\) ended on 2026-12-01T00:00:00Z/);
    expect(run(['--config', EXAMPLE_CONFIG_DIR], at('2026-12-03T00:00:00Z')).out).toMatch(/^No grant/);
  });

  test('the real command: exit 0 on a report, 1 on bad input', () => {
    const cmd = (...args: string[]) => spawnSync(process.execPath, ['-r', './tools/register-ts.js', 'app/grants-ending-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: at('2028-03-20T00:00:00Z') });
    const ok = cmd('--input', out, '--github');
    expect({ status: ok.status, stdout: ok.stdout }).toEqual({ status: 0, stdout: expect.stringMatching(/^::warning title=Grant ends in 11 days \(dev\)::/) });
    const missing = cmd('--input', path.join(out, 'missing'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/grants-ending: --input .*missing: not found; synthesize first/);
    // Every bad input reaches the command as an error from run(), which the process turns into exit 1 (shown above):
    // the other bad inputs are checked in this process, not with a start of node each.
    expect(() => run(['--within', 'soon'])).toThrow(/^--within "soon": expected a whole number of days/);
    expect(() => run(['--frobnicate'])).toThrow(/^unknown argument "--frobnicate"/);
  });
});
