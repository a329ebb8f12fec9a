import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AiServicesAccount } from '../constructs/ai-services-account';
import { actionCovers } from '../constructs/azure/actions';
import { BuiltInRole } from '../constructs/azure/built-in-role';
import { InferenceEndpoint, MAAS_INFERENCE_DATA_ACTION } from '../constructs/azure/inference-endpoints';
import { InferenceRoleDefinition, InferenceRoleDefinitionProps, KEYLESS_UUID_NAMESPACE } from '../constructs/inference-role-definition';
import { Principal } from '../constructs/principal';
import { accountArmId, expectRejected, LOCATION, newStack, OIDS, resourcesOf, RG_SCOPE, SUBSCRIPTION, synthJson, synthString } from '../test-support/stacks';

const role = (stack: TerraformStack, over: Partial<InferenceRoleDefinitionProps> = {}) =>
  new InferenceRoleDefinition(stack, 'Role', { scope: RG_SCOPE, ...over });
const PATH = 'test/Role';

describe('defaults', () => {
  test('data actions of both endpoints, no control-plane actions, assignable at its scope, stack name as suffix', () => {
    const stack = newStack('prod');
    const r = role(stack);
    const openAiUser = BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER.permissions!;
    expect(synthString(stack)).toHaveResourceWithProperties(RoleDefinition, {
      name: 'AI Model Inference User (prod)',
      scope: RG_SCOPE,
      permissions: [{
        actions: [],
        data_actions: ['Microsoft.CognitiveServices/accounts/MaaS/*', ...openAiUser.dataActions],
        not_actions: [],
        not_data_actions: openAiUser.notDataActions,
      }],
      assignable_scopes: [RG_SCOPE],
    });
    expect(MAAS_INFERENCE_DATA_ACTION).toBe('Microsoft.CognitiveServices/accounts/MaaS/*');
    expect(r.endpoints).toEqual([InferenceEndpoint.MODELS, InferenceEndpoint.OPENAI]);
  });

  test('the data actions are checked against the built-in roles\' published permissions', () => {
    const openAiUser = BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER.permissions!;
    const openai = role(newStack(), { endpoints: [InferenceEndpoint.OPENAI] });
    // Everything Cognitive Services OpenAI User may do on the data plane, and nothing of MaaS.
    expect(openAiUser.dataActions.every((op) => openai.dataActions.some((a) => actionCovers(a, op)))).toBe(true);
    expect(openai.dataActions.some((a) => actionCovers(a, MAAS_INFERENCE_DATA_ACTION))).toBe(false);
    expect(openai.endpoints).toEqual([InferenceEndpoint.OPENAI]);
    const models = role(newStack('m'), { endpoints: [InferenceEndpoint.MODELS] });
    expect(models.dataActions).toEqual([MAAS_INFERENCE_DATA_ACTION]);
    expect(models.dataActions.some((a) => actionCovers(a, 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action'))).toBe(false);
    expect(models.endpoints).toEqual([InferenceEndpoint.MODELS]);
    // Both are inside what the broad built-in data-plane roles allow.
    for (const broad of [BuiltInRole.COGNITIVE_SERVICES_USER, BuiltInRole.FOUNDRY_USER]) {
      expect(role(newStack('b'), {}).dataActions.every((op) => broad.permissions!.dataActions.some((a) => actionCovers(a, op)))).toBe(true);
    }
  });

  test('explicit data actions override the endpoints; endpoints then follow what they cover', () => {
    const r = role(newStack(), { dataActions: ['Microsoft.CognitiveServices/accounts/MaaS/chat/completions/action'] });
    expect(r.dataActions).toEqual(['Microsoft.CognitiveServices/accounts/MaaS/chat/completions/action']);
    expect(r.endpoints).toEqual([]);
  });

  test('a display-name change keeps the GUID: the role is updated in place, no assignment replaced', () => {
    const idWith = (over: Partial<InferenceRoleDefinitionProps>) => {
      const stack = newStack('prod');
      role(stack, over);
      return Object.values(resourcesOf(synthJson(stack), 'azurerm_role_definition'))[0].role_definition_id;
    };
    expect(idWith({ roleName: 'Contoso model callers' })).toBe(idWith({}));
    expect(idWith({ roleName: 'Contoso model callers', roleDefinitionId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' })).toBe('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee');
    expect(idWith({ nameSuffix: 'other' })).not.toBe(idWith({}));
  });

  test('role_definition_id is a UUID v5 of scope and default name (as in 0.1), the same in every synth', () => {
    const synthId = () => {
      const stack = newStack('prod');
      role(stack);
      return Object.values(resourcesOf(synthJson(stack), 'azurerm_role_definition'))[0].role_definition_id;
    };
    const id = synthId();
    expect(id).toBe(`\${uuidv5("${KEYLESS_UUID_NAMESPACE}", lower(join("|", ["${RG_SCOPE}", "AI Model Inference User (prod)"])))}`);
    expect(synthId()).toBe(id);
  });

  test('name suffix, full name, explicit role definition ID and assignable scopes are honoured', () => {
    const stack = newStack();
    const sub = `/subscriptions/${SUBSCRIPTION}`;
    role(stack, { scope: sub, nameSuffix: 'staging', assignableScopes: [RG_SCOPE, `${sub}/resourceGroups/rg-b`], roleDefinitionId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' });
    new InferenceRoleDefinition(stack, 'Named', { scope: sub, roleName: 'Contoso inference' });
    const out = synthString(stack);
    expect(out).toHaveResourceWithProperties(RoleDefinition, {
      name: 'AI Model Inference User (staging)',
      role_definition_id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      assignable_scopes: [RG_SCOPE, `${sub}/resourceGroups/rg-b`],
    });
    expect(out).toHaveResourceWithProperties(RoleDefinition, { name: 'Contoso inference' });
  });

  test('assignments reference role_definition_resource_id, never .id (which is "<guid>|<scope>")', () => {
    const stack = newStack();
    const r = role(stack);
    const a = AiServicesAccount.fromAccountId(stack, 'Acct', accountArmId('ai-x'), { inferenceRole: r });
    a.grantInference(Principal.user(OIDS.alice));
    const logical = stack.getLogicalId(r.resource);
    const out = synthString(stack);
    expect(out).toHaveResourceWithProperties(RoleAssignment, { role_definition_id: `\${azurerm_role_definition.${logical}.role_definition_resource_id}` });
    expect(out).not.toContain(`azurerm_role_definition.${logical}.id`);
  });

  test('custom role granted on a new account in its resource group', () => {
    const stack = newStack();
    const r = role(stack);
    new AiServicesAccount(stack, 'Ai', { accountName: 'ai-x', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION, inferenceRole: r })
      .grantInference(Principal.group(OIDS.devs));
    expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, { principal_type: 'Group', role_definition_id: expect.stringContaining('role_definition_resource_id') });
  });
});

describe('bad input', () => {
  test('no data actions', () => {
    expectRejected(() => role(newStack(), { dataActions: [] }), {
      path: PATH, value: 'dataActions []', allowed: `use ["${MAAS_INFERENCE_DATA_ACTION}"]`,
    });
  });

  test('no endpoints', () => {
    expectRejected(() => role(newStack(), { endpoints: [] }), {
      path: PATH, value: 'endpoints []', allowed: 'name the endpoints developers call: models, openai',
    });
  });

  test('an unknown endpoint', () => {
    expectRejected(() => role(newStack(), { endpoints: ['assistants' as InferenceEndpoint] }), {
      path: PATH, value: 'endpoints[0] "assistants"', allowed: 'expected one of models, openai',
    });
  });

  test('a bare "*" data action', () => {
    expectRejected(() => role(newStack(), { dataActions: ['*'] }), {
      path: PATH, value: 'dataActions[0] "*"', allowed: 'list the provider operations',
    });
  });

  test('a bare "*" action', () => {
    expectRejected(() => role(newStack(), { actions: ['*'] }), {
      path: PATH, value: 'actions[0] "*"', allowed: 'list the provider operations',
    });
  });

  test.each([
    'Microsoft.Authorization/*',
    'Microsoft.Authorization/roleAssignments/write',
    'Microsoft.Authorization/roleAssignments/delete',
    'Microsoft.Authorization/elevateAccess/action',
  ])('Microsoft.Authorization write access: %s', (action) => {
    expectRejected(() => role(newStack(), { actions: [action] }), {
      path: PATH, value: `actions[0] ${JSON.stringify(action)}`, allowed: 'an inference role must not carry them',
    });
  });

  test('Microsoft.Authorization reads, and read-only wildcards, are allowed', () => {
    expect(() => role(newStack(), { actions: ['Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/*/read', '*/read', 'Microsoft.CognitiveServices/*/read'] })).not.toThrow();
  });

  test.each([
    'Microsoft.CognitiveServices/accounts/listKeys/action',
    'Microsoft.CognitiveServices/accounts/regenerateKey/action',
    'Microsoft.CognitiveServices/*',
    'Microsoft.CognitiveServices/accounts/*',
  ])('actions that read or reset the account keys: %s', (action) => {
    expectRejected(() => role(newStack(), { actions: [action] }), {
      path: PATH, value: `actions[0] ${JSON.stringify(action)}`, allowed: 'which reads or resets the account keys',
    });
  });

  test('a role definition ID that is not a GUID', () => {
    expectRejected(() => role(newStack(), { roleDefinitionId: 'abc' }), {
      path: PATH, value: 'roleDefinitionId "abc"', allowed: 'expected a GUID',
    });
  });

  test('a scope in the all-zero subscription', () => {
    expectRejected(() => role(newStack(), { scope: '/subscriptions/00000000-0000-0000-0000-000000000000' }), {
      path: PATH, value: 'scope "/subscriptions/00000000-0000-0000-0000-000000000000"', allowed: 'expected a subscription ID',
    });
  });

  test('a malformed action', () => {
    expectRejected(() => role(newStack(), { dataActions: ['MaaS'] }), {
      path: PATH, value: 'dataActions[0] "MaaS"', allowed: 'expected an operation of the form Company.Provider/type/.../action',
    });
  });

  test('a scope that is not a subscription or resource group', () => {
    expectRejected(() => role(newStack(), { scope: '/' }), {
      path: PATH, value: 'scope "/"', allowed: 'expected a subscription ID (/subscriptions/<guid>) or a resource group ID',
    });
  });

  test('root or management-group assignable scopes', () => {
    expectRejected(() => role(newStack(), { assignableScopes: ['/'] }), {
      path: PATH, value: 'assignableScopes[0] "/"', allowed: 'use a subscription or resource group ID',
    });
    const mg = '/providers/Microsoft.Management/managementGroups/mg1';
    expectRejected(() => role(newStack(), { assignableScopes: [mg] }), {
      path: PATH, value: `assignableScopes[0] ${JSON.stringify(mg)}`, allowed: 'cannot be assignable at a management group',
    });
  });

  test('an assignment scope outside the role\'s assignable scopes', () => {
    const stack = newStack();
    const r = role(stack);
    const other = accountArmId('ai-x', `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-other`);
    const acct = AiServicesAccount.fromAccountId(stack, 'Acct', other, { inferenceRole: r });
    expectRejected(() => acct.grantInference(Principal.user(OIDS.alice)), {
      path: 'test/Acct/', value: `scope ${JSON.stringify(other)}`, allowed: `assignable only at ${RG_SCOPE}; add this scope to its assignableScopes`,
    });
  });

  test('two custom roles with the same name in one stack (names are unique in the tenant)', () => {
    const stack = newStack('prod');
    role(stack);
    expectRejected(() => new InferenceRoleDefinition(stack, 'Again', { scope: `/subscriptions/${SUBSCRIPTION}` }), {
      path: 'prod/Again', value: 'roleName "AI Model Inference User (prod)"',
      allowed: 'already used by prod/Role; custom role names are unique in the tenant: set a distinct nameSuffix or roleName',
    });
    expect(() => new InferenceRoleDefinition(stack, 'Other', { scope: RG_SCOPE, nameSuffix: 'prod-b' })).not.toThrow();
  });

  test('a resource group whose name extends the allowed one is outside it', () => {
    const stack = newStack();
    const r = role(stack);
    const acct = AiServicesAccount.fromAccountId(stack, 'Acct', accountArmId('ai-x', `${RG_SCOPE}-2`), { inferenceRole: r });
    expect(() => acct.grantInference(Principal.user(OIDS.alice))).toThrow(/assignable only at/);
  });
});

test('unresolved scope, actions and assignable scopes are not rejected', () => {
  const stack = newStack();
  const scope = new TerraformVariable(stack, 'scope', { type: 'string' });
  const action = new TerraformVariable(stack, 'action', { type: 'string' });
  role(stack, { scope: scope.stringValue, dataActions: [action.stringValue], assignableScopes: [scope.stringValue] });
  const [def] = Object.values(resourcesOf(synthJson(stack), 'azurerm_role_definition'));
  expect(def).toMatchObject({ scope: '${var.scope}', assignable_scopes: ['${var.scope}'] });
  expect(def.permissions[0].data_actions).toEqual(['${var.action}']);
});

describe('lists known only to Terraform', () => {
  test('data actions and assignable scopes as token lists are left to Terraform, and grants under them are not scope-checked', () => {
    const stack = newStack();
    const list = (id: string) => new TerraformVariable(stack, id, { type: 'list(string)' }).listValue;
    const r = role(stack, { dataActions: list('data_actions'), assignableScopes: list('scopes') });
    new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION, inferenceRole: r })
      .grantInference(Principal.group(OIDS.devs));
    const [def] = Object.values(resourcesOf(synthJson(stack), 'azurerm_role_definition'));
    expect(def.assignable_scopes).toBe('${var.scopes}');
    expect(def.permissions[0].data_actions).toBe('${var.data_actions}');
  });
});

describe('assignable scopes of a new account without subscriptionId', () => {
  const OTHER_SUB = '00000000-0000-4000-8000-000000000009';
  const grantWith = (stack: TerraformStack, scope: string) => {
    const r = role(stack, { scope });
    return () => new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, inferenceRole: r }).grantInference(Principal.group(OIDS.devs));
  };
  test('the account is where the stack\'s default azurerm provider works: a role assignable elsewhere is refused at synth', () => {
    expectRejected(grantWith(newStack(), `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-other`),
      { path: 'test/Ai/', value: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/ai-team`, allowed: 'is assignable only at' });
    expectRejected(grantWith(newStack(), `/subscriptions/${OTHER_SUB}`), { path: 'test/Ai/', value: 'ai-team', allowed: `is assignable only at /subscriptions/${OTHER_SUB}` });
    expect(grantWith(newStack(), `/subscriptions/${SUBSCRIPTION}`)()).toBeDefined();
  });
  test('a provider subscription from a variable leaves the check to Azure', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: new TerraformVariable(stack, 'sub', { type: 'string' }).stringValue });
    new AzureadProvider(stack, 'azuread', {});
    expect(grantWith(stack, `/subscriptions/${OTHER_SUB}`)()).toBeDefined();
  });
});
