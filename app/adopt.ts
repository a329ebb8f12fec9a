import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Token } from 'cdktf';
import { BuiltInRole, RoleGrant } from '../constructs';
import { accountCreatedOn, AZ_EXPORT_FILES, AzCliExport, AzExportError, AzRoleAssignment, categoriesSent, describePrivateEndpoint, DiagnosticConflict, diagnosticConflicts, readAzCliExport, roleGuidOf } from '../constructs/azure/az-cli-export';
import { controlCharacterProblem, jsonShown } from '../constructs/azure/names';
import { DEFAULT_ACCOUNT_LOG_CATEGORIES } from '../constructs/azure/policy';
import { grantsOf, projectsOf } from './adoption';
import { ADOPTED_FOLDER, AdoptedAssignment, AdoptionRecord } from './adoption-record';
import { EnvironmentStack } from './environment-stack';
import { ConfigError, environmentAccountId, loadConfiguration } from './load-config';

/** A grant of the configuration, with what Azure has for it. */
export interface GrantMatch {
  /** The grant's path in the stack (its Terraform address). */
  readonly grant: string;
  readonly principal: string;
  readonly role: string;
  /** The principal's object ID, when the export or the configuration says it. */
  readonly principalId?: string;
  /** The existing assignment, when Azure has one. */
  readonly existing?: AzRoleAssignment;
  /** Why the principal could not be resolved from the export. */
  readonly unresolved?: string;
  /** Attributes that differ (ForceNew): the first apply replaces the assignment. */
  readonly replaces?: string[];
}

/** An assignment Azure has that the configuration does not grant, with what to do. */
export interface OutsideAssignment {
  readonly assignment: AzRoleAssignment;
  /** At the account itself, or inherited from a resource group, subscription or management group. */
  readonly inherited: boolean;
  /** `az role assignment delete --ids ...` */
  readonly removeCommand: string;
  /** The configuration entry that would grant it, when the configuration can express it. */
  readonly snippet?: { readonly field: 'developers' | 'administrators'; readonly entry: Record<string, unknown> };
  /** Why it cannot be added to the configuration, when it cannot. */
  readonly note?: string;
}

/** What `adopt` found and wrote. */
export interface AdoptResult {
  readonly environment: string;
  readonly accountId: string;
  readonly export: AzCliExport;
  readonly matches: GrantMatch[];
  readonly outside: OutsideAssignment[];
  readonly record: AdoptionRecord;
  readonly recordFile: string;
  /** The report, as printed. */
  readonly lines: string[];
  /** Existing diagnostic settings that already send what the stack's AuditLogs would send to the same workspace. */
  readonly diagnosticConflicts: DiagnosticConflict[];
  /** The configuration's custom role exists in Azure already (not adopted automatically: see the printed steps). */
  readonly customRoleExists?: { readonly name: string; readonly guid: string; readonly importId: string; readonly address: string };
}

export interface AdoptOptions {
  readonly configDir: string;
  readonly environment: string;
  /** The export folder. */
  readonly from: string;
  /** Write `<configDir>/adopted/<environment>.json`. @default true */
  readonly write?: boolean;
  /** The time written into the record. @default - now */
  readonly now?: Date;
}

