import { Testing } from 'cdktf';
import { EnvironmentConfig, environmentSchema } from '../app/config-schema';
import { EnvironmentStack } from '../app/environment-stack';
import { parseDelegationCondition } from '../constructs/azure/delegation';
import { FOUNDRY_USER } from '../constructs/azure/projects';
import { devWith, readExample } from '../test-support/config-fixtures';

function synth(name: string, raw: any): any {
  const config: EnvironmentConfig = environmentSchema.parse(raw);
  const stack = new EnvironmentStack(Testing.app(), { environment: name, config });
  return JSON.parse(Testing.fullSynth(stack) && Testing.synth(stack, true));
}

const issues = (patch: (e: any) => void) => environmentSchema.safeParse(devWith(patch)).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('projects in the environment configuration (issue 24)', () => {
  const dev = synth('dev', readExample('environments/dev.json'));
  const assignments = Object.values(dev.resource.azurerm_role_assignment) as any[];

  test('the example project: project management on, project created, developers granted Foundry User at project scope', () => {
    const [account] = Object.values(dev.resource.azurerm_cognitive_account) as any[];
    expect(account.project_management_enabled).toBe(true);
    const projects = Object.values(dev.resource.azurerm_cognitive_account_project) as any[];
    expect(projects).toEqual([expect.objectContaining({ name: 'chat-assistant', display_name: 'Chat assistant', location: 'swedencentral', identity: { type: 'SystemAssigned' } })]);
    const atProject = assignments.filter((a) => /azurerm_cognitive_account_project\..+\.id/.test(a.scope));
    const devGrant = atProject.find((a) => a.principal_id === '6d8f0a2c-5e7a-4b9c-8d1e-3f5a7c9e1b48');
    expect(devGrant).toMatchObject({ principal_type: 'Group', role_definition_id: `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/${FOUNDRY_USER.guid}` });
    // The project's identity: Foundry User on the account.
    const identity = assignments.find((a) => /azurerm_cognitive_account_project\..+\.identity\[0\]\.principal_id/.test(a.principal_id));
    expect(identity.scope).toMatch(/^\$\{azurerm_cognitive_account\..+\.id\}$/);
    expect(identity.role_definition_id).toMatch(new RegExp(`${FOUNDRY_USER.guid}$`));
  });

  test('the team lead may grant Foundry User at the project to groups and service principals only', () => {
    const lead = assignments.find((a) => a.principal_id === '7e9a1b3d-6f8b-4c0d-9e2f-4a6b8d0f2c59');
    expect(lead.role_definition_id).toMatch(/f58310d9-a9f6-439a-9e8d-f62e7b41a168$/);
    expect(lead.scope).toMatch(/azurerm_cognitive_account_project\..+\.id/);
    expect(lead.condition_version).toBe('2.0');
    expect(parseDelegationCondition(lead.condition)).toEqual({ roleGuids: [FOUNDRY_USER.guid], principalTypes: ['Group', 'ServicePrincipal'] });
  });

  test('outputs: project endpoints by name and the one token scope they accept', () => {
    expect(dev.output.project_endpoints.value).toEqual({ 'chat-assistant': 'https://contoso-ai-dev.services.ai.azure.com/api/projects/chat-assistant' });
    expect(dev.output.project_token_scope.value).toBe('https://ai.azure.com/.default');
  });

  test('no projects: no project resources, no project outputs, project management not sent', () => {
    const prod = synth('prod', readExample('environments/prod.json'));
    expect(prod.resource.azurerm_cognitive_account_project).toBeUndefined();
    expect(prod.output.project_endpoints).toBeUndefined();
  });

  test('configuration errors name the path and the fix', () => {
    expect(issues((e) => { e.projects[0].name = '-x'; })).toEqual(['projects.0.name: expected 2 to 64 letters, digits, "-", "." or "_", starting with a letter or digit']);
    expect(issues((e) => { e.account.projectManagement = false; })).toEqual(['account.projectManagement: projects need project management on the account (project_management_enabled): turn it on (projectManagementEnabled: true; configuration: leave out account.projectManagement: false), or remove the projects']);
    expect(issues((e) => { e.projects.push({ ...e.projects[0], name: 'Chat-Assistant' }); })).toEqual(['projects.1.name: already the name of projects[0]: project names are unique in an account (compared case-insensitively): rename one']);
    expect(issues((e) => { e.projects[0].delegates[0].roles = ['owner']; })[0]).toMatch(/^projects\.0\.delegates\.0\.roles\.0: expected one of inference, foundryUser \(roles that grant access or change the account cannot be delegated\)/);
    expect(issues((e) => { e.projects[0].delegates[0].principalTypes = []; })[0]).toMatch(/^projects\.0\.delegates\.0\.principalTypes: list the principal types/);
  });
});

