import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { AnnotationMetadataEntryType, Testing } from 'cdktf';
import { BuiltInRole, KeylessGuardrails } from 'keyless-ai-inference';
import { findingsOf } from '../access-report';
import { EXISTING_ACCOUNT, reportOfStack } from '../test-support/report-stacks';
import { newStack, OIDS, SUBSCRIPTION } from '../../../test-support/stacks';

// KAI-RA-002 and the access report classify a role on an AI account by the same function
// (controlPlaneRisk, constructs/azure/role-plane.ts): the guardrail warns exactly where the report calls it a risk.
describe.each(BuiltInRole.all().map((r) => [r.roleName, r] as const))('%s on an AI account', (_name, role) => {
  const stack = newStack(`s${role.guid.slice(0, 8)}`, Testing.app());
  new RoleAssignment(stack, 'grant', {
    scope: EXISTING_ACCOUNT, roleDefinitionId: role.roleDefinitionIdIn(SUBSCRIPTION), principalId: OIDS.alice, principalType: 'User',
  });
  KeylessGuardrails.applyTo(stack);
  const report = reportOfStack(stack);
  const warned = stack.node.findChild('grant').node.metadata
    .some((m) => m.type === AnnotationMetadataEntryType.WARN && String(m.data).startsWith('KAI-RA-002:'));
  const finding = findingsOf(report).find((f) => f.kind === 'control-plane-role');

  test('guardrail and report agree', () => {
    const reportRisk = finding !== undefined && finding.severity !== 'info';
    expect({ role: role.roleName, warned }).toEqual({ role: role.roleName, warned: reportRisk });
  });
});

test('the classification: data-plane and account-administrator roles pass, access granters and broad writers are flagged', () => {
  const flagged = (role: BuiltInRole) => {
    const stack = newStack('flag', Testing.app());
    new RoleAssignment(stack, 'grant', { scope: EXISTING_ACCOUNT, roleDefinitionId: role.roleDefinitionIdIn(SUBSCRIPTION), principalId: OIDS.alice, principalType: 'User' });
    KeylessGuardrails.applyTo(stack);
    Testing.synth(stack, true);
    return stack.node.findChild('grant').node.metadata.some((m) => String(m.data).startsWith('KAI-RA-002:'));
  };
  expect(BuiltInRole.all().filter(flagged).map((r) => r.roleName)).toEqual([
    'Owner', 'Contributor', 'User Access Administrator', 'Role Based Access Control Administrator',
  ]);
  const report = (role: BuiltInRole) => {
    const stack = newStack('plane', Testing.app());
    new RoleAssignment(stack, 'grant', { scope: EXISTING_ACCOUNT, roleDefinitionId: role.roleDefinitionIdIn(SUBSCRIPTION), principalId: OIDS.alice, principalType: 'User' });
    return reportOfStack(stack).roles.find((r) => r.guid === role.guid)!.plane;
  };
  expect(report(BuiltInRole.STORAGE_BLOB_DATA_OWNER)).toBe('data');
  expect(report(BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR)).toBe('control');
});
