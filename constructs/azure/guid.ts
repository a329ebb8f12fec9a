// Kept free of cdktf so that tools (the access report, the offline provider) and the configuration schema can use it cheaply.
/** A GUID in its usual 8-4-4-4-12 form. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZERO_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

/** A GUID in its usual 8-4-4-4-12 form. */
export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

/** The all-zero GUID: a placeholder, never a real ID. */
export function isZeroGuid(value: string): boolean {
  return ZERO_GUID.test(value);
}

/** A GUID that is not all zeros. */
export function isNonZeroGuid(value: string): boolean {
  return isGuid(value) && !isZeroGuid(value);
}

const BRACED_GUID = /^\{([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}$/i;

/**
 * A GUID as Azure returns it: lowercase, without the braces of .NET's "B" format; anything else unchanged. Azure
 * compares GUIDs case-insensitively, but azurerm reads `principal_id` back from Azure (lowercase) and compares it exactly,
 * with ForceNew: a capitalised object ID would plan a replacement of its role assignment on every run
 * (azurerm v4.55.0 internal/services/authorization/role_assignment_resource.go:100-104, 311).
 */
export function canonicalGuid(value: string): string {
  const braced = BRACED_GUID.exec(value);
  const bare = braced ? braced[1] : value;
  return isGuid(bare) ? bare.toLowerCase() : value;
}

/** An existing account's ARM ID; groups: subscription, resource group, account name. */
export const ACCOUNT_ARM_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([-\w._()]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([A-Za-z0-9][A-Za-z0-9-]*)$/i;

/** What kind of ID a GUID holds: one GUID used as two kinds (a tenant ID pasted as an object ID) cannot be right. */
export type GuidKind = 'subscription ID' | 'tenant ID' | 'application (client) ID' | 'user object ID' | 'group object ID' | 'service principal object ID';

/**
 * An account's ARM ID with its segment names as Azure writes them (`resourceGroups`, `Microsoft.CognitiveServices`,
 * `accounts`) and the subscription GUID lowercase; resource group and account names as given. Azure matches IDs
 * case-insensitively, but azurerm reads a role assignment's `scope` back from Azure and compares it exactly, with ForceNew
 * (it normalises only resource group scopes): `.../resourcegroups/...` would replace each grant on every plan
 * (azurerm v4.55.0 internal/services/authorization/role_assignment_resource.go:61-79, 309, 449-460; issue #24434).
 * Anything that is not an account ID is returned unchanged.
 */
export function canonicalAccountArmId(id: string): string {
  const m = ACCOUNT_ARM_ID.exec(id);
  return m ? `/subscriptions/${m[1].toLowerCase()}/resourceGroups/${m[2]}/providers/Microsoft.CognitiveServices/accounts/${m[3]}` : id;
}
