import { BuiltInRole, RolePermissions } from '../constructs/built-in-role';

export { RolePermissions };

/** A built-in role the report recognises by GUID or by name. */
export interface BuiltInRoleEntry extends RolePermissions {
  readonly name: string;
  readonly guid: string;
}

/** The project's one table of built-in roles (constructs/built-in-role.ts), in the shape the report reads. */
export const BUILT_IN_ROLES: readonly BuiltInRoleEntry[] = BuiltInRole.all().map((r) => ({ name: r.roleName, guid: r.guid, ...r.permissions! }));

/** The built-in role with this GUID, if the table knows it. */
export function builtInRoleByGuid(guid: string): BuiltInRoleEntry | undefined {
  const g = guid.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.guid === g);
}

/** The built-in role with this display name (case-insensitive), if the table knows it. */
export function builtInRoleByName(name: string): BuiltInRoleEntry | undefined {
  const n = name.trim().toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.name.toLowerCase() === n);
}
