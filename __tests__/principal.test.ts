import { DataAzureadClientConfig } from '@cdktf/provider-azuread/lib/data-azuread-client-config';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadServicePrincipal } from '@cdktf/provider-azuread/lib/data-azuread-service-principal';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { AiServicesAccount } from '../constructs/ai-services-account';
import { BuiltInRole } from '../constructs/azure/built-in-role';
import { IPrincipal, Principal, PrincipalType } from '../constructs/principal';
import { accountArmId, expectRejected, newStack, OIDS, resourcesOf, synthJson, synthString } from '../test-support/stacks';

const APP_CLIENT_ID = '55555555-5555-4555-8555-555555555555';
const existing = (stack: TerraformStack, name = 'ai-x') => AiServicesAccount.fromAccountId(stack, `Acct-${name}`, accountArmId(name), { checkAtPlan: false }); // no account data source: lookups only
/** The single role assignment of a stack that grants `principal` inference on one account. */
const assignmentFor = (principal: IPrincipal) => {
  const stack = newStack();
  existing(stack).grantInference(principal);
  const json = synthJson(stack);
  return { json, assignment: Object.values(resourcesOf(json, 'azurerm_role_assignment'))[0] };
};

describe('by object ID', () => {
  test.each([
    ['user', Principal.user(OIDS.alice), OIDS.alice, 'User'],
    ['group', Principal.group(OIDS.devs), OIDS.devs, 'Group'],
    ['service principal', Principal.servicePrincipal(OIDS.app), OIDS.app, 'ServicePrincipal'],
    ['managed identity', Principal.managedIdentity(OIDS.mi), OIDS.mi, 'ServicePrincipal'],
  ])('%s: literal principal_id and its principal_type, no lookup', (_kind, principal, oid, type) => {
    const { json, assignment } = assignmentFor(principal);
    expect(assignment.principal_id).toBe(oid);
    expect(assignment.principal_type).toBe(type);
    expect(assignment.skip_service_principal_aad_check).toBeUndefined();
    expect(json.data).toBeUndefined();
  });

  test('skip_service_principal_aad_check only for service principals created in this deployment', () => {
    expect(assignmentFor(Principal.servicePrincipal(OIDS.app, { createdInThisDeployment: true })).assignment.skip_service_principal_aad_check).toBe(true);
    expect(assignmentFor(Principal.managedIdentity(OIDS.mi, { createdInThisDeployment: true })).assignment.skip_service_principal_aad_check).toBe(true);
    expect(assignmentFor(Principal.managedIdentity(OIDS.mi, { createdInThisDeployment: false })).assignment.skip_service_principal_aad_check).toBeUndefined();
  });

  test('an object ID from another resource (a token) is used as is', () => {
    const stack = newStack();
    const v = new TerraformVariable(stack, 'oid', { type: 'string' });
    existing(stack).grantInference(Principal.managedIdentity(v.stringValue, { createdInThisDeployment: true }));
    expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, {
      principal_id: '${var.oid}', principal_type: 'ServicePrincipal', skip_service_principal_aad_check: true,
    });
  });

  test('object IDs are compared case-insensitively', () => {
    expect(Principal.user(OIDS.alice.toUpperCase()).principalKey).toBe(Principal.user(OIDS.alice).principalKey);
  });

  test('an object ID in capitals or braces is written as Azure reads it back (else principal_id would force a replacement on every plan)', () => {
    expect(assignmentFor(Principal.group(OIDS.devs.toUpperCase())).assignment.principal_id).toBe(OIDS.devs);
    expect(assignmentFor(Principal.user(`{${OIDS.alice.toUpperCase()}}`)).assignment.principal_id).toBe(OIDS.alice);
  });
});

