import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  accountDataSourceKeys,
  listResources,
  applyErrors,
  applyPicker,
  azureRoleDefinitionId,
  azureStores,
  configureProvider,
  dataPicker,
  defaultModelVersion,
  planModify,
  replacePaths,
  validateDataSource,
  validateResource,
} from '../azure-rules';
import { AzureStore, FakeDirectory } from '../azure-store';
import { CtyValue } from '../cty';
import { fakeUuid } from '../fake-ids';
import { Portal } from '../portal';

const SUB = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const ctx = configureProvider('azurerm', { subscription_id: SUB }, {}).ctx!;
const ACCOUNT_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a`;
const GUID = '0d1b5a4e-1111-4c2d-9e3f-000000000001';

const summaries = (type: string, cfg: object) => validateResource(type, cfg as CtyValue).map((d) => d.detail ?? d.summary);

describe('provider configuration', () => {
  test('subscription_id is required only when use_cli = false (provider.go:394-399)', () => {
    const res = configureProvider('azurerm', { subscription_id: null, use_cli: false }, {});
    expect(res.ctx).toBeUndefined();
    expect(res.diagnostics[0].summary).toContain('`subscription_id` is a required provider property');
    expect(configureProvider('azurerm', { subscription_id: null }, { ARM_USE_CLI: 'false' }).ctx).toBeUndefined();
    expect(configureProvider('azurerm', { subscription_id: null }, {}).ctx!.subscriptionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(configureProvider('azurerm', { subscription_id: null, use_cli: false }, { ARM_SUBSCRIPTION_ID: SUB }).ctx!.subscriptionId).toBe(SUB);
  });
});

describe('validation with the SDK\'s wording', () => {
  test('a diagnostic setting\'s workspace ID is parsed case-sensitively (workspaces.ValidateWorkspaceID, id_workspace.go:37-39)', () => {
    const ws = `/subscriptions/${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law`;
    const setting = (id: string) => summaries('azurerm_monitor_diagnostic_setting', { name: 'd', target_resource_id: ACCOUNT_ID, log_analytics_workspace_id: id });
    expect(setting(ws)).toEqual([]);
    expect(setting(ws.replace('resourceGroups', 'resourcegroups'))).toEqual([expect.stringContaining('as a Workspace ID for "log_analytics_workspace_id"')]);
    expect(setting(ws.replace('Microsoft.OperationalInsights', 'microsoft.operationalinsights'))).toHaveLength(1);
  });

  const deployment = { name: 'd', cognitive_account_id: ACCOUNT_ID, model: [{ format: 'OpenAI', name: 'm' }], sku: [{ name: 'GlobalStandard', capacity: 1 }] };

  test('deployment: sku enum without DeveloperTier, capacity >= 1, rai_policy_name not empty, account ID case-sensitive', () => {
    expect(summaries('azurerm_cognitive_deployment', deployment)).toEqual([]);
    expect(summaries('azurerm_cognitive_deployment', { ...deployment, sku: [{ name: 'DeveloperTier', capacity: 1 }] })[0]).toMatch(/^expected sku\.0\.name to be one of \["Standard" "DataZoneBatch"/);
    expect(summaries('azurerm_cognitive_deployment', { ...deployment, sku: [{ name: 'GlobalStandard', capacity: 0 }] })).toEqual(['expected sku.0.capacity to be at least (1), got 0']);
    expect(summaries('azurerm_cognitive_deployment', { ...deployment, rai_policy_name: '' })).toEqual(['expected "rai_policy_name" to not be an empty string, got ']);
    expect(summaries('azurerm_cognitive_deployment', { ...deployment, cognitive_account_id: ACCOUNT_ID.toLowerCase() })[0]).toContain('as an Account ID');
  });

  test('account: ConversationalLanguageUnderstanding is a kind; subdomain only not empty; no name length limit; network_acls needs the subdomain; ip_rules IPv4 or CIDR', () => {
    const account = { name: 'a'.repeat(80), kind: 'ConversationalLanguageUnderstanding', sku_name: 'S0', custom_subdomain_name: 'my_sub', network_acls: [] };
    expect(summaries('azurerm_cognitive_account', account)).toEqual([]);
    expect(summaries('azurerm_cognitive_account', { ...account, custom_subdomain_name: null, network_acls: [{ default_action: 'Deny' }] })).toEqual([
      '"network_acls": all of `network_acls,custom_subdomain_name` must be specified',
    ]);
    expect(summaries('azurerm_cognitive_account', { ...account, network_acls: [{ default_action: 'Deny', ip_rules: ['203.0.113.0/24', '1.2.3.4', 'nope'] }] })).toHaveLength(2);
  });

  test('account CustomizeDiff: dynamic throttling, bypass and network injection by kind', () => {
    const base = { name: 'ab', kind: 'OpenAI', sku_name: 'S0' };
    expect(summaries('azurerm_cognitive_account', { ...base, dynamic_throttling_enabled: true })).toEqual(['`dynamic_throttling_enabled` is currently not supported when `kind` is set to `OpenAI` or `AIServices`']);
    expect(summaries('azurerm_cognitive_account', { ...base, kind: 'Face', custom_subdomain_name: 'x', network_acls: [{ default_action: 'Deny', bypass: 'AzureServices' }] })).toEqual(['`network_acls.bypass` cannot be set when `kind` is set to `Face`']);
    expect(summaries('azurerm_cognitive_account', { ...base, network_injection: [{ scenario: 'agent' }] })).toEqual(['the `network_injection` block is only supported when `kind` is set to `AIServices`']);
  });

  test('role assignment: ExactlyOneOf role id/name, scope form, principal_id unchecked at plan', () => {
    const ra = { name: GUID, scope: '/subscriptions/x', principal_id: 'not-a-guid', role_definition_name: 'Reader' };
    expect(summaries('azurerm_role_assignment', ra)).toEqual([]);
    expect(summaries('azurerm_role_assignment', { ...ra, role_definition_name: null })).toEqual([
      '"role_definition_id": one of `role_definition_id,role_definition_name` must be specified',
      '"role_definition_name": one of `role_definition_id,role_definition_name` must be specified',
    ]);
    expect(summaries('azurerm_role_assignment', { ...ra, scope: 'abc' })[0]).toBe('invalid value for scope (Root scope (/) is invalid)');
  });

  test('role definition: scope starts with /subscriptions/ or a management group; assignable scopes are scope IDs', () => {
    const rd = { name: 'r', scope: `/subscriptions/${SUB}`, role_definition_id: GUID, assignable_scopes: [`/subscriptions/${SUB}`] };
    expect(summaries('azurerm_role_definition', rd)).toEqual([]);
    expect(summaries('azurerm_role_definition', { ...rd, scope: 'rg-name' })).toEqual(['expect scope to start with one of /subscriptions/, /providers/Microsoft.Management/managementGroups/, got "rg-name"']);
    expect(summaries('azurerm_role_definition', { ...rd, assignable_scopes: ['rg'] })[0]).toContain('assignable_scopes.0');
    expect(summaries('azurerm_role_definition', { ...rd, role_definition_id: 'x' })).toEqual(['expected "role_definition_id" to be a valid UUID, got x']);
  });

  test('storage: retention days 1..365, IP rules at most /30 and public, tags limits, access_tier by kind', () => {
    const sa = { name: 'stx01', account_tier: 'Standard', account_replication_type: 'LRS' };
    expect(summaries('azurerm_storage_account', { ...sa, blob_properties: [{ delete_retention_policy: [{ days: 0 }] }] })).toEqual(['expected blob_properties.0.delete_retention_policy.0.days to be in the range (1 - 365), got 0']);
    expect(summaries('azurerm_storage_account', { ...sa, blob_properties: [{ container_delete_retention_policy: [{ days: 365 }] }] })).toEqual([]);
    expect(summaries('azurerm_storage_account', { ...sa, network_rules: [{ default_action: 'Deny', ip_rules: ['203.0.113.0/31'] }] })[0]).toContain('number of bits (0-30)');
    expect(summaries('azurerm_storage_account', { ...sa, network_rules: [{ default_action: 'Deny', ip_rules: ['172.16.0.1'] }] })[0]).toContain('must be public ip address');
    expect(summaries('azurerm_storage_account', { ...sa, network_rules: [{ default_action: 'Deny', ip_rules: ['203.0.113.0/30'] }] })).toEqual([]);
    expect(summaries('azurerm_storage_account', { ...sa, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) })).toEqual(['a maximum of 50 tags can be applied to storage account ARM resource']);
    expect(summaries('azurerm_storage_account', { ...sa, account_kind: 'BlockBlobStorage', access_tier: 'Hot' })[0]).toContain('`access_tier` is only available');
    expect(summaries('azurerm_storage_account', { ...sa, resource_group_name: 'rg.' })).toEqual(['"resource_group_name" may not end with a period']);
  });

  test('container: ExactlyOneOf account ID/name, their formats, the provider\'s name rule (trailing hyphen allowed)', () => {
    const c = { name: 'tfstate-', storage_account_id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st` };
    expect(summaries('azurerm_storage_container', c)).toEqual([]);
    expect(summaries('azurerm_storage_container', { ...c, storage_account_id: null })).toHaveLength(2);
    expect(summaries('azurerm_storage_container', { ...c, storage_account_id: 'x' })[0]).toContain('as a Storage Account ID');
    expect(summaries('azurerm_storage_container', { ...c, name: '-ab' })).toEqual(['"name" cannot begin with a hyphen: "-ab"']);
  });

  test('azuread data sources: ExactlyOneOf and IsUUID', () => {
    const d = (type: string, cfg: object) => validateDataSource(type, cfg as CtyValue).map((x) => x.detail ?? x.summary);
    expect(d('azuread_user', { user_principal_name: 'a@b', mail: 'a@b' })[0]).toContain('only one of `employee_id,mail,mail_nickname,object_id,user_principal_name` can be specified');
    expect(d('azuread_service_principal', { client_id: 'abc' })).toEqual(['expected "client_id" to be a valid UUID, got abc']);
    expect(d('azuread_group', { object_id: 'abc' })).toEqual(['expected "object_id" to be a valid UUID, got abc']);
    expect(d('azuread_group', {})).toHaveLength(3);
  });
});