describe('content filters in the environment configuration (issue 24)', () => {
  test('the example policy is created and gpt-4o-mini uses it by reference; Phi-4 keeps Microsoft\'s default', () => {
    const dev = synth('dev', readExample('environments/dev.json'));
    const [policy] = Object.values(dev.resource.azurerm_cognitive_account_rai_policy) as any[];
    expect(policy).toMatchObject({ name: 'strict-chat', base_policy_name: 'Microsoft.DefaultV2' });
    expect(policy.content_filter).toHaveLength(4);
    const deployments = Object.values(dev.resource.azurerm_cognitive_deployment) as any[];
    expect(deployments.find((d) => d.name === 'gpt-4o-mini').rai_policy_name).toMatch(/^\$\{azurerm_cognitive_account_rai_policy\..+\.name\}$/);
    expect(deployments.find((d) => d.name === 'Phi-4').rai_policy_name).toBe('Microsoft.DefaultV2');
  });

  test('bad filters fail with the path and the allowed values', () => {
    expect(issues((e) => { e.account.raiPolicies[0].contentFilters[0].severityThreshold = 'Severe'; })).toEqual(['account.raiPolicies.0.contentFilters.0.severityThreshold: expected one of Low, Medium, High']);
    expect(issues((e) => { e.account.raiPolicies[0].basePolicy = 'Microsoft.Strict'; })).toEqual(['account.raiPolicies.0.basePolicy: expected one of Microsoft.Default, Microsoft.DefaultV2']);
    expect(issues((e) => { e.account.raiPolicies[0].contentFilters = []; })[0]).toMatch(/^account\.raiPolicies\.0\.contentFilters: list at least one filter: Hate, Sexual/);
    expect(issues((e) => { e.account.raiPolicies.push({ ...e.account.raiPolicies[0], name: 'Strict-Chat' }); }))
      .toEqual(['account.raiPolicies.1.name: already the name of raiPolicies[0]: policy names are unique in an account (compared case-insensitively): rename one']);
    expect(issues((e) => { e.account.raiPolicies[0].name = 'microsoft.Mine'; })).toEqual(['account.raiPolicies.0.name: names starting with "Microsoft." are Microsoft\'s own policies: choose another name (use it as basePolicyName instead)', expect.stringMatching(/^account\.deployments\.0\.raiPolicyName: no content filter policy "strict-chat"/)]);
    expect(issues((e) => { e.account.raiPolicies[0].contentFilters.push({ ...e.account.raiPolicies[0].contentFilters[0] }); }))
      .toEqual(['account.raiPolicies.0.contentFilters.4: this filter and source are already listed; list each pair once (contentFilters[0])']);
    expect(issues((e) => { e.account.deployments[0].raiPolicyName = 'lenient'; })).toEqual(['account.deployments.0.raiPolicyName: no content filter policy "lenient" on the account: define it (raiPolicies; configuration: account.raiPolicies), or name one of Microsoft\'s (Microsoft.Default, Microsoft.DefaultV2)']);
  });
});
