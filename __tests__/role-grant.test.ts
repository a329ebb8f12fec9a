import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AiServicesAccount, IAiServicesAccount } from '../constructs/ai-services-account';
import { BuiltInRole } from '../constructs/azure/built-in-role';
import { InferenceRoleDefinition, KEYLESS_UUID_NAMESPACE } from '../constructs/inference-role-definition';
import { IPrincipal, Principal, PrincipalType } from '../constructs/principal';
import { RoleGrant } from '../constructs/role-grant';
import { accountArmId, errorOf, expectRejected, LOCATION, newStack, OIDS, resourcesOf, RG_SCOPE, SUBSCRIPTION, synthJson, synthString } from '../test-support/stacks';

const ARM = accountArmId('ai-x');
const CS_USER = BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION);
const existing = (stack: TerraformStack) => AiServicesAccount.fromAccountId(stack, 'Acct', ARM);
const assignments = (stack: TerraformStack) => resourcesOf(synthJson(stack), 'azurerm_role_assignment');

test('one azurerm_role_assignment: account scope, subscription-scoped role, principal type, uuidv5 name of scope|role|principal', () => {
  const stack = newStack();
  const grant = existing(stack).grantInference(Principal.user(OIDS.alice));
  expect(grant.role).toBe(BuiltInRole.COGNITIVE_SERVICES_USER);
  expect(Object.values(assignments(stack))).toEqual([{
    name: `\${uuidv5("${KEYLESS_UUID_NAMESPACE}", lower(join("|", ["${ARM}", "${CS_USER}", "${OIDS.alice}"])))}`,
    scope: ARM,
    role_definition_id: CS_USER,
    principal_id: OIDS.alice,
    principal_type: 'User',
    // The flag matters only at creation and the resource has no Update: changing it later must not plan one.
    lifecycle: { ignore_changes: ['skip_service_principal_aad_check'] },
  }]);
});

test('grantAdministration is Cognitive Services Contributor; grant(principal, role) takes any role', () => {
  const stack = newStack();
  const acct = existing(stack);
  acct.grantAdministration(Principal.group(OIDS.devs));
  acct.grant(Principal.servicePrincipal(OIDS.app), BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER);
  const out = synthString(stack);
  expect(out).toHaveResourceWithProperties(RoleAssignment, {
    principal_id: OIDS.devs,
    role_definition_id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68`,
  });
  expect(out).toHaveResourceWithProperties(RoleAssignment, {
    principal_id: OIDS.app,
    principal_type: 'ServicePrincipal',
    role_definition_id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd`,
  });
});

test('description, and a condition (where Azure offers one: Storage blob data) whose version defaults to 2.0', () => {
  const stack = newStack();
  const container = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-state/providers/Microsoft.Storage/storageAccounts/st01/blobServices/default/containers/tfstate`;
  const condition = "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})) OR " +
    "(@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike 'dev/*'))";
  const grant = (principal: IPrincipal, extra: { description?: string; conditionVersion?: string }) =>
    new RoleGrant(stack, `G-${principal.principalKey}`, { scope: container, subscriptionId: SUBSCRIPTION, role: BuiltInRole.STORAGE_BLOB_DATA_OWNER, principal, condition, ...extra });
  grant(Principal.user(OIDS.alice), { description: 'state for alice' });
  grant(Principal.group(OIDS.devs), { conditionVersion: '1.0' });
  const out = synthString(stack);
  expect(out).toHaveResourceWithProperties(RoleAssignment, { principal_id: OIDS.alice, description: 'state for alice', condition, condition_version: '2.0' });
  expect(out).toHaveResourceWithProperties(RoleAssignment, { principal_id: OIDS.devs, condition_version: '1.0' });
  const bare = assignmentsOf(out).find((a) => a.principal_id === OIDS.devs);
  expect(bare.description).toBeUndefined();
});

test('a condition on an inference grant is refused: Azure has no Cognitive Services attribute for conditions', () => {
  const condition = "@Request[Microsoft.CognitiveServices/accounts/deployments:name] StringEquals 'gpt-4o-mini'";
  for (const role of [BuiltInRole.COGNITIVE_SERVICES_USER, BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER, BuiltInRole.FOUNDRY_USER]) {
    const stack = newStack();
    expectRejected(() => existing(stack).grant(Principal.user(OIDS.alice), role, { condition }), {
      path: 'test/Acct/', value: `condition "${condition.replace(/"/g, '\\"')}"`,
      allowed: `${role.roleName} takes no condition: Azure supports role assignment conditions only on roles with Storage blob or queue data actions`,
    });
  }
  // Delegation of role-assignment management takes conditions (Role Based Access Control Administrator).
  const stack = newStack();
  existing(stack).grant(Principal.user(OIDS.alice), BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR,
    { condition: "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}))" });
  expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, { principal_id: OIDS.alice, condition_version: '2.0' });
});