describe('planning: Defaults, StateFunc and DiffSuppressFunc', () => {
  test('defaults fill what the configuration leaves null, in nested blocks too', () => {
    const planned = planModify('azurerm_cognitive_deployment', { sku: [{ capacity: null }], version_upgrade_option: null }, undefined, { sku: [{ capacity: null }], version_upgrade_option: null });
    expect(planned).toEqual({ sku: [{ capacity: 1 }], version_upgrade_option: 'OnceNewDefaultVersionAvailable' });
    const sa = planModify('azurerm_storage_account', { shared_access_key_enabled: false }, undefined, { shared_access_key_enabled: false, local_user_enabled: null, min_tls_version: null });
    expect(sa).toEqual({ shared_access_key_enabled: false, local_user_enabled: true, min_tls_version: 'TLS1_2' });
    expect(planModify('azurerm_storage_container', {}, undefined, { container_access_type: null })).toEqual({ container_access_type: 'private' });
    expect(planModify('azurerm_cognitive_account', {}, undefined, { local_auth_enabled: null, public_network_access_enabled: null })).toEqual({ local_auth_enabled: true, public_network_access_enabled: true });
  });

  test('location: "West Europe" is planned as westeurope and equals a prior "westeurope" (no replace)', () => {
    const created = planModify('azurerm_cognitive_account', { location: 'West Europe' }, undefined, { location: 'West Europe' }) as { location: string };
    expect(created.location).toBe('westeurope');
    const prior = { location: 'westeurope', name: 'a' };
    const planned = planModify('azurerm_storage_account', { location: 'West Europe' }, prior, { location: 'West Europe', name: 'a' });
    expect(replacePaths('azurerm_storage_account', prior, planned)).toEqual([]);
  });

  test('role_definition_id differing only in case keeps the prior value (no replace)', () => {
    const prior = { role_definition_id: '/subscriptions/X/providers/Microsoft.Authorization/roleDefinitions/ABC' };
    const planned = planModify('azurerm_role_assignment', { role_definition_id: prior.role_definition_id.toLowerCase() }, prior, { role_definition_id: prior.role_definition_id.toLowerCase() });
    expect(replacePaths('azurerm_role_assignment', prior, planned)).toEqual([]);
  });
});

