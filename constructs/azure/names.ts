// Azure naming rules for the resources the app creates around the accounts, written once.

/** Resource group names: 1 to 90 letters, digits, `-`, `_`, `.`, `(`, `)` (Azure also refuses a trailing period). */
export const RESOURCE_GROUP_NAME = /^[-\w._()]{1,90}$/;
/** Storage account names: 3 to 24 lowercase letters and digits, globally unique. */
export const STORAGE_ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
/** Blob container names: 3 to 63 lowercase letters, digits and single hyphens, alphanumeric at both ends. */
export const STORAGE_CONTAINER_NAME = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** The shape of a region name as `location` takes it (`swedencentral`); `AZURE_PUBLIC_REGIONS` lists the known ones. */
export const REGION_NAME = /^[a-z0-9]+$/;

// Principal identifiers (Microsoft Graph user/group properties; azurerm's user-assigned identity name).
/** An SMTP address (a user's `mail`). */
export const MAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** A user principal name has the same shape as a mail address (alice@contoso.com). */
export const USER_PRINCIPAL_NAME = MAIL_ADDRESS;
/** A principal `key` of this project: short, Terraform-address-safe, stable. */
export const PRINCIPAL_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A mail nickname (alias): 1 to 64 characters, none of @ ( ) \ [ ] " ; : < > , or space (Graph `mailNickname`). */
export const MAIL_NICKNAME = /^[^@()\\[\]";:<>,\s]{1,64}$/;
/** A user's `employeeId`: 1 to 16 characters (Graph), no surrounding spaces. */
export const EMPLOYEE_ID = /^\S(.{0,14}\S)?$/;
/** A user-assigned identity's name: 3 to 128 characters (azurerm 4.55 data source, `StringLenBetween(3, 128)`). */
export const USER_ASSIGNED_IDENTITY_NAME = /^[^/]{3,128}$/;

/** Tags this project writes on what it creates, and its tools read back (the plan review finds the state storage and a plan's stack by them). */
export const PROJECT_TAGS = {
  managedBy: { key: 'managed-by', value: 'keyless-ai-inference' },
  stateStorage: { key: 'purpose', value: 'terraform-state' },
  auditLogs: { key: 'purpose', value: 'audit-logs' },
  environment: 'environment',
} as const;
