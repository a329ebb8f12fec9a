import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Testing } from 'cdktf';
import { EnvironmentConfig, environmentSchema } from '../app/config-schema';
import { EnvironmentStack } from '../app/environment-stack';
import { devWith, readExample } from '../test-support/config-fixtures';

function synth(name: string, raw: any): any {
  const config: EnvironmentConfig = environmentSchema.parse(raw);
  const stack = new EnvironmentStack(Testing.app(), { environment: name, config });
  return JSON.parse(Testing.synth(stack, true));
}

describe('EnvironmentStack', () => {
  const dev = synth('dev', readExample('environments/dev.json'));
  const prod = synth('prod', readExample('environments/prod.json'));

  test('state lives in the azurerm backend, with Entra ID auth and one key per environment', () => {
    expect(dev.terraform.backend.azurerm).toEqual({
      resource_group_name: 'rg-keyless-tfstate',
      storage_account_name: 'stkeylesstfstate01',
      container_name: 'tfstate',
      key: 'dev.tfstate',
      subscription_id: '00000000-0000-0000-0000-000000000001',
      tenant_id: '72f988bf-0000-0000-0000-0000000000aa',
      use_azuread_auth: true,
    });
    expect(prod.terraform.backend.azurerm.key).toBe('prod.tfstate');
    for (const json of [dev, prod]) {
      const backend = json.terraform.backend.azurerm;
      for (const keyBased of ['access_key', 'sas_token', 'client_secret']) expect(backend).not.toHaveProperty(keyBased);
    }
  });

  test('providers: azurerm with the subscription and storage through Entra ID, azuread with the tenant', () => {
    // resource_provider_registrations none: a deployer with rights on a resource group only can plan.
    expect(dev.provider.azurerm).toEqual([{
      features: [{}], subscription_id: '00000000-0000-0000-0000-000000000001', storage_use_azuread: true, resource_provider_registrations: 'none',
    }]);
    expect(dev.provider.azuread).toEqual([{ tenant_id: '72f988bf-0000-0000-0000-0000000000aa' }]);
    expect(prod.provider.azurerm[0].subscription_id).toBe('00000000-0000-0000-0000-000000000002');
  });

  test('a created resource group is referenced, so Terraform creates it first', () => {
    const [rgId] = Object.keys(dev.resource.azurerm_resource_group);
    const account = Object.values(dev.resource.azurerm_cognitive_account)[0] as any;
    expect(account.resource_group_name).toBe(`\${azurerm_resource_group.${rgId}.name}`);
    const role = Object.values(dev.resource.azurerm_role_definition)[0] as any;
    expect(role.scope).toBe(`\${azurerm_resource_group.${rgId}.id}`);
  });

  test('an existing resource group is used by name and not created', () => {
    expect(prod.resource.azurerm_resource_group).toBeUndefined();
    const role = Object.values(prod.resource.azurerm_role_definition)[0] as any;
    expect(role.scope).toBe('/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ai-inference-prod');
  });

  test('an existing account\'s custom role is defined at the account\'s own resource group, wherever resourceGroup points', () => {
    const raw = readExample('environments/prod.json');
    raw.resourceGroup = { name: 'rg-other', create: true };
    const json = synth('prod', raw);
    const role = Object.values(json.resource.azurerm_role_definition)[0] as any;
    expect(role.scope).toBe('/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ai-inference-prod');
    expect(role.assignable_scopes).toEqual([role.scope]);
  });

  test('an existing account is granted on but not created', () => {
    expect(prod.resource.azurerm_cognitive_account).toBeUndefined();
    const scopes = Object.values(prod.resource.azurerm_role_assignment).map((a: any) => a.scope);
    expect(new Set(scopes)).toEqual(new Set(['/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ai-inference-prod/providers/Microsoft.CognitiveServices/accounts/contoso-ai-prod']));
  });

  test('outputs: account ID, endpoints, token scopes, custom role ID', () => {
    expect(Object.keys(dev.output).sort()).toEqual(['account_id', 'audit_workspace_id', 'custom_role_id', 'inference_endpoint', 'openai_endpoint', 'project_endpoints', 'project_token_scope', 'token_scopes']);
    expect(dev.output.inference_endpoint.value).toBe('https://contoso-ai-dev.services.ai.azure.com/models');
    expect(dev.output.openai_endpoint.value).toBe('https://contoso-ai-dev.openai.azure.com/openai/v1/');
    expect(dev.output.token_scopes.value).toEqual(['https://cognitiveservices.azure.com/.default', 'https://ai.azure.com/.default']);
    expect(prod.output.inference_endpoint.value).toBe('https://contoso-ai-prod.services.ai.azure.com/models');
  });

  test('without the custom role, developers get Cognitive Services User and no role definition is made', () => {
    const raw = readExample('environments/dev.json');
    raw.customRole = { enabled: false };
    const json = synth('dev', raw);
    expect(json.resource.azurerm_role_definition).toBeUndefined();
    expect(json.output.custom_role_id).toBeUndefined();
    expect(JSON.stringify(json)).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_id: '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908',
      principal_type: 'Group',
    });
  });

  test('every grant has a principal type and a deterministic name', () => {
    for (const json of [dev, prod]) {
      for (const a of Object.values(json.resource.azurerm_role_assignment) as any[]) {
        expect(['User', 'Group', 'ServicePrincipal']).toContain(a.principal_type);
        expect(a.name).toMatch(/^\$\{uuidv5\(/);
      }
    }
  });

  describe('key-access policy, audit logs, just-in-time administrators (issue 14)', () => {
    const policies = (json: any) => Object.values(json.resource.azurerm_resource_group_policy_assignment ?? {}) as any[];

    test('a new account gets the key-access policy with effect Deny at its resource group by default', () => {
      const json = synth('dev', devWith((e) => { delete e.policy; }));
      const list = policies(json);
      expect(list).toHaveLength(1);
      expect(list[0].policy_definition_id).toBe('/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc');
      expect(list[0].resource_group_id).toMatch(/^\$\{azurerm_resource_group\.ResourceGroup\.id\}$/);
      expect(JSON.parse(list[0].parameters)).toEqual({ effect: { value: 'Deny' } });
      expect(list[0].name).toBe('deny-ai-keys-dev');
    });

    test('turned off, or at the subscription when asked', () => {
      expect(policies(synth('dev', devWith((e) => { e.policy = { keyAccess: { enabled: false } }; })))).toEqual([]);
      const sub = synth('dev', devWith((e) => { e.policy = { keyAccess: { scope: 'subscription' } }; }));
      expect(Object.values(sub.resource.azurerm_subscription_policy_assignment)).toEqual([expect.objectContaining({ subscription_id: '/subscriptions/00000000-0000-0000-0000-000000000001' })]);
    });

    test('an existing account gets the policy only when asked, at the account\'s own resource group', () => {
      const raw = readExample('environments/prod.json');
      delete raw.policy;
      expect(policies(synth('prod', raw))).toEqual([]);
      expect(policies(prod)).toEqual([expect.objectContaining({ resource_group_id: '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ai-inference-prod' })]);
    });

    test('audit logs: the account\'s Audit and RequestResponse logs to a workspace created in the group, or to one given by ID; off when not configured', () => {
      const ws = Object.values(dev.resource.azurerm_log_analytics_workspace) as any[];
      expect(ws).toEqual([expect.objectContaining({ name: 'log-keyless-dev', retention_in_days: 90, daily_quota_gb: 1 })]);
      const setting = Object.values(dev.resource.azurerm_monitor_diagnostic_setting)[0] as any;
      expect(setting.target_resource_id).toMatch(/^\$\{azurerm_cognitive_account\..+\.id\}$/);
      expect(setting.enabled_log).toEqual([{ category: 'Audit' }, { category: 'RequestResponse' }]);
      expect(prod.resource.azurerm_log_analytics_workspace).toBeUndefined();
      expect((Object.values(prod.resource.azurerm_monitor_diagnostic_setting)[0] as any).log_analytics_workspace_id).toMatch(/workspaces\/law-platform-prod$/);
      expect(synth('dev', devWith((e) => { delete e.auditLogs; })).resource.azurerm_monitor_diagnostic_setting).toBeUndefined();
    });

    test('just-in-time administrators are PIM-eligible with no standing grant; developers stay standing; temporary developers end', () => {
      const admins = Object.values(prod.resource.azurerm_pim_eligible_role_assignment) as any[];
      expect(admins).toHaveLength(readExample('environments/prod.json').administrators.length);
      // Permanently eligible: no schedule, and the role's PIM policy on the account allows it.
      expect(admins[0].schedule).toBeUndefined();
      expect(Object.values(prod.resource.azurerm_role_management_policy)).toEqual([expect.objectContaining({ eligible_assignment_rules: { expiration_required: false } })]);
      expect((Object.values(prod.resource.azurerm_role_assignment) as any[]).every((a) => !a.role_definition_id.endsWith('25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68'))).toBe(true);
      expect(Object.values(dev.resource.azurerm_pim_active_role_assignment)).toEqual([expect.objectContaining({ schedule: { expiration: { end_date_time: '2028-03-31T00:00:00Z' } } })]);
    });

    test('configuration errors name the path and what is allowed', () => {
      const issues = (patch: (e: any) => void) => environmentSchema.safeParse(devWith(patch)).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      expect(issues((e) => { e.policy = { keyAccess: { effect: 'deny' } }; })).toEqual(['policy.keyAccess.effect: expected one of Audit, Deny, Disabled']);
      expect(issues((e) => { e.auditLogs = { enabled: true, workspace: { retentionInDays: 7 } }; })).toEqual(['auditLogs.workspace.retentionInDays: expected 30 to 730 days']);
      expect(issues((e) => { e.auditLogs = { enabled: true, workspaceId: 'law', }; })[0]).toMatch(/^auditLogs.workspaceId: expected \/subscriptions/);
      expect(issues((e) => { e.temporaryDevelopers[0].expiresOn = '31.12.2026'; })).toEqual(['temporaryDevelopers.0.expiresOn: expected an RFC 3339 UTC time such as 2026-06-30T00:00:00Z']);
      expect(issues((e) => { e.justInTimeAdministrators = { enabled: true, justification: 'x' }; })).toEqual(['justInTimeAdministrators.justification: write why (at least 10 characters); PIM records it']);
      // Keys on under the default Deny policy would fail in Azure: refused here, accepted with Audit.
      const keysOn = { enabled: true, justification: 'Legacy batch tool until OPS-1234 ships, end of Q3' };
      expect(issues((e) => { e.account.localAuth = keysOn; delete e.policy; })).toEqual([expect.stringMatching(/^account\.localAuth\.enabled: policy\.keyAccess\.effect "Deny" \(the default\) assigns "Azure AI Services resources should have key access disabled.*" with effect Deny, which refuses this environment's own account \(key-based access is on \(local_auth_enabled = true\)\): turn keys off .*; or set policy\.keyAccess\.effect to "Audit" \(or policy\.keyAccess\.enabled: false\)$/)]);
      expect(environmentSchema.safeParse(devWith((e) => { e.account.localAuth = keysOn; e.policy.keyAccess.effect = 'Audit'; })).success).toBe(true);
    });
  });
});

describe('EnvironmentStack private networking', () => {
  test('an endpoint in another subscription gets that subscription\'s azurerm provider (alias) and its resource group', () => {
    const raw = readExample('environments/prod-private.json');
    const other = '00000000-0000-0000-0000-0000000000ff';
    raw.account.privateEndpoints[0].subnetId = raw.account.privateEndpoints[0].subnetId.replace(raw.subscriptionId, other);
    raw.account.privateEndpoints[0].resourceGroupName = 'rg-hub-pe';
    const json = synth('prod-private', raw);
    expect(json.provider.azurerm).toContainEqual(expect.objectContaining({ alias: 'subscription_00000000_0000_0000_0000_0000000000ff', subscription_id: other, storage_use_azuread: true }));
    const [pe] = Object.values(json.resource.azurerm_private_endpoint) as any[];
    expect(pe).toMatchObject({ provider: 'azurerm.subscription_00000000_0000_0000_0000_0000000000ff', resource_group_name: 'rg-hub-pe' });
  });

  test('the private-only example: public access off, bypass None, a locked account, its endpoint in the account\'s group', () => {
    const json = synth('prod-private', readExample('environments/prod-private.json'));
    const [account] = Object.values(json.resource.azurerm_cognitive_account) as any[];
    expect(account).toMatchObject({ public_network_access_enabled: false, network_acls: { default_action: 'Deny', bypass: 'None' } });
    const [pe] = Object.values(json.resource.azurerm_private_endpoint) as any[];
    expect(pe.provider).toBeUndefined();
    expect(Object.keys(json.resource.azurerm_management_lock)).toHaveLength(1);
  });
});
