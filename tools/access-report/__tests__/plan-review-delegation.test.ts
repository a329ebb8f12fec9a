import { BuiltInRole, delegationCondition, FOUNDRY_USER } from 'keyless-ai-inference/azure';
import { reviewPlan } from '../plan-review';
import { assignment, builtInRoleId, plan, rc } from '../test-support/plan-fixtures';

// A change of delegation (who may grant which roles) is a change of access (issue 24).
// Named as the role table names it (renamed Foundry User in 2026, GUID unchanged).
const FU = `${FOUNDRY_USER.roleName} (built-in)`;
const LEAD = '7e9a1b3d-6f8b-4c0d-9e2f-4a6b8d0f2c59';
const NAME = '61c4b734-554d-4b74-a1f7-bf79741d9181';
const RBAC_ADMIN = builtInRoleId(BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR.guid);
const delegation = (roles: string[], types: string[]) => ({ ...assignment(NAME, LEAD, 'User', RBAC_ADMIN), condition: delegationCondition(roles, types), condition_version: '2.0' });

describe('reviewPlan: delegations', () => {
  test('a new delegation is listed with what the delegate may grant (not blocking: access is added, none removed)', () => {
    const review = reviewPlan(plan([rc('azurerm_role_assignment.lead', ['create'], null, delegation([FOUNDRY_USER.guid], ['Group']))]));
    const [f] = review.findings;
    expect(f).toMatchObject({ kind: 'info', blocking: false });
    expect(f.text).toContain(`DELEGATION: User ${LEAD}'s Role Based Access Control Administrator (built-in)`);
    expect(f.text).toContain(`the delegate may assign ${FU} to Group.`);
    expect(review.exitCode).toBe(0);
  });

  test('wider roles or principal types for a delegate block until acknowledged, saying before and after', () => {
    const before = delegation([FOUNDRY_USER.guid], ['Group']);
    const after = delegation([FOUNDRY_USER.guid, BuiltInRole.COGNITIVE_SERVICES_USER.guid], ['Group', 'User']);
    const review = reviewPlan(plan([rc('azurerm_role_assignment.lead', ['delete', 'create'], before, after, { replace_paths: [['condition']], action_reason: 'replace_because_cannot_update' })]));
    expect(review.findings).toHaveLength(1);
    const [f] = review.findings;
    expect(f).toMatchObject({ kind: 'delegation-changed', blocking: true });
    expect(f.text).toContain(`before, the delegate may assign ${FU} to Group; after, may assign ${FU}, Cognitive Services User (built-in) to Group, User.`);
    expect(review.exitCode).toBe(2);
  });

  test('a removed delegation says what the delegate could grant', () => {
    const review = reviewPlan(plan([rc('azurerm_role_assignment.lead', ['delete'], delegation([FOUNDRY_USER.guid], ['Group']), null)]));
    expect(review.findings[0]).toMatchObject({ kind: 'access-removed', blocking: true });
    expect(review.findings[0].text).toContain(`The delegation ends: the delegate could assign ${FU} to Group and no longer can.`);
  });

  test('an ordinary grant replaced is still access briefly removed, not a delegation change', () => {
    const user = builtInRoleId(BuiltInRole.COGNITIVE_SERVICES_USER.guid);
    const review = reviewPlan(plan([rc('azurerm_role_assignment.dev', ['delete', 'create'], assignment(NAME, LEAD, 'User', user), assignment(NAME, LEAD, 'Group', user), { replace_paths: [['principal_type']] })]));
    expect(review.findings[0].kind).toBe('access-briefly-removed');
  });
});
