import { AiServicesAccount } from '../constructs/ai-services-account';
import { InferenceRoleDefinition } from '../constructs/inference-role-definition';
import { KeylessInferenceAccess } from '../constructs/keyless-inference-access';
import { Principal } from '../constructs/principal';
import { accountArmId, expectRejected, newStack, OIDS, resourcesOf, SUBSCRIPTION, synthJson } from '../test-support/stacks';

const ID = accountArmId('ai');
const justification = 'On-call platform administrators';

describe('PimRoleGrant', () => {
  test('administrators just in time: eligible Cognitive Services Contributor for 365 days, no standing assignment, no start time', () => {
    const stack = newStack();
    const access = new KeylessInferenceAccess(stack, 'Inference', {
      existingAccountId: ID, inferenceRole: 'cognitive-services-user' as never,
      administrators: [Principal.group(OIDS.devs, { label: 'Admins' })],
      administratorsJustInTime: { justification, ticket: { number: 'CHG-1', system: 'ServiceNow' } },
    });
    expect(access.administratorGrants).toEqual([]);
    const json = synthJson(stack);
    expect(resourcesOf(json, 'azurerm_role_assignment')).toEqual({});
    const eligible = Object.values(resourcesOf(json, 'azurerm_pim_eligible_role_assignment')) as any[];
    expect(eligible).toEqual([expect.objectContaining({
      scope: ID, principal_id: OIDS.devs, justification,
      role_definition_id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68`,
      schedule: { expiration: { duration_days: 365 } }, ticket: { number: 'CHG-1', system: 'ServiceNow' },
    })]);
  });

  test('a developer grant with an end is a PIM active assignment ending then', () => {
    const stack = newStack();
    const account = AiServicesAccount.fromAccountId(stack, 'Acct', ID);
    const g = account.grantInferenceUntil(Principal.user(OIDS.alice), { endDateTime: '2026-06-30T00:00:00Z', justification: 'Contractor until end of June' });
    expect(g.expires).toBe('2026-06-30T00:00:00Z');
    const active = Object.values(resourcesOf(synthJson(stack), 'azurerm_pim_active_role_assignment')) as any[];
    expect(active).toEqual([expect.objectContaining({ principal_id: OIDS.alice, schedule: { expiration: { end_date_time: '2026-06-30T00:00:00Z' } } })]);
    expect(active[0].role_definition_id).toMatch(/a97b65f3-24c7-4388-baec-2e87135dc908$/);
  });

  test('rejects a missing end for active grants, two expirations, bad dates and a short justification', () => {
    const mk = () => AiServicesAccount.fromAccountId(newStack(), 'Acct', ID);
    expectRejected(() => mk().grantInferenceUntil(Principal.user(OIDS.alice), { justification }), { path: 'test/Acct/', value: 'null', allowed: 'set endDateTime' });
    expectRejected(() => mk().grantEligibleAdministration(Principal.user(OIDS.alice), { justification, durationDays: 30, durationHours: 8 }), { path: 'test/Acct/', value: '[30,8]', allowed: 'at most one' });
    expectRejected(() => mk().grantInferenceUntil(Principal.user(OIDS.alice), { justification, endDateTime: '30.06.2026' }), { path: 'test/Acct/', value: '"30.06.2026"', allowed: 'RFC 3339' });
    expectRejected(() => mk().grantEligibleAdministration(Principal.user(OIDS.alice), { justification: 'admin' }), { path: 'test/Acct/', value: '"admin"', allowed: 'at least 10 characters' });
    expectRejected(() => mk().grantEligibleAdministration(Principal.user(OIDS.alice), { justification, durationDays: 400 }), { path: 'test/Acct/', value: '400', allowed: 'from 1 to 365' });
  });

  test('a custom role is granted just in time only inside its assignable scopes, as standing grants are', () => {
    const stack = newStack();
    const role = new InferenceRoleDefinition(stack, 'Role', { scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-elsewhere`, roleName: 'Elsewhere' });
    const account = AiServicesAccount.fromAccountId(stack, 'Acct', ID, { inferenceRole: role });
    expectRejected(() => account.grantInferenceUntil(Principal.user(OIDS.alice), { endDateTime: '2026-06-30T00:00:00Z', justification }), {
      path: 'test/Acct/', value: `scope "${ID}"`, allowed: 'the role "Elsewhere" is assignable only at',
    });
  });
});
