import { TerraformVariable } from 'cdktf';
import { AuditLogs } from '../constructs/audit-logs';
import { expectRejected, newStack, RG_SCOPE, resourcesOf, synthJson } from '../test-support/stacks';

const ACCOUNT = `${RG_SCOPE}/providers/Microsoft.CognitiveServices/accounts/ai`;
const STORAGE = `${RG_SCOPE}/providers/Microsoft.Storage/storageAccounts/st`;
const WORKSPACE = `${RG_SCOPE}/providers/Microsoft.OperationalInsights/workspaces/law`;

describe('AuditLogs', () => {
  test('a created workspace: PerGB2018, 30 days, Entra ID only; account logs Audit + RequestResponse; blob reads, writes and deletes', () => {
    const stack = newStack();
    const logs = new AuditLogs(stack, 'Logs', { workspace: { name: 'law-ai-dev', resourceGroupName: 'rg-ai', location: 'swedencentral' } });
    logs.addAccountLogs('Account', ACCOUNT);
    logs.addBlobLogs('State', STORAGE);
    const json = synthJson(stack);
    expect(Object.values(resourcesOf(json, 'azurerm_log_analytics_workspace'))).toEqual([expect.objectContaining({
      name: 'law-ai-dev', sku: 'PerGB2018', retention_in_days: 30, local_authentication_enabled: false,
    })]);
    const settings = Object.values(resourcesOf(json, 'azurerm_monitor_diagnostic_setting')) as any[];
    const account = settings.find((s) => s.target_resource_id === ACCOUNT);
    expect(account.enabled_log).toEqual([{ category: 'Audit' }, { category: 'RequestResponse' }]);
    expect(account.log_analytics_workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\..+\.id\}$/);
    const blob = settings.find((s) => s.target_resource_id === `${STORAGE}/blobServices/default`);
    expect(blob.enabled_log).toEqual([{ category: 'StorageRead' }, { category: 'StorageWrite' }, { category: 'StorageDelete' }]);
  });

  test('an existing workspace by ID creates no workspace', () => {
    const stack = newStack();
    const logs = new AuditLogs(stack, 'Logs', { workspaceId: WORKSPACE });
    logs.addAccountLogs('Account', ACCOUNT, { categories: ['Audit'] });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'azurerm_log_analytics_workspace')).toEqual({});
    expect(Object.values(resourcesOf(json, 'azurerm_monitor_diagnostic_setting'))).toEqual([expect.objectContaining({ log_analytics_workspace_id: WORKSPACE, enabled_log: [{ category: 'Audit' }] })]);
  });

  test('rejects both or neither workspace, retention outside 30..730, an unknown category', () => {
    expectRejected(() => new AuditLogs(newStack(), 'Logs', {}), { path: 'test/Logs', value: '{}', allowed: 'give exactly one' });
    expectRejected(() => new AuditLogs(newStack(), 'Logs', { workspace: { name: 'law-ai', resourceGroupName: 'rg', location: 'x', retentionInDays: 7 } }),
      { path: 'test/Logs', value: '7', allowed: 'from 30 to 730' });
    expectRejected(() => new AuditLogs(newStack(), 'Logs', { workspaceId: 'law' }), { path: 'test/Logs', value: '"law"', allowed: 'Log Analytics workspace ID' });
    // Azure accepts any case; azurerm's parser does not, so this would fail the plan (id_workspace.go:37-39).
    const lower = WORKSPACE.replace('resourceGroups', 'resourcegroups');
    expectRejected(() => new AuditLogs(newStack(), 'Logs', { workspaceId: lower }),
      { path: 'test/Logs', value: JSON.stringify(lower), allowed: 'the provider compares segment names case-sensitively: write "resourceGroups" exactly so' });
    const logs = new AuditLogs(newStack(), 'Logs', { workspaceId: WORKSPACE });
    expectRejected(() => logs.addAccountLogs('A', ACCOUNT, { categories: ['Requests' as never] }), { path: 'test/Logs', value: '"Requests"', allowed: 'Audit, AzureOpenAIRequestUsage, RequestResponse, Trace' });
  });
});

describe('addAccountLogs takes an AI Services account', () => {
  test('another resource\'s ID is refused, naming what it is (the account categories would fail at apply); any case of an account ID passes', () => {
    const logs = new AuditLogs(newStack(), 'Logs', { workspaceId: WORKSPACE });
    const storage = ACCOUNT.replace('Microsoft.CognitiveServices/accounts', 'Microsoft.Storage/storageAccounts');
    expectRejected(() => logs.addAccountLogs('Shared', storage), { path: 'test/Logs', value: JSON.stringify(storage), allowed: 'not of an AI Services account (Microsoft.CognitiveServices/accounts)' });
    expect(logs.addAccountLogs('Lower', ACCOUNT.toLowerCase()).targetResourceIdInput).toBe(ACCOUNT.toLowerCase());
  });
});

describe('lists known only to Terraform', () => {
  test('log categories from a variable are refused with the reason (one enabled_log block per category)', () => {
    const stack = newStack();
    const logs = new AuditLogs(stack, 'Logs', { workspaceId: WORKSPACE });
    const categories = new TerraformVariable(stack, 'categories', { type: 'list(string)' }).listValue as never;
    expectRejected(() => logs.addAccountLogs('Ai', ACCOUNT, { categories }), { path: 'test/Logs', value: 'Ai.categories', allowed: 'one enabled_log block is made per category, so the list must be known at synth' });
  });
});
