import { Fn, Op, TerraformResource, TerraformStack, Token } from 'cdktf';
import { PimRoleGrant } from './pim-role-grant';
import { RoleGrant } from './role-grant';
import { addPrecondition } from './validation';

/**
 * Two grants of one role on one scope whose principals resolve to the same Entra object (a group by display name and the
 * same group by object ID, a service principal by client ID and by name), of any kinds (standing, eligible, time-limited),
 * would make the same assignment twice; Azure rejects the second (RoleAssignmentExists). Literal object IDs are compared at
 * synth (`recordAssignment`); where a lookup is involved, one precondition per scope, role and principal type (on the
 * group's last grant) checks at plan time that the object IDs are distinct: linear in the number of grants. `where` names
 * what to fix (e.g. configuration entries).
 */
export function addDuplicateAssignmentChecks(stack: TerraformStack, where: string): void {
  type Entry = { resource: TerraformResource; principalId: string; label: string; roleName: string; principalType: string };
  const groups = new Map<string, Entry[]>();
  for (const c of stack.node.findAll()) {
    let entry: Entry | undefined;
    if (c instanceof RoleGrant) {
      entry = { resource: c.assignment, principalId: c.assignment.principalIdInput!, label: c.principal.label, roleName: c.role.roleName, principalType: c.principal.principalType };
    } else if (c instanceof PimRoleGrant) {
      const kind = c.kind === 'eligible' ? 'eligible' : 'time-limited';
      entry = { resource: c.resource, principalId: c.resource.principalIdInput!, label: `${c.principal.label} (${kind})`, roleName: c.role.roleName, principalType: c.principal.principalType };
    }
    if (!entry) continue;
    // Objects of different types (a user and a group) are never the same object.
    const k = `${c.node.scope?.node.path}|${(c as RoleGrant | PimRoleGrant).role.roleKey}|${entry.principalType}`;
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(entry);
  }
  for (const grants of groups.values()) {
    const ids = grants.map((g) => g.principalId);
    if (grants.length < 2 || !ids.some((id) => Token.isUnresolved(id))) continue;
    const carrier = grants[grants.length - 1];
    const names = grants.map((g) => g.label);
    const shown = names.length > 12 ? `${names.slice(0, 12).join('; ')}; and ${names.length - 12} more` : names.join('; ');
    addPrecondition(carrier.resource, {
      condition: Token.asString(Op.eq(Fn.lengthOf(Fn.distinct(ids)), ids.length)),
      error_message: `Two of the ${carrier.principalType} principals that get ${carrier.roleName} on this scope are the same Microsoft Entra object ` +
        `(${shown}): Azure would reject the second, identical role assignment (RoleAssignmentExists), whether standing, eligible or time-limited. ` +
        `List the principal once in ${where}.`,
    });
  }
}
