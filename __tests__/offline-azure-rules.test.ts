import { applyPicker, configureProvider, dataPicker, replacePaths, validateResource } from '../offline/azure-rules';
import { fakeUuid } from '../offline/fake-ids';

const SUB = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const ctx = configureProvider('azurerm', { subscription_id: SUB }, {}).ctx!;

describe('provider configuration', () => {
  test('azurerm without subscription_id or ARM_SUBSCRIPTION_ID fails like the real provider', () => {
    const res = configureProvider('azurerm', { subscription_id: null }, {});
    expect(res.ctx).toBeUndefined();
    expect(res.diagnostics[0].summary).toContain('`subscription_id` is a required provider property');
    expect(configureProvider('azurerm', { subscription_id: null }, { ARM_SUBSCRIPTION_ID: SUB }).ctx!.subscriptionId).toBe(SUB);
  });
});

describe('replacement (ForceNew) rules', () => {
  const account = { name: 'a', location: 'swedencentral', resource_group_name: 'rg', kind: 'AIServices', custom_subdomain_name: null, tags: null };

  test('custom_subdomain_name can be added in place, but changing it once set replaces the account', () => {
    expect(replacePaths('azurerm_cognitive_account', account, { ...account, custom_subdomain_name: 'a' })).toEqual([]);
    expect(replacePaths('azurerm_cognitive_account', { ...account, custom_subdomain_name: 'a' }, { ...account, custom_subdomain_name: 'b' })).toEqual([['custom_subdomain_name']]);
  });

  test('tags change in place; kind replaces', () => {
    expect(replacePaths('azurerm_cognitive_account', account, { ...account, tags: { a: 'b' } })).toEqual([]);
    expect(replacePaths('azurerm_cognitive_account', account, { ...account, kind: 'OpenAI' })).toEqual([['kind']]);
  });

  test('storage account kind: Storage -> StorageV2 is an upgrade in place, anything else replaces', () => {
    const sa = { name: 's', account_kind: 'Storage' };
    expect(replacePaths('azurerm_storage_account', sa, { ...sa, account_kind: 'StorageV2' })).toEqual([]);
    expect(replacePaths('azurerm_storage_account', { ...sa, account_kind: 'StorageV2' }, { ...sa, account_kind: 'BlobStorage' })).toEqual([['account_kind']]);
  });

  test('every role assignment argument forces replacement', () => {
    const ra = { name: 'n', scope: '/s', principal_id: 'p', principal_type: 'User', description: null };
    expect(replacePaths('azurerm_role_assignment', ra, { ...ra, description: 'd' })).toEqual([['description']]);
    expect(replacePaths('azurerm_role_assignment', ra, ra)).toEqual([]);
  });
});

describe('validation the schema does not carry', () => {
  test('skips unknown values and reports known bad ones at their path', () => {
    const diags = validateResource('azurerm_cognitive_deployment', {
      name: 'd',
      cognitive_account_id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a`,
      sku: [{ name: 'Premium' }],
    });
    expect(diags.map((d) => d.path)).toEqual([['sku', 0, 'name']]);
  });

  test('role definition role_definition_id must be a UUID', () => {
    expect(validateResource('azurerm_role_definition', { name: 'r', scope: '/s', role_definition_id: 'not-a-guid' })[0].summary).toBe('expected "role_definition_id" to be a valid UUID, got not-a-guid');
  });
});

describe('plausible values', () => {
  test('role definition: id is <guid>|<scope>, resource ID under the scope', () => {
    const state = { name: 'r', scope: `/subscriptions/${SUB}`, role_definition_id: null };
    const pick = applyPicker('azurerm_role_definition', state, ctx);
    const guid = pick(['role_definition_id'], 'role_definition_id', 'string') as string;
    expect(pick(['id'], 'id', 'string')).toBe(`${guid}|/subscriptions/${SUB}`);
    expect(pick(['role_definition_resource_id'], 'role_definition_resource_id', 'string')).toBe(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`);
  });

  test('azuread_user: the same UPN gives the same object ID, another UPN another one', () => {
    const oid = (upn: string) => dataPicker('azuread_user', { user_principal_name: upn, object_id: null }, ctx)(['object_id'], 'object_id', 'string');
    expect(oid('alice@contoso.com')).toBe(oid('alice@contoso.com'));
    expect(oid('alice@contoso.com')).toBe(fakeUuid('azuread_user', { user_principal_name: 'alice@contoso.com' }));
    expect(oid('bob@contoso.com')).not.toBe(oid('alice@contoso.com'));
  });

  test('azurerm_client_config reports the configured subscription', () => {
    expect(dataPicker('azurerm_client_config', {}, ctx)(['subscription_id'], 'subscription_id', 'string')).toBe(SUB);
  });
});