test('no condition, no condition_version', () => {
  const stack = newStack();
  existing(stack).grantInference(Principal.user(OIDS.alice));
  const [a] = Object.values(assignments(stack));
  expect(a).not.toHaveProperty('condition');
  expect(a).not.toHaveProperty('condition_version');
  expect(a).not.toHaveProperty('skip_service_principal_aad_check');
});

test('RoleGrant used directly on any literal scope', () => {
  const stack = newStack();
  new RoleGrant(stack, 'StateAccess', {
    scope: `${RG_SCOPE}/providers/Microsoft.Storage/storageAccounts/tfstate`,
    subscriptionId: SUBSCRIPTION,
    role: BuiltInRole.STORAGE_BLOB_DATA_OWNER,
    principal: Principal.deployer(Principal.user(OIDS.alice).principalType),
  });
  expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, {
    scope: `${RG_SCOPE}/providers/Microsoft.Storage/storageAccounts/tfstate`,
    role_definition_id: BuiltInRole.STORAGE_BLOB_DATA_OWNER.roleDefinitionIdIn(SUBSCRIPTION),
    principal_type: 'User',
  });
});

describe('determinism', () => {
  const principals = (): IPrincipal[] => [
    Principal.user(OIDS.alice), Principal.group(OIDS.devs), Principal.servicePrincipal(OIDS.app),
    Principal.userByUpn('bob@contoso.com'), Principal.groupByDisplayName('AI Developers'),
  ];
  const grantAll = (acct: IAiServicesAccount, list: IPrincipal[]) => {
    for (const p of list) acct.grantInference(p);
    for (const p of list) acct.grantAdministration(p);
  };
  /** Logical ID → name expression of every assignment; principal lookups by logical ID. */
  const summary = (order: (l: IPrincipal[]) => IPrincipal[], newAccount: boolean) => {
    const stack = newStack();
    const acct: IAiServicesAccount = newAccount
      ? new AiServicesAccount(stack, 'Ai', { accountName: 'ai-x', resourceGroupName: 'rg-ai', location: LOCATION })
      : existing(stack);
    grantAll(acct, order(principals()));
    const json = synthJson(stack);
    return {
      names: Object.fromEntries(Object.entries(resourcesOf(json, 'azurerm_role_assignment')).map(([id, a]) => [id, a.name])),
      lookups: Object.keys(json.data ?? {}).flatMap((t) => Object.keys(json.data[t]).map((id) => `${t}.${id}`)).sort(),
    };
  };

  test.each([['existing', false], ['new (scope and subscription are plan-time references)', true]])(
    'the same grants in a different order give the same assignment names and logical IDs: %s account', (_k, newAccount) => {
      const forward = summary((l) => l, newAccount as boolean);
      const reversed = summary((l) => [...l].reverse(), newAccount as boolean);
      const shuffled = summary((l) => [l[2], l[0], l[4], l[1], l[3]], newAccount as boolean);
      expect(Object.keys(forward.names)).toHaveLength(10);
      expect(reversed).toEqual(forward);
      expect(shuffled).toEqual(forward);
      expect(new Set(Object.values(forward.names)).size).toBe(10);
    });

  test('the name changes with scope, role and principal', () => {
    const stack = newStack();
    const a = AiServicesAccount.fromAccountId(stack, 'A', accountArmId('ai-a'));
    const b = AiServicesAccount.fromAccountId(stack, 'B', accountArmId('ai-b'));
    a.grantInference(Principal.user(OIDS.alice));
    a.grantAdministration(Principal.user(OIDS.alice));
    a.grantInference(Principal.group(OIDS.devs));
    b.grantInference(Principal.user(OIDS.alice));
    const names = Object.values(assignments(stack)).map((x) => x.name);
    expect(names).toHaveLength(4);
    expect(new Set(names).size).toBe(4);
  });
});

