import * as fs from 'fs';
import * as path from 'path';
import { lastArmIdSegment } from './arm-id';
import { ACCOUNT_ARM_ID, GUID_PATTERN } from './guid';
import { ACCOUNT_LOG_CATEGORY_GROUPS } from './policy';

// What Azure says today, as the Azure CLI prints it (`--output json`), saved by the user into one folder.
// cdktf-free: read by the adopt command (app/adopt.ts), the offline provider's seed and the access report.

/** The files of an export folder. */
export const AZ_EXPORT_FILES = {
  /** `az role assignment list --scope <account-id> --include-inherited --output json` */
  assignments: 'role-assignments.json',
  /** `az cognitiveservices account show --ids <account-id> --output json` */
  account: 'account.json',
  /** `az monitor diagnostic-settings list --resource <account-id> --output json` (optional: older exports lack it) */
  diagnosticSettings: 'diagnostic-settings.json',
  /** `az ad user show --id <upn>`, `az ad group show --group <name>`, `az ad sp show --id <client-id>` (one object per file). */
  principals: 'principals',
  /** `az network private-endpoint list --output json` (optional; of the subscriptions holding the endpoints). */
  privateEndpoints: 'private-endpoints.json',
  /** Optional: the account's Foundry projects (`az rest ... <account-id>/projects`, the `value` array). */
  projects: 'projects.json',
  /** Optional: per project, `az role assignment list --scope <project-id> --output json` (one file per project). */
  projectAssignments: 'project-role-assignments',
} as const;

/** The ARM API version used to list projects (the one azurerm v4.55.0 uses: cognitive/2025-06-01). */
export const PROJECTS_API_VERSION = '2025-06-01';

/** One element of the projects list (the fields this project reads). */
export interface AzProject {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
  readonly identity?: { readonly principalId?: string | null; readonly type?: string } | null;
}

/** The commands that write an export folder for the account `accountId`. */
export function azExportCommands(accountId: string, folder = 'azure-export'): string[] {
  return [
    `mkdir -p ${folder}/principals`,
    `az role assignment list --scope ${accountId} --include-inherited --output json > ${folder}/${AZ_EXPORT_FILES.assignments}`,
    `az cognitiveservices account show --ids ${accountId} --output json > ${folder}/${AZ_EXPORT_FILES.account}`,
    `az network private-endpoint list --output json > ${folder}/${AZ_EXPORT_FILES.privateEndpoints}   # optional: private endpoints (add --subscription for another one)`,
    `az monitor diagnostic-settings list --resource ${accountId} --output json > ${folder}/${AZ_EXPORT_FILES.diagnosticSettings}`,
    `# for each principal the configuration looks up (optional: needed for lookups by display name and for the deployer):`,
    `az ad group show --group "<display name>" --output json > ${folder}/principals/<name>.json`,
    `az ad user show --id <upn> --output json > ${folder}/principals/<name>.json`,
    `az ad sp show --id <client-id> --output json > ${folder}/principals/<name>.json`,
    `az ad signed-in-user show --output json > ${folder}/principals/deployer.json   # or: az ad sp show --id <deployer client-id>`,
    `# with Foundry projects (optional):`,
    `az rest --method get --url "https://management.azure.com${accountId}/projects?api-version=${PROJECTS_API_VERSION}" --query value --output json > ${folder}/${AZ_EXPORT_FILES.projects}`,
    `mkdir -p ${folder}/${AZ_EXPORT_FILES.projectAssignments}   # then for each project <name>:`,
    `az role assignment list --scope ${accountId}/projects/<name> --output json > ${folder}/${AZ_EXPORT_FILES.projectAssignments}/<name>.json`,
  ];
}

/** One element of `az role assignment list --output json`. */
export interface AzRoleAssignment {
  readonly id: string;
  readonly name: string;
  readonly principalId: string;
  /** UPN for users, display name for groups, application (client) ID for service principals and managed identities. */
  readonly principalName?: string | null;
  readonly principalType: string;
  readonly roleDefinitionId: string;
  readonly roleDefinitionName?: string | null;
  readonly scope: string;
  readonly condition?: string | null;
  readonly conditionVersion?: string | null;
  readonly description?: string | null;
  readonly delegatedManagedIdentityResourceId?: string | null;
  readonly createdOn?: string | null;
  readonly updatedOn?: string | null;
  readonly createdBy?: string | null;
  readonly updatedBy?: string | null;
  readonly type?: string;
  readonly resourceGroup?: string | null;
}

