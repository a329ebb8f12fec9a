// Azure facts for the policy, audit-log and PIM features, each with its source. Kept free of cdktf so
// that the configuration schema, the guardrails, the offline provider and the access report can use it.
import { actionCovers } from './actions';
import type { RolePermissions } from './built-in-role';

/** A built-in Azure Policy definition this project assigns or refers to. */
export interface BuiltInPolicy {
  /** The definition's GUID (its `name`). */
  readonly guid: string;
  /** Display name as published. */
  readonly displayName: string;
  /** Name of the effect parameter. */
  readonly effectParameter: string;
  /** Allowed values of the effect parameter. */
  readonly effects: readonly PolicyEffect[];
  /** The published default effect. */
  readonly defaultEffect: PolicyEffect;
  /** Resource types the definition evaluates: a Deny at a scope refuses these, whoever owns them. */
  readonly resourceTypes: readonly string[];
  /** Where the facts above come from. */
  readonly source: string;
}

/** Effects of the audit/deny built-ins below. */
export type PolicyEffect = 'Audit' | 'Deny' | 'Disabled';
export const POLICY_EFFECTS: readonly PolicyEffect[] = ['Audit', 'Deny', 'Disabled'];

/**
 * "Azure AI Services resources should have key access disabled (disable local authentication)":
 * matches Microsoft.CognitiveServices/accounts whose `disableLocalAuth` is not true (and Search services).
 * Source: https://github.com/Azure/azure-policy/blob/master/built-in-policies/policyDefinitions/Azure%20Ai%20Services/DisableLocalAuth_Audit.json
 * (version 1.1.0; parameter `effect`, allowed Audit/Deny/Disabled, default Audit), listed in
 * https://learn.microsoft.com/azure/ai-services/policy-reference
 */
export const KEY_ACCESS_POLICY: BuiltInPolicy = {
  guid: '71ef260a-8f18-47b7-abcb-62d0673d94dc',
  displayName: 'Azure AI Services resources should have key access disabled (disable local authentication)',
  effectParameter: 'effect',
  effects: POLICY_EFFECTS,
  defaultEffect: 'Audit',
  resourceTypes: ['Microsoft.CognitiveServices/accounts', 'Microsoft.Search/searchServices'],
  source: 'https://github.com/Azure/azure-policy/blob/master/built-in-policies/policyDefinitions/Azure%20Ai%20Services/DisableLocalAuth_Audit.json',
};

/**
 * "Azure AI Services resources should restrict network access" (Audit/Deny/Disabled): matches accounts whose
 * `publicNetworkAccess` is not Disabled and whose `networkAcls.defaultAction` is not Deny.
 * Source: https://learn.microsoft.com/azure/ai-services/policy-reference (Effect(s) column); the rule:
 * https://github.com/Azure/azure-policy/blob/master/built-in-policies/policyDefinitions/Azure%20Ai%20Services/NetworkAcls_Audit.json
 */
export const NETWORK_ACCESS_POLICY: BuiltInPolicy = {
  guid: '037eea7a-bd0a-46c5-9a66-03aea78705d3',
  displayName: 'Azure AI Services resources should restrict network access',
  effectParameter: 'effect',
  effects: POLICY_EFFECTS,
  defaultEffect: 'Audit',
  resourceTypes: ['Microsoft.CognitiveServices/accounts'],
  source: 'https://learn.microsoft.com/azure/ai-services/policy-reference',
};

/**
 * "Cognitive Services accounts should use a managed identity" (Audit/Deny/Disabled).
 * Source: https://learn.microsoft.com/azure/ai-services/policy-reference (Effect(s) column).
 */
export const MANAGED_IDENTITY_POLICY: BuiltInPolicy = {
  guid: 'fe3fd216-4f83-4fc1-8984-2bbec80a3418',
  displayName: 'Cognitive Services accounts should use a managed identity',
  effectParameter: 'effect',
  effects: POLICY_EFFECTS,
  defaultEffect: 'Audit',
  resourceTypes: ['Microsoft.CognitiveServices/accounts'],
  source: 'https://learn.microsoft.com/azure/ai-services/policy-reference',
};

/** The settings of an account the built-ins above look at; undefined where unknown at synth time. */
export interface AccountPolicySettings {
  readonly localAuthEnabled?: boolean;
  readonly publicNetworkAccessEnabled?: boolean;
  /** `networkAcls.defaultAction`; null when there are no network rules (Azure then allows all networks). */
  readonly networkDefaultAction?: string | null;
  readonly hasManagedIdentity?: boolean;
}

/**
 * What in an account a Deny of `policy` refuses, with the setting to change, or undefined when the account complies
 * (or a setting it depends on is unknown).
 */
