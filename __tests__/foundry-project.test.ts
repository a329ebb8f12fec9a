import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { TerraformOutput } from 'cdktf';
import { AiServicesAccount } from '../constructs/ai-services-account';
import { BuiltInRole } from '../constructs/azure/built-in-role';
import { FOUNDRY_USER, missingProjectDataActions, projectManagementProblem, PROJECT_TOKEN_SCOPE } from '../constructs/azure/projects';
import { FoundryProject } from '../constructs/foundry-project';
import { InferenceRoleDefinition } from '../constructs/inference-role-definition';
import { Principal } from '../constructs/principal';
import { accountArmId, errorOf, expectRejected, LOCATION, newStack, OIDS, RG_SCOPE, resourcesOf, SUBSCRIPTION, synthJson, synthString } from '../test-support/stacks';

const newAccount = (stack = newStack(), projectManagementEnabled = true) =>
  new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION, projectManagementEnabled });

describe('AiServicesAccount project management', () => {
  test('projectManagementEnabled is sent only when set', () => {
    const stack = newStack();
    newAccount(stack);
    expect(synthString(stack)).toHaveResourceWithProperties(CognitiveAccount, { project_management_enabled: true, identity: { type: 'SystemAssigned' }, custom_subdomain_name: 'ai-team' });
    const other = newStack('other');
    new AiServicesAccount(other, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION });
    const [acct] = Object.values(resourcesOf(synthJson(other), 'azurerm_cognitive_account'));
    expect(acct.project_management_enabled).toBeUndefined();
  });

  test('the facts refuse accounts without identity, subdomain or kind AIServices', () => {
    expect(projectManagementProblem({ kind: 'AIServices', identity: true, customSubdomainName: 'x1' })).toBeUndefined();
    expect(projectManagementProblem({ kind: 'AIServices', identity: false, customSubdomainName: 'x1' })).toMatch(/managed identity/);
    expect(projectManagementProblem({ kind: 'AIServices', identity: true })).toMatch(/custom subdomain/);
    expect(projectManagementProblem({ kind: 'OpenAI', identity: true, customSubdomainName: 'x1' })).toMatch(/kind AIServices, not OpenAI/);
  });
});