/** `az cognitiveservices account show --output json` (the fields this project reads). */
export interface AzAccount {
  readonly id: string;
  readonly name: string;
  readonly kind?: string;
  readonly location?: string;
  readonly sku?: { readonly name?: string };
  readonly tags?: Record<string, string> | null;
  readonly properties?: {
    readonly customSubDomainName?: string | null;
    readonly disableLocalAuth?: boolean | null;
    readonly publicNetworkAccess?: string | null;
    readonly networkAcls?: { readonly defaultAction?: string; readonly bypass?: string; readonly ipRules?: { readonly value: string }[]; readonly virtualNetworkRules?: { readonly id: string }[] } | null;
    readonly dateCreated?: string | null;
    readonly endpoint?: string | null;
  };
  readonly systemData?: { readonly createdAt?: string | null } | null;
}

/** A connection of a private endpoint to a private link resource (`privateLinkServiceConnections[]`). */
export interface AzPrivateLinkConnection {
  readonly name?: string;
  readonly privateLinkServiceId: string;
  readonly groupIds?: string[] | null;
  readonly privateLinkServiceConnectionState?: { readonly status?: string | null } | null;
}

/** One element of `az network private-endpoint list --output json` (the fields this project reads). */
export interface AzPrivateEndpoint {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
  readonly subnet?: { readonly id?: string } | null;
  readonly privateLinkServiceConnections?: AzPrivateLinkConnection[] | null;
  readonly manualPrivateLinkServiceConnections?: AzPrivateLinkConnection[] | null;
  readonly customDnsConfigs?: { readonly fqdn?: string; readonly ipAddresses?: string[] }[] | null;
}

/** One log entry of a diagnostic setting: a category or a category group. */
export interface AzDiagnosticLog {
  readonly category?: string | null;
  readonly categoryGroup?: string | null;
  readonly enabled?: boolean;
}

/**
 * One element of `az monitor diagnostic-settings list --resource <id> --output json`: the CLI prints the REST
 * resource with its properties flattened (`logs`, `workspaceId`, ...); older CLIs wrapped the list in `{"value": [...]}`
 * and some tools keep `properties`: both are read.
 * Source: https://learn.microsoft.com/cli/azure/monitor/diagnostic-settings#az-monitor-diagnostic-settings-list,
 * https://learn.microsoft.com/rest/api/monitor/diagnostic-settings/list (DiagnosticSettingsResource).
 */
export interface AzDiagnosticSetting {
  readonly id?: string;
  readonly name: string;
  readonly logs: readonly AzDiagnosticLog[];
  readonly workspaceId?: string | null;
  readonly storageAccountId?: string | null;
  readonly eventHubAuthorizationRuleId?: string | null;
  readonly eventHubName?: string | null;
  readonly marketplacePartnerId?: string | null;
}

/** The categories an enabled log entry sends (a group stands for its categories). */
export function categoriesSent(log: AzDiagnosticLog): string[] {
  if (log.enabled === false) return [];
  if (log.category) return [log.category];
  const group = Object.entries(ACCOUNT_LOG_CATEGORY_GROUPS).find(([g]) => g.toLowerCase() === (log.categoryGroup ?? '').toLowerCase());
  return group ? [...group[1]] : [];
}

/** An existing setting that already sends some of `categories` to `workspaceId`: Azure refuses a second such setting. */
export interface DiagnosticConflict {
  readonly setting: AzDiagnosticSetting;
  readonly categories: string[];
}

/**
 * Existing settings that send any of `categories` to the same Log Analytics workspace. Azure refuses a diagnostic
 * setting whose destination and category another setting of the resource already has (409 Conflict).
 * Source: https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings ("Destination limitations").
 */
