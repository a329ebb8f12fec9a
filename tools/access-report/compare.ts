import { ACCOUNT_ARM_ID, accessEntriesOf, accessEntryKey, capabilitiesOf, principalLabel, RG_ARM_ID, SUB_ARM_ID } from './access-report';
import { BuiltInRole, canGrantAccess, canListKeys, inferenceDataActions, planeOf, ROLE_DEFINITION_GUID } from 'keyless-ai-inference/azure';
import { AccessComparison, AccessEntry, AccessReport, RoleModel } from './model';

type Json = Record<string, unknown>;

/**
 * Who gains and who loses access between an earlier report (its JSON, schema 1 or 2) and this one:
 * access is a principal holding a role at a scope; a role that changes at the same scope is a loss
 * and a gain.
 */
export function compareReports(current: AccessReport, previous: unknown, against: string): AccessComparison {
  const prev = previous as Partial<AccessReport> | undefined;
  if (!prev || typeof prev !== 'object' || !Array.isArray(prev.assignments) || !Array.isArray(prev.roles) || !Array.isArray(prev.principals)) {
    throw new Error(`--compare ${against}: not an access report JSON (no assignments, roles and principals); give the <stack>.json of an earlier npm run access-report`);
  }
  if (prev.stack !== undefined && prev.stack !== current.stack) {
    throw new Error(`--compare ${against}: that report is of stack "${prev.stack}", not "${current.stack}"`);
  }
  // Schema 1 reports lack the plane fields: derive them from the permissions they do carry.
  const roles = prev.roles.map((r) => ({ ...r, ...withPlane(r) }));
  return diff(accessEntriesOf({ principals: prev.principals, roles, assignments: prev.assignments }), accessEntriesOf(current), `report ${against}`);
}

/**
 * Who gains and who loses access along a plan: role assignments the plan creates (gains, read from the
 * report) and deletes (losses, read from the plan's prior values). A replaced assignment that keeps
 * principal, role and scope is neither.
 */
export function compareWithPlan(current: AccessReport, plan: unknown, against: string): AccessComparison {
  const changes = ((plan as { resource_changes?: unknown[] } | undefined)?.resource_changes ?? []) as { address?: string; type?: string; change?: { actions?: string[]; before?: Json | null } }[];
  const byAddress = new Map(current.assignments.map((a) => [a.address, a]));
  const created: AccessEntry[] = [];
  const deleted: AccessEntry[] = [];
  const all = accessEntriesOf(current);
  for (const c of changes) {
    if (c.type !== 'azurerm_role_assignment' || typeof c.address !== 'string') continue;
    const actions = c.change?.actions ?? [];
    if (actions.includes('create')) {
      const a = byAddress.get(c.address.replace(/\[[^\]]*\]$/, ''));
      const role = a && current.roles.find((r) => r.key === a.roleKey);
      const entry = a && role && all.find((e) => e.principalKey === a.principalKey && e.role === role.name && e.scope === a.scope.label);
      if (entry) created.push(entry);
    }
    if (actions.includes('delete') && c.change?.before) deleted.push(entryFromValues(current, c.change.before));
  }
  return diff(deleted, created, `plan ${against}`);
}

function diff(before: AccessEntry[], after: AccessEntry[], against: string): AccessComparison {
  const had = new Set(before.map(accessEntryKey));
  const has = new Set(after.map(accessEntryKey));
  const unique = (list: AccessEntry[]) => [...new Map(list.map((e) => [accessEntryKey(e), e])).values()];
  return {
    against,
    gained: unique(after.filter((e) => !had.has(accessEntryKey(e)))),
    lost: unique(before.filter((e) => !has.has(accessEntryKey(e)))),
  };
}

/** An assignment as the plan's prior state has it (principal_id, role_definition_id or name, scope). */
function entryFromValues(report: AccessReport, v: Json): AccessEntry {
  const oid = typeof v.principal_id === 'string' ? v.principal_id.toLowerCase() : 'unknown';
  const principal = report.principals.find((p) => p.objectId === oid);
  const guid = typeof v.role_definition_id === 'string' ? ROLE_DEFINITION_GUID.exec(v.role_definition_id)?.[1]?.toLowerCase() : undefined;
  const custom = guid ? report.roles.find((r) => r.guid === guid) : undefined;
  const builtInRole = (guid && BuiltInRole.byGuid(guid)) || (typeof v.role_definition_name === 'string' ? BuiltInRole.byName(v.role_definition_name) : undefined);
  const builtIn = builtInRole?.permissions ? { name: builtInRole.roleName, ...builtInRole.permissions } : undefined;
  const roleName = custom?.name ?? builtIn?.name ?? builtInRole?.roleName ?? (typeof v.role_definition_name === 'string' && v.role_definition_name ? v.role_definition_name : `role definition ${guid ?? 'unknown'}`);
  const perms = custom ?? builtIn;
  return {
    principalKey: `oid:${oid}`,
    principal: principal ? principalLabel(principal) : `${typeof v.principal_type === 'string' ? v.principal_type : 'principal'} ${oid}`,
    role: roleName,
    can: perms ? capabilitiesOf({ ...withPlane(perms), dataActions: perms.dataActions, permissionsKnown: true }) : ['unknown (role permissions unknown)'],
    scope: scopeLabel(report, typeof v.scope === 'string' ? v.scope : ''),
  };
}

