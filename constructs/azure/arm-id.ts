// Kept free of cdktf so that tools (the plan review, the report) can describe Azure scopes cheaply.

/** One `<type>/<name>` pair of an ARM ID below a provider namespace, e.g. `accounts/contoso-ai`. */
export interface ArmIdSegment {
  /** The resource type, with its provider namespace on the first segment (`Microsoft.Storage/storageAccounts`). */
  readonly type: string;
  readonly name: string;
}

/** The parts of an Azure Resource Manager ID. */
export interface ParsedArmId {
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  /** Resources from the outermost to the innermost (the one the ID names). */
  readonly resources: readonly ArmIdSegment[];
}

/**
 * Parses `/subscriptions/<s>[/resourceGroups/<g>][/providers/<NS>/<type>/<name>[/<type>/<name>...]]`;
 * undefined when the text is not of that form. Extension resources (`.../providers/Microsoft.Authorization/...`
 * below another resource) continue the segment list.
 */
export function parseArmId(id: string): ParsedArmId | undefined {
  const parts = id.split('/');
  if (parts[0] !== '' || parts[1]?.toLowerCase() !== 'subscriptions' || !parts[2]) return undefined;
  let i = 3;
  let resourceGroup: string | undefined;
  if (parts[i]?.toLowerCase() === 'resourcegroups') {
    if (!parts[i + 1]) return undefined;
    resourceGroup = parts[i + 1];
    i += 2;
  }
  const resources: ArmIdSegment[] = [];
  while (i < parts.length) {
    if (parts[i].toLowerCase() === 'providers') {
      const [ns, type, name] = parts.slice(i + 1, i + 4);
      if (!ns || !type || !name) return undefined;
      resources.push({ type: `${ns}/${type}`, name });
      i += 4;
    } else {
      const [type, name] = parts.slice(i, i + 2);
      if (!type || !name) return undefined;
      resources.push({ type, name });
      i += 2;
    }
  }
  return { subscriptionId: parts[2], resourceGroup, resources };
}

/** Words for the kinds of resource that role assignments here are scoped to. */
const SCOPE_WORDS: Record<string, string> = {
  'microsoft.cognitiveservices/accounts': 'account',
  'microsoft.storage/storageaccounts': 'storage account',
  containers: 'container',
};

/**
 * A scope in words: "account contoso-ai-dev (resource group rg-ai)", "container tfstate of storage account st01
 * (resource group rg-state)", "resource group rg-ai", "subscription <id>"; the ID itself when it does not parse.
 */
export function describeArmScope(id: string): string {
  const p = parseArmId(id);
  if (!p) return id;
  const named = p.resources.filter((r) => r.type.toLowerCase() !== 'blobservices');
  const rg = p.resourceGroup ? `resource group ${p.resourceGroup}` : undefined;
  if (named.length === 0) return rg ?? `subscription ${p.subscriptionId}`;
  const words = named
    .reverse()
    .map((r) => `${SCOPE_WORDS[r.type.toLowerCase()] ?? r.type} ${r.name}`)
    .join(' of ');
  return rg ? `${words} (${rg})` : words;
}

/** The last path segment of an ID: a role definition's GUID from its resource ID, for instance. */
export function lastArmIdSegment(id: string): string {
  const parts = id.split('/').filter((s) => s.length > 0);
  return parts[parts.length - 1] ?? id;
}

/**
 * ARM ID shapes for reading IDs someone else wrote (plans, synthesized JSON): any segment value, segment names
 * case-insensitive (Azure's own comparison). The strict form a configuration must use is `ACCOUNT_ARM_ID` (guid.ts).
 * Groups: subscription, resource group, name.
 */
export const ARM_ID_SHAPES = {
  account: /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)$/i,
  storageAccount: /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)$/i,
  resourceGroup: /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i,
  subscription: /^\/subscriptions\/([^/]+)$/i,
  managementGroup: /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i,
  workspace: /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)$/i,
} as const;

/** An AI Services account, or anything below one (a deployment), anywhere in an ID. */
export const ACCOUNT_OR_BELOW = /\/providers\/Microsoft\.CognitiveServices\/accounts\//i;

/** A role definition ID, scoped or not, or a bare GUID; group: the GUID. */
export const ROLE_DEFINITION_GUID = /(?:^|\/roleDefinitions\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A role definition ID without a subscription prefix (Terraform then replaces the assignment on every plan). */
export const UNSCOPED_ROLE_DEFINITION_ID = /^\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same pattern with the case-insensitive flag dropped: Terraform providers' ID parsers compare segment names exactly. */
export function caseSensitive(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace('i', ''));
}

/**
 * A user-assigned managed identity's ARM ID, strict form for input. Groups: subscription, resource group, name
 * (3 to 128 characters: azurerm 4.55 `user_assigned_identity_data_source.go`, `StringLenBetween(3, 128)`).
 */
export const USER_ASSIGNED_IDENTITY_ARM_ID = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resourceGroups\/([-\w._()]{1,90})\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]{3,128})$/i;

/**
 * A top-level resource's ARM ID (one `<namespace>/<type>/<name>` below a resource group), strict form for input: what
 * holds a system-assigned identity. Groups: subscription, resource group, resource type (`Microsoft.Web/sites`), name.
 * Child resources (a web app slot) are not matched: their identity's display name is not the resource name.
 */
export const RESOURCE_ARM_ID = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resourceGroups\/([-\w._()]{1,90})\/providers\/([A-Za-z][\w.]*\.[A-Za-z][\w]*\/[A-Za-z][\w]*)\/([^/]+)$/i;

/** A resource type with its provider namespace: `Microsoft.Web/sites`, `Microsoft.App/containerApps`. */
export const RESOURCE_TYPE = /^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+\/[A-Za-z][\w]*$/;

/**
 * The ARM ID Entra ID records among a system-assigned identity's `alternativeNames` (lowercase: Azure writes the
 * resource group in lowercase there), without the subscription: `/resourcegroups/<rg>/providers/<type>/<name>`.
 */
export function identityHolderSuffix(resourceGroup: string, resourceType: string, name: string): string {
  return `/resourcegroups/${resourceGroup}/providers/${resourceType}/${name}`.toLowerCase();
}