export function diagnosticConflicts(settings: readonly AzDiagnosticSetting[], workspaceId: string, categories: readonly string[]): DiagnosticConflict[] {
  const wanted = new Set(categories.map((c) => c.toLowerCase()));
  return settings.flatMap((setting) => {
    if (!setting.workspaceId || setting.workspaceId.toLowerCase() !== workspaceId.toLowerCase()) return [];
    const overlap = [...new Set(setting.logs.flatMap(categoriesSent))].filter((c) => wanted.has(c.toLowerCase()));
    return overlap.length > 0 ? [{ setting, categories: overlap }] : [];
  });
}

/** One `az ad user/group/sp show` object. */
export interface AzDirectoryObject {
  readonly kind: 'user' | 'group' | 'servicePrincipal';
  readonly id: string;
  readonly displayName?: string;
  readonly userPrincipalName?: string;
  readonly mail?: string;
  readonly mailNickname?: string;
  readonly appId?: string;
  /** `Application` or `ManagedIdentity` for service principals. */
  readonly servicePrincipalType?: string;
  /** The file it was read from; `deployer.json` is the deploying identity. */
  readonly file: string;
}

/** A whole export folder, checked. */
export interface AzCliExport {
  readonly folder: string;
  readonly assignmentsFile: string;
  readonly accountFile: string;
  readonly assignments: AzRoleAssignment[];
  readonly account: AzAccount;
  readonly principals: AzDirectoryObject[];
  /** The account's diagnostic settings; undefined when the export has no diagnostic-settings.json. */
  readonly diagnosticSettings?: AzDiagnosticSetting[];
  /** The account's Foundry projects (empty without projects.json). */
  readonly projects: AzProject[];
  /** When the account was created (properties.dateCreated, else systemData.createdAt), if Azure said. */
  readonly accountCreatedOn?: string;
  /** The private endpoints that connect to the account, when the export has `private-endpoints.json`. */
  readonly privateEndpoints?: AzPrivateEndpoint[];
  readonly privateEndpointsFile?: string;
}

/** A problem with an export: the message names the file. */
export class AzExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AzExportError';
  }
}

const ROLE_ASSIGNMENT_ID = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/([0-9a-f-]{36})$/i;
const REQUIRED = ['id', 'name', 'principalId', 'principalType', 'roleDefinitionId', 'scope'] as const;

/** The role definition's GUID from `/subscriptions/<s>/providers/Microsoft.Authorization/roleDefinitions/<guid>` (or a bare GUID). */
export function roleGuidOf(roleDefinitionId: string): string {
  return lastArmIdSegment(roleDefinitionId).toLowerCase();
}

/** True when `scope` is `target` or one of its parents (resource group, subscription, management group, root). */
export function isAtOrAbove(scope: string, target: string): boolean {
  const s = scope.toLowerCase().replace(/\/+$/, '');
  const t = target.toLowerCase();
  if (s === '' || s === '/') return true;
  if (/^\/providers\/microsoft\.management\/managementgroups\//.test(s)) return true;
  return t === s || t.startsWith(`${s}/`);
}

/** When Azure says the account was created. */
export function accountCreatedOn(account: AzAccount): string | undefined {
  return account.properties?.dateCreated ?? account.systemData?.createdAt ?? undefined;
}

function readJsonFile(file: string, command: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AzExportError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): write it with\n    ${command}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new AzExportError(`${file}: empty: the command failed or was interrupted; run it again:\n    ${command}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    // Node says "... at position N" (or "Unexpected end of JSON input"): line and column for people.
    const pos = /at position (\d+)/.exec(message);
    const at = pos ? Number(pos[1]) : text.length;
    const before = text.slice(0, at).split('\n');
    const start = text.trimStart()[0];
    const looksJson = start === '[' || start === '{';
    const truncated = looksJson && (/end of JSON input/.test(message) || at >= text.trimEnd().length - 1 || !text.trimEnd().endsWith(start === '[' ? ']' : '}'))
      ? ' (the file is truncated: the command was interrupted or its output cut)' : '';
    throw new AzExportError(`${file}: not the Azure CLI's JSON output: line ${before.length}, column ${before[before.length - 1].length + 1}: ${message}${truncated}; run it again with --output json:\n    ${command}`);
  }
}

