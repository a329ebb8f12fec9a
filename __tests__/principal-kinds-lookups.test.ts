import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadServicePrincipal } from '@cdktf/provider-azuread/lib/data-azuread-service-principal';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { DataAzurermUserAssignedIdentity } from '@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { AiServicesAccount } from '../constructs/ai-services-account';
import { IPrincipal, Principal } from '../constructs/principal';
import { accountArmId, expectRejected, newStack, resourcesOf, SUBSCRIPTION, synthJson, synthString } from '../test-support/stacks';

// The principal kinds of issue 17: users by mail / mail nickname / employee ID, groups by mail nickname, managed
// identities by the resource that holds them or by name.

const APP_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-apps/providers/Microsoft.Web/sites/chat-api`;
const UAI_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-chat-api`;
const existing = (stack: TerraformStack) => AiServicesAccount.fromAccountId(stack, 'Acct-ai-x', accountArmId('ai-x'));
const synthWith = (...principals: IPrincipal[]) => {
  const stack = newStack();
  const acct = existing(stack);
  principals.forEach((p, i) => (i === 0 ? acct.grantInference(p) : acct.grantAdministration(p)));
  return { stack, json: synthJson(stack) };
};
const assignment = (json: any) => Object.values(resourcesOf(json, 'azurerm_role_assignment'))[0] as any;
const withoutMeta = (block: any) => Object.fromEntries(Object.entries(block).filter(([k]) => k !== '//' && k !== 'lifecycle'));

