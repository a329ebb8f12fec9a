// Delegating role assignment management with a condition (Azure ABAC on Microsoft.Authorization/roleAssignments).
// Kept free of cdktf.
import { BuiltInRole, RolePermissions } from './built-in-role';
import { canGrantAccess, controlPlaneActions } from './role-plane';

/** The two actions the condition must constrain (both, each with its own attribute source). */
export const ROLE_ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';
export const ROLE_ASSIGNMENT_DELETE = 'Microsoft.Authorization/roleAssignments/delete';

/** The role a delegate holds: Role Based Access Control Administrator (role assignments write and delete, read everything, Support). */
export const DELEGATION_ROLE = BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR;

/** Principal types a condition can constrain (`Microsoft.Authorization/roleAssignments:PrincipalType`). */
export const DELEGABLE_PRINCIPAL_TYPES = ['User', 'Group', 'ServicePrincipal'] as const;
export type DelegablePrincipalType = (typeof DELEGABLE_PRINCIPAL_TYPES)[number];

/** Built-in roles a delegate may never hand out: they grant access themselves. */
export const NEVER_DELEGABLE = [BuiltInRole.OWNER, BuiltInRole.USER_ACCESS_ADMINISTRATOR, BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR];

/**
 * Why a role must not be delegated, or undefined when it may: Owner, User Access Administrator, Role Based Access Control
 * Administrator, any role that can grant access, any control-plane role (it changes the account), and a role whose
 * permissions are unknown (its reach cannot be checked).
 */
export function delegationRefusal(role: { roleName: string; guid?: string; permissions?: RolePermissions }): string | undefined {
  const guid = role.guid?.toLowerCase();
  if (guid && NEVER_DELEGABLE.some((r) => r.guid === guid)) return `${role.roleName} grants access itself`;
  const p = role.permissions;
  if (!p) return `the permissions of ${role.roleName} are unknown: give them (BuiltInRole.fromGuid(name, guid, permissions)) so its reach can be checked`;
  if (canGrantAccess(p)) return `${role.roleName} can create role assignments or definitions`;
  const control = controlPlaneActions(p);
  if (control.length > 0) return `${role.roleName} is a control-plane role (${control.slice(0, 3).join(', ')})`;
  return undefined;
}

/**
 * The condition Azure documents as "Example: Constrain roles and principal types" (one-line form, as in its Azure
 * PowerShell tab): writes and deletes of role assignments only for `roleGuids`, only to `principalTypes`. Without
 * principal types it is "Example: Constrain roles". Condition version 2.0.
 * Source: learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples
 * (MicrosoftDocs/azure-docs articles/role-based-access-control/delegate-role-assignments-examples.md).
 */
export function delegationCondition(roleGuids: readonly string[], principalTypes: readonly string[] = []): string {
  const roles = `{${roleGuids.join(', ')}}`;
  const types = `{${principalTypes.map((t) => `'${t}'`).join(', ')}}`;
  const part = (action: string, source: 'Request' | 'Resource') => {
    const role = `@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${roles}`;
    const type = principalTypes.length > 0 ? ` AND @${source}[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase ${types}` : '';
    return `((!(ActionMatches{'${action}'})) OR (${role}${type}))`;
  };
  return `${part(ROLE_ASSIGNMENT_WRITE, 'Request')} AND ${part(ROLE_ASSIGNMENT_DELETE, 'Resource')}`;
}

/** Role GUIDs and principal types a delegation condition allows (the inverse of `delegationCondition`, for reports). */
export function parseDelegationCondition(condition: string): { roleGuids: string[]; principalTypes: string[] } | undefined {
  const roles = /@Request\[Microsoft\.Authorization\/roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{([^}]*)\}/i.exec(condition);
  if (!roles) return undefined;
  const types = /@Request\[Microsoft\.Authorization\/roleAssignments:PrincipalType\] ForAnyOfAnyValues:StringEqualsIgnoreCase \{([^}]*)\}/i.exec(condition);
  const list = (s: string) => s.split(',').map((x) => x.trim().replace(/^'|'$/g, '')).filter((x) => x.length > 0);
  return { roleGuids: list(roles[1]), principalTypes: types ? list(types[1]) : [] };
}