export function deniedAccountSetting(policy: BuiltInPolicy, a: AccountPolicySettings): { readonly why: string; readonly fix: string } | undefined {
  switch (policy.guid) {
    case KEY_ACCESS_POLICY.guid:
      return a.localAuthEnabled === true
        ? { why: 'key-based access is on (local_auth_enabled = true)', fix: 'turn keys off (localAuthEnabled false; configuration: account.localAuth.enabled false)' }
        : undefined;
    case NETWORK_ACCESS_POLICY.guid:
      return a.publicNetworkAccessEnabled === true && a.networkDefaultAction !== undefined && a.networkDefaultAction?.toLowerCase() !== 'deny'
        ? {
          why: `public network access is on and the default network action is ${a.networkDefaultAction === null ? 'Allow (no network rules)' : JSON.stringify(a.networkDefaultAction)}`,
          fix: 'set networkAcls.defaultAction to "Deny" with ipRules for the callers (configuration: account.networkAcls), or publicNetworkAccess false with a private endpoint',
        }
        : undefined;
    case MANAGED_IDENTITY_POLICY.guid:
      return a.hasManagedIdentity === false ? { why: 'the account has no managed identity', fix: 'give the account a managed identity' } : undefined;
  }
  return undefined;
}

/** The effects a `KeyAccessPolicy` assigns: the key-access built-in's, and the related audits' (when assigned). */
export interface KeyAccessEffects {
  /** @default "Deny" */
  readonly effect?: PolicyEffect;
  /** @default - not assigned */
  readonly relatedAudits?: PolicyEffect;
}

/** One Deny of the key-access assignments that refuses an account. */
export interface KeyAccessRefusal {
  /** The setting that assigns it: `effect` (the key-access built-in) or `relatedAudits`. */
  readonly field: 'effect' | 'relatedAudits';
  readonly policy: BuiltInPolicy;
  readonly why: string;
  readonly fix: string;
}

/**
 * What the key-access assignments (effect Deny by default, related audits when given) refuse in an account in their scope:
 * Azure fails its create or update with RequestDisallowedByPolicy. Empty when the account complies or a setting is unknown.
 */
export function keyAccessRefusals(effects: KeyAccessEffects, account: AccountPolicySettings): KeyAccessRefusal[] {
  const assigned: Array<[KeyAccessRefusal['field'], BuiltInPolicy, PolicyEffect | undefined]> = [
    ['effect', KEY_ACCESS_POLICY, effects.effect ?? 'Deny'],
    ['relatedAudits', NETWORK_ACCESS_POLICY, effects.relatedAudits],
    ['relatedAudits', MANAGED_IDENTITY_POLICY, effects.relatedAudits],
  ];
  return assigned.flatMap(([field, policy, effect]) => {
    const refused = effect === 'Deny' ? deniedAccountSetting(policy, account) : undefined;
    return refused ? [{ field, policy, ...refused }] : [];
  });
}

/** Every built-in policy above, by GUID. */
/** "Storage accounts should restrict network access" (audits accounts reachable from all networks; not assigned here). */
export const STORAGE_NETWORK_ACCESS_POLICY_GUID = '34c877ad-507e-4c82-993e-3452a6e0ad3c';

export const BUILT_IN_POLICIES: readonly BuiltInPolicy[] = [KEY_ACCESS_POLICY, NETWORK_ACCESS_POLICY, MANAGED_IDENTITY_POLICY];

/** The ID a policy assignment's `policy_definition_id` takes for a built-in definition. */
export function builtInPolicyDefinitionId(policy: BuiltInPolicy): string {
  return `/providers/Microsoft.Authorization/policyDefinitions/${policy.guid}`;
}

/** The built-in policy a `policy_definition_id` names, if any (case-insensitive). */
export function builtInPolicyOf(definitionId: string): BuiltInPolicy | undefined {
  const guid = /\/policyDefinitions\/([0-9a-f-]{36})$/i.exec(definitionId)?.[1]?.toLowerCase();
  return BUILT_IN_POLICIES.find((p) => p.guid === guid);
}

/** Terraform types of policy assignments, by the scope they take. */
export const POLICY_ASSIGNMENT_TYPES = {
  resourceGroup: 'azurerm_resource_group_policy_assignment',
  subscription: 'azurerm_subscription_policy_assignment',
  resource: 'azurerm_resource_policy_assignment',
  managementGroup: 'azurerm_management_group_policy_assignment',
} as const;

/**
 * Policy assignment names: 1 to 64 characters at resource group and subscription scope, none of
 * `<>*%&:\?.+/`, not ending with a space. This project keeps its own names to that rule; the offline
 * provider does not model the provider's check.
 * Source: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftauthorization
 */
