import { applyPicker, configureProvider, replacePaths, validateResource } from '../azure-rules';
import { CtyValue } from '../cty';

// Issue 24: the rules of azurerm v4.55.0 for projects, content filter policies and blocklists
// (internal/services/cognitive/cognitive_account_project_resource.go, cognitive_account_rai_policy_resource.go,
// cognitive_account_rai_blocklist_resource.go; line numbers beside each rule in azure-rules.ts).
const SUB = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const ctx = configureProvider('azurerm', { subscription_id: SUB }, {}).ctx!;
const ACCOUNT_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a`;
const summaries = (type: string, cfg: object) => validateResource(type, cfg as CtyValue).map((d) => d.detail ?? d.summary);

describe('azurerm_cognitive_account_project', () => {
  const project = { name: 'chat', cognitive_account_id: ACCOUNT_ID, location: 'swedencentral', identity: [{ type: 'SystemAssigned' }] };

  test('name pattern (:79-87), account ID form (:89), description and display_name not empty (:95-105)', () => {
    expect(summaries('azurerm_cognitive_account_project', project)).toEqual([]);
    expect(summaries('azurerm_cognitive_account_project', { ...project, name: '-chat' })).toEqual([
      'invalid value for name (`name` must be between 2 and 64 characters long, start with an alphanumeric character, and contain only alphanumeric characters, dashes(-), periods(.) or underscores(_).)',
    ]);
    expect(summaries('azurerm_cognitive_account_project', { ...project, name: 'x'.repeat(65) })).toHaveLength(1);
    expect(summaries('azurerm_cognitive_account_project', { ...project, cognitive_account_id: '/subscriptions/x/resourceGroups/rg' })[0]).toMatch(/cognitive_account_id/);
    expect(summaries('azurerm_cognitive_account_project', { ...project, description: '', display_name: '' })).toEqual([
      'expected "description" to not be an empty string, got ', 'expected "display_name" to not be an empty string, got ',
    ]);
  });

  test('name, account and location replace; clearing a description or display name replaces (CustomizeDiff :53-75); changing one updates', () => {
    const prior = { ...project, description: 'old', display_name: 'Old' } as any;
    expect(replacePaths('azurerm_cognitive_account_project', prior, { ...prior, name: 'chat2' })).toEqual([['name']]);
    expect(replacePaths('azurerm_cognitive_account_project', prior, { ...prior, location: 'westeurope' })).toEqual([['location']]);
    expect(replacePaths('azurerm_cognitive_account_project', prior, { ...prior, description: 'new' })).toEqual([]);
    expect(replacePaths('azurerm_cognitive_account_project', prior, { ...prior, description: null })).toEqual([['description']]);
    expect(replacePaths('azurerm_cognitive_account_project', prior, { ...prior, display_name: '' })).toEqual([['display_name']]);
    expect(replacePaths('azurerm_cognitive_account_project', { ...project, description: null } as any, { ...project, description: 'x' } as any)).toEqual([]);
  });

  test('Azure\'s values: ID under the account (NewProjectID, :138), an identity principal, not the default project', () => {
    const pick = applyPicker('azurerm_cognitive_account_project', project as any, ctx);
    expect(pick(['id'], 'id', 'string')).toBe(`${ACCOUNT_ID}/projects/chat`);
    expect(pick(['default'], 'default', 'bool')).toBe(false);
    expect(pick(['identity', 0, 'principal_id'], 'principal_id', 'string')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('azurerm_cognitive_account_rai_policy and _rai_blocklist', () => {
  const policy = { name: 'strict', cognitive_account_id: ACCOUNT_ID, base_policy_name: 'Microsoft.DefaultV2', content_filter: [{ name: 'Hate', source: 'Prompt', severity_threshold: 'Low', block_enabled: true, filter_enabled: true }] };

  test('severity threshold, source and mode enums with the SDK\'s wording and order; names and base policy not empty', () => {
    expect(summaries('azurerm_cognitive_account_rai_policy', policy)).toEqual([]);
    expect(summaries('azurerm_cognitive_account_rai_policy', { ...policy, content_filter: [{ ...policy.content_filter[0], severity_threshold: 'Severe', source: 'Input' }] })).toEqual([
      'expected content_filter.0.severity_threshold to be one of ["High" "Low" "Medium"], got Severe',
      'expected content_filter.0.source to be one of ["Completion" "Prompt"], got Input',
    ]);
    expect(summaries('azurerm_cognitive_account_rai_policy', { ...policy, mode: 'Strict' })).toEqual(['expected mode to be one of ["Asynchronous_filter" "Blocking" "Default" "Deferred"], got Strict']);
    expect(summaries('azurerm_cognitive_account_rai_policy', { ...policy, base_policy_name: '' })).toEqual(['expected "base_policy_name" to not be an empty string, got ']);
    expect(summaries('azurerm_cognitive_account_rai_blocklist', { name: '', cognitive_account_id: ACCOUNT_ID })).toEqual(['expected "name" to not be an empty string, got ']);
  });

  test('name, account and base policy replace; filters update in place; IDs under the account', () => {
    expect(replacePaths('azurerm_cognitive_account_rai_policy', policy as any, { ...policy, base_policy_name: 'Microsoft.Default' } as any)).toEqual([['base_policy_name']]);
    expect(replacePaths('azurerm_cognitive_account_rai_policy', policy as any, { ...policy, content_filter: [{ ...policy.content_filter[0], severity_threshold: 'High' }] } as any)).toEqual([]);
    expect(replacePaths('azurerm_cognitive_account_rai_blocklist', { name: 'a', cognitive_account_id: ACCOUNT_ID, description: 'x' }, { name: 'a', cognitive_account_id: ACCOUNT_ID, description: 'y' })).toEqual([]);
    expect(applyPicker('azurerm_cognitive_account_rai_policy', policy as any, ctx)(['id'], 'id', 'string')).toBe(`${ACCOUNT_ID}/raiPolicies/strict`);
    expect(applyPicker('azurerm_cognitive_account_rai_blocklist', { name: 'b', cognitive_account_id: ACCOUNT_ID }, ctx)(['id'], 'id', 'string')).toBe(`${ACCOUNT_ID}/raiBlocklists/b`);
  });
});

describe('azurerm_cognitive_account: project_management_enabled (CustomizeDiff, cognitive_account_resource.go:362-395)', () => {
  const account = { name: 'ai-team', resource_group_name: 'rg', location: 'swedencentral', kind: 'AIServices', sku_name: 'S0', custom_subdomain_name: 'ai-team', identity: [{ type: 'SystemAssigned' }], project_management_enabled: true };
  test('needs kind AIServices and an identity; turning it off replaces the account', () => {
    expect(summaries('azurerm_cognitive_account', account)).toEqual([]);
    expect(summaries('azurerm_cognitive_account', { ...account, kind: 'OpenAI' })).toEqual(['`project_management_enabled` can only be set to `true` when `kind` is set to `AIServices`']);
    expect(summaries('azurerm_cognitive_account', { ...account, identity: [] })).toEqual(['for `project_management_enabled` to be set to `true`, a managed identity must be assigned. Please configure the `identity` block']);
    expect(replacePaths('azurerm_cognitive_account', account as any, { ...account, project_management_enabled: false } as any)).toEqual([['project_management_enabled']]);
  });
});
