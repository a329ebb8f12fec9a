import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { AnnotationMetadataEntryType, App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { BuiltInRole } from '../constructs/azure/built-in-role';
import { KeylessGuardrails } from '../constructs/keyless-guardrails';
import { InferenceRoleChoice, KeylessInferenceAccess, KeylessInferenceAccessProps } from '../constructs/keyless-inference-access';
import { IPrincipal, Principal, PrincipalType } from '../constructs/principal';
import { accountArmId, expectRejected, LOCATION, newStack, OIDS, resourcesOf, RG_SCOPE, SUBSCRIPTION, synthJson, synthString } from '../test-support/stacks';

const newAccount = { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION };
const access = (stack: TerraformStack, props: Partial<KeylessInferenceAccessProps> = {}) =>
  new KeylessInferenceAccess(stack, 'Keyless', { account: newAccount, ...props });

test('defaults: new key-less account, custom MaaS role at the account\'s resource group, developer and admin grants', () => {
  const stack = newStack('prod');
  const k = access(stack, { developers: [Principal.group(OIDS.devs)], administrators: [Principal.user(OIDS.alice)] });
  const out = synthString(stack);
  expect(out).toHaveResourceWithProperties(CognitiveAccount, { name: 'ai-team', kind: 'AIServices', local_auth_enabled: false, custom_subdomain_name: 'ai-team' });
  expect(out).toHaveResourceWithProperties(RoleDefinition, { name: 'AI Model Inference User (prod)', scope: RG_SCOPE, assignable_scopes: [RG_SCOPE] });
  const roleRef = `\${azurerm_role_definition.${stack.getLogicalId(k.customRole!.resource)}.role_definition_resource_id}`;
  expect(out).toHaveResourceWithProperties(RoleAssignment, { principal_id: OIDS.devs, principal_type: 'Group', role_definition_id: roleRef });
  expect(out).toHaveResourceWithProperties(RoleAssignment, {
    principal_id: OIDS.alice, principal_type: 'User', role_definition_id: BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR.roleDefinitionIdIn(SUBSCRIPTION),
  });
  expect([k.developerGrants.length, k.administratorGrants.length]).toEqual([1, 1]);
  expect(k.account.inferenceRole).toBe(k.customRole);
});

test('InferenceRoleChoice.COGNITIVE_SERVICES_USER: no custom role, the built-in role by GUID', () => {
  const stack = newStack();
  const k = access(stack, { inferenceRole: InferenceRoleChoice.COGNITIVE_SERVICES_USER, developers: [Principal.user(OIDS.alice)] });
  expect(k.customRole).toBeUndefined();
  const json = synthJson(stack);
  expect(resourcesOf(json, 'azurerm_role_definition')).toEqual({});
  expect(Object.values(resourcesOf(json, 'azurerm_role_assignment'))[0].role_definition_id)
    .toBe(BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION));
});

test('existing account: custom role at its resource group, grants on its ARM ID, no account resource', () => {
  const stack = newStack();
  const arm = accountArmId('ai-existing');
  access(stack, { account: undefined, existingAccountId: arm, existingAccount: { customSubdomainName: 'ai-existing' }, developers: [Principal.userByUpn('alice@contoso.com')] });
  const out = synthString(stack);
  expect(resourcesOf(JSON.parse(out), 'azurerm_cognitive_account')).toEqual({});
  expect(out).toHaveResourceWithProperties(RoleDefinition, { scope: RG_SCOPE });
  expect(out).toHaveResourceWithProperties(RoleAssignment, { scope: arm, principal_type: 'User' });
});

test('customRole settings pass through', () => {
  const stack = newStack();
  const sub = `/subscriptions/${SUBSCRIPTION}`;
  access(stack, { customRole: { scope: sub, nameSuffix: 'contoso-prod', assignableScopes: [sub] } });
  expect(synthString(stack)).toHaveResourceWithProperties(RoleDefinition, { name: 'AI Model Inference User (contoso-prod)', scope: sub, assignable_scopes: [sub] });
});