describe('bad input', () => {
  test('the same principal granted the same role on the same scope twice', () => {
    const stack = newStack();
    const acct = existing(stack);
    const first = acct.grantInference(Principal.user(OIDS.alice));
    expectRejected(() => acct.grantInference(Principal.user(OIDS.alice.toUpperCase())), {
      path: 'test/Acct', value: `grant "Cognitive Services User for user ${OIDS.alice.toUpperCase()}"`,
      allowed: `already granted on this account by ${first.node.path}; grant each role to a principal once per scope`,
    });
  });

  test('the same grant through two handles on one existing account', () => {
    const stack = newStack();
    existing(stack).grantInference(Principal.userByUpn('alice@contoso.com'));
    const again = AiServicesAccount.fromAccountId(stack, 'Again', ARM);
    expectRejected(() => again.grantInference(Principal.userByUpn('alice@contoso.com')), {
      path: 'test/Again/', value: 'grant "Cognitive Services User for user alice@contoso.com (looked up by UPN)"',
      allowed: 'already granted on the same scope by test/Acct/',
    });
  });

  test('condition version without condition', () => {
    const stack = newStack();
    expectRejected(() => existing(stack).grantInference(Principal.user(OIDS.alice), { conditionVersion: '2.0' }), {
      path: 'test/Acct/', value: 'conditionVersion "2.0"', allowed: 'a condition version needs a condition; set condition or remove conditionVersion',
    });
  });

  test('an empty condition', () => {
    const stack = newStack();
    expectRejected(() => existing(stack).grantInference(Principal.user(OIDS.alice), { condition: ' ' }), {
      path: 'test/Acct/', value: 'condition " "', allowed: 'expected an ABAC condition expression, or leave condition out',
    });
  });

  test('unknown condition version', () => {
    const stack = newStack();
    expectRejected(() => existing(stack).grant(Principal.user(OIDS.alice), BuiltInRole.STORAGE_BLOB_DATA_OWNER, { condition: 'x', conditionVersion: '3.0' }), {
      path: 'test/Acct/', value: 'conditionVersion "3.0"', allowed: 'expected one of 1.0, 2.0',
    });
  });

  test('a non-GUID subscription for a direct RoleGrant', () => {
    const stack = newStack();
    expectRejected(() => new RoleGrant(stack, 'G', { scope: ARM, subscriptionId: 'prod', role: BuiltInRole.OWNER, principal: Principal.user(OIDS.alice) }), {
      path: 'test/G', value: 'subscriptionId "prod"', allowed: 'non-zero GUID',
    });
  });
});

test('unresolved scope and subscription are not rejected', () => {
  const stack = newStack();
  const scope = new TerraformVariable(stack, 'scope', { type: 'string' });
  const sub = new TerraformVariable(stack, 'sub', { type: 'string' });
  new RoleGrant(stack, 'G', { scope: scope.stringValue, subscriptionId: sub.stringValue, role: BuiltInRole.FOUNDRY_USER, principal: Principal.group(OIDS.devs) });
  expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, {
    scope: '${var.scope}',
    role_definition_id: '/subscriptions/${var.sub}/providers/Microsoft.Authorization/roleDefinitions/53ca6127-db72-4b80-b1b0-d745d6d5456d',
  });
});

function assignmentsOf(out: string): any[] {
  return Object.values(resourcesOf(JSON.parse(out), 'azurerm_role_assignment'));
}

test('skip_service_principal_aad_check on a principal that is not a service principal is rejected', () => {
  const stack = newStack();
  const odd: IPrincipal = { principalKey: 'user:custom', principalType: Principal.user(OIDS.alice).principalType, label: 'custom user', skipAadCheck: true, objectIdIn: () => OIDS.alice };
  expectRejected(() => existing(stack).grantInference(odd), {
    path: 'test/Acct/', value: 'principal "custom user"', allowed: 'skip_service_principal_aad_check applies to service principals only',
  });
});