/** Resolves a principal (by its identity key) to an object ID from the export: files of `az ad ... show`, or `principalName`. */
export function resolvePrincipal(principalKey: string, exp: AzCliExport): { objectId?: string; why?: string } {
  const [kind, how, ...rest] = principalKey.split(':');
  const value = rest.join(':');
  const same = (a?: string | null) => a != null && a.toLowerCase() === value.toLowerCase();
  const fromAssignments = (type: string) => exp.assignments.find((a) => a.principalType === type && same(a.principalName))?.principalId;
  if (how === 'oid') return { objectId: value };
  if (kind === 'user' && how === 'upn') {
    const id = exp.principals.find((p) => p.kind === 'user' && same(p.userPrincipalName))?.id ?? fromAssignments('User');
    return id ? { objectId: id } : { why: `save az ad user show --id ${value} --output json into principals/` };
  }
  if (kind === 'group' && how === 'name') {
    const id = exp.principals.find((p) => p.kind === 'group' && same(p.displayName))?.id ?? fromAssignments('Group');
    return id ? { objectId: id } : { why: `save az ad group show --group "${value}" --output json into principals/` };
  }
  if (kind === 'service-principal' && how === 'client-id') {
    const id = exp.principals.find((p) => p.kind === 'servicePrincipal' && same(p.appId))?.id ?? fromAssignments('ServicePrincipal');
    return id ? { objectId: id } : { why: `save az ad sp show --id ${value} --output json into principals/` };
  }
  if (kind === 'service-principal' && how === 'name') {
    const id = exp.principals.find((p) => p.kind === 'servicePrincipal' && same(p.displayName))?.id;
    return id ? { objectId: id } : { why: `save az ad sp show --id <its client ID> --output json into principals/` };
  }
  if (kind === 'deployer') {
    const id = exp.principals.find((p) => path.basename(p.file) === 'deployer.json')?.id;
    return id ? { objectId: id } : { why: 'save az ad signed-in-user show (or az ad sp show --id <deployer client ID>) --output json as principals/deployer.json' };
  }
  return { why: `cannot resolve ${principalKey} from an export` };
}

function roleMatches(grant: RoleGrant, a: AzRoleAssignment): boolean {
  const id = grant.assignment.roleDefinitionIdInput;
  if (id !== undefined && !Token.isUnresolved(id)) return roleGuidOf(id) === roleGuidOf(a.roleDefinitionId);
  // A custom role created by the stack: its GUID is computed at plan time; match by name.
  return !grant.role.builtIn && (a.roleDefinitionName ?? '').toLowerCase() === grant.role.roleName.toLowerCase();
}

function principalEntry(a: AzRoleAssignment, exp: AzCliExport): Record<string, unknown> {
  const p = exp.principals.find((x) => x.id.toLowerCase() === a.principalId.toLowerCase());
  const name = p?.displayName ?? a.principalName ?? undefined;
  // The configuration refuses control characters in labels: a name holding one is left out of the suggested entry.
  const label = name && !controlCharacterProblem(name) ? name : undefined;
  switch (a.principalType) {
    case 'User': return { kind: 'user', objectId: a.principalId, label };
    case 'Group': return { kind: 'group', objectId: a.principalId, label };
    default: return { kind: p?.servicePrincipalType === 'ManagedIdentity' ? 'managedIdentity' : 'servicePrincipal', objectId: a.principalId, label };
  }
}

