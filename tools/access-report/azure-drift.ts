import * as path from 'path';
import { AzCliExport, AzRoleAssignment, isAtOrAbove, roleGuidOf } from 'keyless-ai-inference/azure';
import type { AccessReport, AssignmentModel } from './model';
import { mdCode, mdText } from './markdown-safe';

/** Access that differs between the code (the synthesized stack) and Azure (an Azure CLI export of the account). */
export interface AzureDrift {
  /** The export folder, as given. */
  readonly against: string;
  /** The account the export is of. */
  readonly accountId: string;
  /** Assignments Azure has (at the account, or inherited from above it) that the code does not make. */
  readonly outsideCode: DriftEntry[];
  /** Standing assignments of the code that Azure does not have (the next apply creates them). */
  readonly notInAzure: DriftEntry[];
  /** Assignments of the code whose principal the export cannot resolve (a lookup without its `az ad ... show` file). */
  readonly unresolved: DriftEntry[];
  /** Assignments both have. */
  readonly inBoth: number;
}

/** One assignment in the drift lists. */
export interface DriftEntry {
  readonly principal: string;
  readonly principalId?: string;
  readonly principalType: string;
  readonly role: string;
  readonly scope: string;
  /** At a resource group, subscription or management group above the account. */
  readonly inherited?: boolean;
  /** The Terraform address (code) or the ARM ID (Azure). */
  readonly ref: string;
  readonly createdOn?: string;
}

/** The object ID a report principal key stands for, from the export's principals and `principalName`s. */
function objectIdOf(key: string, objectId: string | undefined, exp: AzCliExport): string | undefined {
  if (objectId) return objectId;
  if (key.startsWith('oid:')) return key.slice(4);
  const m = /^lookup:(azuread_user|azuread_group|azuread_service_principal):([a-z_]+)=(.*)$/.exec(key);
  if (!m) return undefined;
  const [, type, arg, value] = m;
  const same = (v?: string | null) => v != null && v.toLowerCase() === value;
  const kind = type === 'azuread_user' ? 'user' : type === 'azuread_group' ? 'group' : 'servicePrincipal';
  const field = ({ user_principal_name: 'userPrincipalName', display_name: 'displayName', client_id: 'appId', mail: 'mail', mail_nickname: 'mailNickname', object_id: 'id' } as Record<string, string>)[arg];
  const found = exp.principals.find((p) => p.kind === kind && field && same((p as unknown as Record<string, string | undefined>)[field]));
  if (found) return found.id;
  // principalName: a user's UPN, a group's display name, a service principal's client ID.
  const byName = { user: 'user_principal_name', group: 'display_name', servicePrincipal: 'client_id' }[kind] === arg;
  const azType = { user: 'User', group: 'Group', servicePrincipal: 'ServicePrincipal' }[kind];
  return byName ? exp.assignments.find((a) => a.principalType === azType && same(a.principalName))?.principalId : undefined;
}

/** The ARM ID of an assignment's scope, when the report knows it. */
function scopeIdOf(a: AssignmentModel, report: AccessReport): string | undefined {
  if (a.scope.raw.startsWith('/')) return a.scope.raw;
  if (a.scope.kind === 'account' && a.scope.accountKeys.length === 1) return report.accounts.find((x) => x.key === a.scope.accountKeys[0])?.armId;
  return undefined;
}

/** Compares a report's standing assignments on the export's account with what the export says Azure has. */
export function azureDriftOf(report: AccessReport, exp: AzCliExport): AzureDrift {
  const accountId = exp.account.id;
  const roles = new Map(report.roles.map((r) => [r.key, r]));
  const principals = new Map(report.principals.map((p) => [p.key, p]));
  const used = new Set<AzRoleAssignment>();
  const notInAzure: DriftEntry[] = [];
  const unresolved: DriftEntry[] = [];
  let inBoth = 0;
  for (const a of report.assignments) {
    if (a.access !== 'standing') continue;
    const scope = scopeIdOf(a, report);
    if (!scope || !(isAtOrAbove(scope, accountId) || isAtOrAbove(accountId, scope))) continue;
    const role = roles.get(a.roleKey);
    const p = principals.get(a.principalKey);
    const principalId = objectIdOf(a.principalKey, p?.objectId, exp);
    const entry: DriftEntry = { principal: p?.label ?? p?.identifiedBy ?? a.principalKey, principalId, principalType: a.principalType, role: role?.name ?? a.roleKey, scope, ref: a.address };
    if (!principalId) {
      unresolved.push(entry);
      continue;
    }
    const match = exp.assignments.find((x) => !used.has(x) && x.scope.toLowerCase() === scope.toLowerCase() && x.principalId.toLowerCase() === principalId.toLowerCase()
      && (role?.guid ? roleGuidOf(x.roleDefinitionId) === role.guid.toLowerCase() : (x.roleDefinitionName ?? '').toLowerCase() === (role?.name ?? '').toLowerCase()));
    if (match) {
      used.add(match);
      inBoth++;
    } else notInAzure.push(entry);
  }
  const outsideCode = exp.assignments.filter((x) => !used.has(x)).map((x): DriftEntry => ({
    principal: x.principalName ?? x.principalId, principalId: x.principalId, principalType: x.principalType, role: x.roleDefinitionName ?? roleGuidOf(x.roleDefinitionId),
    scope: x.scope, inherited: x.scope.toLowerCase() !== accountId.toLowerCase(), ref: x.id, createdOn: x.createdOn ?? undefined,
  }));
  return { against: exp.folder, accountId, outsideCode, notInAzure, unresolved, inBoth };
}

/** The report's section on drift (Markdown lines). */
export function renderAzureDrift(d: AzureDrift): string[] {
  const out = [`## Code and Azure (against the Azure CLI export ${mdText(path.basename(d.against))})`, '',
    `Account ${mdCode(d.accountId)}: ${d.inBoth} assignment(s) in both, ${d.outsideCode.length} granted outside code, ${d.notInAzure.length} in code that Azure does not have${d.unresolved.length ? `, ${d.unresolved.length} not comparable` : ''}.`, ''];
  const table = (title: string, rows: DriftEntry[], what: string) => {
    if (rows.length === 0) return;
    out.push(`### ${title} (${rows.length})`, '', what, '', '| Principal | Type | Role | Scope | Reference |', '|---|---|---|---|---|');
    for (const r of rows) out.push(`| ${mdText(r.principal)}${r.principalId && r.principalId !== r.principal ? ` (${mdText(r.principalId)})` : ''} | ${mdText(r.principalType)} | ${mdText(r.role)} | ${mdCode(r.scope)}${r.inherited ? ' (inherited)' : ''} | ${mdCode(r.ref)} |`);
    out.push('');
  };
  table('Access granted outside code', d.outsideCode, 'Azure has these; the code does not make them. Keep them unmanaged, remove them (`az role assignment delete --ids <reference>`), or add them to the configuration (`npm run adopt` prints the entry).');
  table('Access in code that Azure does not have', d.notInAzure, 'The next apply creates these (or they were removed in Azure by hand).');
  table('Not comparable', d.unresolved, 'The export does not name these principals: save `az ad ... show --output json` for them into principals/.');
  return out;
}
