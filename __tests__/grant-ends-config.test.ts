import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../app/synthesize';
import { configDir, devWith, EXAMPLE_CONFIG_DIR, readExample } from '../test-support/config-fixtures';

// The configuration path of issue 21, points 1 and 3: grant ends and duplicate assignments, reported with file and JSON path.

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'grant-ends-'));
const contractor = { kind: 'user', objectId: '5c7e9a1b-4d6f-4a8c-9e1b-7f9b1d3f5a60', label: 'Contractor (Fabrikam)' };
const synthError = (env: unknown): string => {
  try {
    synthesize({ configDir: configDir({ 'dev.json': env }), outdir: tmp() });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the synth to fail');
};

describe('grant ends and duplicate assignments, on the configuration path', () => {
  beforeEach(() => { process.env.KEYLESS_NOW = '2026-12-03T12:00:00Z'; });
  afterEach(() => { delete process.env.KEYLESS_NOW; });

  test('an expiresOn in the past fails the synth with the file, the JSON path and the fix; nothing is written', () => {
    const outdir = tmp();
    const env = devWith((e) => { e.temporaryDevelopers[0].expiresOn = '2026-11-30T00:00:00Z'; });
    expect(() => synthesize({ configDir: configDir({ 'dev.json': env }), outdir })).toThrow(
      /environments\/dev\.json: \$\.temporaryDevelopers\[0\]\.expiresOn: got "2026-11-30T00:00:00Z": the grant ended on 2026-11-30T00:00:00Z \(now 2026-12-03T12:00:00\.000Z\): Azure no longer lists it and refuses to create it again; remove the entry/,
    );
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('an expiresOn that is no date (30 February, month 13, no time zone) is refused with the file, the JSON path and why; nothing is written', () => {
    const outdir = tmp();
    const at = (expiresOn: string) => devWith((e) => { e.temporaryDevelopers[0].expiresOn = expiresOn; });
    expect(() => synthesize({ configDir: configDir({ 'dev.json': at('2028-02-30T00:00:00Z') }), outdir })).toThrow(
      /environments\/dev\.json: \$\.temporaryDevelopers\[0\]\.expiresOn: got "2028-02-30T00:00:00Z": expected an RFC 3339 UTC time such as 2026-06-30T00:00:00Z: 2028-02 has 29 days, so day 30 does not exist/,
    );
    expect(synthError(at('2028-13-01T00:00:00Z'))).toContain('$.temporaryDevelopers[0].expiresOn: got "2028-13-01T00:00:00Z": expected an RFC 3339 UTC time such as 2026-06-30T00:00:00Z: month 13 does not exist');
    // The near misses get the value to write.
    expect(synthError(at('2028-03-31T00:00:00'))).toContain('$.temporaryDevelopers[0].expiresOn: got "2028-03-31T00:00:00": expected an RFC 3339 UTC time such as 2026-06-30T00:00:00Z: the time zone is missing; for UTC write "2028-03-31T00:00:00Z"');
    expect(synthError(at('2028-03-31'))).toContain('got "2028-03-31": expected an RFC 3339 UTC time such as 2026-06-30T00:00:00Z: write the time too, e.g. "2028-03-31T00:00:00Z" (midnight UTC)');
    expect(synthError(at('2028-03-31T00:00:00+01:00'))).toContain('got "2028-03-31T00:00:00+01:00": expected an RFC 3339 UTC time such as 2026-06-30T00:00:00Z: write it in UTC, "2028-03-30T23:00:00Z"');
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('an expiresOn within 14 days warns with the entry; the plan-time check names it too', () => {
    const outdir = tmp();
    const env = devWith((e) => { e.temporaryDevelopers[0].expiresOn = '2026-12-10T00:00:00Z'; });
    const report = synthesize({ configDir: configDir({ 'dev.json': env }), outdir });
    const ending = report.warnings.filter((w) => w.message.includes('ends on'));
    expect(ending).toEqual([expect.objectContaining({
      stack: 'dev',
      message: expect.stringMatching(/Contractor \(Fabrikam\)'s time-limited .* grant \(keyless-config-\w+\/environments\/dev\.json \$\.temporaryDevelopers\[0\]\) ends on 2026-12-10T00:00:00Z, in 7 days: when it has ended, remove the entry/),
    })]);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
    const checks = Object.values(json.check) as any[];
    expect(checks).toHaveLength(1);
    expect(checks[0].assert[0].error_message).toMatch(/^time-limited grant Contractor \(Fabrikam\) \(.*\) ended on 2026-12-10T00:00:00Z: .*Remove keyless-config-\w+\/environments\/dev\.json \$\.temporaryDevelopers\[0\] from the configuration\.$/);
  });

  test('the same principal in developers and temporaryDevelopers is refused at synth, naming both entries', () => {
    const msg = synthError(devWith((e) => { e.developers.push(contractor); }));
    expect(msg).toMatch(/environments\/dev\.json: \$\.developers\[4\] and \$\.temporaryDevelopers\[0\]\.principal: got "time-limited AI Model Inference User \(dev\) for Contractor \(Fabrikam\)": already granted on the same scope by dev\/Inference\/Account\/.*; a principal holds a role on a scope once, whether standing, eligible or time-limited/);
  });

  test('the same principal twice in temporaryDevelopers names the second entry', () => {
    const msg = synthError(devWith((e) => { e.temporaryDevelopers.push({ ...e.temporaryDevelopers[0], expiresOn: '2028-06-30T00:00:00Z' }); }));
    expect(msg).toMatch(/environments\/dev\.json: \$\.temporaryDevelopers\[1\]: got "active AI Model Inference User \(dev\) for Contractor \(Fabrikam\)": already granted on this account/);
  });

  test('a looked-up developer and the same object as a temporary developer are stopped at plan time, naming the lists', () => {
    const outdir = tmp();
    const env = devWith((e) => { e.temporaryDevelopers[0].principal = { kind: 'userByUpn', upn: 'contractor@fabrikam.com' }; e.developers.push({ kind: 'user', objectId: contractor.objectId }); });
    synthesize({ configDir: configDir({ 'dev.json': env }), outdir });
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
    const active = Object.values(json.resource.azurerm_pim_active_role_assignment)[0] as any;
    const dup = active.lifecycle.precondition.find((p: any) => p.error_message.startsWith('Two of the User principals'));
    expect(dup.condition).toContain('data.azuread_user.');
    expect(dup.error_message).toMatch(/\(time-limited\)\): Azure would reject the second.* List the principal once in keyless-config-\w+\/environments\/dev\.json \(\$\.developers, \$\.administrators, \$\.temporaryDevelopers, \$\.justInTimeAdministrators\)\./);
  });

  test('the example configuration: no grant ends before 2027-12-31, and its synth prints no warning', () => {
    for (const f of fs.readdirSync(path.join(EXAMPLE_CONFIG_DIR, 'environments'))) {
      for (const t of readExample(`environments/${f}`).temporaryDevelopers ?? []) expect(t.expiresOn >= '2027-12-31').toBe(true);
    }
    delete process.env.KEYLESS_NOW;
    const report = synthesize({ configDir: EXAMPLE_CONFIG_DIR, outdir: tmp() });
    expect(report.warnings).toEqual([]);
  });
});
