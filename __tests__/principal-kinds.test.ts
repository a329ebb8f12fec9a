import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfiguration } from '../app/load-config';
import { synthesize } from '../app/synthesize';
import { configDir, configErrorOf, devWith } from '../test-support/config-fixtures';
import { CHAT_API_ID, INGEST_UAI_ID, NEW_KIND_PRINCIPALS } from '../test-support/principal-kind-fixtures';

// The configuration form of the principal kinds of issue 17 (one row each in app/principal-kinds.ts).

const synthDev = (patch: (env: any) => void) => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinds-out-'));
  synthesize({ configDir: configDir({ 'dev.json': devWith(patch) }), outdir });
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
};
const withDeveloper = (entry: Record<string, unknown>) => (e: any) => { e.developers.push(entry); };
const grantsTo = (json: any, principalId: string) =>
  Object.values(json.resource.azurerm_role_assignment as Record<string, any>).filter((a) => a.principal_id === principalId);

describe('every new kind synthesizes its lookup', () => {
  test.each([
    ['userByMail', { mail: 'bob@contoso.com' }, 'azuread_user', { mail: 'bob@contoso.com' }, 'object_id', 'User'],
    ['userByMailNickname', { mailNickname: 'carol' }, 'azuread_user', { mail_nickname: 'carol' }, 'object_id', 'User'],
    ['userByEmployeeId', { employeeId: 'E-10042' }, 'azuread_user', { employee_id: 'E-10042' }, 'object_id', 'User'],
    ['groupByMailNickname', { mailNickname: 'ai-readers' }, 'azuread_group', { mail_nickname: 'ai-readers', security_enabled: true }, 'object_id', 'Group'],
    ['systemAssignedIdentity', { resourceId: CHAT_API_ID }, 'azuread_service_principal', { display_name: 'chat-api' }, 'object_id', 'ServicePrincipal'],
    ['systemAssignedIdentityByName', { resourceType: 'Microsoft.App/containerApps', name: 'summarizer', resourceGroupName: 'rg-apps' },
      'azuread_service_principal', { display_name: 'summarizer' }, 'object_id', 'ServicePrincipal'],
    ['userAssignedIdentity', { name: 'id-chat-api', resourceGroupName: 'rg-apps' }, 'azurerm_user_assigned_identity', { name: 'id-chat-api', resource_group_name: 'rg-apps' }, 'principal_id', 'ServicePrincipal'],
    ['userAssignedIdentityById', { resourceId: INGEST_UAI_ID }, 'azurerm_user_assigned_identity', { name: 'id-ingest', resource_group_name: 'rg-jobs' }, 'principal_id', 'ServicePrincipal'],
  ])('%s', (kind, fields, type, props, attr, principalType) => {
    const json = synthDev(withDeveloper({ kind, ...fields }));
    const found = Object.entries(json.data[type] as Record<string, any>).filter(([, d]) => Object.entries(props).every(([k, v]) => d[k] === v));
    expect(found).toHaveLength(1);
    const [[logicalId, source]] = found;
    for (const k of Object.keys(source)) expect([...Object.keys(props), '//', 'lifecycle']).toContain(k);
    const grants = grantsTo(json, `\${data.${type}.${logicalId}.${attr}}`);
    expect(grants).toHaveLength(1); // developers: inference
    expect(grants[0].principal_type).toBe(principalType);
  });

  test('every kind takes a key, and the key names the grant whatever identifies the principal', () => {
    const names = (entry: Record<string, unknown>) => Object.keys(synthDev(withDeveloper({ ...entry, key: 'them' })).resource.azurerm_role_assignment);
    const byObjectId = names({ kind: 'user', objectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    expect(byObjectId.some((n) => n.includes('them'))).toBe(true);
    for (const { entry } of NEW_KIND_PRINCIPALS) {
      const { key: _key, ...unkeyed } = entry;
      expect(names(unkeyed)).toEqual(byObjectId);
    }
  });
});

describe('GUIDs as users paste them', () => {
  test('capitals and braces are read as Azure writes GUIDs: the synthesized principal_id and tenant are lowercase', () => {
    const oid = '9f2c4b6a-1d3e-4a5b-8c7d-2e4f6a8b0c12';
    const json = synthDev((e) => {
      e.developers[0].objectId = `{${oid.toUpperCase()}}`;
      e.tenantId = e.tenantId.toUpperCase();
    });
    expect(grantsTo(json, oid)).toHaveLength(1);
    expect(JSON.stringify(json)).not.toMatch(/9F2C4B6A|72F988BF/);
  });

  test('capitals still count as the same principal: listed twice is refused', () => {
    const error = configErrorOf(configDir({ 'dev.json': devWith((e) => { e.developers.push({ kind: 'group', objectId: e.developers[0].objectId.toUpperCase() }); }) }));
    expect(error).toContain('$.developers[4]: got');
    expect(error).toContain('the same principal as $.developers[0]');
  });
});

describe('bad input, per kind: file, JSON path, value, fix', () => {
  test.each([
    [{ kind: 'userByMail', mail: 'bob' }, '$.developers[4].mail: got "bob": expected a mail address such as alice@contoso.com'],
    [{ kind: 'userByMailNickname', mailNickname: 'bob@contoso.com' }, '$.developers[4].mailNickname: got "bob@contoso.com": expected the user\'s mail nickname (the alias before the @)'],
    [{ kind: 'userByEmployeeId', employeeId: '' }, '$.developers[4].employeeId: got "": expected the employee ID as recorded in Entra ID: 1 to 16 characters'],
    [{ kind: 'groupByMailNickname', mailNickname: "o'brien-team" }, '$.developers[4].mailNickname: got "o\'brien-team": azuread 3.7 cannot look up a group whose mail nickname contains an apostrophe'],
    [{ kind: 'groupByMailNickname', mailNickname: 'ai readers' }, '$.developers[4].mailNickname: got "ai readers": expected the group\'s mail nickname'],
    [{ kind: 'systemAssignedIdentity', resourceId: 'chat-api' }, '$.developers[4].resourceId: got "chat-api": expected the ARM ID of the resource holding the identity'],
    [{ kind: 'systemAssignedIdentity', resourceId: `${CHAT_API_ID}/slots/staging` }, 'for a child resource such as a web app slot, use {"kind": "managedIdentity"'],
    [{ kind: 'systemAssignedIdentityByName', resourceType: 'sites', name: 'chat-api', resourceGroupName: 'rg-apps' }, '$.developers[4].resourceType: got "sites": expected a resource type with its namespace'],
    [{ kind: 'userAssignedIdentity', name: 'id', resourceGroupName: 'rg-apps' }, '$.developers[4].name: got "id": expected the identity\'s name, 3 to 128 characters'],
    [{ kind: 'userAssignedIdentity', name: 'id-chat-api' }, '$.developers[4].resourceGroupName'],
    [{ kind: 'userAssignedIdentityById', resourceId: CHAT_API_ID }, '$.developers[4].resourceId: got "/subscriptions/'],
  ])('%j', (entry, message) => {
    const error = configErrorOf(configDir({ 'dev.json': devWith(withDeveloper(entry)) }));
    expect(error).toContain('environments/dev.json');
    expect(error).toContain(message);
  });

  test('a key is unique within the environment across the new kinds', () => {
    const error = configErrorOf(configDir({ 'dev.json': devWith((e) => {
      e.developers.push({ kind: 'userByMail', mail: 'bob@contoso.com', key: 'bob' });
      e.administrators.push({ kind: 'userByEmployeeId', employeeId: 'E-1', key: 'bob' });
    }) }));
    expect(error).toContain('$.administrators[2].key: got "bob": already the key of $.developers[4], another principal');
  });

  test('every kind loads', () => {
    expect(() => loadConfiguration(configDir({ 'dev.json': devWith((e) => { e.developers.push(...NEW_KIND_PRINCIPALS.map((p) => p.entry)); }) }))).not.toThrow();
  });
});