describe('synthesized lookups', () => {
  test.each([
    ['user by mail', Principal.userByMail('alice@contoso.com'), 'azuread_user', { mail: 'alice@contoso.com' }, 'object_id', 'User'],
    ['user by mail nickname', Principal.userByMailNickname('alice'), 'azuread_user', { mail_nickname: 'alice' }, 'object_id', 'User'],
    ['user by employee ID', Principal.userByEmployeeId('E-10042'), 'azuread_user', { employee_id: 'E-10042' }, 'object_id', 'User'],
    ['group by mail nickname', Principal.groupByMailNickname('ai-devs'), 'azuread_group', { mail_nickname: 'ai-devs', security_enabled: true }, 'object_id', 'Group'],
    ['system-assigned identity by resource ID', Principal.systemAssignedIdentity(APP_ID), 'azuread_service_principal', { display_name: 'chat-api' }, 'object_id', 'ServicePrincipal'],
    ['system-assigned identity by type, name, group', Principal.systemAssignedIdentityOf({ resourceType: 'Microsoft.App/containerApps', name: 'ingest', resourceGroupName: 'rg-jobs' }),
      'azuread_service_principal', { display_name: 'ingest' }, 'object_id', 'ServicePrincipal'],
    ['user-assigned identity by name', Principal.userAssignedIdentity('id-chat-api', 'rg-apps'), 'azurerm_user_assigned_identity', { name: 'id-chat-api', resource_group_name: 'rg-apps' }, 'principal_id', 'ServicePrincipal'],
    ['user-assigned identity by ID', Principal.userAssignedIdentityById(UAI_ID), 'azurerm_user_assigned_identity', { name: 'id-chat-api', resource_group_name: 'rg-apps' }, 'principal_id', 'ServicePrincipal'],
  ])('%s: one data source, its principal type, principal_id from the lookup', (_kind, principal, type, props, attr, principalType) => {
    const { json } = synthWith(principal, principal);
    const sources = resourcesOf(json, type, 'data');
    expect(Object.values(sources).map(withoutMeta)).toEqual([props]);
    const [logicalId] = Object.keys(sources);
    expect(assignment(json).principal_id).toBe(`\${data.${type}.${logicalId}.${attr}}`);
    expect(assignment(json).principal_type).toBe(principalType);
    expect(assignment(json).skip_service_principal_aad_check).toBeUndefined();
  });

  test('matchers see the new lookups', () => {
    const stack = newStack();
    const acct = existing(stack);
    [Principal.userByEmployeeId('E-10042'), Principal.groupByMailNickname('ai-devs'), Principal.userAssignedIdentity('id-chat-api', 'rg-apps')].forEach((p) => acct.grantInference(p));
    const out = synthString(stack);
    expect(out).toHaveDataSourceWithProperties(DataAzureadUser, { employee_id: 'E-10042' });
    expect(out).toHaveDataSourceWithProperties(DataAzureadGroup, { mail_nickname: 'ai-devs' });
    expect(out).toHaveDataSourceWithProperties(DataAzurermUserAssignedIdentity, { name: 'id-chat-api', resource_group_name: 'rg-apps' });
  });

  test('a system-assigned identity is checked against the resource ID Entra ID records for it', () => {
    const { json, stack } = synthWith(Principal.systemAssignedIdentity(APP_ID));
    const [sp] = Object.values(resourcesOf(json, 'azuread_service_principal', 'data')) as any[];
    expect(sp.lifecycle.postcondition[0].condition).toBe(`\${anytrue([for n in self.alternative_names : endswith(lower(n), "${APP_ID.toLowerCase()}")])}`);
    expect(sp.lifecycle.postcondition[0].error_message).toContain('is not the system-assigned identity of Microsoft.Web/sites chat-api in rg-apps');
    expect(synthString(stack)).toHaveDataSourceWithProperties(DataAzureadServicePrincipal, { display_name: 'chat-api' });
    // By type, name and group: any subscription, the rest of the ID must match.
    const byName = synthWith(Principal.systemAssignedIdentityOf({ resourceType: 'Microsoft.Web/sites', name: 'chat-api', resourceGroupName: 'RG-Apps' })).json;
    const [sp2] = Object.values(resourcesOf(byName, 'azuread_service_principal', 'data')) as any[];
    expect(sp2.lifecycle.postcondition[0].condition).toContain('"/resourcegroups/rg-apps/providers/microsoft.web/sites/chat-api"');
  });

  test('a user-assigned identity by ID must be in the provider\'s subscription (postcondition on the whole ID)', () => {
    const [uai] = Object.values(resourcesOf(synthWith(Principal.userAssignedIdentityById(UAI_ID)).json, 'azurerm_user_assigned_identity', 'data')) as any[];
    expect(uai.lifecycle.postcondition[0].condition).toBe(`\${lower(self.id) == "${UAI_ID.toLowerCase()}"}`);
  });

  test('lookups de-duplicate case-insensitively, as Graph and ARM compare', () => {
    const { json } = synthWith(Principal.userByMail('alice@contoso.com'));
    const stack = newStack();
    const acct = existing(stack);
    acct.grantInference(Principal.userByMail('alice@contoso.com'));
    acct.grantAdministration(Principal.userByMail('Alice@Contoso.com'));
    acct.grantInference(Principal.userAssignedIdentity('id-chat-api', 'rg-apps'));
    acct.grantAdministration(Principal.userAssignedIdentity('ID-Chat-API', 'RG-Apps'));
    const twice = synthJson(stack);
    expect(Object.keys(resourcesOf(twice, 'azuread_user', 'data'))).toEqual(Object.keys(resourcesOf(json, 'azuread_user', 'data')));
    expect(Object.keys(resourcesOf(twice, 'azurerm_user_assigned_identity', 'data'))).toHaveLength(1);
  });

  test('every new kind takes a key, and the key names the grant', () => {
    for (const p of [
      Principal.userByMail('alice@contoso.com', { key: 'alice' }), Principal.userByMailNickname('alice', { key: 'alice' }),
      Principal.userByEmployeeId('E-1', { key: 'alice' }), Principal.groupByMailNickname('ai-devs', { key: 'alice' }),
      Principal.systemAssignedIdentity(APP_ID, { key: 'alice' }),
      Principal.systemAssignedIdentityOf({ resourceType: 'Microsoft.Web/sites', name: 'chat-api', resourceGroupName: 'rg-apps' }, { key: 'alice' }),
      Principal.userAssignedIdentity('id-chat-api', 'rg-apps', { key: 'alice' }), Principal.userAssignedIdentityById(UAI_ID, { key: 'alice' }),
    ]) {
      expect(p.key).toBe('alice');
      const names = Object.keys(resourcesOf(synthWith(p).json, 'azurerm_role_assignment'));
      expect(names).toEqual(Object.keys(resourcesOf(synthWith(Principal.user('11111111-1111-4111-8111-111111111111', { key: 'alice' })).json, 'azurerm_role_assignment')));
    }
  });

  test('unresolved values are not rejected', () => {
    const stack = newStack();
    const v = new TerraformVariable(stack, 'v', { type: 'string' });
    existing(stack).grantInference(Principal.userByEmployeeId(v.stringValue));
    expect(synthString(stack)).toHaveDataSourceWithProperties(DataAzureadUser, { employee_id: '${var.v}' });
  });
});

describe('bad input', () => {
  const PATH = 'test/Acct-ai-x/';
  test.each([
    ['user by mail without a domain', () => Principal.userByMail('alice'), 'user mail "alice"', 'expected a mail address such as alice@contoso.com'],
    ['user by mail nickname with an @', () => Principal.userByMailNickname('alice@contoso.com'), 'user mail nickname "alice@contoso.com"', 'expected the alias before the @'],
    ['user by employee ID, empty', () => Principal.userByEmployeeId(''), 'user employee ID ""', 'expected the employee ID as recorded in Entra ID'],
    ['user by employee ID, too long', () => Principal.userByEmployeeId('12345678901234567'), 'user employee ID "12345678901234567"', '1 to 16 characters'],
    ['group by mail nickname with a space', () => Principal.groupByMailNickname('ai devs'), 'group mail nickname "ai devs"', 'expected the group\'s mail nickname'],
    ['group by mail nickname with an apostrophe', () => Principal.groupByMailNickname("o'brien-team"), 'group mail nickname "o\'brien-team"', 'its filter is not escaped'],
    ['system-assigned identity, not an ARM ID', () => Principal.systemAssignedIdentity('chat-api'), 'resource ID "chat-api"', 'expected /subscriptions/<guid>/resourceGroups/<group>/providers/<Namespace>/<type>/<name>'],
    ['system-assigned identity, a child resource', () => Principal.systemAssignedIdentity(`${APP_ID}/slots/staging`), 'resource ID', 'for a child resource such as a web app slot'],
    ['system-assigned identity, type without namespace', () => Principal.systemAssignedIdentityOf({ resourceType: 'sites', name: 'chat-api', resourceGroupName: 'rg-apps' }), 'resource type "sites"', 'e.g. Microsoft.Web/sites'],
    ['user-assigned identity, name too short', () => Principal.userAssignedIdentity('id', 'rg-apps'), 'user-assigned identity name "id"', '3 to 128 characters'],
    ['user-assigned identity, bad resource group', () => Principal.userAssignedIdentity('id-chat-api', 'rg/apps'), 'resource group name "rg/apps"', 'expected 1 to 90 letters'],
    ['user-assigned identity by ID, another resource type', () => Principal.userAssignedIdentityById(APP_ID), 'user-assigned identity ID', 'Microsoft.ManagedIdentity/userAssignedIdentities/<name>'],
  ])('%s', (_case, make, value, allowed) => {
    const stack = newStack();
    expectRejected(() => existing(stack).grantInference(make()), { path: PATH, value, allowed });
  });
});