test('the principal and role are recorded in words under the assignment\'s "//" comment key', () => {
  const stack = newStack('labels');
  existing(stack).grantInference(Principal.managedIdentity(OIDS.mi, { label: 'chat-api' }));
  const dir = Testing.fullSynth(stack);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'stacks', 'labels', 'cdk.tf.json'), 'utf8'));
  const [assignment] = Object.values(json.resource.azurerm_role_assignment) as any[];
  expect(assignment['//'].keyless_grant).toEqual({ principal: 'chat-api', role: 'Cognitive Services User' });
});

describe('principal keys: grant addresses that do not depend on how the principal is identified', () => {
  const json = (build: (acct: IAiServicesAccount) => void) => {
    const stack = newStack();
    build(existing(stack));
    return synthJson(stack);
  };
  const onlyAddress = (j: any) => Object.keys(resourcesOf(j, 'azurerm_role_assignment'))[0];

  test('a keyed principal has the same address by object ID and by lookup; the assignment name is the same expression shape', () => {
    const byId = json((a) => a.grantInference(Principal.user(OIDS.alice, { key: 'alice' })));
    const byUpn = json((a) => a.grantInference(Principal.userByUpn('alice@contoso.com', { key: 'alice' })));
    expect(onlyAddress(byId)).toBe(onlyAddress(byUpn));
    expect(onlyAddress(byId)).toContain('key-alice');
  });

  test('without a key the address follows the identification (0.1 behaviour)', () => {
    const byId = json((a) => a.grantInference(Principal.user(OIDS.alice)));
    const byUpn = json((a) => a.grantInference(Principal.userByUpn('alice@contoso.com')));
    expect(onlyAddress(byId)).not.toBe(onlyAddress(byUpn));
  });

  test('adding a key moves the unkeyed grant: a moved block from the address it had', () => {
    const before = onlyAddress(json((a) => a.grantInference(Principal.user(OIDS.alice))));
    const after = json((a) => a.grantInference(Principal.user(OIDS.alice, { key: 'alice' })));
    expect(after.moved).toEqual([{ from: `azurerm_role_assignment.${before}`, to: `azurerm_role_assignment.${onlyAddress(after)}` }]);
    expect(json((a) => a.grantInference(Principal.user(OIDS.alice))).moved).toBeUndefined();
  });

  test('a custom role with its own display name: grants move from the address 0.1 gave them (named after the display name)', () => {
    const stack = newStack();
    const role = new InferenceRoleDefinition(stack, 'Role', { scope: RG_SCOPE, roleName: 'Contoso model callers' });
    AiServicesAccount.fromAccountId(stack, 'Acct', ARM, { inferenceRole: role }).grantInference(Principal.user(OIDS.alice, { key: 'alice' }));
    const j = synthJson(stack);
    const address = `azurerm_role_assignment.${Object.keys(resourcesOf(j, 'azurerm_role_assignment'))[0]}`;
    expect(address).toContain('ai-model-inference-user');
    // 0.1 address (display name, object ID) → before the key (default name, object ID) → today's: one chain.
    expect(j.moved).toHaveLength(2);
    expect(j.moved[0].from).toContain('contoso-model-callers-user-oid-');
    expect(j.moved[0].to).toBe(j.moved[1].from);
    expect(j.moved[1].from).toContain('ai-model-inference-user-user-oid-');
    expect(j.moved[1].to).toBe(address);
  });

  test('two principals with one key in the same scope are rejected', () => {
    expectRejected(() => json((a) => {
      a.grantInference(Principal.user(OIDS.alice, { key: 'dev' }));
      a.grantInference(Principal.group(OIDS.devs, { key: 'dev' }));
    }), { path: 'test/Acct', value: 'principal key "dev"', allowed: 'a key names one principal' });
  });

  test('a malformed key is rejected', () => {
    expectRejected(() => Principal.user(OIDS.alice, { key: 'has space' }), {
      path: `user ${OIDS.alice}`, value: 'principal key "has space"', allowed: 'expected 1 to 64 letters, digits',
    });
  });
});