function scopeLabel(report: AccessReport, scope: string): string {
  const s = scope.replace(/\/+$/, '');
  let m: RegExpExecArray | null;
  if ((m = ACCOUNT_ARM_ID.exec(s))) {
    const account = report.accounts.find((a) => a.armId?.toLowerCase() === s.toLowerCase());
    return `account ${account?.name ?? m[3]}`;
  }
  if ((m = RG_ARM_ID.exec(s))) return `resource group ${m[2]}`;
  if ((m = SUB_ARM_ID.exec(s))) return `subscription ${m[1]}`;
  return s || 'unknown scope';
}

function withPlane(r: Pick<RoleModel, 'actions' | 'notActions' | 'dataActions' | 'notDataActions'> & Partial<RoleModel>): Pick<RoleModel, 'plane' | 'canGrantAccess' | 'canListKeys' | 'inferenceDataActions'> {
  const p = { actions: r.actions ?? [], notActions: r.notActions ?? [], dataActions: r.dataActions ?? [], notDataActions: r.notDataActions ?? [] };
  return {
    plane: r.plane ?? planeOf(p),
    canGrantAccess: r.canGrantAccess ?? canGrantAccess(p),
    canListKeys: r.canListKeys ?? canListKeys(p),
    inferenceDataActions: r.inferenceDataActions ?? inferenceDataActions(p),
  };
}

/**
 * Refuses a plan of another stack: every resource the plan configures or plans (deletions aside) must be
 * in the synthesized stack, and the plan must hold at least one of the stack's resources.
 */
export function assertPlanBelongsTo(stackJson: Json, plan: unknown, stack: string, file: string): void {
  const own = new Set<string>();
  for (const [type, byName] of Object.entries((stackJson.resource ?? {}) as Record<string, Json>)) for (const name of Object.keys(byName)) own.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries((stackJson.data ?? {}) as Record<string, Json>)) for (const name of Object.keys(byName)) own.add(`data.${type}.${name}`);
  type Module = { root_module?: { resources?: { address?: string }[] } };
  const p = (plan ?? {}) as { resource_changes?: { address?: string; change?: { actions?: string[] } }[]; planned_values?: Module; configuration?: Module; prior_state?: { values?: Module }; values?: Module };
  const addresses = new Set<string>();
  const strip = (a: string) => a.replace(/\[[^\]]*\]$/, '');
  // Resources the plan deletes are in its prior state but (rightly) no longer in the stack.
  const deleted = new Set((p.resource_changes ?? []).filter((c) => (c.change?.actions ?? []).every((x) => x === 'delete')).map((c) => strip(String(c.address))));
  const add = (a: unknown) => { if (typeof a === 'string' && !a.startsWith('module.') && !deleted.has(strip(a))) addresses.add(strip(a)); };
  for (const c of p.resource_changes ?? []) add(c.address);
  for (const m of [p.planned_values, p.configuration, p.prior_state?.values, p.values]) for (const r of m?.root_module?.resources ?? []) add(r.address);
  const foreign = [...addresses].filter((a) => !own.has(a)).sort();
  const shared = [...addresses].filter((a) => own.has(a));
  // Stacks can share addresses (the same construct IDs in every environment): literal values must match too.
  const differing: string[] = [];
  for (const r of (p.planned_values?.root_module?.resources ?? []) as { address?: string; values?: Json }[]) {
    if (typeof r.address !== 'string' || r.address.startsWith('data.') || !r.values) continue;
    const [type, name] = strip(r.address).split('.');
    const block = ((stackJson.resource ?? {}) as Record<string, Record<string, Json>>)[type]?.[name];
    if (!block) continue;
    for (const [attr, v] of Object.entries(block)) {
      if (typeof v !== 'string' || v.includes('${') || typeof r.values[attr] !== 'string') continue;
      if (r.values[attr] !== v) differing.push(`${r.address}.${attr} is "${String(r.values[attr])}" in the plan, "${v}" in the stack`);
    }
  }
  if (foreign.length > 0 || (own.size > 0 && shared.length === 0) || differing.length > 0) {
    const example = foreign.length ? `: ${foreign.length} of its resources are not in stack "${stack}" (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''})`
      : differing.length ? `: it was made from another configuration (${differing.slice(0, 2).join('; ')}${differing.length > 2 ? '; ...' : ''})`
        : `: it holds none of the resources of stack "${stack}"`;
    throw new Error(`--plan ${file} does not belong to stack "${stack}"${example}; plan that stack (npm run plan:offline -- ${stack}, or terraform show -json of its plan) and give --plan ${stack}=<its plan.json>`);
  }
}
