import { AnnotationMetadataEntryType } from 'cdktf';
import { IConstruct } from 'constructs';
import { AiServicesAccount } from '../constructs/ai-services-account';
import { keylessNow } from '../constructs/azure/grant-ends';
import { describePrincipalsSource } from '../constructs/duplicate-assignment-checks';
import { DuplicateAssignmentError } from '../constructs/validation';
import { InferenceRoleDefinition } from '../constructs/inference-role-definition';
import { KeylessInferenceAccess } from '../constructs/keyless-inference-access';
import { Principal } from '../constructs/principal';
import { accountArmId, expectRejected, newStack, OIDS, resourcesOf, SUBSCRIPTION, synthJson } from '../test-support/stacks';

const ID = accountArmId('ai');
const justification = 'On-call platform administrators';
const warningsOf = (c: IConstruct) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));

// Every test runs at a fixed "now" (KEYLESS_NOW, the clock synth, the offline provider and the tools read).
const NOW = '2026-12-03T12:00:00Z';
beforeEach(() => { process.env.KEYLESS_NOW = NOW; });
afterEach(() => { delete process.env.KEYLESS_NOW; });

describe('PimRoleGrant', () => {
  test('administrators just in time: permanently eligible for Cognitive Services Contributor (the role\'s PIM policy allows it), no standing assignment, no schedule', () => {
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
      ticket: { number: 'CHG-1', system: 'ServiceNow' },
    })]);
    // No schedule at all: a permanent eligibility never lapses, and Read's expiration block plans no change (schedule is Computed).
    expect(eligible[0].schedule).toBeUndefined();
    const policies = Object.entries(resourcesOf(json, 'azurerm_role_management_policy')) as [string, any][];
    expect(policies).toHaveLength(1);
    expect(policies[0][1]).toEqual(expect.objectContaining({
      scope: ID, role_definition_id: eligible[0].role_definition_id, eligible_assignment_rules: { expiration_required: false },
    }));
    expect(eligible[0].depends_on).toEqual([`azurerm_role_management_policy.${policies[0][0]}`]);
    expect(access.eligibleAdministratorGrants[0].expires).toBe('permanent (eligible until removed)');
  });

  test('one PIM policy per scope and role, however many eligible administrators', () => {
    const stack = newStack();
    new KeylessInferenceAccess(stack, 'Inference', {
      existingAccountId: ID, inferenceRole: 'cognitive-services-user' as never,
      administrators: [Principal.group(OIDS.devs, { label: 'Admins' }), Principal.user(OIDS.alice)],
      administratorsJustInTime: { justification },
    });
    const json = synthJson(stack);
    expect(Object.keys(resourcesOf(json, 'azurerm_pim_eligible_role_assignment'))).toHaveLength(2);
    expect(Object.keys(resourcesOf(json, 'azurerm_role_management_policy'))).toHaveLength(1);
  });

  test('an eligibility with a duration is the caller\'s choice: it warns that it lapses and is created again by the next plan', () => {
    const account = AiServicesAccount.fromAccountId(newStack(), 'Acct', ID);
    const g = account.grantEligibleAdministration(Principal.user(OIDS.alice), { justification, durationDays: 90, source: 'admins.json $[0]' });
    expect(g.eligibilityPolicy).toBeUndefined();
    expect(warningsOf(g)).toEqual([expect.stringMatching(/admins\.json \$\[0\]\) ends 90 days after creation: .*the next plan creates it again.*no expiration for permanent eligibility/)]);
  });

  test('a developer grant with an end is a PIM active assignment ending then', () => {
    const stack = newStack();
    const account = AiServicesAccount.fromAccountId(stack, 'Acct', ID);
    const g = account.grantInferenceUntil(Principal.user(OIDS.alice), { endDateTime: '2027-06-30T00:00:00Z', justification: 'Contractor until end of June' });
    expect(g.expires).toBe('2027-06-30T00:00:00Z');
    expect(warningsOf(g)).toEqual([]);
    const json = synthJson(stack);
    const active = Object.values(resourcesOf(json, 'azurerm_pim_active_role_assignment')) as any[];
    expect(active).toEqual([expect.objectContaining({ principal_id: OIDS.alice, schedule: { expiration: { end_date_time: '2027-06-30T00:00:00Z' } } })]);
    expect(active[0].role_definition_id).toMatch(/a97b65f3-24c7-4388-baec-2e87135dc908$/);
    // A plan made after the end (by its own timestamp, or keyless_now in tests) neither creates it again nor fails: count 0
    // and a check block that warns with the fix.
    const clock = 'timecmp(coalesce(var.keyless_now, plantimestamp()), "2027-06-30T00:00:00Z") < 0';
    expect(active[0].count).toBe(`\${${clock} ? 1 : 0}`);
    expect(active[0].lifecycle?.precondition).toBeUndefined();
    expect(g.endCheck?.checkName).toMatch(/^Acct_active-cognitive-services-user-.*_EndCheck_[0-9A-F]{8}$/);
    expect(json.check).toEqual({ [g.endCheck!.checkName]: { assert: [{
      condition: `\${${clock}}`,
      error_message: `time-limited grant ${g.principal.label} (${g.role.roleName}) ended on 2027-06-30T00:00:00Z: Azure no longer lists it and ` +
        `this plan does not create it again. Remove ${g.node.path} from the configuration.`,
    }] } });
    expect(json.variable.keyless_now).toEqual(expect.objectContaining({ type: 'string', default: '' }));
    expect(resourcesOf(json, 'azurerm_role_management_policy')).toEqual({});
  });

  test('an end in the past is an error naming the fix; one within 14 days warns; the clock is KEYLESS_NOW', () => {
    const grant = (end: string) => AiServicesAccount.fromAccountId(newStack(), 'Acct', ID)
      .grantInferenceUntil(Principal.user(OIDS.alice), { endDateTime: end, justification, source: 'environments/dev.json $.temporaryDevelopers[0]' });
    expectRejected(() => grant('2026-12-03T12:00:00Z'), {
      path: 'test/Acct/', value: '"2026-12-03T12:00:00Z"',
      allowed: 'the grant ended on 2026-12-03T12:00:00Z (now 2026-12-03T12:00:00.000Z): Azure no longer lists it and refuses to create it again; remove the entry (environments/dev.json $.temporaryDevelopers[0])',
    });
    expect(warningsOf(grant('2026-12-04T00:00:00Z'))).toEqual([
      expect.stringContaining('(environments/dev.json $.temporaryDevelopers[0]) ends on 2026-12-04T00:00:00Z, in 1 day: when it has ended, remove the entry'),
    ]);
    expect(warningsOf(grant('2026-12-17T12:00:00Z'))).toEqual([expect.stringContaining('in 14 days')]);
    expect(warningsOf(grant('2026-12-17T12:00:01Z'))).toEqual([]);
    process.env.KEYLESS_NOW = '2027-01-01T00:00:00Z';
    expect(() => grant('2026-12-17T12:00:01Z')).toThrow(/ended on 2026-12-17T12:00:01Z/);
    // The nightly drift job's synth: a passed end warns (the plan creates nothing and its check says what to do).
    process.env.KEYLESS_ENDED_GRANTS = 'warn';
    try {
      const ended = grant('2026-12-17T12:00:01Z');
      expect(warningsOf(ended)).toEqual([expect.stringMatching(/\(environments\/dev\.json \$\.temporaryDevelopers\[0\]\) ended on 2026-12-17T12:00:01Z \(now 2027-01-01T00:00:00\.000Z\): the plan creates nothing for it \(KEYLESS_ENDED_GRANTS=warn\); remove the entry$/)]);
      expect(ended.endCheck).toBeDefined();
      process.env.KEYLESS_ENDED_GRANTS = 'yes';
      expect(() => grant('2026-12-17T12:00:01Z')).toThrow('KEYLESS_ENDED_GRANTS="yes": expected warn or error');
      process.env.KEYLESS_ENDED_GRANTS = 'error';
      expect(() => grant('2026-12-17T12:00:01Z')).toThrow(/ended on 2026-12-17T12:00:01Z/);
    } finally {
      delete process.env.KEYLESS_ENDED_GRANTS;
    }
    process.env.KEYLESS_NOW = 'tomorrow';
    expect(() => keylessNow()).toThrow('KEYLESS_NOW="tomorrow": expected an RFC 3339 UTC time');
    delete process.env.KEYLESS_NOW;
    expect(Math.abs(keylessNow().getTime() - Date.now())).toBeLessThan(1000);
  });

  test('a time-limited grant with a duration warns that its end is known only once it exists', () => {
    const g = AiServicesAccount.fromAccountId(newStack(), 'Acct', ID).grantInferenceUntil(Principal.user(OIDS.alice), { justification, durationHours: 8 });
    expect(warningsOf(g)).toEqual([expect.stringContaining('ends 8 hours after creation: its end date is known only once it exists')]);
  });

  test('one principal, role and scope get one assignment, whatever the kinds: refused at synth naming both grants', () => {
    const both = (first: (a: AiServicesAccount) => unknown, second: (a: AiServicesAccount) => unknown) => {
      const a = new AiServicesAccount(newStack(), 'Acct', { accountName: 'ai-dup', resourceGroupName: 'rg-ai', location: 'swedencentral', subscriptionId: SUBSCRIPTION });
      first(a);
      try {
        second(a);
      } catch (e) {
        return e as DuplicateAssignmentError;
      }
      throw new Error('not refused');
    };
    const alice = Principal.user(OIDS.alice, { label: 'Alice' });
    const until = { endDateTime: '2027-06-30T00:00:00Z', justification };
    const e1 = both((a) => a.grantInference(alice), (a) => a.grantInferenceUntil(Principal.user(OIDS.alice, { label: 'Alice again' }), until));
    expect(e1).toBeInstanceOf(DuplicateAssignmentError);
    expect(e1.principalKey).toBe(alice.principalKey);
    expect(e1.paths[0]).toMatch(/^test\/Acct\/cognitive-services-user-/);
    expect(e1.paths[1]).toMatch(/^test\/Acct\/active-/);
    expect(e1.message).toContain(`invalid grant "time-limited`);
    expect(e1.message).toContain(`already granted on the same scope by ${e1.paths[0]}; a principal holds a role on a scope once, whether standing, eligible or time-limited`);
    const e2 = both((a) => a.grantAdministration(alice), (a) => a.grantEligibleAdministration(alice, { justification }));
    expect(e2.paths[1]).toMatch(/^test\/Acct\/eligible-/);
    const e3 = both((a) => a.grantEligibleAdministration(alice, { justification }), (a) => a.grantAdministration(alice));
    expect(e3.paths[0]).toMatch(/^test\/Acct\/eligible-/);
    // Different roles, or different principals, are fine.
    expect(() => both((a) => a.grantInference(alice), (a) => a.grantEligibleAdministration(alice, { justification }))).toThrow('not refused');
  });

  test('where a lookup is involved, a plan-time precondition compares object IDs across standing and time-limited grants', () => {
    const stack = newStack();
    // The grants attach the check themselves; describePrincipalsSource only says where the principals were given.
    describePrincipalsSource(stack, 'dev.json ($.developers, $.temporaryDevelopers)');
    const account = AiServicesAccount.fromAccountId(stack, 'Acct', ID);
    account.grantInference(Principal.userByUpn('alice@contoso.com'));
    const g = account.grantInferenceUntil(Principal.user(OIDS.alice, { label: 'Alice (contractor)' }), { endDateTime: '2027-06-30T00:00:00Z', justification });
    const active = resourcesOf(synthJson(stack), 'azurerm_pim_active_role_assignment')[g.resource.friendlyUniqueId];
    // The end is a count and a check block, not a precondition: the duplicate check is the only one.
    expect(active.count).toMatch(/^\$\{timecmp\(/);
    expect(active.lifecycle.precondition).toHaveLength(1);
    expect(active.lifecycle.precondition[0].condition).toMatch(/^\$\{\(length\(distinct\(\[data\.azuread_user\..*\.object_id, "11111111-1111-4111-8111-111111111111"\]\)\) == 2\)\}$/);
    expect(active.lifecycle.precondition[0].error_message).toContain('(user alice@contoso.com (looked up by UPN); Alice (contractor) (time-limited)): Azure would reject the second');
    expect(active.lifecycle.precondition[0].error_message).toContain('List the principal once in dev.json ($.developers, $.temporaryDevelopers).');
  });

  test('rejects a missing end for active grants, two expirations, bad dates and a short justification', () => {
    const mk = () => AiServicesAccount.fromAccountId(newStack(), 'Acct', ID);
    expectRejected(() => mk().grantInferenceUntil(Principal.user(OIDS.alice), { justification }), { path: 'test/Acct/', value: 'null', allowed: 'set endDateTime' });
    expectRejected(() => mk().grantEligibleAdministration(Principal.user(OIDS.alice), { justification, durationDays: 30, durationHours: 8 }), { path: 'test/Acct/', value: '[30,8]', allowed: 'at most one' });
    expectRejected(() => mk().grantInferenceUntil(Principal.user(OIDS.alice), { justification, endDateTime: '30.06.2026' }), { path: 'test/Acct/', value: '"30.06.2026"', allowed: 'RFC 3339' });
    // The right shape but no such day or time: refused, not rolled over to another day.
    expectRejected(() => mk().grantInferenceUntil(Principal.user(OIDS.alice), { justification, endDateTime: '2028-02-30T00:00:00Z' }), { path: 'test/Acct/', value: '"2028-02-30T00:00:00Z"', allowed: '2028-02 has 29 days, so day 30 does not exist' });
    expectRejected(() => mk().grantInferenceUntil(Principal.user(OIDS.alice), { justification, endDateTime: '2027-13-01T00:00:00Z' }), { path: 'test/Acct/', value: '"2027-13-01T00:00:00Z"', allowed: 'month 13 does not exist' });
    expectRejected(() => mk().grantInferenceUntil(Principal.user(OIDS.alice), { justification, endDateTime: '2027-06-30T24:00:00Z' }), { path: 'test/Acct/', value: '"2027-06-30T24:00:00Z"', allowed: 'is not a time of day' });
    expectRejected(() => mk().grantEligibleAdministration(Principal.user(OIDS.alice), { justification: 'admin' }), { path: 'test/Acct/', value: '"admin"', allowed: 'at least 10 characters' });
    expectRejected(() => mk().grantEligibleAdministration(Principal.user(OIDS.alice), { justification, durationDays: 400 }), { path: 'test/Acct/', value: '400', allowed: 'from 1 to 365' });
  });

  test('a custom role is granted just in time only inside its assignable scopes, as standing grants are', () => {
    const stack = newStack();
    const role = new InferenceRoleDefinition(stack, 'Role', { scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-elsewhere`, roleName: 'Elsewhere' });
    const account = AiServicesAccount.fromAccountId(stack, 'Acct', ID, { inferenceRole: role });
    expectRejected(() => account.grantInferenceUntil(Principal.user(OIDS.alice), { endDateTime: '2027-06-30T00:00:00Z', justification }), {
      path: 'test/Acct/', value: `scope "${ID}"`, allowed: 'the role "Elsewhere" is assignable only at',
    });
  });
});
