// Azure facts about AI Services accounts and their model deployments, written once. Kept free of cdktf so that the
// configuration schema, the guardrails, the access report and the offline provider can use them cheaply.
// Source: azurerm v4.55.0 internal/services/cognitive/cognitive_deployment_resource.go (sku.name, version_upgrade_option).

import { duplicatesOf } from './names';
import { parseArmId } from './arm-id';
import { ACCOUNT_ARM_ID, canonicalAccountArmId } from './guid';
/** Cognitive Services account names: 2 to 64 letters, digits and hyphens, alphanumeric at both ends. */
export const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}[A-Za-z0-9]$/;
/** Custom subdomains: the same, but a DNS label, so at most 63 characters. */
export const SUBDOMAIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$/;

/**
 * Account SKUs azurerm 4.55 accepts (`sku_name`, case-sensitive; internal/services/cognitive/cognitive_account_resource.go:113-119):
 * anything else fails `terraform plan`. AI Services accounts are created as S0.
 */
export const ACCOUNT_SKUS = ['C2', 'C3', 'C4', 'D3', 'DC0', 'E0', 'F0', 'F1', 'P0', 'P1', 'P2', 'S', 'S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6'] as const;

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

/** Deployment names listed twice in one account (`deploymentNameKey`): `[first, repeat]` index pairs. */
export function deploymentNameClashes(names: readonly string[]): Array<[number, number]> {
  return duplicatesOf(names, deploymentNameKey);
}

/** Why a deployment name repeats an earlier one, with the fix. */
export const DEPLOYMENT_NAME_CLASH = 'a deployment with this name (compared case-insensitively, as Azure does) already exists on the account; names must be unique: rename one';

/** Why a deployment's model version must be given: Azure fills in its default when none is sent, and azurerm 4.55 then shows a change on every plan. */
export const MODEL_VERSION_UNPINNED = 'pin the model version (e.g. "2024-07-18"): Azure fills in its default when none is sent, and azurerm 4.55 then shows a change on every plan';

/** Deployment names: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit. */
export const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * What a key-free read says about an existing account: `az cognitiveservices account show` (an ARM GET; Reader is enough).
 * azurerm 4.55 has no such read: its `azurerm_cognitive_account` data source and resource call listKeys whenever local
 * auth is on (cognitive_account_data_source.go:113-128, cognitive_account_resource.go:671-680), and `azurerm_resources`
 * returns id, name, type, location and tags only (resources_data_source.go:144-215).
 */
export interface ExistingAccountFacts {
  /** `kind` (AIServices for key-less inference on /models and /openai/v1/). */
  readonly kind: string | null;
  /** Not `properties.disableLocalAuth` (true when Azure omits it: keys are on by default). */
  readonly localAuthEnabled: boolean;
  /** `properties.customSubDomainName`. */
  readonly customSubdomainName: string | null;
}

/** The Azure resource type of accounts, as `azurerm_resources` filters by it. */
export const ACCOUNT_RESOURCE_TYPE = 'Microsoft.CognitiveServices/accounts';

/** Why an existing account cannot serve key-less inference, with the fix; keys on pass only when justified. */
export function existingAccountProblems(facts: ExistingAccountFacts, keysJustified: boolean): string[] {
  const problems: string[] = [];
  if (facts.kind !== 'AIServices') {
    problems.push(`the account is of kind ${facts.kind ?? 'unknown'}, not AIServices: the /models endpoint and the inference role need an AI Services account; point existingAccount.id at one`);
  }
  if (facts.localAuthEnabled && !keysJustified) {
    problems.push('the account still accepts keys (disableLocalAuth is not true): anyone who can list keys bypasses Entra ID. Turn keys off ' +
      '(az resource update --ids <id> --set properties.disableLocalAuth=true), or, if keys must stay on for now, set existingAccount.localAuth with a justification');
  }
  if (!facts.customSubdomainName) {
    problems.push('the account has no custom subdomain: Entra ID tokens need one (az cognitiveservices account update --custom-domain <name>); it cannot be changed once set');
  }
  return problems;
}

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

/** Why an account without `customSubdomainName` cannot use its default (the name in lowercase), or undefined. */
export function defaultSubdomainProblem(accountName: string): string | undefined {
  const problem = subdomainProblem(defaultSubdomainOf(accountName));
  return problem && `the subdomain defaults to the account name in lowercase, which is not a valid subdomain (${problem}): set customSubdomainName`;
}

/** An account's ARM ID from its parts, with Azure's segment names. */
export function accountArmIdOf(subscriptionId: string, resourceGroupName: string, accountName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${ACCOUNT_RESOURCE_TYPE}/${accountName}`;
}

/** The shape of an account's ARM ID, as messages show it. */
export const ACCOUNT_ID_SHAPE = '/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>';

/**
 * Why `id` is not an AI Services account's ARM ID as the providers take it, with the fix; undefined when it is one.
 * Names what was given instead: surrounding whitespace or a trailing "/", a project or deployment below an account,
 * another resource type, a resource group or subscription. Segment names in another case pass: callers write the ID as
 * Azure does with `canonicalAccountArmId` (azurerm parses account IDs case-sensitively: `cognitive_account_id`,
 * cognitive_deployment_resource.go:70-75 at v4.55.0, and compares role assignment scopes exactly).
 */
export function accountIdProblem(id: string): string | undefined {
  const expected = `expected the account's ARM ID: ${ACCOUNT_ID_SHAPE}`;
  const trimmed = id.trim().replace(/\/+$/, '');
  // Segment names in another case are fine: the constructs and the configuration write them as Azure does (canonicalAccountArmId).
  const canonical = ACCOUNT_ARM_ID.test(trimmed) ? canonicalAccountArmId(trimmed) : undefined;
  if (canonical !== undefined && trimmed === id) return undefined;
  if (canonical !== undefined) return `${expected}; remove the surrounding whitespace and trailing "/": ${JSON.stringify(canonical)}`;
  const parsed = parseArmId(trimmed);
  if (!parsed) return expected;
  const at = parsed.resources.findIndex((r) => r.type.toLowerCase() === ACCOUNT_RESOURCE_TYPE.toLowerCase());
  if (at >= 0 && parsed.resources.length > at + 1) {
    const parts = trimmed.split('/');
    const prefix = parts.slice(0, parts.findIndex((p, i) => i > 0 && p.toLowerCase() === 'accounts') + 2).join('/');
    const account = ACCOUNT_ARM_ID.test(prefix) ? canonicalAccountArmId(prefix) : undefined;
    const below = parsed.resources.slice(at + 1).map((r) => `${r.type} ${r.name}`).join(', ');
    return `${expected}; this names something inside an account (${below}): give the account's own ID${account ? ` ${JSON.stringify(account)}` : ''}`;
  }
  if (parsed.resources.length > 0) {
    const type = parsed.resources.map((r) => r.type).join('/');
    return `${expected}; this is the ID of a ${type} (${parsed.resources[parsed.resources.length - 1].name}), not of an AI Services account (${ACCOUNT_RESOURCE_TYPE})`;
  }
  return `${expected}; this is the ID of a ${parsed.resourceGroup !== undefined ? 'resource group' : 'subscription'}, not of an account: append /providers/${ACCOUNT_RESOURCE_TYPE}/<name>`;
}
