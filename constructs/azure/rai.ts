// Content filters (RAI policies and blocklists) of an AI Services account. Kept free of cdktf.

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