/** Reads one `az role assignment list` file; every assignment at, above or below `target`. */
function readAssignments(assignmentsFile: string, assignmentsCmd: string, target: string): AzRoleAssignment[] {
  const raw = readJsonFile(assignmentsFile, assignmentsCmd);
  if (!Array.isArray(raw)) {
    throw new AzExportError(`${assignmentsFile}: expected a JSON array (the output of az role assignment list), got ${raw === null ? 'null' : typeof raw}`);
  }
  raw.forEach((a, i) => {
    if (a === null || typeof a !== 'object') throw new AzExportError(`${assignmentsFile}: $[${i}]: expected a role assignment object`);
    for (const k of REQUIRED) {
      if (typeof (a as Record<string, unknown>)[k] !== 'string') {
        throw new AzExportError(`${assignmentsFile}: $[${i}].${k}: ${k in a ? `got ${JSON.stringify((a as Record<string, unknown>)[k])}` : 'missing'}: expected the Azure CLI's role assignment shape (az role assignment list --output json)`);
      }
    }
    const r = a as AzRoleAssignment;
    const m = ROLE_ASSIGNMENT_ID.exec(r.id);
    if (!m || m[2].toLowerCase() !== r.name.toLowerCase() || m[1].toLowerCase() !== r.scope.toLowerCase()) {
      throw new AzExportError(`${assignmentsFile}: $[${i}].id: got ${JSON.stringify(r.id)}: expected <scope>/providers/Microsoft.Authorization/roleAssignments/<name> with this element's scope and name`);
    }
    if (!GUID_PATTERN.test(r.principalId)) throw new AzExportError(`${assignmentsFile}: $[${i}].principalId: got ${JSON.stringify(r.principalId)}: expected an object ID (GUID)`);
    if (!isAtOrAbove(r.scope, target) && !isAtOrAbove(target, r.scope)) {
      throw new AzExportError(`${assignmentsFile}: $[${i}].scope: an export of another account or scope: ${r.scope} is neither the account ${target} nor one of its parents; export again:\n    ${assignmentsCmd}`);
    }
  });
  return raw as AzRoleAssignment[];
}

/** Reads the optional projects list: each a project of `target` (`<account-id>/projects/<name>`). */
function readProjects(file: string, target: string): AzProject[] {
  if (!fs.existsSync(file)) return [];
  const cmd = `az rest --method get --url "https://management.azure.com${target}/projects?api-version=${PROJECTS_API_VERSION}" --query value --output json > ${file}`;
  const raw = readJsonFile(file, cmd);
  if (!Array.isArray(raw)) throw new AzExportError(`${file}: expected a JSON array (the "value" of the projects list): ${cmd}`);
  raw.forEach((p, i) => {
    const id = (p as { id?: unknown })?.id;
    if (typeof id !== 'string' || id.toLowerCase().replace(/\/projects\/[^/]+$/, '') !== target.toLowerCase() || typeof (p as { name?: unknown }).name !== 'string') {
      throw new AzExportError(`${file}: $[${i}].id: got ${JSON.stringify(id)}: expected a project of ${target} (${target}/projects/<name>) with its "name"`);
    }
  });
  // The list API returns names as "<account>/<project>" on some API versions: keep the project's own name.
  return (raw as AzProject[]).map((p) => ({ ...p, name: p.id.split('/').pop()! }));
}

function typeOfDirectoryObject(o: Record<string, unknown>): AzDirectoryObject['kind'] | undefined {
  const odata = String(o['@odata.type'] ?? '').toLowerCase();
  if (odata.endsWith('.user') || typeof o.userPrincipalName === 'string') return 'user';
  if (odata.endsWith('.serviceprincipal') || typeof o.appId === 'string' || typeof o.servicePrincipalType === 'string') return 'servicePrincipal';
  if (odata.endsWith('.group') || typeof o.securityEnabled === 'boolean' || typeof o.mailEnabled === 'boolean') return 'group';
  return undefined;
}

/**
 * Reads and checks an export folder. With `accountId`, the export must be of that account (account.json's ID, and
 * every assignment at, above or below it). Throws `AzExportError` naming the file.
 */