describe('looked up', () => {
  test.each([
    ['user by UPN', Principal.userByUpn('alice@contoso.com'), 'azuread_user', { user_principal_name: 'alice@contoso.com' }, 'User'],
    ['group by display name', Principal.groupByDisplayName('AI Developers'), 'azuread_group', { display_name: 'AI Developers', security_enabled: true }, 'Group'],
    ['service principal by client ID', Principal.servicePrincipalByClientId(APP_CLIENT_ID), 'azuread_service_principal', { client_id: APP_CLIENT_ID }, 'ServicePrincipal'],
    ['service principal by display name', Principal.servicePrincipalByDisplayName('inference-app'), 'azuread_service_principal', { display_name: 'inference-app' }, 'ServicePrincipal'],
  ])('%s: one data source, principal_id = its object_id (never id)', (_kind, principal, type, props, principalType) => {
    const { json, assignment } = assignmentFor(principal);
    const sources = resourcesOf(json, type, 'data');
    expect(Object.values(sources)).toEqual([props]);
    const [logicalId] = Object.keys(sources);
    expect(assignment.principal_id).toBe(`\${data.${type}.${logicalId}.object_id}`);
    expect(assignment.principal_type).toBe(principalType);
  });

  test('matchers see the lookups too', () => {
    const stack = newStack();
    const acct = existing(stack);
    acct.grantInference(Principal.userByUpn('alice@contoso.com'));
    acct.grantInference(Principal.groupByDisplayName('AI Developers'));
    acct.grantInference(Principal.servicePrincipalByClientId(APP_CLIENT_ID));
    const out = synthString(stack);
    expect(out).toHaveDataSourceWithProperties(DataAzureadUser, { user_principal_name: 'alice@contoso.com' });
    expect(out).toHaveDataSourceWithProperties(DataAzureadGroup, { display_name: 'AI Developers' });
    expect(out).toHaveDataSourceWithProperties(DataAzureadServicePrincipal, { client_id: APP_CLIENT_ID });
  });

  test.each([
    [PrincipalType.USER, 'User'],
    [PrincipalType.SERVICE_PRINCIPAL, 'ServicePrincipal'],
  ])('the deploying identity (%s) via azuread_client_config', (type, expected) => {
    const stack = newStack();
    existing(stack).grantAdministration(Principal.deployer(type));
    const out = synthString(stack);
    expect(out).toHaveDataSource(DataAzureadClientConfig);
    const [logicalId] = Object.keys(resourcesOf(JSON.parse(out), 'azuread_client_config', 'data'));
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      principal_id: `\${data.azuread_client_config.${logicalId}.object_id}`,
      principal_type: expected,
    });
  });

  test('a lookup used several times in one stack, across accounts and roles, creates one data source', () => {
    const stack = newStack();
    const a = existing(stack, 'ai-a');
    const b = existing(stack, 'ai-b');
    for (const acct of [a, b]) {
      acct.grantInference(Principal.userByUpn('alice@contoso.com'));
      acct.grantAdministration(Principal.userByUpn('Alice@Contoso.com')); // UPNs are case-insensitive
      acct.grantInference(Principal.groupByDisplayName('AI Developers'));
      acct.grant(Principal.groupByDisplayName('AI Developers'), BuiltInRole.FOUNDRY_USER);
    }
    const json = synthJson(stack);
    expect(Object.keys(resourcesOf(json, 'azuread_user', 'data'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, 'azuread_group', 'data'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, 'azurerm_role_assignment'))).toHaveLength(8);
  });

  test('each stack gets its own data source', () => {
    const first = newStack('one');
    const second = newStack('two', first.node.scope as any);
    const alice = Principal.userByUpn('alice@contoso.com');
    existing(first).grantInference(alice);
    existing(second, 'ai-y').grantInference(alice); // another account: the same assignment in two stacks is refused (role-grant.test.ts)
    expect(Object.keys(resourcesOf(synthJson(first), 'azuread_user', 'data'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(synthJson(second), 'azuread_user', 'data'))).toHaveLength(1);
  });

  test('an unresolved UPN is not rejected', () => {
    const stack = newStack();
    const upn = new TerraformVariable(stack, 'upn', { type: 'string' });
    existing(stack).grantInference(Principal.userByUpn(upn.stringValue));
    expect(synthString(stack)).toHaveDataSourceWithProperties(DataAzureadUser, { user_principal_name: '${var.upn}' });
  });
});

