// Azure naming rules for the resources the app creates around the accounts, written once.

/** Resource group names: 1 to 90 letters, digits, `-`, `_`, `.`, `(`, `)` (Azure also refuses a trailing period). */
export const RESOURCE_GROUP_NAME = /^[-\w._()]{1,90}$/;
/** Storage account names: 3 to 24 lowercase letters and digits, globally unique. */
export const STORAGE_ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
/** Blob container names: 3 to 63 lowercase letters, digits and single hyphens, alphanumeric at both ends. */
export const STORAGE_CONTAINER_NAME = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** The shape of a region name as `location` takes it (`swedencentral`); `AZURE_PUBLIC_REGIONS` lists the known ones. */
export const REGION_NAME = /^[a-z0-9]+$/;