describe('FoundryProject', () => {
  test('project resource, endpoint and token scope; identity gets Foundry User on the account', () => {
    const stack = newStack();
    const account = newAccount(stack);
    const project = new FoundryProject(stack, 'Chat', { account, name: 'chat-team', displayName: 'Chat team', description: 'The chat app' });
    new TerraformOutput(stack, 'endpoint', { value: project.endpoint });
    const json = synthJson(stack);
    const [p] = Object.values(resourcesOf(json, 'azurerm_cognitive_account_project'));
    expect(p).toMatchObject({ name: 'chat-team', display_name: 'Chat team', description: 'The chat app', location: LOCATION, identity: { type: 'SystemAssigned' } });
    expect(p.cognitive_account_id).toMatch(/^\$\{azurerm_cognitive_account\..+\.id\}$/);
    expect(json.output.endpoint.value).toBe('https://ai-team.services.ai.azure.com/api/projects/chat-team');
    expect(project.tokenScope).toBe('https://ai.azure.com/.default');
    expect(PROJECT_TOKEN_SCOPE).toBe('https://ai.azure.com/.default');
    const grants = Object.values(resourcesOf(json, 'azurerm_role_assignment'));
    expect(grants).toHaveLength(1);
    expect(grants[0].scope).toMatch(/azurerm_cognitive_account\..+\.id/);
    expect(grants[0].role_definition_id).toBe(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/53ca6127-db72-4b80-b1b0-d745d6d5456d`);
    expect(grants[0].principal_id).toMatch(/azurerm_cognitive_account_project\..+\.identity\[0\]\.principal_id/);
    expect(grants[0].principal_type).toBe('ServicePrincipal');
  });

  test('grantInference is Foundry User at project scope', () => {
    const stack = newStack();
    const project = new FoundryProject(stack, 'Chat', { account: newAccount(stack), name: 'chat-team', grantIdentityOnAccount: false });
    project.grantInference(Principal.group(OIDS.devs, { label: 'Chat developers' }));
    const grants = Object.values(resourcesOf(synthJson(stack), 'azurerm_role_assignment'));
    expect(grants).toHaveLength(1);
    expect(grants[0].scope).toMatch(/^\$\{azurerm_cognitive_account_project\..+\.id\}$/);
    expect(grants[0].role_definition_id).toMatch(new RegExp(`${FOUNDRY_USER.guid}$`));
    expect(grants[0].principal_id).toBe(OIDS.devs);
    expect(grants[0].principal_type).toBe('Group');
  });

  test('a project on an existing account needs a location; its endpoint follows the given subdomain', () => {
    const stack = newStack();
    const existing = AiServicesAccount.fromAccountId(stack, 'Existing', accountArmId('ai-old'), { customSubdomainName: 'ai-old' });
    expect(errorOf(() => new FoundryProject(stack, 'NoLoc', { account: existing, name: 'p1' }))).toMatch(/NoLoc: .*location.*set location/);
    const p = new FoundryProject(stack, 'P', { account: existing, name: 'p1', location: LOCATION });
    expect(p.endpoint).toBe('https://ai-old.services.ai.azure.com/api/projects/p1');
    const [res] = Object.values(resourcesOf(synthJson(stack), 'azurerm_cognitive_account_project'));
    expect(res.cognitive_account_id).toBe(accountArmId('ai-old'));
  });

  test('refuses an account without project management, a bad name, a role that does not cover project endpoints', () => {
    const stack = newStack();
    const plain = newAccount(stack, false);
    expect(errorOf(() => new FoundryProject(stack, 'A', { account: plain, name: 'p1' }))).toMatch(/projectManagementEnabled: true/);
    const account = new AiServicesAccount(stack, 'Ai2', { accountName: 'ai-two', resourceGroupName: 'rg-ai', location: LOCATION, projectManagementEnabled: true });
    expect(errorOf(() => new FoundryProject(stack, 'B', { account, name: '-bad' }))).toMatch(/B: invalid name "-bad": expected 2 to 64/);
    const custom = new InferenceRoleDefinition(stack, 'Role', { scope: RG_SCOPE });
    const msg = errorOf(() => new FoundryProject(stack, 'C', { account, name: 'p2', inferenceRole: custom }));
    expect(msg).toMatch(/C: invalid inferenceRole .*does not cover what project endpoints call \(missing Microsoft\.CognitiveServices\/accounts\/AIServices\/agents\/read/);
  });

  test('project names are unique per account, compared case-insensitively (projectNameClashes\' key); another account may reuse one', () => {
    const stack = newStack();
    const account = newAccount(stack);
    new FoundryProject(stack, 'First', { account, name: 'chat-assistant' });
    expectRejected(() => new FoundryProject(stack, 'Second', { account, name: 'Chat-Assistant' }), {
      path: 'test/Second', value: 'name "Chat-Assistant"', allowed: 'already the name of test/First on the same account; project names are unique in an account (compared case-insensitively): rename one',
    });
    const other = new AiServicesAccount(stack, 'Other', { accountName: 'ai-other', resourceGroupName: 'rg-ai', location: LOCATION, projectManagementEnabled: true });
    expect(() => new FoundryProject(stack, 'Third', { account: other, name: 'chat-assistant' })).not.toThrow();
  });

  test('a project on an account with project management off: PROJECT_MANAGEMENT_OFF, with the construct path and the fix', () => {
    const stack = newStack();
    expectRejected(() => new FoundryProject(stack, 'P', { account: newAccount(stack, false), name: 'p1' }), {
      path: 'test/P', value: 'account "test/Ai"', allowed: 'projects need project management on the account (project_management_enabled): turn it on (projectManagementEnabled: true',
    });
  });

  test('Foundry User covers project endpoints; the custom MaaS/OpenAI role and Cognitive Services OpenAI User do not', () => {
    expect(missingProjectDataActions(FOUNDRY_USER.permissions)).toEqual([]);
    expect(missingProjectDataActions(BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER.permissions)).toContain('Microsoft.CognitiveServices/accounts/AIServices/agents/read');
  });
});