export function readAzCliExport(folder: string, accountId?: string): AzCliExport {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new AzExportError(`${folder}: no such folder: save the Azure CLI's output there first (README, "Start from an existing account")`);
  }
  const id = accountId ?? '<account-id>';
  const accountFile = path.join(folder, AZ_EXPORT_FILES.account);
  const assignmentsFile = path.join(folder, AZ_EXPORT_FILES.assignments);
  const accountCmd = `az cognitiveservices account show --ids ${id} --output json > ${accountFile}`;
  const assignmentsCmd = `az role assignment list --scope ${id} --include-inherited --output json > ${assignmentsFile}`;

  const account = readJsonFile(accountFile, accountCmd) as AzAccount;
  if (account === null || typeof account !== 'object' || Array.isArray(account) || typeof account.id !== 'string' || !ACCOUNT_ARM_ID.test(account.id)) {
    throw new AzExportError(`${accountFile}: $.id: expected an AI Services account (the output of az cognitiveservices account show), got ${JSON.stringify((account as { id?: unknown })?.id ?? account).slice(0, 120)}`);
  }
  if (accountId !== undefined && account.id.toLowerCase() !== accountId.toLowerCase()) {
    throw new AzExportError(`${accountFile}: $.id: an export of another account (${account.id}); the configuration's account is ${accountId}: export that one:\n    ${accountCmd}`);
  }
  const target = accountId ?? account.id;

  const assignments = readAssignments(assignmentsFile, assignmentsCmd, target);
  const projectAssignmentsDir = path.join(folder, AZ_EXPORT_FILES.projectAssignments);
  if (fs.existsSync(projectAssignmentsDir)) {
    for (const f of fs.readdirSync(projectAssignmentsDir).filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(projectAssignmentsDir, f);
      const cmd = `az role assignment list --scope ${target}/projects/${f.slice(0, -5)} --output json > ${file}`;
      const known = new Set(assignments.map((a) => a.id.toLowerCase()));
      assignments.push(...readAssignments(file, cmd, target).filter((a) => !known.has(a.id.toLowerCase())));
    }
  }
  const projects = readProjects(path.join(folder, AZ_EXPORT_FILES.projects), target);

  // "Older than the account": an assignment on the account itself created before the account was. Azure cannot do
  // that, so the list was taken of an earlier account of the same name (deleted and created again) or the files mix exports.
  const created = accountCreatedOn(account);
  if (created !== undefined && !Number.isNaN(Date.parse(created))) {
    assignments.forEach((a, i) => {
      const on = a.createdOn ?? undefined;
      if (on && isAtOrAbove(target, a.scope) && Date.parse(on) < Date.parse(created)) {
        throw new AzExportError(`${assignmentsFile}: $[${i}].createdOn: ${on} is before the account was created (${created}, ${accountFile}): this list is older than the account (an earlier account of the same name); export both files again:\n    ${assignmentsCmd}\n    ${accountCmd}`);
      }
    });
  }

  const principals: AzDirectoryObject[] = [];
  const dir = path.join(folder, AZ_EXPORT_FILES.principals);
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(dir, f);
      const o = readJsonFile(file, 'az ad user show / az ad group show / az ad sp show --output json') as Record<string, unknown>;
      const kind = o && typeof o === 'object' && !Array.isArray(o) ? typeOfDirectoryObject(o) : undefined;
      if (!kind || typeof o.id !== 'string' || !GUID_PATTERN.test(o.id)) {
        throw new AzExportError(`${file}: expected one user, group or service principal (the output of az ad user show, az ad group show or az ad sp show), with its object ID in "id"`);
      }
      const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      principals.push({
        kind, id: o.id, file, displayName: s('displayName'), userPrincipalName: s('userPrincipalName'), mail: s('mail'),
        mailNickname: s('mailNickname'), appId: s('appId'), servicePrincipalType: s('servicePrincipalType'),
      });
    }
  }
  const privateEndpointsFile = path.join(folder, AZ_EXPORT_FILES.privateEndpoints);
  const privateEndpoints = fs.existsSync(privateEndpointsFile) ? endpointsTo(target, readPrivateEndpoints(privateEndpointsFile)) : undefined;
  const diagnosticSettings = readDiagnosticSettings(path.join(folder, AZ_EXPORT_FILES.diagnosticSettings), id);
  return { folder, assignmentsFile, accountFile, assignments, account, principals, projects, diagnosticSettings, accountCreatedOn: created, ...(privateEndpoints ? { privateEndpoints, privateEndpointsFile } : {}) };
}