describe('bad input', () => {
  const GRANT_PATH = 'test/Acct-ai-x/';
  const ALLOWED = 'expected a Microsoft Entra object ID (a non-zero GUID';

  test.each([
    ['a display name', 'Alice Smith'],
    ['a UPN', 'alice@contoso.com'],
    ['a truncated GUID', '11111111-1111-4111-8111-11111111111'],
  ])('non-GUID object ID: %s', (_case, oid) => {
    const stack = newStack();
    expectRejected(() => existing(stack).grantInference(Principal.user(oid)), {
      path: GRANT_PATH, value: JSON.stringify(oid), allowed: ALLOWED,
    });
  });

  test('an object ID with whitespace around it: refused with the bare GUID (braces are read as the GUID, see canonicalGuid)', () => {
    expectRejected(() => existing(newStack()).grantInference(Principal.group(` ${OIDS.devs} `)), {
      path: GRANT_PATH, value: JSON.stringify(` ${OIDS.devs} `), allowed: `remove what surrounds it: "${OIDS.devs}"`,
    });
  });

  test('all-zero object ID', () => {
    const stack = newStack();
    const zero = '00000000-0000-0000-0000-000000000000';
    expectRejected(() => existing(stack).grantInference(Principal.servicePrincipal(zero)), {
      path: GRANT_PATH, value: `"${zero}"`, allowed: ALLOWED,
    });
  });

  test('a UPN without a domain', () => {
    const stack = newStack();
    expectRejected(() => existing(stack).grantInference(Principal.userByUpn('alice')), {
      path: GRANT_PATH, value: 'user principal name "alice"', allowed: 'expected a UPN such as alice@contoso.com',
    });
  });

  test('a client ID that is not a GUID', () => {
    const stack = newStack();
    expectRejected(() => existing(stack).grantInference(Principal.servicePrincipalByClientId('inference-app')), {
      path: GRANT_PATH, value: 'service principal client ID "inference-app"', allowed: 'expected the application (client) ID, a GUID',
    });
  });

  test('the deploying identity has one type per stack', () => {
    const stack = newStack();
    const acct = existing(stack);
    acct.grantInference(Principal.deployer(PrincipalType.SERVICE_PRINCIPAL));
    expectRejected(() => acct.grantAdministration(Principal.deployer(PrincipalType.USER)), {
      path: GRANT_PATH, value: 'deployer principal type "User"', allowed: 'the deploying identity is already granted as ServicePrincipal in this stack',
    });
  });

  test('the deploying identity is never a group', () => {
    const stack = newStack();
    expectRejected(() => existing(stack).grantInference(Principal.deployer(PrincipalType.GROUP)), {
      path: GRANT_PATH, value: 'deployer principal type "Group"', allowed: 'never a Group',
    });
  });

  test('display names match case-insensitively, as Microsoft Graph does: one lookup, and a second grant is a duplicate', () => {
    const stack = newStack();
    const acct = existing(stack);
    acct.grantInference(Principal.groupByDisplayName('AI Platform Admins'));
    expect(() => acct.grantInference(Principal.groupByDisplayName('ai platform admins'))).toThrow(/already granted on this account/);
    acct.grantAdministration(Principal.groupByDisplayName('ai platform admins'));
    expect(Object.keys(resourcesOf(synthJson(stack), 'azuread_group', 'data'))).toHaveLength(1);
  });

  test('display names with surrounding whitespace (Graph compares them exactly): refused with the trimmed name and the way out', () => {
    expectRejected(() => existing(newStack()).grantInference(Principal.groupByDisplayName('AI Developers ')), {
      path: GRANT_PATH, value: 'group display name "AI Developers "', allowed: 'ends with a space: names, IDs and values are compared exactly, so remove it: "AI Developers"',
    });
    expectRejected(() => existing(newStack()).grantInference(Principal.servicePrincipalByDisplayName(' batch-scorer')), {
      path: GRANT_PATH, value: 'service principal display name " batch-scorer"', allowed: 'remove it: "batch-scorer"',
    });
  });

  test('an empty group display name', () => {
    const stack = newStack();
    expectRejected(() => existing(stack).grantInference(Principal.groupByDisplayName('  ')), {
      path: GRANT_PATH, value: 'group display name "  "', allowed: 'expected the security group\'s display name',
    });
  });

  test('a display name with a space around it (the look-up would find nothing) is refused with the name meant', () => {
    expectRejected(() => existing(newStack()).grantInference(Principal.groupByDisplayName('AI Developers ')), {
      path: GRANT_PATH, value: 'group display name "AI Developers "', allowed: 'ends with a space: names, IDs and values are compared exactly, so remove it: "AI Developers"',
    });
    expectRejected(() => existing(newStack()).grantInference(Principal.servicePrincipalByDisplayName(' chat-api')), {
      path: GRANT_PATH, value: 'service principal display name " chat-api"', allowed: 'starts with a space',
    });
  });
});