describe('plan-time check: principals given by object ID and by look-up are distinct objects', () => {
  test('one precondition per scope, role and principal type, on the last grant, naming the principals', () => {
    const stack = newStack();
    const account = existing(stack);
    account.grantInference(Principal.group(OIDS.devs, { label: 'AI developers' }));
    account.grantInference(Principal.user(OIDS.alice)); // another type: nothing to compare
    account.grantInference(Principal.groupByDisplayName('AI Developers'));
    const all = Object.values(assignments(stack)) as any[];
    const guarded = all.filter((a) => a.lifecycle.precondition);
    expect(guarded).toHaveLength(1);
    const [check] = guarded[0].lifecycle.precondition;
    expect(guarded[0].principal_id).toMatch(/^\$\{data\.azuread_group\./);
    expect(check.condition).toMatch(new RegExp(`^\\$\\{\\(length\\(distinct\\(\\["${OIDS.devs}", data\\.azuread_group\\.\\S+\\.object_id\\]\\)\\) == 2\\)\\}$`));
    expect(check.error_message).toBe('Two of the Group principals that get Cognitive Services User on this scope are the same Microsoft Entra object ' +
      '(AI developers; group "AI Developers" (looked up by display name)): Azure would reject the second, identical role assignment (RoleAssignmentExists), whether standing, eligible or time-limited. List the principal once (grants of test/Acct).');
  });

  test('literal object IDs only: no precondition (compared at synth time)', () => {
    const stack = newStack();
    const account = existing(stack);
    account.grantInference(Principal.group(OIDS.devs));
    account.grantInference(Principal.group(OIDS.app));
    expect((Object.values(assignments(stack)) as any[]).some((a) => a.lifecycle.precondition)).toBe(false);
  });
});

describe('the same assignment made twice where synth-time keys cannot see it', () => {
  const newAccount = (stack: TerraformStack, over: Partial<{ subscriptionId: string }> = {}) =>
    new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, ...over });
  /** The message of a synth with validations on. */
  const synthError = (stack: TerraformStack) => errorOf(() => Testing.synth(stack, true));

  test('one managed identity\'s principalId read twice (two tokens, one expression) is one principal: the second grant is refused where it is made', () => {
    const stack = newStack();
    const identity = new UserAssignedIdentity(stack, 'Identity', { name: 'id-chat', resourceGroupName: 'rg-ai', location: LOCATION });
    const account = newAccount(stack);
    const first = account.grantInference(Principal.managedIdentity(identity.principalId, { label: 'chat app' }));
    expectRejected(() => account.grantInference(Principal.managedIdentity(identity.principalId, { label: 'chat api' })),
      { path: 'test/Ai', value: 'Cognitive Services User for chat api', allowed: `already granted on this account by ${first.node.path}` });
  });

  test('a raw azurerm_role_assignment of the same reference is refused at synth, naming both', () => {
    const stack = newStack();
    const identity = new UserAssignedIdentity(stack, 'Identity', { name: 'id-chat', resourceGroupName: 'rg-ai', location: LOCATION });
    const account = newAccount(stack, { subscriptionId: SUBSCRIPTION });
    const grant = account.grantInference(Principal.managedIdentity(identity.principalId));
    new RoleAssignment(stack, 'Raw', { scope: account.accountId, roleDefinitionId: BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION), principalId: identity.principalId });
    const m = synthError(stack);
    expect(m).toContain(`test/Raw: the same role assignment as ${grant.assignment.node.path}`);
    expect(m).toContain('principal ${azurerm_user_assigned_identity.Identity.principal_id}');
    expect(m).toContain('keep one of the two');
  });

  test('a RoleGrant (or a raw azurerm_role_assignment) next to grantInference on the same account is refused at synth', () => {
    const stack = newStack();
    const account = newAccount(stack, { subscriptionId: SUBSCRIPTION });
    account.grantInference(Principal.group(OIDS.devs));
    new RoleGrant(stack, 'Extra', { scope: account.accountId, subscriptionId: SUBSCRIPTION, role: BuiltInRole.COGNITIVE_SERVICES_USER, principal: Principal.group(OIDS.devs) });
    expect(synthError(stack)).toContain('test/Extra/Default: the same role assignment as test/Ai/');
    const raw = newStack('raw');
    const other = newAccount(raw);
    other.grantInference(Principal.group(OIDS.devs));
    // The role's ID in another form (unscoped) names the same role.
    new RoleAssignment(raw, 'Raw', { scope: other.accountId, roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${BuiltInRole.COGNITIVE_SERVICES_USER.guid}`, principalId: OIDS.devs });
    expect(synthError(raw)).toContain('raw/Raw: the same role assignment as raw/Ai/');
  });

  test('two imports of one account by the same variable are one scope', () => {
    const stack = newStack();
    const id = new TerraformVariable(stack, 'account_id', { type: 'string' });
    AiServicesAccount.fromAccountId(stack, 'One', id.stringValue).grantInference(Principal.group(OIDS.devs));
    AiServicesAccount.fromAccountId(stack, 'Two', id.stringValue).grantInference(Principal.group(OIDS.devs));
    expect(synthError(stack)).toContain('(scope ${var.account_id}, role a97b65f3-24c7-4388-baec-2e87135dc908, principal 22222222-2222-4222-8222-222222222222');
  });

  test('distinct principals, roles or scopes pass, and so do the same grants in two stacks on different accounts', () => {
    const stack = newStack();
    const identity = new UserAssignedIdentity(stack, 'Identity', { name: 'id-chat', resourceGroupName: 'rg-ai', location: LOCATION });
    const account = newAccount(stack);
    account.grantInference(Principal.managedIdentity(identity.principalId));
    account.grantAdministration(Principal.managedIdentity(identity.principalId));
    account.grantInference(Principal.managedIdentity(identity.clientId));
    expect(Object.keys(resourcesOf(synthJson(stack), 'azurerm_role_assignment'))).toHaveLength(3);
  });

  test('the same assignment in two stacks of one app (an account known by ARM ID) is refused where the second is made', () => {
    const app = Testing.app();
    AiServicesAccount.fromAccountId(newStack('dev', app), 'Shared', accountArmId('ai-shared')).grantInference(Principal.group(OIDS.devs));
    expectRejected(() => AiServicesAccount.fromAccountId(newStack('prod', app), 'Shared', accountArmId('ai-shared')).grantInference(Principal.group(OIDS.devs)),
      { path: 'prod/Shared/', value: 'Cognitive Services User for group', allowed: 'already granted on the same scope by dev/Shared/' });
    // Another account in the second stack: fine.
    AiServicesAccount.fromAccountId(newStack('test', app), 'Shared', accountArmId('ai-test')).grantInference(Principal.group(OIDS.devs));
    // The deploying identity may be another one per stack (dev and prod pipelines): not compared across stacks.
    AiServicesAccount.fromAccountId(newStack('ci-dev', app), 'Shared', accountArmId('ai-ops')).grantAdministration(Principal.deployer(PrincipalType.SERVICE_PRINCIPAL));
    AiServicesAccount.fromAccountId(newStack('ci-prod', app), 'Shared', accountArmId('ai-ops')).grantAdministration(Principal.deployer(PrincipalType.SERVICE_PRINCIPAL));
  });
});

describe('grants to a principal given by reference keep their address', () => {
  test('the address follows the expression, not the token\'s number (reading an attribute first changes nothing); the old address moves', () => {
    const addressOf = (readFirst: number) => {
      const stack = newStack();
      const identity = new UserAssignedIdentity(stack, 'Identity', { name: 'id-chat', resourceGroupName: 'rg-ai', location: LOCATION });
      for (let i = 0; i < readFirst; i++) void identity.clientId; // each read makes a token
      const account = new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION });
      account.grantInference(Principal.managedIdentity(identity.principalId));
      const json = synthJson(stack);
      return { ids: Object.keys(resourcesOf(json, 'azurerm_role_assignment')), moved: json.moved as Array<{ from: string; to: string }> };
    };
    const [a, b] = [addressOf(0), addressOf(5)];
    expect(a.ids).toEqual(b.ids);
    expect(a.ids[0]).toContain('managed-identity-token-azurerm-user-assigned');
    // The address the grant had before (its token's number in this run) moves to the stable one.
    expect(a.moved).toEqual([{ from: expect.stringMatching(/^azurerm_role_assignment\.Ai_cognitive-services-user-managed-identity-token-tftoken-token-\d+/), to: `azurerm_role_assignment.${a.ids[0]}` }]);
  });
});