/** Reads and checks `az network private-endpoint list --output json`. */
export function readPrivateEndpoints(file: string): AzPrivateEndpoint[] {
  const command = `az network private-endpoint list --output json > ${file}`;
  const raw = readJsonFile(file, command);
  if (!Array.isArray(raw)) throw new AzExportError(`${file}: expected a JSON array (the output of az network private-endpoint list), got ${raw === null ? 'null' : typeof raw}`);
  raw.forEach((e, i) => {
    const o = e as Record<string, unknown>;
    if (o === null || typeof o !== 'object' || typeof o.id !== 'string' || !/\/providers\/Microsoft\.Network\/privateEndpoints\/[^/]+$/i.test(o.id) || typeof o.name !== 'string') {
      throw new AzExportError(`${file}: $[${i}]: expected a private endpoint with "id" (.../providers/Microsoft.Network/privateEndpoints/<name>) and "name": the output of az network private-endpoint list --output json`);
    }
    for (const list of ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections'] as const) {
      const conns = o[list];
      if (conns === undefined || conns === null) continue;
      if (!Array.isArray(conns)) throw new AzExportError(`${file}: $[${i}].${list}: expected an array`);
      conns.forEach((c, j) => {
        if (!c || typeof (c as AzPrivateLinkConnection).privateLinkServiceId !== 'string') {
          throw new AzExportError(`${file}: $[${i}].${list}[${j}].privateLinkServiceId: missing: expected the Azure CLI's private endpoint shape`);
        }
      });
    }
  });
  return raw as AzPrivateEndpoint[];
}

/** The endpoints with a connection (automatic or manual) to a resource, compared case-insensitively as Azure does. */
export function endpointsTo(resourceId: string, endpoints: AzPrivateEndpoint[]): AzPrivateEndpoint[] {
  const target = resourceId.toLowerCase();
  return endpoints.filter((e) => [...(e.privateLinkServiceConnections ?? []), ...(e.manualPrivateLinkServiceConnections ?? [])]
    .some((c) => c.privateLinkServiceId.toLowerCase() === target));
}

/** One line about an endpoint: name, subnet, subresources, connection state. */
export function describePrivateEndpoint(e: AzPrivateEndpoint): string {
  const conns = [...(e.privateLinkServiceConnections ?? []), ...(e.manualPrivateLinkServiceConnections ?? []).map((c) => ({ ...c, manual: true }))];
  const c = conns[0] as (AzPrivateLinkConnection & { manual?: boolean }) | undefined;
  const state = c?.privateLinkServiceConnectionState?.status ?? 'unknown';
  return `${e.name} in ${e.subnet?.id ?? 'an unknown subnet'} (${(c?.groupIds ?? []).join(', ') || 'no group ID'}; ${c?.manual ? 'manual, ' : ''}${state})`;
}

function readDiagnosticSettings(file: string, accountId: string): AzDiagnosticSetting[] | undefined {
  if (!fs.existsSync(file)) return undefined;
  const command = `az monitor diagnostic-settings list --resource ${accountId} --output json > ${file}`;
  const raw = readJsonFile(file, command);
  const list = Array.isArray(raw) ? raw : (raw as { value?: unknown })?.value;
  if (!Array.isArray(list)) throw new AzExportError(`${file}: expected a JSON array (the output of az monitor diagnostic-settings list), got ${raw === null ? 'null' : typeof raw}`);
  return list.map((e, i) => {
    const o = (e ?? {}) as Record<string, unknown>;
    const p = (o.properties && typeof o.properties === 'object' ? o.properties : o) as Record<string, unknown>;
    if (typeof o.name !== 'string' || !Array.isArray(p.logs)) {
      throw new AzExportError(`${file}: $[${i}]: expected a diagnostic setting with "name" and "logs" (az monitor diagnostic-settings list --output json)`);
    }
    const s = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : null);
    return {
      id: typeof o.id === 'string' ? o.id : undefined, name: o.name, logs: p.logs as AzDiagnosticLog[],
      workspaceId: s('workspaceId'), storageAccountId: s('storageAccountId'), eventHubAuthorizationRuleId: s('eventHubAuthorizationRuleId'),
      eventHubName: s('eventHubName'), marketplacePartnerId: s('marketplacePartnerId'),
    };
  });
}
