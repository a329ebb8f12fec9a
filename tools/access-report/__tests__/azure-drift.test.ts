import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../../app/synthesize';
import { readAzCliExport } from 'keyless-ai-inference/azure';
import { azureDriftOf } from '../azure-drift';
import { mdText } from '../markdown-safe';
import { run } from '../cli';
import { listStacks, reportOf } from '../synth-output';
import { BROWNFIELD_EXPORT, brownfieldEnvironment } from '../../../test-support/brownfield';
import { configDir } from '../../../test-support/config-fixtures';
import { tempDir } from '../../offline/test-support/harness';

const synthBrownfield = (patch: (env: any) => void = () => undefined) => {
  const env = brownfieldEnvironment();
  patch(env);
  const outdir = path.join(tempDir('drift-'), 'cdktf.out');
  synthesize({ configDir: configDir({ 'prod.json': env }), outdir });
  return outdir;
};

describe('access report: drift between code and Azure (--azure)', () => {
  const outdir = synthBrownfield();
  const prod = listStacks(outdir).find((s) => s.name === 'prod')!;
  const drift = azureDriftOf(reportOf(prod), readAzCliExport(BROWNFIELD_EXPORT));

  test('access granted outside code: the hand-made grants at the account and the inherited ones', () => {
    const outside = drift.outsideCode.map((e) => `${e.principal}|${e.role}|${e.inherited ? 'inherited' : 'account'}`).sort();
    expect(outside).toEqual([
      'Data Science Readers|Contoso AI Reader (hand-made)|account',
      'Platform Readers|Reader|inherited',
      'carol@contoso.com|Cognitive Services OpenAI User|account',
      'dave@contoso.com|Cognitive Services User|account',
      'e1f3a5c7-9b1d-4f3a-b5c7-9d1f3b5a7c9e|Cognitive Services User|inherited',
      'owner@contoso.com|Owner|inherited',
    ]);
  });

  test('access in code that Azure does not have: bob, resolved from principals/bob.json', () => {
    expect(drift.notInAzure.map((e) => [e.principalId, e.role])).toEqual([['1c3e5a7b-9d1f-4b3d-8f5a-7c9e1b3d5f70', 'Cognitive Services User']]);
    expect(drift.inBoth).toBe(5);
    expect(drift.unresolved).toEqual([]);
  });

  test('a grant removed from the configuration shows as granted outside code', () => {
    const out = synthBrownfield((env) => { env.developers = env.developers.filter((d: any) => d.kind !== 'managedIdentity'); });
    const d = azureDriftOf(reportOf(listStacks(out).find((s) => s.name === 'prod')!), readAzCliExport(BROWNFIELD_EXPORT));
    expect(d.outsideCode.map((e) => e.principalId)).toContain('4b6d8f0a-3c5e-4f7a-9b2d-6e8a0c2e4f36');
    expect(d.inBoth).toBe(4);
  });

  test('a lookup the export cannot resolve is listed as not comparable', () => {
    const out = synthBrownfield((env) => { env.developers.push({ kind: 'servicePrincipalByDisplayName', displayName: 'batch-scorer' }); });
    const d = azureDriftOf(reportOf(listStacks(out).find((s) => s.name === 'prod')!), readAzCliExport(BROWNFIELD_EXPORT));
    expect(d.unresolved.map((e) => e.principal)).toEqual([expect.stringContaining('batch-scorer')]);
  });

  test('the CLI writes the drift into the Markdown and JSON reports and the summary line', () => {
    const reports = tempDir('drift-out-');
    const lines = run(['--input', outdir, '--stack', 'prod', '--out', reports, '--azure', BROWNFIELD_EXPORT]);
    expect(lines.join('\n')).toMatch(/outside code 6, not in Azure 1/);
    const md = fs.readFileSync(path.join(reports, 'prod.md'), 'utf8');
    expect(md).toContain(`## Code and Azure (against the Azure CLI export ${mdText('contoso-ai-prod')})`);
    expect(md).toContain('### Access granted outside code (6)');
    expect(md).toContain(`| ${mdText('dave@contoso.com')} (${mdText('3d5f7a9c-1e3b-4d5f-a7c9-e1b3d5f7a9c1')}) | User | Cognitive Services User |`);
    expect(md).toContain('### Access in code that Azure does not have (1)');
    const json = JSON.parse(fs.readFileSync(path.join(reports, 'prod.json'), 'utf8'));
    expect(json.azureDrift.outsideCode).toHaveLength(6);
  });

  test('--azure with an export of another account names the file', () => {
    const other = path.join(tempDir('drift-bad-'), 'export');
    fs.cpSync(BROWNFIELD_EXPORT, other, { recursive: true });
    fs.writeFileSync(path.join(other, 'role-assignments.json'), '[{"id": "/subscriptions/x"');
    expect(() => run(['--input', outdir, '--stack', 'prod', '--out', tempDir('drift-out-'), '--azure', other])).toThrow(/role-assignments\.json: not the Azure CLI's JSON output: .*truncated/);
  });
});