export const POLICY_ASSIGNMENT_NAME = /^[^<>*%&:\\?.+/]{0,63}[^<>*%&:\\?.+/ ]$/;

/**
 * Resource log categories of Microsoft.CognitiveServices/accounts (all in the AzureDiagnostics table).
 * Source: "Supported logs for Microsoft.CognitiveServices/accounts",
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-cognitiveservices-accounts-logs
 */
export const ACCOUNT_LOG_CATEGORIES = ['Audit', 'AzureOpenAIRequestUsage', 'RequestResponse', 'Trace'] as const;
export type AccountLogCategory = typeof ACCOUNT_LOG_CATEGORIES[number];
/**
 * Category groups of Microsoft.CognitiveServices/accounts, and the categories each covers (same source): a diagnostic
 * setting with `categoryGroup: "allLogs"` sends every category.
 */
export const ACCOUNT_LOG_CATEGORY_GROUPS: Readonly<Record<string, readonly AccountLogCategory[]>> = {
  allLogs: ACCOUNT_LOG_CATEGORIES,
  audit: ['Audit'],
};
/** What this project sends by default: who changed what (Audit) and who called which deployment (RequestResponse). */
export const DEFAULT_ACCOUNT_LOG_CATEGORIES: readonly AccountLogCategory[] = ['Audit', 'RequestResponse'];

/**
 * Resource log categories of Microsoft.Storage/storageAccounts/blobServices (StorageBlobLogs table); the
 * diagnostic setting targets `<storage account ID>/blobServices/default`.
 * Source: "Supported logs for Microsoft.Storage/storageAccounts/blobServices",
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-storage-storageaccounts-blobservices-logs
 */
export const BLOB_LOG_CATEGORIES = ['StorageRead', 'StorageWrite', 'StorageDelete'] as const;

/** The blob service of a storage account, the target of its blob diagnostic settings. */
export function blobServiceId(storageAccountId: string): string {
  return `${storageAccountId}/blobServices/default`;
}

/**
 * Log Analytics retention: 30 to 730 days (7 only on the legacy Free tier); the provider's default SKU is PerGB2018.
 * Source: azurerm docs, r/log_analytics_workspace ("retention_in_days ... either 7 (Free Tier only) or range between 30 and 730").
 */
export const WORKSPACE_RETENTION_DAYS = { min: 30, max: 730, default: 30 } as const;
/** Log Analytics workspace names: 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen (same source). */
export const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;
/**
 * A Log Analytics workspace's ARM ID, as azurerm parses it: segment names are case-sensitive (`resourceGroups`,
 * `providers/Microsoft.OperationalInsights/workspaces`), so `resourcegroups` passes Azure but fails the plan.
 * Source: azurerm v4.55.0 monitor/monitor_diagnostic_setting_resource.go:81-84 (`workspaces.ValidateWorkspaceID`),
 * vendor/github.com/hashicorp/go-azure-sdk/resource-manager/operationalinsights/2020-08-01/workspaces/id_workspace.go:37-39
 * (`parser.Parse(input, false)`: not insensitively) and :109-118 (the segments).
 */
export const WORKSPACE_ARM_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[A-Za-z0-9-]+$/;

/** What is wrong with a workspace ID that matches only when case is ignored (the segment to fix), if that is the problem. */
export function workspaceIdCaseProblem(id: string): string | undefined {
  if (WORKSPACE_ARM_ID.test(id) || !new RegExp(WORKSPACE_ARM_ID.source, 'i').test(id)) return undefined;
  const wrong = ['subscriptions', 'resourceGroups', 'providers', 'Microsoft.OperationalInsights', 'workspaces']
    .filter((seg) => !id.split('/').includes(seg));
  return `the provider compares segment names case-sensitively: write ${wrong.map((w) => `"${w}"`).join(', ')} exactly so (as az monitor log-analytics workspace show --query id prints it)`;
}

/**
 * PIM for Azure resources (`azurerm_pim_eligible_role_assignment` / `azurerm_pim_active_role_assignment`,
 * azurerm 4.55.0): `schedule { start_date_time, expiration { duration_days | duration_hours | end_date_time } }`,
 * `justification`, `ticket { number, system }`; every argument forces a new resource (no update).
 * Needs Microsoft Entra ID P2 (or Entra ID Governance) licences for the users who get eligibility, and the
 * deployer needs `PIM_REQUEST_ACTIONS` at the scope: Owner or User Access Administrator. Role Based Access Control
 * Administrator is not enough (roleAssignments write/delete, `*` read, Support only).
 * Sources: provider schema (azurerm 4.55.0); https://learn.microsoft.com/entra/id-governance/privileged-identity-management/pim-resource-roles-assign-roles
 */
