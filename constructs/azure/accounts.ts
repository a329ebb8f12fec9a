// Azure facts about AI Services accounts and their model deployments, written once. Kept free of cdktf so that the
// configuration schema, the guardrails, the access report and the offline provider can use them cheaply.
// Source: azurerm v4.55.0 internal/services/cognitive/cognitive_deployment_resource.go (sku.name, version_upgrade_option).

/** Cognitive Services account names: 2 to 64 letters, digits and hyphens, alphanumeric at both ends. */
export const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}[A-Za-z0-9]$/;
/** Custom subdomains: the same, but a DNS label, so at most 63 characters. */
export const SUBDOMAIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$/;

/** Deployment types (`sku.name`) azurerm 4.55 accepts, in its source order (its error messages list them so; no DeveloperTier). */
export const DEPLOYMENT_SKUS = ['Standard', 'DataZoneBatch', 'DataZoneProvisionedManaged', 'DataZoneStandard', 'GlobalBatch', 'GlobalProvisionedManaged', 'GlobalStandard', 'ProvisionedManaged'] as const;

/** When Azure moves a deployment to another model version. */
export const VERSION_UPGRADE_OPTIONS = ['OnceCurrentVersionExpired', 'OnceNewDefaultVersionAvailable', 'NoAutoUpgrade'] as const;
export type VersionUpgradeOption = (typeof VERSION_UPGRADE_OPTIONS)[number];

/**
 * Our default upgrade option. A pinned version under Azure's default (OnceNewDefaultVersionAvailable) is upgraded by
 * Azure, and the next plan shows a change nobody made; NoAutoUpgrade stops serving when the version retires. With
 * OnceCurrentVersionExpired the pin holds while the version lives; at retirement Azure moves on and the plan says so.
 */
export const DEFAULT_VERSION_UPGRADE_OPTION: VersionUpgradeOption = 'OnceCurrentVersionExpired';

/**
 * The content filter Azure applies when none is sent. azurerm 4.55 reads it back into a not-Computed attribute
 * (hashicorp/terraform-provider-azurerm#32061, fixed in 4.69): sending it always keeps plans empty.
 */
export const DEFAULT_RAI_POLICY = 'Microsoft.DefaultV2';

/** What Azure compares deployment names by: case-insensitively ("GPT-4o" and "gpt-4o" are one deployment). */
export function deploymentNameKey(name: string): string {
  return name.toLowerCase();
}

/** Deployment names: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit. */
export const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * What is wrong with a custom subdomain, or undefined. Capitals are refused: DNS labels are case-insensitive, Azure
 * reports the subdomain in lowercase, and azurerm 4.55 compares `custom_subdomain_name` as written (ForceNew), so a
 * capital would plan a replacement of the account on every run.
 */
export function subdomainProblem(value: string): string | undefined {
  if (!SUBDOMAIN.test(value)) {
    return 'expected a DNS label of 2 to 63 characters: letters, digits and hyphens, starting and ending with a letter or digit (it defaults to the account name: set customSubdomainName when the name is longer)';
  }
  if (value !== value.toLowerCase()) {
    return `has capital letters: Azure keeps the subdomain in lowercase and azurerm would replace the account on every plan; write it in lowercase: ${JSON.stringify(value.toLowerCase())}`;
  }
  return undefined;
}

/** The subdomain an account gets when none is given: its name in lowercase (see `subdomainProblem`). */
export function defaultSubdomainOf(accountName: string): string {
  return accountName.toLowerCase();
}
