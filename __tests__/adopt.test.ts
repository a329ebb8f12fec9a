import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { adopt } from '../app/adopt';
import { ConfigError, loadConfiguration } from '../app/load-config';
import { synthesize } from '../app/synthesize';
import { AzureStore, defaultSchemasDir, OfflineProviders, OfflineWorkspace, pinsFor, typesFor } from '@keyless-ai-inference/offline';
import { BROWNFIELD_ACCOUNT_ID, BROWNFIELD_EXPORT, brownfieldEnvironment, copyExport } from '../test-support/brownfield';
import { configDir } from '../test-support/config-fixtures';
import { countChanges, describeOffline, initWorkspace, stateResources, tempDir } from '../tools/offline/test-support/harness';

jest.setTimeout(120_000);

const NOW = new Date('2026-01-15T12:00:00Z');
const adoptBrownfield = (from = BROWNFIELD_EXPORT, env = brownfieldEnvironment()) => {
  const dir = configDir({ 'prod.json': env });
  return { dir, result: adopt({ configDir: dir, environment: 'prod', from, now: NOW }) };
};
const synthProd = (dir: string) => {
  const outdir = path.join(dir, 'cdktf.out');
  synthesize({ configDir: dir, outdir });
  return { outdir, stackDir: path.join(outdir, 'stacks', 'prod'), json: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8')) };
};

describe('npm run adopt', () => {
  test('private endpoints from the export (az network private-endpoint list): those to the account, with subnet, group ID and state', () => {
    const from = copyExport(path.join(tempDir('adopt-pe-'), 'export'));
    const endpoint = (name: string, target: string, status: string) => ({
      id: `/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/${name}`, name, location: 'swedencentral',
      subnet: { id: '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe' },
      privateLinkServiceConnections: [{ name: `${name}-c`, privateLinkServiceId: target, groupIds: ['account'], privateLinkServiceConnectionState: { status } }],
    });
    fs.writeFileSync(path.join(from, 'private-endpoints.json'), JSON.stringify([
      endpoint('pe-ai', BROWNFIELD_ACCOUNT_ID.toLowerCase(), 'Approved'),
      endpoint('pe-other', BROWNFIELD_ACCOUNT_ID.replace('contoso-ai-prod', 'other-ai'), 'Approved'),
    ]));
    const { result } = adoptBrownfield(from);
    expect(result.export.privateEndpoints!.map((e) => e.name)).toEqual(['pe-ai']);
    expect(result.lines).toContain('    pe-ai in /subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe (account; Approved)');
    // Not an endpoint list: named with the command that writes one.
    fs.writeFileSync(path.join(from, 'private-endpoints.json'), JSON.stringify([{ id: BROWNFIELD_ACCOUNT_ID, name: 'x' }]));
    expect(() => adoptBrownfield(from)).toThrow(/private-endpoints\.json: \$\[0\]: expected a private endpoint with "id"/);
  });

  test('without private-endpoints.json the summary says how to export it', () => {
    expect(adoptBrownfield().result.lines).toContain('  private endpoints: not exported (add private-endpoints.json: az network private-endpoint list --output json)');
  });

  test('grants the configuration makes and Azure has are adopted under their existing names; the rest is created', () => {
    const { result } = adoptBrownfield();
    const adopted = result.record.assignments.map((a) => a.name).sort();
    expect(adopted).toEqual([
      // by object ID, group by display name (principals/), SP by client ID (principalName), managed identity, admin group
      '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f1', '1a2b3c4d-0e1f-4a2b-9c3d-4e5f6a7b8c9d', '2b3c4d5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
      '3c4d5e6f-2a3b-4c4d-9e5f-6a7b8c9d0e1f', '4d5e6f7a-3b4c-4d5e-8f6a-7b8c9d0e1f2a',
    ]);
    const created = result.matches.filter((m) => !m.existing);
    expect(created.map((m) => m.principal)).toEqual(['user bob@contoso.com (looked up by UPN)']);
    expect(result.record.accountCreatedOn).toBe('2024-03-04T09:12:44.1234567Z');
    expect(fs.existsSync(result.recordFile)).toBe(true);
  });

  test('access outside the configuration is listed with remove commands and, where the configuration can express it, a snippet', () => {
    const { result } = adoptBrownfield();
    const byName = (n: string) => result.outside.find((o) => o.assignment.principalName === n)!;
    expect(result.outside.map((o) => o.assignment.principalName).sort()).toEqual(
      ['Data Science Readers', 'Platform Readers', 'carol@contoso.com', 'dave@contoso.com', 'e1f3a5c7-9b1d-4f3a-b5c7-9d1f3b5a7c9e', 'owner@contoso.com']);
    // Hand-made grant of the inference role at the account: paste into developers.
    expect(byName('dave@contoso.com').snippet).toEqual({ field: 'developers', entry: { kind: 'user', objectId: '3d5f7a9c-1e3b-4d5f-a7c9-e1b3d5f7a9c1', label: 'dave@contoso.com' } });
    expect(byName('dave@contoso.com').removeCommand).toBe(`az role assignment delete --ids ${BROWNFIELD_ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/5e6f7a8b-4c5d-4e6f-9a7b-8c9d0e1f2a3b`);
    // A custom role and another built-in role: no configuration field.
    expect(byName('Data Science Readers').snippet).toBeUndefined();
    expect(byName('carol@contoso.com').note).toMatch(/no configuration field grants Cognitive Services OpenAI User/);
    // Inherited from the resource group and the subscription.
    expect(byName('owner@contoso.com').inherited).toBe(true);
    expect(byName('Platform Readers').note).toMatch(/granted at \/subscriptions\/.*\/resourceGroups\/rg-ai-inference-prod: managed there/);
    const text = result.lines.join('\n');
    expect(text).toContain('add to "developers": {"kind":"user","objectId":"3d5f7a9c-1e3b-4d5f-a7c9-e1b3d5f7a9c1","label":"dave@contoso.com"}');
    expect(text).toContain('keys: off (disableLocalAuth true)');
    expect(text).toContain('custom subdomain: contoso-ai-prod');
    expect(text).toContain('default action Deny, IP rules 203.0.113.0/24');
    expect(text).toContain('kind AIServices');
    expect(text).toContain('The first apply: imports 5 role assignment(s), creates 1, replaces 0');
  });

  test('a managed identity outside the configuration is suggested as managedIdentity', () => {
    const env = brownfieldEnvironment();
    env.developers = env.developers.filter((d: any) => d.kind !== 'managedIdentity');
    const { result } = adoptBrownfield(BROWNFIELD_EXPORT, env);
    const mi = result.outside.find((o) => o.assignment.principalId === '4b6d8f0a-3c5e-4f7a-9b2d-6e8a0c2e4f36')!;
    expect(mi.snippet!.entry).toEqual({ kind: 'managedIdentity', objectId: '4b6d8f0a-3c5e-4f7a-9b2d-6e8a0c2e4f36', label: 'chat-api' });
  });

  test('a custom role matched by name: its assignment is adopted, and the existing role definition is reported with the steps', () => {
    const env = brownfieldEnvironment();
    env.customRole = { enabled: true, name: 'Contoso AI Reader (hand-made)' };
    env.developers = [{ kind: 'group', objectId: '7a9c1e3b-5d7f-4a9c-8e3b-5d7f9a1c3e5a', label: 'Data Science Readers' }];
    const { result } = adoptBrownfield(BROWNFIELD_EXPORT, env);
    expect(result.record.assignments.map((a) => a.name)).toContain('7a8b9c0d-6e7f-4a8b-9c9d-0e1f2a3b4c5d');
    expect(result.customRoleExists).toEqual({
      name: 'Contoso AI Reader (hand-made)', guid: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', address: expect.stringMatching(/^azurerm_role_definition\./),
      importId: '/subscriptions/00000000-0000-0000-0000-000000000002/providers/Microsoft.Authorization/roleDefinitions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d|/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ai-inference-prod',
    });
    expect(result.lines.join('\n')).toContain('"roleDefinitionId": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"');
    // Hand-made Cognitive Services User grants: with a custom inference role the entry replaces them, and says so.
    const dave = result.outside.find((o) => o.assignment.principalName === 'dave@contoso.com')!;
    expect(dave.note).toMatch(/custom inference role/);
  });

  test('keys on in Azure are reported with the command that turns them off', () => {
    const exp = copyExport(path.join(tempDir('adopt-keys-'), 'export'));
    const acc = JSON.parse(fs.readFileSync(path.join(exp, 'account.json'), 'utf8'));
    acc.properties.disableLocalAuth = false;
    fs.writeFileSync(path.join(exp, 'account.json'), JSON.stringify(acc));
    expect(adoptBrownfield(exp).result.lines.join('\n')).toContain(`keys: ON (disableLocalAuth is false): synth refuses the account until keys are off: az resource update --ids ${BROWNFIELD_ACCOUNT_ID} --set properties.disableLocalAuth=true`);
  });

  test('the adopted stack imports each adopted grant to its own address under the existing name and description', () => {
    const { dir, result } = adoptBrownfield();
    const { json } = synthProd(dir);
    const imports = json.import as { id: string; to: string }[];
    expect(imports.map((i) => i.id).sort()).toEqual(result.record.assignments.map((a) => a.id).sort());
    for (const a of result.record.assignments) {
      const imp = imports.find((i) => i.id === a.id)!;
      const [, name] = imp.to.split('.');
      const resource = json.resource.azurerm_role_assignment[name];
      expect(resource.name).toBe(a.name);
      expect(resource.principal_id === a.principalId || String(resource.principal_id).startsWith('${data.azuread_')).toBe(true);
      expect(resource['//'].keyless_grant).toBeDefined();
    }
    const admin = Object.values<any>(json.resource.azurerm_role_assignment).find((r) => r.name === '4d5e6f7a-3b4c-4d5e-8f6a-7b8c9d0e1f2a');
    expect(admin.description).toBe('Platform team administers the account (ticket OPS-1182)');
    // Bob's grant is not adopted: a new uuidv5 name, no import.
    expect(Object.keys(json.resource.azurerm_role_assignment)).toHaveLength(6);
    expect(imports).toHaveLength(5);
  });

  test('run twice on an unchanged export, the record is byte-identical (adoptedOn kept); a changed export rewrites it', () => {
    const exp = copyExport(path.join(tempDir('adopt-twice-'), 'export'));
    const { dir, result } = adoptBrownfield(exp);
    const first = fs.readFileSync(result.recordFile);
    adopt({ configDir: dir, environment: 'prod', from: exp, now: new Date('2026-03-01T08:00:00Z') });
    expect(fs.readFileSync(result.recordFile).equals(first)).toBe(true);
    // Azure lost one of the adopted assignments: a real change, so the record is rewritten, with the new date.
    const file = path.join(exp, 'role-assignments.json');
    const list = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string }[];
    fs.writeFileSync(file, JSON.stringify(list.filter((a) => a.name !== result.record.assignments[0].name)));
    adopt({ configDir: dir, environment: 'prod', from: exp, now: new Date('2026-03-01T08:00:00Z') });
    const after = JSON.parse(fs.readFileSync(result.recordFile, 'utf8'));
    expect(after.adoptedOn).toBe('2026-03-01T08:00:00.000Z');
    expect(after.assignments).toHaveLength(result.record.assignments.length - 1);
  });

  test('removing an adopted entry after its import warns at synth: the name goes back to the UUID v5, a replacement', () => {
    const { dir, result } = adoptBrownfield();
    const record = JSON.parse(fs.readFileSync(result.recordFile, 'utf8'));
    expect(Object.values(record.adoptedNames).sort()).toEqual(result.record.assignments.map((a) => a.name).sort());
    const [removed, ...rest] = record.assignments;
    fs.writeFileSync(result.recordFile, JSON.stringify({ ...record, assignments: rest }, null, 2));
    const report = synthesize({ configDir: dir, outdir: path.join(dir, 'cdktf.out') });
    const warnings = report.warnings.filter((w) => w.message.includes('$.adoptedNames'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toContain(`adopted under the name ${removed.name}`);
    expect(warnings[0].message).toContain('the next apply deletes and re-creates the assignment');
    expect(warnings[0].message).toContain('Restore the entry');
    // The synthesized name is indeed no longer the adopted one: the warning describes what the plan would do.
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
    expect(Object.values<any>(json.resource.azurerm_role_assignment).map((r) => r.name)).not.toContain(removed.name);
    // Without the record's entries untouched there is no warning.
    fs.writeFileSync(result.recordFile, JSON.stringify(record, null, 2));
    expect(synthesize({ configDir: dir, outdir: path.join(dir, 'cdktf.out2') }).warnings.filter((w) => w.message.includes('$.adoptedNames'))).toEqual([]);
  });

  test('without customSubdomainName in the configuration, adopt records the export\'s and synth builds the endpoints from it', () => {
    const env = brownfieldEnvironment();
    delete env.existingAccount.customSubdomainName;
    const { dir, result } = adoptBrownfield(BROWNFIELD_EXPORT, env);
    expect(result.record.account).toEqual({ kind: 'AIServices', localAuthEnabled: false, customSubdomainName: 'contoso-ai-prod' });
    const { json } = synthProd(dir);
    expect(json.output.openai_endpoint?.value ?? json.output.inference_endpoint.value).toMatch(/^https:\/\/contoso-ai-prod\./);
    // Without a record either, the endpoints cannot be formed: a configuration error naming the field.
    const plain = configDir({ 'prod.json': env });
    expect(() => synthProd(plain)).toThrow(/prod\.json: \$\.existingAccount\.customSubdomainName: .*set customSubdomainName/);
  });

  test('a dry run writes nothing', () => {
    const dir = configDir({ 'prod.json': brownfieldEnvironment() });
    const r = adopt({ configDir: dir, environment: 'prod', from: BROWNFIELD_EXPORT, write: false });
    expect(fs.existsSync(r.recordFile)).toBe(false);
  });
});

describe('diagnostic settings in the export', () => {
  const LAW = '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-monitoring-prod/providers/Microsoft.OperationalInsights/workspaces/law-platform-prod';
  const withLogs = (auditLogs: object) => ({ ...brownfieldEnvironment(), auditLogs });

  test('a landing-zone setting already sending allLogs to the workspace AuditLogs names is a conflict, reported with both choices', () => {
    const { result } = adoptBrownfield(BROWNFIELD_EXPORT, withLogs({ enabled: true, workspaceId: LAW }));
    expect(result.diagnosticConflicts.map((c) => [c.setting.name, c.categories])).toEqual([['setbypolicy_LogAnalytics', ['Audit', 'RequestResponse']]]);
    const text = result.lines.join('\n');
    expect(text).toContain('  setbypolicy_LogAnalytics: Audit, AzureOpenAIRequestUsage, RequestResponse, Trace to workspace ' + LAW);
    expect(text).toMatch(/CONFLICT: setbypolicy_LogAnalytics already sends Audit, RequestResponse to the workspace .*prod\.json \$\.auditLogs\.workspaceId names/);
    expect(text).toContain('reuse it: set "auditLogs": { "enabled": false }');
    expect(text).toContain('or send elsewhere: set auditLogs.workspaceId to another workspace');
  });

  test('no conflict with another workspace, a new workspace, or categories the setting does not send', () => {
    const other = LAW.replace('law-platform-prod', 'law-security');
    expect(adoptBrownfield(BROWNFIELD_EXPORT, withLogs({ enabled: true, workspaceId: other })).result.diagnosticConflicts).toEqual([]);
    expect(adoptBrownfield(BROWNFIELD_EXPORT, withLogs({ enabled: true, workspace: {} })).result.diagnosticConflicts).toEqual([]);
    // Case differs in the CLI's IDs: still the same workspace.
    expect(adoptBrownfield(BROWNFIELD_EXPORT, withLogs({ enabled: true, workspaceId: LAW.replace('law-platform-prod', 'LAW-PLATFORM-PROD') })).result.diagnosticConflicts).toHaveLength(1);
  });

  test('an export without the file says how to add it; the older {"value": [...]} shape is read; a wrong shape names the file', () => {
    const without = copyExport(path.join(tempDir('adopt-nodiag-'), 'export'));
    fs.rmSync(path.join(without, 'diagnostic-settings.json'));
    const lines = adoptBrownfield(without, withLogs({ enabled: true, workspaceId: LAW })).result.lines.join('\n');
    expect(lines).toContain('Diagnostic settings: not in the export');
    expect(lines).toContain(`az monitor diagnostic-settings list --resource ${BROWNFIELD_ACCOUNT_ID} --output json`);
    const wrapped = copyExport(path.join(tempDir('adopt-wrapped-'), 'export'));
    const file = path.join(wrapped, 'diagnostic-settings.json');
    fs.writeFileSync(file, JSON.stringify({ value: JSON.parse(fs.readFileSync(file, 'utf8')) }));
    expect(adoptBrownfield(wrapped, withLogs({ enabled: true, workspaceId: LAW })).result.diagnosticConflicts).toHaveLength(1);
    fs.writeFileSync(file, JSON.stringify([{ name: 'x' }]));
    expect(() => adoptBrownfield(wrapped)).toThrow(/diagnostic-settings\.json: \$\[0\]: expected a diagnostic setting with "name" and "logs"/);
  });
});

describe('bad exports: a clear error naming the file', () => {
  const broken = (edit: (dir: string) => void) => {
    const exp = copyExport(path.join(tempDir('adopt-bad-'), 'export'));
    edit(exp);
    return exp;
  };
  const expectError = (exp: string, file: RegExp, message: RegExp) => {
    let err: Error | undefined;
    try {
      adoptBrownfield(exp);
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeDefined();
    expect(err!.message).toMatch(file);
    expect(err!.message).toMatch(message);
  };

  test('an export of another account', () => {
    const exp = broken((d) => {
      const f = path.join(d, 'account.json');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/contoso-ai-prod"/g, 'contoso-ai-test"').replace(/accounts\/contoso-ai-prod/g, 'accounts/contoso-ai-test'));
    });
    expectError(exp, /account\.json: \$\.id/, /an export of another account \(.*contoso-ai-test\); the configuration's account is .*contoso-ai-prod/);
  });

  test('role assignments of another account', () => {
    const exp = broken((d) => {
      const f = path.join(d, 'role-assignments.json');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/accounts\/contoso-ai-prod/g, 'accounts/contoso-ai-test'));
    });
    expectError(exp, /role-assignments\.json: \$\[0\]\.scope/, /an export of another account or scope/);
  });

  test('a truncated file', () => {
    const exp = broken((d) => {
      const f = path.join(d, 'role-assignments.json');
      const text = fs.readFileSync(f, 'utf8');
      fs.writeFileSync(f, text.slice(0, Math.floor(text.length / 2)));
    });
    expectError(exp, /role-assignments\.json: not the Azure CLI's JSON output: line \d+, column \d+/, /truncated/);
  });

  test('a file that is not JSON (table output)', () => {
    const exp = broken((d) => fs.writeFileSync(path.join(d, 'account.json'), 'Name             Kind        Location\n---------------  ----------  -------------\ncontoso-ai-prod  AIServices  swedencentral\n'));
    expectError(exp, /account\.json: not the Azure CLI's JSON output/, /--output json/);
    expect(() => adoptBrownfield(exp)).not.toThrow(/truncated/);
  });

  test('an empty file and a missing file', () => {
    expectError(broken((d) => fs.writeFileSync(path.join(d, 'role-assignments.json'), '')), /role-assignments\.json: empty/, /az role assignment list --scope/);
    expectError(broken((d) => fs.rmSync(path.join(d, 'account.json'))), /account\.json: cannot read \(ENOENT\)/, /az cognitiveservices account show --ids/);
  });

  test('an element without the CLI\'s fields', () => {
    const exp = broken((d) => {
      const f = path.join(d, 'role-assignments.json');
      const list = JSON.parse(fs.readFileSync(f, 'utf8'));
      delete list[2].principalId;
      fs.writeFileSync(f, JSON.stringify(list));
    });
    expectError(exp, /role-assignments\.json: \$\[2\]\.principalId: missing/, /az role assignment list --output json/);
  });

  test('an assignment list older than the account (an earlier account of the same name)', () => {
    // The account was deleted and created again after the list was saved: its dateCreated is after an assignment on it.
    const exp = broken((d) => {
      const f = path.join(d, 'account.json');
      const acc = JSON.parse(fs.readFileSync(f, 'utf8'));
      acc.properties.dateCreated = '2025-06-01T00:00:00Z';
      fs.writeFileSync(f, JSON.stringify(acc));
    });
    expectError(exp, /role-assignments\.json: \$\[0\]\.createdOn: 2024-03-05T10:02:11.512433\+00:00 is before the account was created \(2025-06-01T00:00:00Z, .*account\.json\)/, /older than the account/);
  });

  test('an export older than the account the configuration already adopted', () => {
    const { dir } = adoptBrownfield();
    const record = path.join(dir, 'adopted', 'prod.json');
    const r = JSON.parse(fs.readFileSync(record, 'utf8'));
    r.accountCreatedOn = '2025-09-01T00:00:00Z';
    fs.writeFileSync(record, JSON.stringify(r));
    expect(() => adopt({ configDir: dir, environment: 'prod', from: BROWNFIELD_EXPORT })).toThrow(/account\.json: properties\.dateCreated: 2024-03-04T09:12:44.1234567Z is older than the account this configuration adopted \(2025-09-01T00:00:00Z, .*adopted\/prod\.json\)/);
  });

  test('a configuration that creates the account it finds existing', () => {
    const env = brownfieldEnvironment();
    delete env.existingAccount;
    env.account = { name: 'contoso-ai-prod' };
    env.policy = { keyAccess: { enabled: false } };
    expect(() => adoptBrownfield(BROWNFIELD_EXPORT, env)).toThrow(/account\.json: the account .* exists, but .*prod\.json creates it \(\$\.account\): describe it as existing instead/);
  });
});

describe('the adoption record in the configuration', () => {
  test('is validated with file and JSON path', () => {
    const { dir } = adoptBrownfield();
    const record = path.join(dir, 'adopted', 'prod.json');
    const r = JSON.parse(fs.readFileSync(record, 'utf8'));
    r.assignments[0].name = 'not-a-guid';
    fs.writeFileSync(record, JSON.stringify(r));
    expect(() => loadConfiguration(dir)).toThrow(ConfigError);
    expect(() => loadConfiguration(dir)).toThrow(/adopted\/prod\.json: \$\.assignments\[0\]\.name: got "not-a-guid": expected a GUID/);
  });

  test('of another account, or of no environment, is refused', () => {
    const { dir } = adoptBrownfield();
    const record = path.join(dir, 'adopted', 'prod.json');
    const r = JSON.parse(fs.readFileSync(record, 'utf8'));
    fs.writeFileSync(path.join(dir, 'adopted', 'staging.json'), JSON.stringify(r));
    r.accountId = r.accountId.replace('contoso-ai-prod', 'contoso-ai-test');
    fs.writeFileSync(record, JSON.stringify(r));
    expect(() => loadConfiguration(dir)).toThrow(/adopted\/prod\.json: \$\.accountId: got ".*contoso-ai-test": adopted from another account/);
    expect(() => loadConfiguration(dir)).toThrow(/adopted\/staging\.json: no environment "staging"/);
  });

  test('naming a grant the configuration no longer makes is an error that says what to do', () => {
    const { dir } = adoptBrownfield();
    const env = brownfieldEnvironment();
    env.developers = env.developers.filter((d: any) => d.kind !== 'managedIdentity');
    fs.writeFileSync(path.join(dir, 'environments', 'prod.json'), JSON.stringify(env));
    expect(() => synthProd(dir)).toThrow(/the configuration no longer makes this grant .*run npm run adopt again, or delete the entry/);
    // The entry to delete is in the adoption record, named with its JSON path (not the environment file's "$").
    expect(() => synthProd(dir)).toThrow(/\/adopted\/prod\.json: \$\.assignments\[\d+\]\.grant: got "Inference\/Account\/[^"]*managed-identity[^"]*": the configuration no longer makes this grant /);
  });
});

describeOffline('an adopted environment offline: imports instead of creates, apply, then an empty plan', () => {
  const root = tempDir('adopt-offline-');
  let providers: OfflineProviders;
  let ws: OfflineWorkspace;
  const { dir } = adoptBrownfield();
  const { stackDir } = synthProd(dir);

  beforeAll(async () => {
    // The export is "Azure" (seeded store) and the directory (principals) at once.
    // azurerm_cognitive_account too: the old way of reading the account, compared below.
    providers = await OfflineProviders.start({ pins: pinsFor([stackDir], defaultSchemasDir()), types: [...typesFor([stackDir]), 'azurerm_cognitive_account'], directory: BROWNFIELD_EXPORT, azureStore: path.join(root, 'azure-store.json') });
    ws = await initWorkspace(providers, stackDir, root);
  });
  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the plan imports the five adopted assignments and creates only the one Azure lacks', async () => {
    const plan = await ws.plan();
    expect(plan.stderr).toBe('');
    const changes = plan.json!.resource_changes!.filter((rc) => rc.mode === 'managed');
    const importing = changes.filter((rc) => (rc.change as any).importing);
    expect(importing).toHaveLength(5);
    for (const rc of importing) expect(rc.change.actions).toEqual(['no-op']);
    expect(countChanges(plan.json!, ['create'])).toEqual({ azurerm_role_assignment: 1 });
    expect(changes.filter((rc) => !['no-op', 'create'].includes(rc.change.actions.join()))).toEqual([]);
    const apply = await ws.apply();
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/5 imported, 1 added, 0 changed, 0 destroyed/);
    const names = stateResources(ws.workDir).filter((r) => r.type === 'azurerm_role_assignment').map((r) => r.values.name);
    expect(names).toContain('4d5e6f7a-3b4c-4d5e-8f6a-7b8c9d0e1f2a');
    const again = await ws.plan(undefined, { json: false });
    expect(again.stderr).toBe('');
    expect(again.exitCode).toBe(0);
  });

  test('without the adoption record the same stack fails the way Azure fails: RoleAssignmentExists', async () => {
    const plain = configDir({ 'prod.json': brownfieldEnvironment() });
    const { stackDir: plainStack } = synthProd(plain);
    const ws2 = await initWorkspace(providers, path.join(plainStack), path.join(root, 'plain'));
    const plan = await ws2.plan(undefined, { json: false });
    expect(plan.exitCode).toBe(2);
    const apply = await ws2.apply();
    expect(apply.code).not.toBe(0);
    expect(apply.stderr).toMatch(/unexpected status 409 \(409 Conflict\) with error: RoleAssignmentExists: The role assignment already exists\./);
  });

  test('keys on in "Azure": the old azurerm_cognitive_account read fails for a reader (403) and puts both keys into the state for a deployer; the stack reads no key', async () => {
    const store = new AzureStore(providers.azureStore);
    store.put(BROWNFIELD_ACCOUNT_ID, 'azurerm_cognitive_account', { ...store.get(BROWNFIELD_ACCOUNT_ID)!.attributes, local_auth_enabled: true });
    // The old check: the account data source (what 0.2 synthesized for an existing account), alone in a stack.
    const oldDir = path.join(root, 'old-read', 'prod');
    fs.mkdirSync(oldDir, { recursive: true });
    fs.writeFileSync(path.join(oldDir, 'cdk.tf.json'), JSON.stringify({
      terraform: { required_providers: { azurerm: { source: 'hashicorp/azurerm', version: '4.55.0' } } },
      provider: { azurerm: [{ features: [{}], subscription_id: '00000000-0000-0000-0000-000000000002' }] },
      data: { azurerm_cognitive_account: { existing: { name: 'contoso-ai-prod', resource_group_name: 'rg-ai-inference-prod' } } },
      output: { kind: { value: '${data.azurerm_cognitive_account.existing.kind}' } },
    }));
    const reader = await OfflineProviders.start({
      pins: pinsFor([stackDir], defaultSchemasDir()), types: [...typesFor([stackDir]), 'azurerm_cognitive_account'], directory: BROWNFIELD_EXPORT,
      azureStore: providers.azureStore, env: { OFFLINE_CALLER_ROLE: 'Reader' },
    });
    try {
      const oldPlan = await (await initWorkspace(reader, oldDir, path.join(root, 'reader-old'))).plan(undefined, { json: false });
      expect(oldPlan.exitCode).toBe(1);
      expect(oldPlan.stderr).toMatch(/listing the Keys for Account[\s\S]*403 Forbidden[\s\S]*Microsoft\.CognitiveServices\/accounts\/listKeys\/action/);
      // The stack's own checks read the account without its keys: the read-only identity plans.
      const newPlan = await (await initWorkspace(reader, stackDir, path.join(root, 'reader-new'))).plan(undefined, { json: false });
      expect(newPlan.stderr).toBe('');
      expect(newPlan.exitCode).not.toBe(1);
    } finally {
      await reader.stop();
    }
    // A deployer (Owner) can list keys: the old read writes both into the state.
    const owner = await initWorkspace(providers, oldDir, path.join(root, 'owner-old'));
    expect((await owner.plan(undefined, { json: false })).stderr).toBe('');
    const applied = await owner.apply();
    expect(applied.code).toBe(0);
    const oldState = JSON.parse(fs.readFileSync(path.join(owner.workDir, 'terraform.tfstate'), 'utf8'));
    const key = oldState.resources.find((r: any) => r.type === 'azurerm_cognitive_account').instances[0].attributes.primary_access_key;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    // The stack's state after its plan and apply: the account found by azurerm_resources, no key anywhere.
    const again = await ws.plan(undefined, { json: false });
    expect(again.stderr).toBe('');
    expect(again.exitCode).toBe(0);
    expect(await ws.apply()).toMatchObject({ code: 0 });
    const stateText = fs.readFileSync(path.join(ws.workDir, 'terraform.tfstate'), 'utf8');
    expect(stateText).not.toContain(key);
    expect(stateText).not.toMatch(/primary_access_key/);
    const listed = JSON.parse(stateText).resources.find((r: any) => r.type === 'azurerm_resources').instances[0].attributes.resources;
    expect(listed).toEqual([expect.objectContaining({ id: BROWNFIELD_ACCOUNT_ID, type: 'Microsoft.CognitiveServices/accounts' })]);
  });
});

describe('the adopt command line', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['-r', path.join(__dirname, '..', 'tools', 'register-ts.js'), path.join(__dirname, '..', 'app', 'adopt-cli.ts'), ...args], { encoding: 'utf8' });

  test('prints the report and writes the record; a bad export exits 1 naming the file', () => {
    const dir = configDir({ 'prod.json': brownfieldEnvironment() });
    const ok = cli('prod', '--from', BROWNFIELD_EXPORT, '--config', dir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Grants of the configuration already in Azure: imported, not created (5)');
    expect(fs.existsSync(path.join(dir, 'adopted', 'prod.json'))).toBe(true);
    const bad = cli('prod', '--from', path.join(dir, 'no-such-export'), '--config', dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^adopt: .*no-such-export: no such folder/);
    const usage = cli('--help');
    expect(usage.stdout).toContain('az role assignment list --scope <account-id> --include-inherited --output json');
  });
});
