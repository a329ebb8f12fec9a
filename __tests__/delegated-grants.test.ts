import * as fs from 'fs';
import * as path from 'path';
import { TerraformVariable, Testing } from 'cdktf';
import { AiServicesAccount } from '../constructs/ai-services-account';
import { BuiltInRole } from '../constructs/azure/built-in-role';
import { delegationCondition, delegationRefusal, parseDelegationCondition } from '../constructs/azure/delegation';
import { FOUNDRY_USER } from '../constructs/azure/projects';
import { FoundryProject } from '../constructs/foundry-project';
import { InferenceRoleDefinition } from '../constructs/inference-role-definition';
import { Principal } from '../constructs/principal';
import { errorOf, LOCATION, newStack, OIDS, RG_SCOPE, resourcesOf, SUBSCRIPTION, synthJson } from '../test-support/stacks';

// The documented examples, character for character (the one-line form of their Azure PowerShell tab):
// learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples, "Example: Constrain roles" and
// "Example: Constrain roles and principal types" (MicrosoftDocs/azure-docs, articles/role-based-access-control/
// delegate-role-assignments-examples.md). Backup Contributor and Backup Reader, users and groups.
const BACKUP_CONTRIBUTOR = '5e467623-bb1f-42f4-a55d-6e525e11384b';
const BACKUP_READER = 'a795c7a0-d4a2-40c1-ae25-d81f01202912';
const DOCUMENTED_CONSTRAIN_ROLES = "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912}))";
const DOCUMENTED_CONSTRAIN_ROLES_AND_TYPES = "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'User', 'Group'})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'User', 'Group'}))";

