import * as fs from 'fs';
import * as path from 'path';
import { GUARDRAIL_RULES, findGuardrailRule, guardrailRulesFor, isExpression } from '../constructs/guardrail-rules';

const rule = (id: string) => {
  const found = findGuardrailRule(id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

describe('rule table', () => {
  test('IDs are unique and stable-looking, every rule says what to change', () => {
    const ids = GUARDRAIL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of GUARDRAIL_RULES) {
      expect(r.id).toMatch(/^KAI-(AI|ROLE|RA|ST)-\d{3}$/);
      expect(r.fix.length).toBeGreaterThan(15);
      expect(r.resourceTypes.length).toBeGreaterThan(0);
      if (r.checkov) expect(r.checkov).toMatch(/^CKV2?_AZURE_\d+$/);
      if (r.azurePolicy) expect(r.azurePolicy).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  test('carries the references the issue names', () => {
    expect(rule('KAI-AI-001')).toMatchObject({ severity: 'error', checkov: 'CKV_AZURE_236', azurePolicy: '71ef260a-8f18-47b7-abcb-62d0673d94dc' });
    expect(rule('KAI-AI-003')).toMatchObject({ severity: 'warning', checkov: 'CKV_AZURE_238' });
    expect(rule('KAI-AI-004')).toMatchObject({ severity: 'warning', checkov: 'CKV_AZURE_134' });
    expect(rule('KAI-ROLE-001').checkov).toBe('CKV_AZURE_39');
    expect(rule('KAI-RA-002').severity).toBe('warning');
    expect(['KAI-ST-001', 'KAI-ST-002', 'KAI-ST-003', 'KAI-ST-005'].map((id) => rule(id).checkov))
      .toEqual(['CKV2_AZURE_40', 'CKV2_AZURE_47', 'CKV_AZURE_44', 'CKV2_AZURE_38']);
  });

  test('both account resource types are covered by every account rule', () => {
    expect(guardrailRulesFor('azurerm_ai_services').map((r) => r.id)).toEqual(guardrailRulesFor('azurerm_cognitive_account').map((r) => r.id));
    expect(guardrailRulesFor('azurerm_key_vault')).toEqual([]);
  });

  test('docs/guardrails.md lists every rule', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'guardrails.md'), 'utf8');
    for (const r of GUARDRAIL_RULES) expect(doc).toContain(`| ${r.id} |`);
  });
});

describe('checks on synthesized JSON', () => {
  test('expressions are recognised', () => {
    expect(isExpression('${var.x}')).toBe(true);
    expect(isExpression('/subscriptions/x')).toBe(false);
    expect(isExpression(true)).toBe(false);
  });

  test('string forms of booleans (escape hatches) are read', () => {
    expect(rule('KAI-AI-001').check({ local_auth_enabled: 'true' }, 'azurerm_cognitive_account')).toEqual(['local_auth_enabled = true']);
    expect(rule('KAI-AI-001').check({ local_auth_enabled: 'false' }, 'azurerm_cognitive_account')).toEqual([]);
    expect(rule('KAI-AI-001').check({ local_auth_enabled: false }, 'azurerm_ai_services')).toEqual(['local_authentication_enabled is not set (the provider defaults it to true)']);
  });

  test('dynamic blocks and whole-block expressions are not judged', () => {
    expect(rule('KAI-AI-003').check({ dynamic: { identity: { for_each: '${var.x}' } } }, 'azurerm_cognitive_account')).toEqual([]);
    expect(rule('KAI-ST-004').check({ blob_properties: '${var.blob}' }, 'azurerm_storage_account')).toEqual([]);
    expect(rule('KAI-ROLE-001').check({ permissions: [{ actions: '${var.actions}' }] }, 'azurerm_role_definition')).toEqual([]);
    expect(rule('KAI-AI-004').check({ network_acls: { default_action: '${var.action}' } }, 'azurerm_cognitive_account')).toEqual([]);
  });

  test('a role scoped with an expression is judged by its literal items only', () => {
    const check = rule('KAI-ROLE-001').check;
    expect(check({ permissions: [{ actions: ['${var.a}', '*/read'] }] }, 'azurerm_role_definition')).toEqual(['permissions.actions contains "*/read"']);
    expect(check({ permissions: [{ data_actions: ['Microsoft.CognitiveServices/*'] }] }, 'azurerm_role_definition')).toEqual([]);
  });

  test('unset assignable_scopes fall back to the definition scope', () => {
    const check = rule('KAI-ROLE-003').check;
    expect(check({ scope: '/', permissions: { actions: ['Microsoft.Resources/subscriptions/read'] } }, 'azurerm_role_definition')).toEqual(['assignable scope "/"']);
    expect(check({ scope: '${data.azurerm_subscription.current.id}' }, 'azurerm_role_definition')).toEqual([]);
  });

  test('the .id mistake is told apart from role_definition_resource_id and the data source', () => {
    const check = rule('KAI-RA-004').check;
    expect(check({ role_definition_id: '${azurerm_role_definition.custom.id}' }, 'azurerm_role_assignment')).toHaveLength(1);
    expect(check({ role_definition_id: '${azurerm_role_definition.custom[0].id}' }, 'azurerm_role_assignment')).toHaveLength(1);
    expect(check({ role_definition_id: '${azurerm_role_definition.custom.role_definition_resource_id}' }, 'azurerm_role_assignment')).toEqual([]);
    expect(check({ role_definition_id: '${data.azurerm_role_definition.reader.id}' }, 'azurerm_role_assignment')).toEqual([]);
  });

  test('privileged roles are recognised on account references and ARM IDs, by ID or name', () => {
    const check = rule('KAI-RA-002').check;
    const owner = '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635';
    expect(check({ scope: '${azurerm_ai_services.ais.id}', role_definition_id: owner }, 'azurerm_role_assignment')).toHaveLength(1);
    expect(check({ scope: '${data.azurerm_cognitive_account.a.id}', role_definition_name: 'contributor' }, 'azurerm_role_assignment')).toHaveLength(1);
    expect(check({ scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a', role_definition_name: 'Cognitive Services User' }, 'azurerm_role_assignment')).toEqual([]);
    expect(check({ scope: '${azurerm_resource_group.rg.id}', role_definition_name: 'Owner' }, 'azurerm_role_assignment')).toEqual([]);
  });
});
