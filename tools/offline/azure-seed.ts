import * as fs from 'fs';
import * as path from 'path';
import { AZ_EXPORT_FILES, AzCliExport, readAzCliExport } from 'keyless-ai-inference/azure';
import { azureStores, DirectoryEntry } from './azure-rules';
import { AzureStore, DirectoryFixture } from './azure-store';

/** True when `p` is a folder holding an Azure CLI export (role-assignments.json, account.json, principals/). */
export function isAzExportFolder(p: string): boolean {
  return fs.existsSync(p) && fs.statSync(p).isDirectory() && fs.existsSync(path.join(p, AZ_EXPORT_FILES.assignments));
}

/** What azurerm would read back for an assignment of the export: its state attributes. */
export function roleAssignmentAttributes(a: AzCliExport['assignments'][number]): Record<string, unknown> {
  return azureStores('azurerm_role_assignment', {
    id: a.id,
    name: a.name,
    scope: a.scope,
    role_definition_id: a.roleDefinitionId,
    role_definition_name: a.roleDefinitionName ?? null,
    principal_id: a.principalId,
    principal_type: a.principalType,
    // azurerm reads an empty description back as unset.
    description: a.description || null,
    condition: a.condition || null,
    condition_version: a.condition ? (a.conditionVersion ?? null) : null,
    delegated_managed_identity_resource_id: a.delegatedManagedIdentityResourceId || null,
    skip_service_principal_aad_check: null,
  }) as Record<string, unknown>;
}

/** The account of the export as `azurerm_cognitive_account` attributes (what the data source and an import read). */
export function accountAttributes(exp: AzCliExport): Record<string, unknown> {
  const a = exp.account;
  const p = a.properties ?? {};
  const acl = p.networkAcls;
  return azureStores('azurerm_cognitive_account', {
    id: a.id,
    name: a.name,
    location: a.location ?? null,
    resource_group_name: a.id.split('/')[4],
    kind: a.kind ?? null,
    sku_name: a.sku?.name ?? null,
    custom_subdomain_name: p.customSubDomainName ?? null,
    local_auth_enabled: p.disableLocalAuth !== true,
    public_network_access_enabled: (p.publicNetworkAccess ?? 'Enabled') === 'Enabled',
    endpoint: p.endpoint ?? null,
    network_acls: acl ? [{ default_action: acl.defaultAction ?? 'Allow', ip_rules: (acl.ipRules ?? []).map((r) => r.value), virtual_network_rules: [], bypass: acl.bypass ?? null }] : [],
    tags: a.tags ?? {},
  }) as Record<string, unknown>;
}

/**
 * Seeds "Azure" with what the export says exists: the account and every role assignment (at the account and inherited).
 * Only objects missing from the store are added: a store that an apply or a portal edit changed keeps its changes.
 */
export function seedStoreFromAzExport(store: AzureStore, folder: string): number {
  const exp = readAzCliExport(folder);
  let added = 0;
  const put = (id: string, type: string, attrs: Record<string, unknown>) => {
    if (store.get(id)) return;
    store.put(id, type, attrs);
    added++;
  };
  put(exp.account.id, 'azurerm_cognitive_account', accountAttributes(exp));
  for (const a of exp.assignments) put(a.id, 'azurerm_role_assignment', roleAssignmentAttributes(a));
  return added;
}

/** The fake directory of an export: principals/*.json, and the principals the assignments name. */
export function directoryFromAzExport(folder: string): DirectoryFixture {
  const exp = readAzCliExport(folder);
  const users: DirectoryEntry[] = [];
  const groups: DirectoryEntry[] = [];
  const servicePrincipals: DirectoryEntry[] = [];
  const seen = new Set<string>();
  for (const p of exp.principals) {
    seen.add(p.id.toLowerCase());
    if (p.kind === 'user') users.push({ objectId: p.id, userPrincipalName: p.userPrincipalName, mail: p.mail, mailNickname: p.mailNickname, displayName: p.displayName });
    else if (p.kind === 'group') groups.push({ objectId: p.id, displayName: p.displayName, mailNickname: p.mailNickname });
    else servicePrincipals.push({ objectId: p.id, clientId: p.appId, displayName: p.displayName });
  }
  // principalName: a user's UPN, a group's display name, a service principal's application (client) ID.
  for (const a of exp.assignments) {
    if (seen.has(a.principalId.toLowerCase())) continue;
    seen.add(a.principalId.toLowerCase());
    const name = a.principalName ?? undefined;
    if (a.principalType === 'User') users.push({ objectId: a.principalId, userPrincipalName: name });
    else if (a.principalType === 'Group') groups.push({ objectId: a.principalId, displayName: name });
    else if (a.principalType === 'ServicePrincipal') servicePrincipals.push({ objectId: a.principalId, clientId: name });
  }
  return { users, groups, servicePrincipals };
}
