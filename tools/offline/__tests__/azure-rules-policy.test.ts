import { applyPicker, configureProvider, replacePaths, validateResource } from '../azure-rules';

const SUB = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const ctx = configureProvider('azurerm', { subscription_id: SUB }, {}).ctx!;
const RG = `/subscriptions/${SUB}/resourceGroups/rg`;
const summaries = (type: string, cfg: Record<string, unknown>) => validateResource(type, cfg as never).map((d) => d.summary + (d.detail ? ` ${d.detail}` : ''));

describe('offline rules: policy assignments, diagnostic settings, workspaces, PIM', () => {
  const pa = { name: 'deny-ai-keys-dev', resource_group_id: RG, policy_definition_id: '/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc', parameters: '{"effect":{"value":"Deny"}}' };

  test('policy assignment: name without "/", a definition ID, parameters as JSON; the scope and definition replace, the display name does not', () => {
    expect(summaries('azurerm_resource_group_policy_assignment', pa)).toEqual([]);
    expect(summaries('azurerm_resource_group_policy_assignment', { ...pa, name: 'a/b', parameters: '{effect' })).toEqual([
      'expected "name" to not contain any of "/" and not be whitespace, got "a/b"',
      expect.stringMatching(/^"parameters" contains an invalid JSON/),
    ]);
    expect(summaries('azurerm_subscription_policy_assignment', { ...pa, subscription_id: SUB })).toEqual([`expected "subscription_id" to be a subscription ID (/subscriptions/<guid>), got ${SUB}`]);
    expect(replacePaths('azurerm_resource_group_policy_assignment', pa, { ...pa, display_name: 'x' })).toEqual([]);
    // Updated in place (assignment_resource_base.go:404-409, 302-311): an Audit -> Deny change is an update, not a replacement.
    expect(replacePaths('azurerm_resource_group_policy_assignment', pa, { ...pa, parameters: '{"effect":{"value":"Audit"}}' })).toEqual([]);
    expect(replacePaths('azurerm_subscription_policy_assignment', { ...pa, subscription_id: '/subscriptions/x' }, { ...pa, subscription_id: '/subscriptions/x', parameters: '{"effect":{"value":"Audit"}}' })).toEqual([]);
  });

  test('policy assignment ID is the scope\'s policyAssignments child', () => {
    expect(applyPicker('azurerm_resource_group_policy_assignment', pa as never, ctx)(['id'], 'id', 'string'))
      .toBe(`${RG}/providers/Microsoft.Authorization/policyAssignments/deny-ai-keys-dev`);
  });

  test('PIM: the expiration fields conflict, every argument replaces, ID is scope|role|principal', () => {
    const pim = { scope: RG, role_definition_id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68`, principal_id: '11111111-1111-4111-8111-111111111111', justification: 'on-call admins', schedule: [{ start_date_time: null, expiration: [{ duration_days: 365, duration_hours: null, end_date_time: null }] }] };
    expect(summaries('azurerm_pim_eligible_role_assignment', pim)).toEqual([]);
    expect(summaries('azurerm_pim_eligible_role_assignment', { ...pim, principal_id: 'admins', schedule: [{ expiration: [{ duration_days: 1, duration_hours: 8 }] }] })).toEqual([
      'expected "principal_id" to be a valid UUID, got admins',
      'Conflicting configuration arguments "schedule.0.expiration.0.duration_days": conflicts with schedule.0.expiration.0.duration_hours',
    ]);
    expect(replacePaths('azurerm_pim_eligible_role_assignment', pim, { ...pim, justification: 'another reason' })).toEqual([['justification']]);
    expect(applyPicker('azurerm_pim_active_role_assignment', pim as never, ctx)(['id'], 'id', 'string')).toBe(`${pim.scope}|${pim.role_definition_id}|${pim.principal_id}`);
  });

  test('diagnostic setting: needs a destination and category or group; ID is target|name; workspace name and retention', () => {
    const ds = { name: 'keyless-audit', target_resource_id: `${RG}/providers/Microsoft.CognitiveServices/accounts/ai`, log_analytics_workspace_id: `${RG}/providers/Microsoft.OperationalInsights/workspaces/law`, enabled_log: [{ category: 'Audit', category_group: null }] };
    expect(summaries('azurerm_monitor_diagnostic_setting', ds)).toEqual([]);
    expect(summaries('azurerm_monitor_diagnostic_setting', { ...ds, log_analytics_workspace_id: null, enabled_log: [{ category: 'Audit', category_group: 'audit' }] })).toEqual([
      expect.stringMatching(/^Missing required argument/),
      'exactly one of `category` or `category_group` must be specified in an `enabled_log` block',
    ]);
    expect(applyPicker('azurerm_monitor_diagnostic_setting', ds as never, ctx)(['id'], 'id', 'string')).toBe(`${ds.target_resource_id}|keyless-audit`);
    expect(replacePaths('azurerm_monitor_diagnostic_setting', ds, { ...ds, enabled_log: [] })).toEqual([]);
    expect(summaries('azurerm_log_analytics_workspace', { name: '-law', retention_in_days: 14 })).toHaveLength(2);
    expect(summaries('azurerm_log_analytics_workspace', { name: 'law-dev', retention_in_days: 7 })).toEqual([]);
  });
});