describe('bad input', () => {
  test('both a new and an existing account', () => {
    expectRejected(() => access(newStack(), { existingAccountId: accountArmId('ai-x') }), {
      path: 'test/Keyless', value: `account / existingAccountId {"account":"ai-team","existingAccountId":"${accountArmId('ai-x')}"}`,
      allowed: 'give exactly one: account (to create one) or existingAccountId',
    });
  });

  test('neither a new nor an existing account', () => {
    expectRejected(() => access(newStack(), { account: undefined }), {
      path: 'test/Keyless', value: 'account / existingAccountId {}', allowed: 'give exactly one',
    });
  });

  test('custom role without a scope when the subscription is unknown', () => {
    const { subscriptionId: _omit, ...noSub } = newAccount;
    expectRejected(() => access(newStack(), { account: noSub }), {
      path: 'test/Keyless', value: 'customRole.scope undefined', allowed: 'set customRole.scope (a subscription or resource group ID) or account.subscriptionId',
    });
  });

  test('the same developer listed twice: refused before any grant, naming both entries (principalClashes)', () => {
    expectRejected(() => access(newStack(), { developers: [Principal.user(OIDS.devs), Principal.user(OIDS.alice), Principal.user(OIDS.alice.toUpperCase())] }), {
      path: 'test/Keyless', value: `developers[2] "user ${OIDS.alice.toUpperCase()}"`, allowed: 'the same principal as developers[1] (compared case-insensitively, as Entra ID does; list each principal once)',
    });
    expectRejected(() => access(newStack(), { administrators: [Principal.groupByDisplayName('AI Admins'), Principal.groupByDisplayName('ai admins')] }), {
      path: 'test/Keyless', value: 'administrators[1] "group', allowed: 'the same principal as administrators[0]',
    });
  });

  test('a malformed existing-account ARM ID', () => {
    expectRejected(() => access(newStack(), { account: undefined, existingAccountId: 'ai-existing' }), {
      path: 'test/Keyless', value: 'existingAccountId "ai-existing"', allowed: '/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>',
    });
  });
});

test('unresolved existing-account ID and object IDs are not rejected', () => {
  const stack = newStack();
  const id = new TerraformVariable(stack, 'account_id', { type: 'string' });
  const oid = new TerraformVariable(stack, 'dev_oid', { type: 'string' });
  access(stack, { account: undefined, existingAccountId: id.stringValue, developers: [Principal.group(oid.stringValue)] });
  const out = synthString(stack);
  expect(out).toHaveResourceWithProperties(RoleDefinition, {
    scope: '/subscriptions/${element(split("/", var.account_id), 2)}/resourceGroups/${element(split("/", var.account_id), 4)}',
  });
  expect(out).toHaveResourceWithProperties(RoleAssignment, { scope: '${var.account_id}', principal_id: '${var.dev_oid}', principal_type: 'Group' });
});

/** One program, as a platform team would write it: its own stack class and providers, two teams sharing principals. */
class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: SUBSCRIPTION, storageUseAzuread: true });
    new AzureadProvider(this, 'azuread', {});
    const shared: IPrincipal[] = [Principal.userByUpn('alice@contoso.com'), Principal.groupByDisplayName('AI Developers')];
    const teams = new Construct(this, 'Teams');
    for (const team of ['team-a', 'team-b']) {
      new KeylessInferenceAccess(teams, team, {
        account: {
          ...newAccount, accountName: `ai-${team}`,
          deployments: [
            { name: 'gpt-4o-mini', format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18' },
            { name: 'phi-4', format: 'Microsoft', modelName: 'Phi-4', modelVersion: '7' },
          ],
        },
        customRole: { nameSuffix: `${id}-${team}` },
        developers: [...shared, Principal.userByUpn(`lead@${team}.contoso.com`)],
        administrators: [Principal.userByUpn('alice@contoso.com'), Principal.deployer(PrincipalType.SERVICE_PRINCIPAL)],
      });
    }
    KeylessGuardrails.applyTo(this);
  }
}
const synthPlatform = (app: App = Testing.app()) => Testing.synth(new PlatformStack(app, 'platform'), true);

