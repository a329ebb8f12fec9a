// Content filters (RAI policies and blocklists) of an AI Services account. Kept free of cdktf.
import { duplicatesOf } from './names';

/** Microsoft's base content filter policies a custom policy starts from (a deployment without one gets Microsoft.DefaultV2). */
export const RAI_BASE_POLICIES = ['Microsoft.Default', 'Microsoft.DefaultV2'] as const;

/**
 * Severity thresholds: content at or above the threshold is filtered ("Low" filters the most).
 * Source: azurerm v4.55.0 internal/services/cognitive/cognitive_account_rai_policy_resource.go:89-93 (validation against
 * vendor/github.com/hashicorp/go-azure-sdk/resource-manager/cognitive/2025-06-01/raipolicies/constants.go:12-26).
 */
export const RAI_SEVERITY_THRESHOLDS = ['Low', 'Medium', 'High'] as const;
/** Where a filter applies: the prompt or the completion (same source, constants.go:56-68). */
export const RAI_SOURCES = ['Prompt', 'Completion'] as const;
/** Policy modes (same source, constants.go:98-113; resource.go:103-107). */
export const RAI_MODES = ['Asynchronous_filter', 'Blocking', 'Default', 'Deferred'] as const;
/** Filter categories with a severity threshold, as the Azure portal and REST API name them. */
export const RAI_SEVERITY_FILTERS = ['Hate', 'Sexual', 'Violence', 'SelfHarm'] as const;
/** Filters without severity (on or off; the threshold is sent but not used). */
export const RAI_BINARY_FILTERS = ['Jailbreak', 'Indirect Attack', 'Protected Material Text', 'Protected Material Code', 'Profanity'] as const;

export type RaiSeverityThreshold = (typeof RAI_SEVERITY_THRESHOLDS)[number];
export type RaiSource = (typeof RAI_SOURCES)[number];
export type RaiMode = (typeof RAI_MODES)[number];

/** Policy names Microsoft keeps for its own policies (`Microsoft.Default`, `Microsoft.DefaultV2`, ...), compared case-insensitively. */
export const MICROSOFT_RAI_POLICY_NAME = /^Microsoft\./i;

/** Why a custom policy cannot have this name, or undefined. */
export function raiPolicyNameProblem(name: string): string | undefined {
  return MICROSOFT_RAI_POLICY_NAME.test(name)
    ? 'names starting with "Microsoft." are Microsoft\'s own policies: choose another name (use it as basePolicyName instead)'
    : undefined;
}

/** How Azure compares policy names within an account: case-insensitively. */
export function raiPolicyNameKey(name: string): string {
  return name.toLowerCase();
}

/** Policy names listed twice in one account (`raiPolicyNameKey`): `[first, repeat]` index pairs. */
export function raiPolicyNameClashes(names: readonly string[]): Array<[number, number]> {
  return duplicatesOf(names, raiPolicyNameKey);
}

/** Why a policy name repeats an earlier one, with the fix. */
export const RAI_POLICY_NAME_CLASH = 'policy names are unique in an account (compared case-insensitively): rename one';

/**
 * Why a deployment cannot name this content filter policy, or undefined: a name that is not Microsoft's must be one of the
 * account's own policies (`definedNames`), else Azure refuses the deployment.
 */
export function unknownRaiPolicyProblem(name: string, definedNames: readonly string[]): string | undefined {
  if (MICROSOFT_RAI_POLICY_NAME.test(name) || definedNames.some((n) => raiPolicyNameKey(n) === raiPolicyNameKey(name))) return undefined;
  return `no content filter policy "${name}" on the account: define it (raiPolicies; configuration: account.raiPolicies), or name one of Microsoft's (${RAI_BASE_POLICIES.join(', ')})`;
}

/** Filters of one policy listed twice for one source (a policy takes each filter and source once): `[first, repeat]` index pairs. */
export function raiFilterClashes(filters: readonly { readonly name: string; readonly source: string }[]): Array<[number, number]> {
  return duplicatesOf(filters, (f) => `${f.name}|${f.source}`.toLowerCase());
}

/** Why a filter listed twice is refused, with the fix. */
export const RAI_FILTER_CLASH = 'this filter and source are already listed; list each pair once';