/** Reads the export, matches it with the environment's grants, writes the adoption record and says what it found. */
export function adopt(options: AdoptOptions): AdoptResult {
  const configuration = loadConfiguration(options.configDir);
  const env = configuration.environments.find((e) => e.name === options.environment);
  if (!env) throw new ConfigError(`no environment ${JSON.stringify(options.environment)} in ${path.join(options.configDir, 'environments')}; environments: ${configuration.environments.map((e) => e.name).join(', ')}`);
  const accountId = environmentAccountId(env.config);
  const exp = readAzCliExport(options.from, accountId);
  if (env.config.account) {
    throw new AzExportError(`${exp.accountFile}: the account ${accountId} exists, but ${env.file} creates it ($.account): describe it as existing instead:\n    "existingAccount": ${JSON.stringify({ id: exp.account.id, customSubdomainName: exp.account.properties?.customSubDomainName ?? undefined })}`);
  }
  const created = accountCreatedOn(exp.account);
  const before = env.adopted?.accountCreatedOn;
  if (created && before && Date.parse(created) < Date.parse(before)) {
    throw new AzExportError(`${exp.accountFile}: properties.dateCreated: ${created} is older than the account this configuration adopted (${before}, ${env.adoptedFile}): the export is of an earlier account of that name; export again`);
  }

  // The stack as the configuration makes it, without the earlier adoption.
  // Its endpoints need the subdomain: the configuration's, else the export's (only the grants matter here; synth later
  // refuses an account without one).
  const subdomain = env.config.existingAccount?.customSubdomainName ?? exp.account.properties?.customSubDomainName ?? exp.account.name;
  const config = { ...env.config, existingAccount: env.config.existingAccount && { ...env.config.existingAccount, customSubdomainName: subdomain } };
  const stack = new EnvironmentStack(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-')) }), { environment: env.name, config });
  // Projects of the configuration that Azure has: imported. Their IDs and identities stand in for the plan-time references.
  const knownIds = new Map<string, string>();
  const identities = new Map<string, string>();
  const adoptedProjects: { project: string; id: string }[] = [];
  for (const [projectPath, project] of projectsOf(stack)) {
    knownIds.set(project.projectId, `${accountId}/projects/${project.projectName}`);
    const existing = exp.projects.find((p) => p.name.toLowerCase() === project.projectName.toLowerCase());
    if (!existing) continue;
    adoptedProjects.push({ project: projectPath, id: existing.id });
    knownIds.set(project.projectId, existing.id);
    if (existing.identity?.principalId) identities.set(project.identityPrincipalId, existing.identity.principalId);
  }

  const used = new Set<AzRoleAssignment>();
  const matches: GrantMatch[] = [];
  for (const [grantPath, grant] of grantsOf(stack)) {
    const r = grant.assignment;
    const scope = knownIds.get(r.scopeInput ?? '') ?? r.scopeInput ?? '';
    const base = { grant: grantPath, principal: grant.principal.label, role: grant.role.roleName };
    const identity = identities.get(r.principalIdInput ?? '');
    const { objectId, why } = identity ? { objectId: identity, why: undefined } : resolvePrincipal(grant.principal.principalKey, exp);
    if (!objectId) {
      matches.push({ ...base, unresolved: why });
      continue;
    }
    const existing = exp.assignments.find((a) => !used.has(a) && a.scope.toLowerCase() === scope.toLowerCase()
      && a.principalId.toLowerCase() === objectId.toLowerCase() && roleMatches(grant, a));
    if (!existing) {
      matches.push({ ...base, principalId: objectId });
      continue;
    }
    used.add(existing);
    if (r.principalTypeInput && r.principalTypeInput !== existing.principalType) {
      throw new AzExportError(`${exp.assignmentsFile}: ${existing.id}: Azure says ${existing.principalId} is a ${existing.principalType}, the configuration (${env.file}) grants it as a ${r.principalTypeInput} (${grant.principal.label}): fix its "kind"`);
    }
    const replaces: string[] = [];
    if ((r.conditionInput ?? null) !== (existing.condition ?? null)) replaces.push('condition');
    matches.push({ ...base, principalId: objectId, existing, replaces });
  }

  // The stack's custom role already in Azure (role names are unique per tenant): creating it again fails.
  const custom = stack.access.customRole;
  const existingRole = custom && exp.assignments.find((a) => (a.roleDefinitionName ?? '').toLowerCase() === custom.roleName.toLowerCase()
    || (env.config.customRole.roleDefinitionId !== undefined && roleGuidOf(a.roleDefinitionId) === env.config.customRole.roleDefinitionId.toLowerCase()));
  const customRoleExists = existingRole && custom ? {
    name: custom.roleName,
    guid: roleGuidOf(existingRole.roleDefinitionId),
    importId: `${existingRole.roleDefinitionId}|${custom.assignableScopes[0]}`,
    address: `${custom.resource.terraformResourceType}.${custom.resource.friendlyUniqueId}`,
  } : undefined;

  const admin = BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR.guid;
  const inference = env.config.customRole.enabled ? undefined : BuiltInRole.COGNITIVE_SERVICES_USER.guid;
  const outside: OutsideAssignment[] = exp.assignments.filter((a) => !used.has(a)).map((a) => {
    const inherited = a.scope.toLowerCase() !== accountId.toLowerCase();
    const removeCommand = `az role assignment delete --ids ${a.id}`;
    const guid = roleGuidOf(a.roleDefinitionId);
    if (a.scope.toLowerCase().startsWith(`${accountId.toLowerCase()}/projects/`)) {
      return { assignment: a, inherited: false, removeCommand, note: `granted at project ${a.scope.split('/').pop()}: add the principal to that project's developers (projects[].developers) to manage it, or keep it unmanaged` };
    }
    if (inherited) return { assignment: a, inherited, removeCommand, note: `granted at ${a.scope}: managed there, not by this configuration (it grants on the account only)` };
    if (guid === inference || (guid === BuiltInRole.COGNITIVE_SERVICES_USER.guid && env.config.customRole.enabled)) {
      const note = guid === inference ? undefined : 'the configuration grants its custom inference role to developers, not Cognitive Services User: adding the entry replaces this assignment';
      return { assignment: a, inherited, removeCommand, snippet: { field: 'developers', entry: principalEntry(a, exp) }, note };
    }
    if (guid === admin) {
      const note = env.config.justInTimeAdministrators?.enabled ? 'administrators are just in time here: adding the entry makes the principal eligible; remove this standing assignment then' : undefined;
      return { assignment: a, inherited, removeCommand, snippet: { field: 'administrators', entry: principalEntry(a, exp) }, note };
    }
    return { assignment: a, inherited, removeCommand, note: `no configuration field grants ${a.roleDefinitionName ?? guid}: keep it unmanaged or remove it` };
  });

  // The record keeps Azure's description verbatim (a different one replaces the assignment), and the reader refuses control characters.
  for (const m of matches.filter((x) => x.existing?.description)) {
    const problem = controlCharacterProblem(m.existing!.description!);
    if (problem) {
      throw new AzExportError(`${exp.assignmentsFile}: ${m.existing!.id}: description ${jsonShown(m.existing!.description)} ${problem.replace(/; remove it.*$/, '')}; `
        + 'the adoption record must keep it as it is: change the description in Azure (az role assignment update), export again and re-run');
    }
  }
  const visible = (v: string | null | undefined) => (v && !controlCharacterProblem(v) ? v : null);
  const assignments: AdoptedAssignment[] = matches.filter((m) => m.existing).map((m) => ({
    grant: m.grant,
    id: m.existing!.id,
    name: m.existing!.name,
    roleDefinitionId: m.existing!.roleDefinitionId,
    principalId: m.existing!.principalId,
    principalType: m.existing!.principalType as AdoptedAssignment['principalType'],
    description: m.existing!.description || null,
    principalName: visible(m.existing!.principalName),
    createdOn: visible(m.existing!.createdOn),
  }));
  // Names adopted before stay listed (sorted: stable output), so a later removal of their entry is noticed at synth.
  const adoptedNames: Record<string, string> = { ...env.adopted?.adoptedNames };
  for (const a of assignments) adoptedNames[a.grant] = a.name;
  const record: { -readonly [K in keyof AdoptionRecord]: AdoptionRecord[K] } = {
    $comment: `Written by npm run adopt -- ${env.name} --from <export>. Role assignments that existed before this configuration managed them: the stack imports them under their names instead of creating them. Run the command again after a new export. Keep an entry after its import: without it the assignment's name goes back to the UUID v5 and the next apply replaces it (adoptedNames remembers it, and synth warns).`,
    accountId: exp.account.id,
    account: {
      kind: exp.account.kind ?? null,
      localAuthEnabled: exp.account.properties?.disableLocalAuth !== true,
      customSubdomainName: exp.account.properties?.customSubDomainName ?? null,
    },
    accountCreatedOn: created ?? null,
    adoptedOn: (options.now ?? new Date()).toISOString(),
    from: options.from,
    assignments,
    adoptedNames: Object.fromEntries(Object.entries(adoptedNames).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ...(adoptedProjects.length > 0 ? { projects: adoptedProjects } : {}),
  };
  // An unchanged export writes the same bytes: the earlier date is kept, so a re-check is no diff to commit.
  if (env.adopted && JSON.stringify({ ...env.adopted, adoptedOn: '' }) === JSON.stringify({ ...record, adoptedOn: '' })) {
    record.adoptedOn = env.adopted.adoptedOn;
  }
  const recordFile = path.join(options.configDir, ADOPTED_FOLDER, `${env.name}.json`);
  if (options.write ?? true) {
    fs.mkdirSync(path.dirname(recordFile), { recursive: true });
    fs.writeFileSync(recordFile, JSON.stringify(record, null, 2) + '\n');
  }
  // Azure refuses a second diagnostic setting with the same category and destination: the stack's AuditLogs would fail.
  const logs = env.config.auditLogs;
  const conflicts = logs?.enabled && logs.workspaceId && exp.diagnosticSettings
    ? diagnosticConflicts(exp.diagnosticSettings, logs.workspaceId, logs.categories ?? DEFAULT_ACCOUNT_LOG_CATEGORIES) : [];
  const lines = describe(accountId, exp, matches, outside, recordFile, options.write ?? true, customRoleExists);
  lines.splice(lines.length - 2, 0, ...describeDiagnostics(exp, conflicts, env.file, options.from));
  if (exp.projects.length > 0 || adoptedProjects.length > 0) {
    const configured = new Set([...projectsOf(stack).values()].map((p) => p.projectName.toLowerCase()));
    lines.splice(lines.length - 2, 0, '', `Foundry projects in Azure (${exp.projects.length}): ${adoptedProjects.length} in the configuration, imported not created`,
      ...exp.projects.map((p) => `  ${p.name}: ${configured.has(p.name.toLowerCase()) ? 'imported' : 'not in the configuration (projects[]): stays unmanaged'}`));
  }
  return { environment: env.name, accountId, export: exp, matches, outside, record, recordFile, lines, customRoleExists, diagnosticConflicts: conflicts };
}

function describe(accountId: string, exp: AzCliExport, matches: GrantMatch[], outside: OutsideAssignment[], recordFile: string, written: boolean, customRole?: AdoptResult['customRoleExists']): string[] {
  const a = exp.account;
  const p = a.properties ?? {};
  const acl = p.networkAcls;
  const keysOn = p.disableLocalAuth !== true;
  const out: string[] = [];
  out.push(`Account ${a.name} (${accountId})`);
  out.push(`  kind ${a.kind ?? 'unknown'}${a.kind && a.kind !== 'AIServices' ? ' (not AIServices: synth refuses it)' : ''}, location ${a.location ?? 'unknown'}, SKU ${a.sku?.name ?? 'unknown'}, created ${accountCreatedOn(a) ?? 'unknown'}`);
  out.push(`  keys: ${keysOn ? `ON (disableLocalAuth is ${JSON.stringify(p.disableLocalAuth ?? null)}): synth refuses the account until keys are off: az resource update --ids ${accountId} --set properties.disableLocalAuth=true (or justify keys in existingAccount.localAuth)` : 'off (disableLocalAuth true)'}`);
  out.push(`  custom subdomain: ${p.customSubDomainName ?? 'none (Entra ID tokens need one: the account cannot be used key-less)'}`);
  out.push(`  network: public network access ${p.publicNetworkAccess ?? 'unknown'}; ${acl ? `default action ${acl.defaultAction ?? 'unknown'}, IP rules ${(acl.ipRules ?? []).map((r) => r.value).join(', ') || 'none'}, virtual network rules ${(acl.virtualNetworkRules ?? []).length}, bypass ${acl.bypass ?? 'none'}` : 'no network rules'}`);
  if (exp.privateEndpoints) {
    const approved = exp.privateEndpoints.filter((e) => /approved/i.test(describePrivateEndpoint(e)));
    out.push(`  private endpoints (${exp.privateEndpointsFile}): ${exp.privateEndpoints.length}${exp.privateEndpoints.length ? '' : ' to this account'}`);
    for (const e of exp.privateEndpoints) out.push(`    ${describePrivateEndpoint(e)}`);
    if (/disabled/i.test(p.publicNetworkAccess ?? '') && approved.length === 0) {
      out.push('    public network access is off and no approved private endpoint reaches the account: nothing can call it until one does');
    }
  } else {
    out.push(`  private endpoints: not exported (add ${AZ_EXPORT_FILES.privateEndpoints}: az network private-endpoint list --output json)`);
  }
  out.push('  (this configuration uses the account as it is: the stack changes none of these settings)');

  const imported = matches.filter((m) => m.existing);
  const created = matches.filter((m) => !m.existing && !m.unresolved);
  const unresolved = matches.filter((m) => m.unresolved);
  out.push('', `Grants of the configuration already in Azure: imported, not created (${imported.length})`);
  for (const m of imported) out.push(`  ${m.role} for ${m.principal}: ${m.existing!.name}${m.replaces?.length ? ` (differs in ${m.replaces.join(', ')}: the first apply REPLACES it)` : ''}`);
  out.push('', `Grants Azure does not have yet: the first apply creates them (${created.length})`);
  for (const m of created) out.push(`  ${m.role} for ${m.principal}${m.principalId ? ` (${m.principalId})` : ''}`);
  if (unresolved.length) {
    out.push('', `Grants whose principal the export does not name (${unresolved.length}): if Azure has them, the apply fails with RoleAssignmentExists`);
    for (const m of unresolved) out.push(`  ${m.role} for ${m.principal}: ${m.unresolved}`);
  }
  out.push('', `Access in Azure that the configuration does not grant (${outside.length}): keep it unmanaged (do nothing), remove it, or add it to the configuration`);
  for (const o of outside) {
    const x = o.assignment;
    out.push(`  ${x.roleDefinitionName ?? roleGuidOf(x.roleDefinitionId)} for ${x.principalType} ${x.principalName ?? x.principalId} (${x.principalId}) at ${x.scope.toLowerCase() === accountId.toLowerCase() ? 'the account' : x.scope}${x.createdOn ? `, created ${x.createdOn}` : ''}`);
    if (o.note) out.push(`    ${o.note}`);
    out.push(`    remove: ${o.removeCommand}`);
    if (o.snippet) out.push(`    add to "${o.snippet.field}": ${JSON.stringify(o.snippet.entry)}`);
  }
  if (customRole) {
    out.push('', `The custom role "${customRole.name}" exists in Azure (${customRole.guid}): the stack would create it again, and Azure refuses a second role of that name. Not adopted automatically:`,
      `  1. set "customRole": { "enabled": true, "roleDefinitionId": "${customRole.guid}" } in the environment file (or "name" to a new name);`,
      `  2. import it once: terraform import '${customRole.address}' '${customRole.importId}' (in cdktf.out/stacks/<environment>).`);
  }
  const replaced = imported.filter((m) => m.replaces?.length).length;
  out.push('', `The first apply: imports ${imported.length} role assignment(s), creates ${created.length}, replaces ${replaced}; access outside the configuration stays as it is.`);
  out.push(written ? `Wrote ${recordFile}: commit it; cdktf plan now shows "will be imported" for the adopted grants.` : `Not written (--dry-run): ${recordFile}`);
  return out;
}

function describeDiagnostics(exp: AzCliExport, conflicts: DiagnosticConflict[], envFile: string, from: string): string[] {
  const settings = exp.diagnosticSettings;
  if (!settings) {
    return ['', `Diagnostic settings: not in the export; add them (a setting already sending the account's logs to the same workspace makes AuditLogs fail):`,
      `  az monitor diagnostic-settings list --resource ${exp.account.id} --output json > ${from}/diagnostic-settings.json`];
  }
  const out = ['', `Diagnostic settings of the account (${settings.length})`];
  for (const d of settings) {
    const dest = [d.workspaceId && `workspace ${d.workspaceId}`, d.storageAccountId && `storage ${d.storageAccountId}`, d.eventHubAuthorizationRuleId && 'an event hub', d.marketplacePartnerId && 'a partner solution'].filter(Boolean).join(', ');
    out.push(`  ${d.name}: ${[...new Set(d.logs.flatMap(categoriesSent))].join(', ') || 'no logs'} to ${dest || 'no destination'}`);
  }
  for (const c of conflicts) {
    out.push(`  CONFLICT: ${c.setting.name} already sends ${c.categories.join(', ')} to the workspace ${envFile} $.auditLogs.workspaceId names; Azure refuses a second setting ` +
      'with the same category and destination, so the stack\'s AuditLogs would fail. Choose:',
    `    reuse it: set "auditLogs": { "enabled": false } in ${envFile} (the existing setting keeps sending; it stays outside this configuration);`,
    '    or send elsewhere: set auditLogs.workspaceId to another workspace (or leave it out to create one), or list only other categories in auditLogs.categories.');
  }
  return out;
}