describe('delegation condition (facts)', () => {
  test('is exactly the documented example text for the same roles and principal types', () => {
    expect(delegationCondition([BACKUP_CONTRIBUTOR, BACKUP_READER], ['User', 'Group'])).toBe(DOCUMENTED_CONSTRAIN_ROLES_AND_TYPES);
    expect(delegationCondition([BACKUP_CONTRIBUTOR, BACKUP_READER])).toBe(DOCUMENTED_CONSTRAIN_ROLES);
  });

  test('reads back roles and principal types', () => {
    expect(parseDelegationCondition(DOCUMENTED_CONSTRAIN_ROLES_AND_TYPES)).toEqual({ roleGuids: [BACKUP_CONTRIBUTOR, BACKUP_READER], principalTypes: ['User', 'Group'] });
    expect(parseDelegationCondition(DOCUMENTED_CONSTRAIN_ROLES)).toEqual({ roleGuids: [BACKUP_CONTRIBUTOR, BACKUP_READER], principalTypes: [] });
    expect(parseDelegationCondition("@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'x'")).toBeUndefined();
  });

  test('refuses Owner, User Access Administrator, RBAC Administrator, control-plane roles and roles of unknown reach', () => {
    for (const r of [BuiltInRole.OWNER, BuiltInRole.USER_ACCESS_ADMINISTRATOR, BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR]) {
      expect(delegationRefusal(r)).toBe(`${r.roleName} grants access itself`);
    }
    expect(delegationRefusal(BuiltInRole.CONTRIBUTOR)).toMatch(/^Contributor is a control-plane role/);
    expect(delegationRefusal(BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR)).toMatch(/^Cognitive Services Contributor is a control-plane role \(Microsoft\.CognitiveServices\/\*/);
    expect(delegationRefusal(BuiltInRole.COGNITIVE_SERVICES_OPENAI_CONTRIBUTOR)).toMatch(/control-plane role/);
    expect(delegationRefusal({ roleName: 'Mystery', guid: '00000000-0000-4000-8000-000000000009' })).toMatch(/permissions of Mystery are unknown/);
    expect(delegationRefusal(FOUNDRY_USER)).toBeUndefined();
    expect(delegationRefusal(BuiltInRole.COGNITIVE_SERVICES_USER)).toBeUndefined();
    expect(delegationRefusal(BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER)).toBeUndefined();
  });
});

describe('delegateGrants', () => {
  const setup = () => {
    const stack = newStack();
    const role = new InferenceRoleDefinition(stack, 'Role', { scope: RG_SCOPE, roleDefinitionId: '0f0e0d0c-0b0a-4909-8807-060504030201' });
    const account = new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION, inferenceRole: role, projectManagementEnabled: true });
    return { stack, role, account };
  };

  test('account: RBAC Administrator with the documented condition for the inference role and the given principal types', () => {
    const { stack, role, account } = setup();
    const grant = account.delegateGrants({ to: Principal.user(OIDS.alice, { label: 'Team lead' }), roles: [role], principalTypes: ['Group', 'ServicePrincipal'] });
    expect(grant.role).toBe(BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR);
    const [a] = Object.values(resourcesOf(synthJson(stack), 'azurerm_role_assignment'));
    expect(a.role_definition_id).toBe(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/f58310d9-a9f6-439a-9e8d-f62e7b41a168`);
    expect(a.principal_id).toBe(OIDS.alice);
    expect(a.scope).toMatch(/^\$\{azurerm_cognitive_account\..+\.id\}$/);
    expect(a.condition_version).toBe('2.0');
    // The custom role's GUID comes from its resource ID at plan time.
    expect(a.condition).toContain('ForAnyOfAnyValues:GuidEquals {${element(reverse(split("/", azurerm_role_definition.');
    expect(a.condition).toContain("ForAnyOfAnyValues:StringEqualsIgnoreCase {'Group', 'ServicePrincipal'}");
    // The "//" comment keys appear in the full synthesis (cdk.tf.json).
    const full = JSON.parse(fs.readFileSync(path.join(Testing.fullSynth(stack), 'stacks', 'test', 'cdk.tf.json'), 'utf8'));
    const [written] = Object.values(full.resource.azurerm_role_assignment) as any[];
    expect(written['//'].keyless_delegation).toEqual({ roles: [role.roleName], principal_types: ['Group', 'ServicePrincipal'] });
  });

  test('project: built-in role GUIDs are literal; the condition is the documented form', () => {
    const { stack, account } = setup();
    const project = new FoundryProject(stack, 'P', { account, name: 'chat', grantIdentityOnAccount: false });
    project.delegateGrants({ to: Principal.group(OIDS.devs), roles: [FOUNDRY_USER], principalTypes: ['User', 'Group'] });
    const [a] = Object.values(resourcesOf(synthJson(stack), 'azurerm_role_assignment'));
    expect(a.scope).toMatch(/^\$\{azurerm_cognitive_account_project\..+\.id\}$/);
    expect(a.condition).toBe(delegationCondition([FOUNDRY_USER.guid], ['User', 'Group']));
  });

  test('guardrails: dangerous roles, no roles, no or unknown principal types are refused with the path, value and fix', () => {
    const { account } = setup();
    const to = Principal.user(OIDS.alice);
    expect(errorOf(() => account.delegateGrants({ to, roles: [BuiltInRole.OWNER], principalTypes: ['Group'] })))
      .toBe(`test/Ai: invalid delegateGrants.roles[0] "Owner": Owner grants access itself: a delegate could then grant more than inference; delegate data-plane roles only (the inference role, ${FOUNDRY_USER.roleName})`);
    expect(errorOf(() => account.delegateGrants({ to, roles: [FOUNDRY_USER, BuiltInRole.USER_ACCESS_ADMINISTRATOR], principalTypes: ['Group'] }))).toMatch(/delegateGrants\.roles\[1\] "User Access Administrator": User Access Administrator grants access itself/);
    expect(errorOf(() => account.delegateGrants({ to, roles: [BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR], principalTypes: ['Group'] }))).toMatch(/Role Based Access Control Administrator grants access itself/);
    expect(errorOf(() => account.delegateGrants({ to, roles: [BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR], principalTypes: ['Group'] }))).toMatch(/control-plane role/);
    expect(errorOf(() => account.delegateGrants({ to, roles: [], principalTypes: ['Group'] }))).toMatch(/delegateGrants\.roles.*name at least one role/);
    expect(errorOf(() => account.delegateGrants({ to, roles: [FOUNDRY_USER], principalTypes: [] }))).toMatch(/delegateGrants\.principalTypes.*User, Group, ServicePrincipal/);
    expect(errorOf(() => account.delegateGrants({ to, roles: [FOUNDRY_USER], principalTypes: ['Device' as any] }))).toMatch(/delegateGrants\.principalTypes\[0\] "Device": expected one of User, Group, ServicePrincipal/);
  });
});

describe('lists known only to Terraform', () => {
  test('principal types from a variable are refused with the reason (the condition names each one at synth)', () => {
    const stack = newStack();
    const account = new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION });
    const types = new TerraformVariable(stack, 'types', { type: 'list(string)' }).listValue as Array<'User'>;
    const m = errorOf(() => account.delegateGrants({ to: Principal.group(OIDS.devs), roles: [BuiltInRole.COGNITIVE_SERVICES_USER], principalTypes: types }));
    expect(m).toMatch(/^test\/Ai: invalid delegateGrants\.principalTypes .*: the condition names each principal type, so the list must be known at synth/);
  });
});