export const PIM = {
  /** Eligible assignments are limited by the role's PIM policy; Azure's default maximum is one year. */
  maxDurationDays: 365,
  /** Azure's default maximum activation of an eligible role, in hours (PIM role settings). */
  defaultActivationHours: 8,
} as const;

/** What a deployer needs for standing grants: Owner, User Access Administrator or Role Based Access Control Administrator. */
export const ROLE_ASSIGNMENT_ACTIONS = ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete'] as const;

/**
 * What a deployer needs on top for PIM (just-in-time) grants: the schedule requests. Owner and User Access Administrator
 * have them (`*`, `Microsoft.Authorization/*`); Role Based Access Control Administrator does not.
 * Source: https://learn.microsoft.com/entra/id-governance/privileged-identity-management/pim-resource-roles-assign-roles,
 * ../shared/design/FIELD-NOTES.md (Built-in roles).
 */
export const PIM_REQUEST_ACTIONS = ['Microsoft.Authorization/roleEligibilityScheduleRequests/write', 'Microsoft.Authorization/roleAssignmentScheduleRequests/write'] as const;

/** The built-in roles that can create PIM requests, by display name, for messages. */
export const PIM_DEPLOYER_ROLE_NAMES = ['Owner', 'User Access Administrator'] as const;

/** The actions of `needed` that a role with these permissions lacks (its NotActions honoured). */
export function missingActions(permissions: Pick<RolePermissions, 'actions' | 'notActions'>, needed: readonly string[]): string[] {
  return needed.filter((op) => !permissions.actions.some((a) => actionCovers(a, op)) || permissions.notActions.some((a) => actionCovers(a, op)));
}

/** An RFC 3339 UTC timestamp, as PIM's `end_date_time` takes it (the shape: `rfc3339UtcProblem` checks the calendar too). */
export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const RFC3339_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/;

/**
 * What is wrong with an RFC 3339 UTC time, or undefined. The shape alone lets through times that are no date
 * ("2028-02-30", month 13, hour 24): JavaScript rolls them over to another day, and Terraform's time functions
 * and Azure refuse them, so they are refused here with the day that does not exist.
 */
export function rfc3339UtcProblem(value: string): string | undefined {
  const example = 'expected an RFC 3339 UTC time such as 2026-06-30T00:00:00Z';
  if (!RFC3339_UTC.test(value)) {
    // The near misses people write: a date alone, no time zone, another offset than Z.
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${example}: write the time too, e.g. "${value}T00:00:00Z" (midnight UTC)`;
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) return `${example}: the time zone is missing; for UTC write "${value.replace(' ', 'T')}Z"`;
    const offset = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2}:\d{2})$/.exec(value);
    const t = offset ? Date.parse(value) : NaN;
    if (offset && !Number.isNaN(t)) return `${example}: write it in UTC, "${new Date(t).toISOString().replace('.000Z', 'Z')}"`;
    return example;
  }
  const [, y, mo, d, h, mi, sec] = RFC3339_PARTS.exec(value)!.map(Number);
  if (mo < 1 || mo > 12) return `${example}: month ${mo} does not exist`;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) return `${example}: ${value.slice(0, 7)} has ${daysInMonth} days, so day ${d} does not exist`;
  if (h > 23 || mi > 59 || sec > 59) return `${example}: ${value.slice(11, 19)} is not a time of day (00:00:00 to 23:59:59)`;
  return undefined;
}

/**
 * The effect a policy assignment runs with, from its `parameters` JSON string (`{"effect": {"value": "Deny"}}`)
 * and `enforce` flag: the definition's default when the parameter is absent, `DoNotEnforce` when `enforce`
 * is false (Azure then evaluates but never denies), `unknown` when either is an expression.
 */
export function assignmentEffect(policy: BuiltInPolicy, parameters: unknown, enforce: unknown): PolicyEffect | 'DoNotEnforce' | 'unknown' {
  const isExpr = (v: unknown) => typeof v === 'string' && v.includes('${');
  if (isExpr(enforce) || isExpr(parameters)) return 'unknown';
  let effect: unknown = policy.defaultEffect;
  if (parameters !== undefined && parameters !== null) {
    try {
      const parsed = typeof parameters === 'string' ? JSON.parse(parameters) : parameters;
      const p = parsed?.[policy.effectParameter];
      if (p !== undefined) effect = p?.value;
    } catch {
      return 'unknown';
    }
  }
  const known = POLICY_EFFECTS.find((e) => typeof effect === 'string' && e.toLowerCase() === effect.toLowerCase());
  if (!known) return 'unknown';
  return known !== 'Disabled' && (enforce === false || enforce === 'false') ? 'DoNotEnforce' : known;
}