describe('embedding two accounts that share principals in a larger stack', () => {
  test('one data source per looked-up principal, distinct logical IDs and assignment names, validations pass', () => {
    const app = Testing.app();
    const stack = new PlatformStack(app, 'platform');
    const json = JSON.parse(Testing.synth(stack, true));
    const users = Object.values(resourcesOf(json, 'azuread_user', 'data')).map((u) => u.user_principal_name).sort();
    expect(users).toEqual(['alice@contoso.com', 'lead@team-a.contoso.com', 'lead@team-b.contoso.com']);
    expect(Object.keys(resourcesOf(json, 'azuread_group', 'data'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, 'azuread_client_config', 'data'))).toHaveLength(1);

    const ids = ['resource', 'data'].flatMap((kind) => Object.entries(json[kind]).flatMap(([type, byId]: [string, any]) => Object.keys(byId).map((id) => `${type}.${id}`)));
    expect(new Set(ids).size).toBe(ids.length);
    const assignments = Object.values(resourcesOf(json, 'azurerm_role_assignment'));
    expect(assignments).toHaveLength(10); // 2 accounts x (3 developers + 2 administrators)
    expect(new Set(assignments.map((a) => a.name)).size).toBe(10);
    expect(Object.values(resourcesOf(json, 'azurerm_role_definition')).map((r) => r.name).sort())
      .toEqual(['AI Model Inference User (platform-team-a)', 'AI Model Inference User (platform-team-b)']);
    expect(Object.keys(resourcesOf(json, 'azurerm_cognitive_deployment'))).toHaveLength(4);
    expect(() => Testing.fullSynth(stack)).not.toThrow(); // also fails on error annotations (the guardrails add them)
    const errors = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === AnnotationMetadataEntryType.ERROR);
    expect(errors).toEqual([]);
  });

  test('two synths of one program (fresh apps) are byte-identical', () => {
    const first = synthPlatform();
    const second = synthPlatform();
    expect(second).toBe(first);
    expect(first.length).toBeGreaterThan(5000);
  });

  test('snapshot: the grants of one team (logical ID -> role, principal, type)', () => {
    const json = JSON.parse(synthPlatform());
    const rows = Object.entries(resourcesOf(json, 'azurerm_role_assignment'))
      .filter(([id]) => id.includes('team-a'))
      .map(([id, a]) => `${id}: ${a.role_definition_id.replace(/\$\{azurerm_role_definition\.([^.]+)\..*\}/, 'custom:$1')} <- ${a.principal_id} (${a.principal_type})`)
      .sort();
    expect(rows).toMatchSnapshot();
  });
});

describe('deployerRole: what the deploying identity can apply', () => {
  const justification = 'Platform on-call, change tickets only';
  const temporary = [{ principal: Principal.user(OIDS.alice), endDateTime: '2027-06-30T00:00:00Z', justification }];

  test('Role Based Access Control Administrator cannot create PIM requests: just-in-time grants are refused, naming the missing actions and the roles that have them', () => {
    for (const props of [{ temporaryDevelopers: temporary }, { administrators: [Principal.group(OIDS.devs)], administratorsJustInTime: { justification } }]) {
      const stack = newStack();
      expectRejected(() => access(stack, { ...props, deployerRole: BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR }), {
        path: 'test/Keyless', value: 'deployerRole "Role Based Access Control Administrator"',
        allowed: 'lacks Microsoft.Authorization/roleEligibilityScheduleRequests/write and Microsoft.Authorization/roleAssignmentScheduleRequests/write: give the deploying identity Owner or User Access Administrator',
      });
    }
  });

  test('it is enough for standing grants; Owner and User Access Administrator are enough for PIM grants', () => {
    access(newStack(), { developers: [Principal.user(OIDS.alice)], deployerRole: BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR });
    for (const role of [BuiltInRole.OWNER, BuiltInRole.USER_ACCESS_ADMINISTRATOR]) {
      const stack = newStack();
      access(stack, { temporaryDevelopers: temporary, deployerRole: role });
      expect(Object.keys(synthJson(stack).resource.azurerm_pim_active_role_assignment)).toHaveLength(1);
    }
  });

  test('a role that cannot assign roles at all is refused even for standing grants', () => {
    expectRejected(() => access(newStack(), { developers: [Principal.user(OIDS.alice)], deployerRole: BuiltInRole.CONTRIBUTOR }), {
      path: 'test/Keyless', value: 'deployerRole "Contributor"', allowed: 'cannot make role assignments with it (lacks Microsoft.Authorization/roleAssignments/write',
    });
  });
});
