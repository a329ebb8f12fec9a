// Azure limits the library checks at synth time, written once. Kept free of cdktf.

/**
 * Role assignments per subscription. Source: Microsoft Learn, "Troubleshoot Azure RBAC limits" (read 2026-12-03):
 * "Azure supports up to 4000 role assignments per subscription", fixed, at subscription, resource group and resource
 * scopes (management group scope excluded); eligible and future-scheduled assignments do not count. Beyond it Azure
 * answers `RoleAssignmentLimitExceeded`.
 */
export const ROLE_ASSIGNMENTS_PER_SUBSCRIPTION = 4000;

/** The share of a limit at which the library warns. */
export const LIMIT_WARNING_SHARE = 0.8;