describe('replacement (ForceNew) rules', () => {
  const account = { name: 'a', location: 'swedencentral', resource_group_name: 'rg', kind: 'AIServices', custom_subdomain_name: null, tags: null, project_management_enabled: true };
  const r = replacePaths;

  test('account: subdomain once set, kind, project_management_enabled true -> false', () => {
    expect(r('azurerm_cognitive_account', account, { ...account, custom_subdomain_name: 'a' })).toEqual([]);
    expect(r('azurerm_cognitive_account', { ...account, custom_subdomain_name: 'a' }, { ...account, custom_subdomain_name: 'b' })).toEqual([['custom_subdomain_name']]);
    expect(r('azurerm_cognitive_account', account, { ...account, tags: { a: 'b' } })).toEqual([]);
    expect(r('azurerm_cognitive_account', account, { ...account, kind: 'OpenAI' })).toEqual([['kind']]);
    expect(r('azurerm_cognitive_account', account, { ...account, project_management_enabled: false })).toEqual([['project_management_enabled']]);
    expect(r('azurerm_cognitive_account', { ...account, project_management_enabled: false }, account)).toEqual([]);
  });

  test('deployment: sku name/tier/size/family replace, capacity and model version update in place', () => {
    const d = { name: 'd', sku: [{ name: 'Standard', capacity: 1, tier: null, size: null, family: null }], model: [{ format: 'OpenAI', name: 'm', version: '1' }] };
    expect(r('azurerm_cognitive_deployment', d, { ...d, sku: [{ ...d.sku[0], name: 'GlobalStandard' }] })).toEqual([['sku', 0, 'name']]);
    expect(r('azurerm_cognitive_deployment', d, { ...d, sku: [{ ...d.sku[0], tier: 'Standard' }] })).toEqual([['sku', 0, 'tier']]);
    expect(r('azurerm_cognitive_deployment', d, { ...d, sku: [{ ...d.sku[0], capacity: 5 }] })).toEqual([]);
    expect(r('azurerm_cognitive_deployment', d, { ...d, model: [{ ...d.model[0], version: '2' }] })).toEqual([]);
  });

  test('storage: replication between locally and zone redundant replaces; kind changes follow old != Storage && new != StorageV2', () => {
    const sa = { name: 's', account_replication_type: 'LRS', account_kind: 'StorageV2' };
    expect(r('azurerm_storage_account', sa, { ...sa, account_replication_type: 'GRS' })).toEqual([]);
    expect(r('azurerm_storage_account', sa, { ...sa, account_replication_type: 'ZRS' })).toEqual([['account_replication_type']]);
    expect(r('azurerm_storage_account', { ...sa, account_replication_type: 'RAGZRS' }, { ...sa, account_replication_type: 'GZRS' })).toEqual([]);
    expect(r('azurerm_storage_account', { ...sa, account_replication_type: 'GZRS' }, { ...sa, account_replication_type: 'RAGRS' })).toEqual([['account_replication_type']]);
    expect(r('azurerm_storage_account', { ...sa, account_kind: 'Storage' }, { ...sa, account_kind: 'BlobStorage' })).toEqual([]);
    expect(r('azurerm_storage_account', { ...sa, account_kind: 'BlobStorage' }, sa)).toEqual([]);
    expect(r('azurerm_storage_account', sa, { ...sa, account_kind: 'BlobStorage' })).toEqual([['account_kind']]);
    expect(r('azurerm_storage_account', { ...sa, large_file_share_enabled: true }, { ...sa, large_file_share_enabled: false })).toEqual([['large_file_share_enabled']]);
    expect(r('azurerm_storage_account', { ...sa, large_file_share_enabled: false }, { ...sa, large_file_share_enabled: true })).toEqual([]);
  });

  test('role assignment: every argument but skip_service_principal_aad_check forces replacement; that one fails at apply', () => {
    const ra = { name: 'n', scope: '/s', principal_id: 'p', principal_type: 'User', description: null, skip_service_principal_aad_check: false };
    expect(r('azurerm_role_assignment', ra, { ...ra, description: 'd' })).toEqual([['description']]);
    expect(r('azurerm_role_assignment', ra, { ...ra, skip_service_principal_aad_check: true })).toEqual([]);
    expect(applyErrors('azurerm_role_assignment', ra, { ...ra, skip_service_principal_aad_check: true })).toEqual([{ severity: 'error', summary: "doesn't support update" }]);
    expect(applyErrors('azurerm_role_assignment', null, { ...ra, principal_id: GUID, condition_version: '2.0', condition: null })[0].summary).toBe('`condition_version` should not be set without `condition`');
    expect(applyErrors('azurerm_role_assignment', null, ra)[0].summary).toContain('InvalidPrincipalId');
  });

  test('container: storage_account_id replaces only for ARM-created containers; encryption scope arguments replace', () => {
    const c = { id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/blobServices/default/containers/c', name: 'c', storage_account_id: 'a', default_encryption_scope: 's' };
    expect(r('azurerm_storage_container', c, { ...c, storage_account_id: 'b' })).toEqual([['storage_account_id']]);
    expect(r('azurerm_storage_container', c, { ...c, default_encryption_scope: 't' })).toEqual([['default_encryption_scope']]);
  });
});

describe('values Azure returns', () => {
  test('role definition: id is <resource ID>|<scope>; an RG-scoped role\'s resource ID is at the subscription level', () => {
    const scope = `/subscriptions/${SUB}/resourceGroups/rg`;
    const pick = applyPicker('azurerm_role_definition', { name: 'r', scope, role_definition_id: GUID }, ctx);
    const resourceId = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${GUID}`;
    expect(pick(['role_definition_resource_id'], 'role_definition_resource_id', 'string')).toBe(resourceId);
    expect(pick(['id'], 'id', 'string')).toBe(`${resourceId}|${scope}`);
    expect(azureRoleDefinitionId('/providers/Microsoft.Management/managementGroups/mg', GUID)).toBe(`/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/roleDefinitions/${GUID}`);
  });

  test('a deployment without rai_policy_name or model.version reads back Azure\'s default and a concrete version', () => {
    const stored = azureStores('azurerm_cognitive_deployment', { rai_policy_name: null, model: [{ name: 'my-model', version: null }] });
    expect(stored.rai_policy_name).toBe('Microsoft.DefaultV2');
    expect((stored.model as { version: string }[])[0].version).toBe(defaultModelVersion('my-model'));
    expect(defaultModelVersion('my-model')).toBe(defaultModelVersion('my-model'));
    expect(azureStores('azurerm_cognitive_deployment', { rai_policy_name: 'custom', model: [] }).rai_policy_name).toBe('custom');
  });

  test('a role assignment\'s RG-level role definition ID reads back at the subscription level', () => {
    const rgLevel = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Authorization/roleDefinitions/${GUID}`;
    expect(azureStores('azurerm_role_assignment', { role_definition_id: rgLevel }).role_definition_id).toBe(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${GUID}`);
  });

  test('azuread_user: the same UPN gives the same object ID, another UPN another one', () => {
    const oid = (upn: string) => dataPicker('azuread_user', { user_principal_name: upn, object_id: null }, ctx)(['object_id'], 'object_id', 'string');
    expect(oid('alice@contoso.com')).toBe(oid('alice@contoso.com'));
    expect(oid('alice@contoso.com')).toBe(fakeUuid('azuread_user', { user_principal_name: 'alice@contoso.com' }));
    expect(oid('bob@contoso.com')).not.toBe(oid('alice@contoso.com'));
  });

  test('directory look-ups compare case-insensitively, as Graph\'s eq filter does: another case, the same object', () => {
    const oid = (type: string, config: { [k: string]: CtyValue }, attr = 'object_id') => dataPicker(type, config, ctx)([attr], attr, 'string');
    expect(oid('azuread_user', { user_principal_name: 'Alice@Contoso.com' })).toBe(oid('azuread_user', { user_principal_name: 'alice@contoso.com' }));
    expect(oid('azuread_group', { display_name: 'AI PLATFORM ADMINS' })).toBe(oid('azuread_group', { display_name: 'AI Platform Admins' }));
    expect(oid('azuread_service_principal', { display_name: 'Chat-API' })).toBe(oid('azuread_service_principal', { display_name: 'chat-api' }));
    expect(oid('azuread_group', { display_name: 'AI Platform Admins' })).not.toBe(oid('azuread_group', { display_name: 'AI Platform Users' }));
  });

  test('azurerm_client_config reports the configured subscription', () => {
    expect(dataPicker('azurerm_client_config', {}, ctx)(['subscription_id'], 'subscription_id', 'string')).toBe(SUB);
  });
});

describe('the Azure store, the fake directory and the portal', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-store-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a directory fixture maps UPNs, group names and client IDs to object IDs; strict mode fails unknown look-ups with azuread\'s wording', () => {
    const file = path.join(dir, 'directory.json');
    fs.writeFileSync(file, JSON.stringify({ users: [{ userPrincipalName: 'alice@contoso.com', objectId: GUID }], groups: [{ displayName: 'AI Platform Admins', objectId: fakeUuid('g') }] }));
    const directory = new FakeDirectory(file);
    expect(directory.lookup('azuread_user', { user_principal_name: 'Alice@contoso.com' }).entry?.objectId).toBe(GUID);
    expect(directory.lookup('azuread_user', { user_principal_name: 'bob@contoso.com' })).toEqual({ diagnostics: [] });
    expect(directory.principalType(GUID)).toBe('User');
    const oid = dataPicker('azuread_user', { user_principal_name: 'alice@contoso.com' }, ctx, directory.lookup('azuread_user', { user_principal_name: 'alice@contoso.com' }).entry)(['object_id'], 'object_id', 'string');
    expect(oid).toBe(GUID);
    fs.writeFileSync(file, JSON.stringify({ strict: true }));
    expect(new FakeDirectory(file).lookup('azuread_user', { user_principal_name: 'bob@contoso.com' }).diagnostics[0].summary).toBe('User with UPN "bob@contoso.com" was not found');
    expect(new FakeDirectory(file).lookup('azuread_group', { display_name: 'Nobody' }).diagnostics[0].summary).toBe("No group found matching specified filter (displayName eq 'Nobody')");
  });

  test('the lookups of the newer principal kinds: mail, mail nickname, employee ID, managed identities', () => {
    const file = path.join(dir, 'directory-kinds.json');
    const sp = fakeUuid('sp');
    const resourceId = '/subscriptions/s/resourceGroups/rg-apps/providers/Microsoft.Web/sites/chat-api';
    fs.writeFileSync(file, JSON.stringify({
      strict: true,
      users: [{ objectId: GUID, mail: 'alice@contoso.com', mailNickname: 'alice', employeeId: 'E-1' }],
      groups: [{ objectId: fakeUuid('g'), mailNickname: 'ai-devs' }],
      servicePrincipals: [{ objectId: sp, displayName: 'chat-api', resourceId }],
      userAssignedIdentities: [{ objectId: fakeUuid('uai'), name: 'id-chat-api', resourceGroupName: 'rg-apps' }],
    }));
    const directory = new FakeDirectory(file);
    for (const by of [{ mail: 'Alice@contoso.com' }, { mail_nickname: 'alice' }, { employee_id: 'E-1' }]) expect(directory.lookup('azuread_user', by).entry?.objectId).toBe(GUID);
    expect(directory.lookup('azuread_group', { mail_nickname: 'AI-devs' }).entry?.objectId).toBe(fakeUuid('g'));
    const found = directory.lookup('azuread_service_principal', { display_name: 'chat-api' }).entry;
    expect(dataPicker('azuread_service_principal', { display_name: 'chat-api' }, ctx, found)(['alternative_names'], 'alternative_names', ['list', 'string'])).toEqual(['isExplicit=False', resourceId]);
    expect(dataPicker('azuread_service_principal', { display_name: 'chat-api' }, ctx, found)(['type'], 'type', 'string')).toBe('ManagedIdentity');
    const uai = directory.lookup('azurerm_user_assigned_identity', { name: 'ID-chat-api', resource_group_name: 'rg-apps' }).entry;
    expect(uai?.objectId).toBe(fakeUuid('uai'));
    const pick = dataPicker('azurerm_user_assigned_identity', { name: 'id-chat-api', resource_group_name: 'rg-apps' }, ctx, uai);
    expect(pick(['principal_id'], 'principal_id', 'string')).toBe(fakeUuid('uai'));
    expect(pick(['id'], 'id', 'string')).toBe(`/subscriptions/${ctx.subscriptionId}/resourceGroups/rg-apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-chat-api`);
    expect(directory.principalType(fakeUuid('uai'))).toBe('ServicePrincipal');
    // Strict: azuread's and azurerm's not-found wording (azuread's mail branch prints the empty UPN).
    expect(directory.lookup('azuread_user', { mail: 'bob@contoso.com' }).diagnostics[0].summary).toBe('User not found with mail: ""');
    expect(directory.lookup('azuread_user', { employee_id: 'E-2' }).diagnostics[0].summary).toBe('User not found with employee ID: "E-2"');
    expect(directory.lookup('azuread_group', { mail_nickname: 'nobody' }).diagnostics[0].summary).toBe("No group found matching specified filter (mailNickname eq 'nobody')");
    expect(directory.lookup('azurerm_user_assigned_identity', { name: 'id-x', resource_group_name: 'rg-apps' }).diagnostics[0].summary).toContain('User Assigned Identity Name: "id-x") was not found');
    expect(validateDataSource('azurerm_user_assigned_identity', { name: 'id', resource_group_name: 'rg-apps' }).map((d) => d.summary)).toEqual(['expected length of name to be in the range (3 - 128), got id']);
  });

  test('the store persists by ARM ID (case-insensitive); the portal edits what the next refresh reads', () => {
    const file = path.join(dir, 'azure-store.json');
    const store = new AzureStore(file);
    store.put(ACCOUNT_ID, 'azurerm_cognitive_account', { id: ACCOUNT_ID, name: 'a', local_auth_enabled: false, tags: null });
    expect(new AzureStore(file).get(ACCOUNT_ID.toUpperCase())?.attributes.name).toBe('a');
    const portal = new Portal(file);
    portal.set('a', { local_auth_enabled: true });
    portal.tag('a', 'owner', 'me');
    expect(store.get(ACCOUNT_ID)?.attributes).toMatchObject({ local_auth_enabled: true, tags: { owner: 'me' } });
    portal.delete(ACCOUNT_ID);
    expect(store.get(ACCOUNT_ID)).toBeUndefined();
    expect(() => portal.resolve('a')).toThrow('no object "a" in the offline Azure store');
  });
});

describe('reads that depend on the caller (OFFLINE_CALLER_ROLE)', () => {
  const account = { id: ACCOUNT_ID, localAuthEnabled: true };
  test('the account data source lists keys while local auth is on (cognitive_account_data_source.go:113-128): 403 for a reader, keys for a deployer', () => {
    expect(accountDataSourceKeys(account, ctx, { OFFLINE_CALLER_ROLE: 'Reader' }).error)
      .toMatch(/^listing the Keys for Account \(Subscription: .*\): unexpected status 403 \(403 Forbidden\) with error: AuthorizationFailed: .*'Microsoft\.CognitiveServices\/accounts\/listKeys\/action'/s);
    const owner = accountDataSourceKeys(account, ctx, {});
    expect(owner.keys!.primary).toMatch(/^[0-9a-f]{32}$/);
    expect(owner.keys!.primary).not.toBe(owner.keys!.secondary);
    expect(accountDataSourceKeys({ ...account, localAuthEnabled: false }, ctx, { OFFLINE_CALLER_ROLE: 'Reader' })).toEqual({});
    expect(() => accountDataSourceKeys(account, ctx, { OFFLINE_CALLER_ROLE: 'Nobody' })).toThrow(/OFFLINE_CALLER_ROLE "Nobody"/);
  });

  test('azurerm_resources lists id, name, group, type, location and tags of top-level resources (resources_data_source.go:79-215)', () => {
    const objects = [
      { id: ACCOUNT_ID, attributes: { location: 'Sweden Central', tags: { team: 'ai' }, kind: 'AIServices' } },
      { id: `${ACCOUNT_ID}/deployments/d`, attributes: {} },
      { id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`, attributes: {} },
    ];
    const cfg = (c: object) => ({ name: null, resource_group_name: null, type: null, required_tags: null, ...c }) as never;
    expect(listResources(objects, cfg({ name: 'A', resource_group_name: 'RG', type: 'microsoft.cognitiveservices/accounts' }), ctx).resources)
      .toEqual([{ id: ACCOUNT_ID, name: 'a', resource_group_name: 'rg', type: 'Microsoft.CognitiveServices/accounts', location: 'swedencentral', tags: { team: 'ai' } }]);
    expect(listResources(objects, cfg({ resource_group_name: 'rg' }), ctx).resources).toHaveLength(2);
    expect(listResources(objects, cfg({ type: 'Microsoft.Storage/storageAccounts', required_tags: { team: 'ai' } }), ctx).resources).toEqual([]);
    expect(listResources(objects, cfg({}), ctx).error).toBe('at least one of `name`, `resource_group_name` or `type` must be specified');
  });
});