describe('lookups whose input is known only to Terraform (a variable, another resource\'s attribute)', () => {
  test('a system-assigned identity by a resource ID variable: the display name is its last segment, the check compares it lowercased at plan time', () => {
    const stack = newStack();
    const id = new TerraformVariable(stack, 'app_id', { type: 'string' }).stringValue;
    existing(stack).grantInference(Principal.systemAssignedIdentity(id));
    const [sp] = Object.values(resourcesOf(synthJson(stack), 'azuread_service_principal', 'data')) as any[];
    expect(sp.display_name).toBe('${element(split("/", var.app_id), 8)}');
    // Not the token's text lowercased (which Terraform would read as an unknown variable "tftoken").
    expect(sp.lifecycle.postcondition[0].condition).toBe('${anytrue([for n in self.alternative_names : endswith(lower(n), lower(var.app_id))])}');
  });

  test('a user-assigned identity by an ID variable: name and resource group are its segments, the subscription check compares lowercased', () => {
    const stack = newStack();
    const id = new TerraformVariable(stack, 'uai_id', { type: 'string' }).stringValue;
    existing(stack).grantInference(Principal.userAssignedIdentityById(id));
    const [uai] = Object.values(resourcesOf(synthJson(stack), 'azurerm_user_assigned_identity', 'data')) as any[];
    expect(uai).toMatchObject({ name: '${element(split("/", var.uai_id), 8)}', resource_group_name: '${element(split("/", var.uai_id), 4)}' });
    expect(uai.lifecycle.postcondition[0].condition).toBe('${lower(self.id) == lower(var.uai_id)}');
  });

  test('grants to such lookups are addressed by the expression, so reading other attributes first moves nothing', () => {
    const addresses = (readFirst: number) => {
      const stack = newStack();
      const upn = new TerraformVariable(stack, 'upn', { type: 'string' });
      for (let i = 0; i < readFirst; i++) void upn.stringValue; // each read makes a token
      existing(stack).grantInference(Principal.userByUpn(upn.stringValue));
      return Object.keys(resourcesOf(synthJson(stack), 'azurerm_role_assignment'));
    };
    expect(addresses(0)).toEqual(addresses(3));
    expect(addresses(0)[0]).toContain('user-upn-var-upn');
    // The address such a grant had (the token's text lowercased into the key) moves to it.
    const stack = newStack();
    existing(stack).grantInference(Principal.userByUpn(new TerraformVariable(stack, 'upn', { type: 'string' }).stringValue));
    const json = synthJson(stack);
    const [address] = Object.keys(resourcesOf(json, 'azurerm_role_assignment'));
    expect(json.moved).toContainEqual({ from: expect.stringMatching(/^azurerm_role_assignment\.Acct-ai-x_cognitive-services-user-user-upn-tftoken-token-\d+-/), to: expect.any(String) });
    expect(json.moved[json.moved.length - 1].to).toBe(`azurerm_role_assignment.${address}`);
  });
});

describe('a system-assigned identity by type, name and group known only to Terraform', () => {
  test('the check joins and lowercases the parts at plan time; literal parts stay literal', () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, 'app_name', { type: 'string' }).stringValue;
    existing(stack).grantInference(Principal.systemAssignedIdentityOf({ resourceType: 'Microsoft.Web/sites', name, resourceGroupName: 'rg-apps' }));
    const [sp] = Object.values(resourcesOf(synthJson(stack), 'azuread_service_principal', 'data')) as any[];
    expect(sp.display_name).toBe('${var.app_name}');
    expect(sp.lifecycle.postcondition[0].condition)
      .toBe('${anytrue([for n in self.alternative_names : endswith(lower(n), lower(join("", ["/resourcegroups/", "rg-apps", "/providers/", "Microsoft.Web/sites", "/", var.app_name])))])}');
  });
});
