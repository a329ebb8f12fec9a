import { accountEndpoint, ARM_ID_SHAPES, BuiltInRole, caseSensitive, DEPLOYMENT_SKUS, lastArmIdSegment, LIST_KEYS_ACTION, missingActions, parseArmId, PROJECT_NAME, RAI_MODES, RAI_SEVERITY_THRESHOLDS, RAI_SOURCES, STORAGE_ACCOUNT_NAME, VERSION_UPGRADE_OPTIONS } from 'keyless-ai-inference/azure';
import { CtyType, CtyValue, isObject, isUnknown, valuesEqual } from './cty';
import { fakeHex, fakeUuid, UUID_PATTERN } from './fake-ids';
import { getPath, OfflineDiagnostic, PathStep, ValuePath, ValuePicker } from './planner';
import { policyApplyValue, POLICY_REPLACE_RULES, POLICY_RESOURCE_CHECKS } from './azure-rules-policy';
import { NETWORK_DEFAULTS, NETWORK_LOCATION_TYPES, NETWORK_REPLACE_RULES, NETWORK_RESOURCE_CHECKS, networkApplyErrors, networkApplyValue } from './azure-rules-network';

/**
 * Behaviour of the real azurerm 4.55.0 / azuread 3.7.0 providers that their schemas do not carry:
 * validation functions, ExactlyOneOf/RequiredWith/ConflictsWith, Defaults, StateFunc/DiffSuppressFunc,
 * ForceNew (including CustomizeDiff), the values Azure returns and the errors Azure raises.
 *
 * Source references: `rm:` = github.com/hashicorp/terraform-provider-azurerm at tag v4.55.0, path below
 * `internal/services/` unless it starts with `internal/` or `vendor/`; `ad:` = terraform-provider-azuread at
 * v3.7.0, below `internal/services/`. `sdk:` = terraform-plugin-sdk/v2 as vendored by azurerm v4.55.0
 * (`vendor/github.com/hashicorp/terraform-plugin-sdk/v2/helper/`). Error texts are the SDK's or the
 * provider's wording. tools/offline/README.md has the table of every rule with its test.
 */

/** What the provider configuration resolved to (ConfigureProvider). */
export interface ProviderContext {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly objectId: string;
  /** Now, for values Azure stamps at creation (RFC 3339). @default - the system clock */
  readonly now?: string;
}

type Obj = { [k: string]: CtyValue };

function str(v: CtyValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function isSet(v: CtyValue | undefined): boolean {
  return v !== undefined && v !== null;
}

/** The context the provider runs with after ConfigureProvider; env plays the role of the ARM_* variables. */
export function configureProvider(provider: string, config: CtyValue, env: NodeJS.ProcessEnv): { ctx?: ProviderContext; diagnostics: OfflineDiagnostic[] } {
  const c = isObject(config) ? config : {};
  const tenantId = str(c.tenant_id) || env.ARM_TENANT_ID || fakeUuid('tenant');
  const clientId = str(c.client_id) || env.ARM_CLIENT_ID || fakeUuid('client', tenantId);
  const objectId = fakeUuid('object', tenantId, clientId);
  if (provider === 'azurerm') {
    let subscriptionId = str(c.subscription_id) || env.ARM_SUBSCRIPTION_ID;
    // use_cli: Default true, DefaultFunc ARM_USE_CLI (rm: internal/provider/provider.go:297-303).
    const useCli = typeof c.use_cli === 'boolean' ? c.use_cli : env.ARM_USE_CLI !== undefined && env.ARM_USE_CLI !== '' ? env.ARM_USE_CLI === 'true' || env.ARM_USE_CLI === '1' : true;
    if (!subscriptionId) {
      // rm: internal/provider/provider.go:394-399: required only without Azure CLI auth.
      if (!useCli) {
        return { diagnostics: [{ severity: 'error', summary: '`subscription_id` is a required provider property when performing a plan/apply operation', path: ['subscription_id'] }] };
      }
      // With the CLI the subscription is the CLI's default one (`az account show`): a fixed fake one offline.
      subscriptionId = fakeUuid('azure-cli-default-subscription', tenantId);
    }
    if (!UUID_PATTERN.test(subscriptionId)) {
      return { diagnostics: [{ severity: 'error', summary: `expected "subscription_id" to be a valid UUID, got ${subscriptionId}`, path: ['subscription_id'] }] };
    }
    return { ctx: { subscriptionId, tenantId, clientId, objectId }, diagnostics: [] };
  }
  return { ctx: { subscriptionId: env.ARM_SUBSCRIPTION_ID ?? fakeUuid('subscription'), tenantId, clientId, objectId }, diagnostics: [] };
}

// ---------------------------------------------------------------------------------------------
// Paths with wildcards: `*` is every element of a list or set.

type Pattern = readonly (string | number)[];

/** Calls fn for every existing value matching the pattern (`'*'` = each element). */
export function eachAt(v: CtyValue | undefined, pattern: Pattern, fn: (value: CtyValue, path: PathStep[]) => void, at: PathStep[] = []): void {
  if (pattern.length === 0) {
    if (v !== undefined) fn(v, at);
    return;
  }
  if (v === null || v === undefined || isUnknown(v)) return;
  const [head, ...rest] = pattern;
  if (head === '*') {
    if (Array.isArray(v)) v.forEach((e, i) => eachAt(e, rest, fn, [...at, i]));
    return;
  }
  if (typeof head === 'number') {
    if (Array.isArray(v)) eachAt(v[head], rest, fn, [...at, head]);
    return;
  }
  if (isObject(v)) eachAt(v[head], rest, fn, [...at, head]);
}

/** The SDK's name for an attribute path in messages: `sku.0.name`. */
function keyOf(path: readonly PathStep[]): string {
  return path.map((s) => (typeof s === 'object' ? s.key : String(s))).join('.');
}

// ---------------------------------------------------------------------------------------------
// Validation: ValidateFunc (value checks) and the SDK's cross-attribute checks.

type Scalar = string | number | boolean;
/** A ValidateFunc: error summaries for a known value at key k. */
type ValueCheck = (v: Scalar, k: string) => string[];
type Check = (cfg: Obj, diags: OfflineDiagnostic[]) => void;

function known(v: CtyValue | undefined): v is Scalar {
  return v !== undefined && v !== null && !isUnknown(v) && typeof v !== 'object';
}

/** Go's `%q` of a []string: `["a" "b"]`. */
function goQuoteList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

// sdk: validation/strings.go:149
const inSlice = (values: readonly string[]): ValueCheck => (v, k) => (values.includes(String(v)) ? [] : [`expected ${k} to be one of ${goQuoteList(values)}, got ${v}`]);
// sdk: validation/strings.go:24
const notEmpty: ValueCheck = (v, k) => (v === '' ? [`expected "${k}" to not be an empty string, got ${v}`] : []);
// sdk: helper/validation/strings.go StringLenBetween
const stringLenBetween = (min: number, max: number): ValueCheck => (v, k) => {
  const n = [...String(v)].length;
  return n < min || n > max ? [`expected length of ${k} to be in the range (${min} - ${max}), got ${String(v)}`] : [];
};
// sdk: validation/uuid.go:21
const isUuid: ValueCheck = (v, k) => (UUID_PATTERN.test(String(v)) ? [] : [`expected "${k}" to be a valid UUID, got ${v}`]);
// sdk: validation/int.go:43
const intAtLeast = (min: number): ValueCheck => (v, k) => (Number(v) >= min ? [] : [`expected ${k} to be at least (${min}), got ${v}`]);
// sdk: validation/int.go:24
const intBetween = (min: number, max: number): ValueCheck => (v, k) => (Number(v) >= min && Number(v) <= max ? [] : [`expected ${k} to be in the range (${min} - ${max}), got ${v}`]);
// sdk: validation/strings.go:102 (StringMatch with a message)
const stringMatch = (re: RegExp, message: string): ValueCheck => (v, k) => (re.test(String(v)) ? [] : [`invalid value for ${k} (${message})`]);
// rm: internal/tf/validation/pluginsdk.go:296-310
const startsWithOneOf = (...prefixes: string[]): ValueCheck => (v, k) =>
  prefixes.some((p) => String(v).startsWith(p)) ? [] : [`expect ${k} to start with one of ${prefixes.join(', ')}, got ${JSON.stringify(v)}`];
/** validation.Any: valid when one passes; otherwise every error (sdk: validation/meta.go Any). */
const any = (...checks: ValueCheck[]): ValueCheck => (v, k) => {
  const errs = checks.map((c) => c(v, k));
  return errs.some((e) => e.length === 0) ? [] : errs.flat();
};

// rm: helpers/validate/network.go:15-35 (IPv4Address, CIDR)
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const ipv4Address: ValueCheck = (v, k) => (IPV4.test(String(v)) ? [] : [`"${k}" is not a valid IPv4 address: ${JSON.stringify(v)}`]);
const cidr: ValueCheck = (v, k) => {
  const [ip, bits, extra] = String(v).split('/');
  return extra === undefined && IPV4.test(ip) && bits !== undefined && /^\d+$/.test(bits) && Number(bits) <= 32
    ? []
    : [`${k} must start with IPV4 address and/or slash, number of bits (0-32) as prefix. Example: 127.0.0.1/8. Got ${JSON.stringify(v)}`];
};
// rm: storage/validate/storage_account_ip_rule.go:13-29
const storageIpRule: ValueCheck = (v, k) => {
  const s = String(v);
  if (!/^([0-9]{1,3}\.){3}[0-9]{1,3}(\/([0-9]|[1-2][0-9]|30))?$/.test(s)) {
    return [`"${k}" must start with IPV4 address and/or slash, number of bits (0-30) as prefix. Example: 23.45.1.0/30 but got ${JSON.stringify(s)}`];
  }
  const [a, b] = s.split('.');
  const second = Number(b);
  return a === '10' || (a === '172' && second >= 16 && second <= 31) || (a === '192' && second === 168) ? [`"${k}" must be public ip address but got ${JSON.stringify(s)}`] : [];
};
// rm: storage/validate/storage_container.go:15-32
const containerName: ValueCheck = (v, k) => {
  const s = String(v);
  const errs: string[] = [];
  if (!/^\$root$|^\$web$|^[0-9a-z-]+$/.test(s)) errs.push(`only lowercase alphanumeric characters and hyphens allowed in "${k}": ${JSON.stringify(s)}`);
  if (s.length < 3 || s.length > 63) errs.push(`"${k}" must be between 3 and 63 characters: ${JSON.stringify(s)}`);
  if (s.startsWith('-')) errs.push(`"${k}" cannot begin with a hyphen: ${JSON.stringify(s)}`);
  return errs;
};
// rm: storage/validate/storage_account_name.go:14-15
const storageAccountName: ValueCheck = (v) => (STORAGE_ACCOUNT_NAME.test(String(v)) ? [] : [`name (${JSON.stringify(v)}) can only consist of lowercase letters and numbers, and must be between 3 and 24 characters long`]);
// vendor/github.com/hashicorp/go-azure-helpers/resourcemanager/resourcegroups/validate.go:12-30
const resourceGroupName: ValueCheck = (v, k) => {
  const s = String(v);
  const errs: string[] = [];
  if (s.length > 90) errs.push(`"${k}" may not exceed 90 characters in length`);
  if (s.endsWith('.')) errs.push(`"${k}" may not end with a period`);
  if (s.length === 0) errs.push(`"${k}" cannot be blank`);
  // The provider reports each part of RESOURCE_GROUP_NAME (length, characters) as its own message.
  else if (!/^[-\w._()]+$/.test(s)) errs.push(`"${k}" may only contain alphanumeric characters, dash, underscores, parentheses and periods`);
  return errs;
};
/** ARM ID parsers (resourceids.ParseXxxID): static segments are case-sensitive. */
const armId = (what: string, re: RegExp, example: string): ValueCheck => (v, k) =>
  re.test(String(v)) ? [] : [`parsing ${JSON.stringify(v)} as ${what} ID for "${k}": expected an ID of the form ${example}`];
// rm: cognitive deployment `cognitive_account_id` = cognitiveservicesaccounts.ValidateAccountID
const accountId = armId('an Account', caseSensitive(ARM_ID_SHAPES.account), '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.CognitiveServices/accounts/<name>');
// rm: storage container `storage_account_id` = commonids.ValidateStorageAccountID
const storageAccountId = armId('a Storage Account', caseSensitive(ARM_ID_SHAPES.storageAccount), '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>');
/** azure.ValidateResourceID: parses as an ARM resource ID (subscription and resource group segments). */
const resourceId = armId('a Resource', /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/.+)?$/, '/subscriptions/<sub>/resourceGroups/<rg>/providers/...');
// vendor/github.com/hashicorp/go-azure-helpers/resourcemanager/commonids/scope.go:60 (ValidateScopeID)
const scopeId = armId('a Scope', /^\/.+/, '/subscriptions/<sub>[/resourceGroups/<rg>/...] or /providers/Microsoft.Management/managementGroups/<id>');

/** ValidateFunc on every known value at a path pattern. */
function field(pattern: Pattern, ...checks: ValueCheck[]): Check {
  return (cfg, diags) =>
    eachAt(cfg, pattern, (v, p) => {
      if (!known(v)) return;
      for (const c of checks) for (const summary of c(v, keyOf(p))) diags.push({ severity: 'error', summary, path: p });
    });
}

/** ExactlyOneOf, reported for each key as the SDK does (sdk: schema/schema.go:1851-1858, 2006-2060). */
function exactlyOneOf(...keys: string[]): Check {
  const sorted = [...keys].sort();
  return (cfg, diags) => {
    const specified = sorted.filter((k) => isSet(cfg[k]));
    const unknown = specified.some((k) => isUnknown(cfg[k]));
    let detail: ((k: string) => string) | undefined;
    if (specified.length === 0) detail = (k) => `"${k}": one of \`${sorted.join(',')}\` must be specified`;
    else if (specified.length > 1 && !unknown) detail = (k) => `"${k}": only one of \`${sorted.join(',')}\` can be specified, but \`${specified.join(',')}\` were specified.`;
    if (detail) for (const k of keys) diags.push({ severity: 'error', summary: 'Invalid combination of arguments', detail: detail(k), path: [k] });
  };
}

/** RequiredWith (sdk: schema/schema.go:1893-1900). */
function requiredWith(attr: string, ...others: string[]): Check {
  return (cfg, diags) => {
    const value = cfg[attr];
    const present = isSet(value) && !(Array.isArray(value) && value.length === 0);
    if (present && others.some((o) => !isSet(cfg[o]))) {
      diags.push({ severity: 'error', summary: 'Missing required argument', detail: `"${attr}": all of \`${[attr, ...others].join(',')}\` must be specified`, path: [attr] });
    }
  };
}

/** A CustomizeDiff error (no attribute path: the SDK reports it for the resource). */
function customizeDiff(fn: (cfg: Obj) => string | undefined): Check {
  return (cfg, diags) => {
    const msg = fn(cfg);
    if (msg) diags.push({ severity: 'error', summary: msg });
  };
}

const COGNITIVE_KINDS = [
  // rm: cognitive/cognitive_account_resource.go:68-111
  'AIServices', 'Academic', 'AnomalyDetector', 'Bing.Autosuggest', 'Bing.Autosuggest.v7', 'Bing.CustomSearch', 'Bing.Search', 'Bing.Search.v7',
  'Bing.Speech', 'Bing.SpellCheck', 'Bing.SpellCheck.v7', 'CognitiveServices', 'ComputerVision', 'ContentModerator', 'ConversationalLanguageUnderstanding',
  'ContentSafety', 'CustomSpeech', 'CustomVision.Prediction', 'CustomVision.Training', 'Emotion', 'Face', 'FormRecognizer', 'ImmersiveReader', 'LUIS',
  'LUIS.Authoring', 'MetricsAdvisor', 'OpenAI', 'Personalizer', 'QnAMaker', 'Recommendations', 'SpeakerRecognition', 'Speech',
  'SpeechServices', 'SpeechTranslation', 'TextAnalytics', 'TextTranslation', 'WebLM',
];
// rm: cognitive/cognitive_account_resource.go:113-119
const COGNITIVE_SKUS = ['C2', 'C3', 'C4', 'D3', 'DC0', 'E0', 'F0', 'F1', 'P0', 'P1', 'P2', 'S', 'S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6'];
// rm: cognitive/cognitive_deployment_resource.go:117-131: the library's fact (DEPLOYMENT_SKUS) is this very list.
// rm: cognitive/cognitive_deployment_resource.go:133-143 (deployments.SkuTier*)
const DEPLOYMENT_SKU_TIERS = ['Free', 'Basic', 'Standard', 'Premium', 'Enterprise'];
// rm: cognitive/cognitive_deployment_resource.go:175-183: the library's VERSION_UPGRADE_OPTIONS.
// commonschema.SystemAssignedUserAssignedIdentity*
const IDENTITY_TYPES = ['SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'];
// rm: storage/storage_account_resource.go:55-59
const KINDS_WITH_ACCESS_TIER = ['BlobStorage', 'FileStorage', 'StorageV2'];
const ROLE_ASSIGNMENT_SCOPE_RULES: ValueCheck = any(
  // rm: authorization/role_assignment_resource.go:61-79: validation.Any(StringMatch("/"), ..., ValidateResourceID)
  stringMatch(/\//, 'Root scope (/) is invalid'),
  stringMatch(/\/providers\/Microsoft\.Subscription.*/, 'Subscription scope is invalid'),
  stringMatch(/\/providers\/Microsoft\.Capacity/, 'Capacity scope is invalid'),
  stringMatch(/\/providers\/Microsoft\.BillingBenefits/, 'BillingBenefits scope is invalid'),
);

const RESOURCE_CHECKS: Record<string, Check[]> = {
  azurerm_resource_group: [field(['name'], resourceGroupName)],
  azurerm_cognitive_account: [
    // rm: cognitive/validate/account_name.go:15 (no maximum length)
    field(['name'], stringMatch(/^([a-zA-Z0-9]{1}[a-zA-Z0-9_.-]{1,})$/, 'The Cognitive Services Account Name can only start with an alphanumeric character, and must only contain alphanumeric characters, periods, dashes or underscores.')),
    field(['resource_group_name'], resourceGroupName), // commonschema.ResourceGroupName()
    field(['kind'], inSlice(COGNITIVE_KINDS)),
    field(['sku_name'], inSlice(COGNITIVE_SKUS)),
    field(['custom_subdomain_name'], notEmpty), // rm: cognitive_account_resource.go:127-131
    field(['metrics_advisor_aad_client_id'], isUuid),
    field(['metrics_advisor_aad_tenant_id'], isUuid),
    field(['identity', '*', 'type'], inSlice(IDENTITY_TYPES)),
    requiredWith('network_acls', 'custom_subdomain_name'), // rm: :208
    field(['network_acls', '*', 'default_action'], inSlice(['Allow', 'Deny'])), // :211-218
    field(['network_acls', '*', 'ip_rules', '*'], any(ipv4Address, cidr)), // :220-231
    field(['network_acls', '*', 'bypass'], inSlice(['AzureServices', 'None'])), // :253-262
    // rm: cognitive_account_resource.go:362-395 (CustomizeDiff)
    customizeDiff((c) => (c.project_management_enabled === true && known(c.kind) && c.kind !== 'AIServices' ? '`project_management_enabled` can only be set to `true` when `kind` is set to `AIServices`' : undefined)),
    customizeDiff((c) =>
      c.project_management_enabled === true && Array.isArray(c.identity) && c.identity.length === 0
        ? 'for `project_management_enabled` to be set to `true`, a managed identity must be assigned. Please configure the `identity` block'
        : undefined,
    ),
    customizeDiff((c) => (c.dynamic_throttling_enabled === true && (c.kind === 'OpenAI' || c.kind === 'AIServices') ? '`dynamic_throttling_enabled` is currently not supported when `kind` is set to `OpenAI` or `AIServices`' : undefined)),
    customizeDiff((c) => {
      const bypass = getPath(c, ['network_acls', 0, 'bypass']);
      return known(bypass) && bypass !== '' && known(c.kind) && !['OpenAI', 'AIServices', 'TextAnalytics'].includes(String(c.kind)) ? `\`network_acls.bypass\` cannot be set when \`kind\` is set to \`${c.kind}\`` : undefined;
    }),
    customizeDiff((c) => (Array.isArray(c.network_injection) && c.network_injection.length > 0 && known(c.kind) && c.kind !== 'AIServices' ? 'the `network_injection` block is only supported when `kind` is set to `AIServices`' : undefined)),
  ],
  azurerm_cognitive_deployment: [
    field(['name'], notEmpty), // rm: cognitive/cognitive_deployment_resource.go:63-68
    field(['cognitive_account_id'], accountId), // :70-75
    field(['model', '*', 'format'], notEmpty), // :89-94
    field(['model', '*', 'name'], notEmpty), // :96-101
    field(['sku', '*', 'name'], inSlice(DEPLOYMENT_SKUS)), // :117-131
    field(['sku', '*', 'tier'], inSlice(DEPLOYMENT_SKU_TIERS)), // :133-144
    field(['sku', '*', 'capacity'], intAtLeast(1)), // :158-163
    field(['rai_policy_name'], notEmpty), // :168-172
    field(['version_upgrade_option'], inSlice(VERSION_UPGRADE_OPTIONS)), // :174-184
  ],
  azurerm_cognitive_account_project: [
    // rm: cognitive/cognitive_account_project_resource.go:79-87 (PROJECT_NAME in the facts)
    field(['name'], stringMatch(PROJECT_NAME, '`name` must be between 2 and 64 characters long, start with an alphanumeric character, and contain only alphanumeric characters, dashes(-), periods(.) or underscores(_).')),
    field(['cognitive_account_id'], accountId), // :89 (ResourceIDReferenceRequiredForceNew(AccountId))
    field(['description'], notEmpty), // :95-99
    field(['display_name'], notEmpty), // :101-105
  ],
  azurerm_cognitive_account_rai_policy: [
    field(['name'], notEmpty), // rm: cognitive/cognitive_account_rai_policy_resource.go:50-55
    field(['cognitive_account_id'], accountId), // :57-62
    field(['base_policy_name'], notEmpty), // :64-69
    field(['content_filter', '*', 'name'], notEmpty), // :76-80
    field(['content_filter', '*', 'severity_threshold'], inSlice([...RAI_SEVERITY_THRESHOLDS].sort())), // :89-93 (PossibleValuesForContentLevel, in the SDK's order)
    field(['content_filter', '*', 'source'], inSlice([...RAI_SOURCES].sort())), // :94-98 (PossibleValuesForRaiPolicyContentSource, in the SDK's order)
    field(['mode'], inSlice(RAI_MODES)), // :103-107
  ],
  azurerm_cognitive_account_rai_blocklist: [
    field(['name'], notEmpty), // rm: cognitive/cognitive_account_rai_blocklist_resource.go:33-38
    field(['cognitive_account_id'], accountId), // :40-45 (description is unchecked, :47-50)
  ],
  azurerm_role_definition: [
    field(['role_definition_id'], isUuid), // rm: authorization/role_definition_resource.go:50-56
    field(['name'], notEmpty), // :58-62
    field(['scope'], startsWithOneOf('/subscriptions/', '/providers/Microsoft.Management/managementGroups/')), // :64-69
    field(['description'], notEmpty), // :71-75
    field(['assignable_scopes', '*'], scopeId), // :117-125
  ],
  azurerm_role_assignment: [
    field(['name'], isUuid), // rm: authorization/role_assignment_resource.go:53-59
    field(['scope'], ROLE_ASSIGNMENT_SCOPE_RULES), // :61-79
    exactlyOneOf('role_definition_id', 'role_definition_name'), // :86, :95
    field(['role_definition_name'], notEmpty), // :97
    field(['principal_type'], inSlice(['User', 'Group', 'ServicePrincipal'])), // :106-116
    field(['delegated_managed_identity_resource_id'], resourceId), // :124-129
    field(['description'], notEmpty), // :131-136
    field(['condition'], notEmpty), // :138-143
    field(['condition_version'], inSlice(['1.0', '2.0'])), // :145-154
    // principal_id has no ValidateFunc (:100-104): Azure rejects a non-GUID at apply (see applyErrors).
  ],
  azurerm_storage_account: [
    field(['name'], storageAccountName), // rm: storage/storage_account_resource.go:100-105
    field(['resource_group_name'], resourceGroupName),
    field(['account_kind'], inSlice(['BlobStorage', 'BlockBlobStorage', 'FileStorage', 'Storage', 'StorageV2'])), // :110-116
    field(['account_tier'], inSlice(['Premium', 'Standard'])), // :117-123
    field(['provisioned_billing_model_version'], inSlice(['V2'])), // :124-140
    field(['account_replication_type'], inSlice(['LRS', 'ZRS', 'GRS', 'RAGRS', 'GZRS', 'RAGZRS'])), // :141-152
    field(['access_tier'], inSlice(['Cool', 'Hot', 'Premium', 'Cold'])), // :155-161
    field(['min_tls_version'], inSlice(['TLS1_0', 'TLS1_1', 'TLS1_2', 'TLS1_3'])), // :1333-1340 (4.x override)
    field(['network_rules', '*', 'ip_rules', '*'], storageIpRule), // :398-407
    field(['network_rules', '*', 'default_action'], inSlice(['Allow', 'Deny'])), // :419-423
    field(['blob_properties', '*', 'container_delete_retention_policy', '*', 'days'], intBetween(1, 365)), // :476-481
    field(['blob_properties', '*', 'delete_retention_policy', '*', 'days'], intBetween(1, 365)), // :501-506
    field(['blob_properties', '*', 'restore_policy', '*', 'days'], intBetween(1, 365)), // :527-531
    field(['share_properties', '*', 'retention_policy', '*', 'days'], intBetween(1, 365)), // :590-595
    field(['blob_properties', '*', 'change_feed_retention_in_days'], intBetween(1, 146000)), // :464-468
    // rm: storage/validate/storage_account_tags.go (StorageAccountTags, :1103-1108)
    (cfg, diags) => {
      const tags = cfg.tags;
      if (!isObject(tags)) return;
      if (Object.keys(tags).length > 50) diags.push({ severity: 'error', summary: 'a maximum of 50 tags can be applied to storage account ARM resource', path: ['tags'] });
      for (const [k, v] of Object.entries(tags)) {
        if (k.length > 128) diags.push({ severity: 'error', summary: `the maximum length for a tag key is 128 characters: ${JSON.stringify(k)} is ${k.length} characters`, path: ['tags'] });
        if (typeof v === 'string' && v.length > 256) diags.push({ severity: 'error', summary: `the maximum length for a tag value is 256 characters: the value for ${JSON.stringify(k)} is ${v.length} characters`, path: ['tags'] });
      }
    },
    // rm: storage_account_resource.go:1134-1140 (CustomizeDiff); account_kind defaults to StorageV2
    customizeDiff((c) => {
      const kind = c.account_kind ?? 'StorageV2';
      return known(c.access_tier) && c.access_tier !== '' && known(kind) && !KINDS_WITH_ACCESS_TIER.includes(String(kind))
        ? `\`access_tier\` is only available for accounts where \`kind\` is set to one of: ${KINDS_WITH_ACCESS_TIER.join(' / ')}`
        : undefined;
    }),
  ],
  azurerm_storage_container: [
    field(['name'], containerName), // rm: storage/storage_container_resource.go (name: validate.StorageContainerName)
    field(['container_access_type'], inSlice(['blob', 'container', 'private'])), // :89-98
    exactlyOneOf('storage_account_id', 'storage_account_name'), // :135, :143
    field(['storage_account_name'], storageAccountName), // :131-137
    field(['storage_account_id'], storageAccountId), // :139-144
    requiredWith('encryption_scope_override_enabled', 'default_encryption_scope'), // :108-114
  ],
  ...POLICY_RESOURCE_CHECKS,
  ...NETWORK_RESOURCE_CHECKS,
};

const DATA_CHECKS: Record<string, Check[]> = {
  // ad: users/user_data_source.go:33-76
  azuread_user: [
    exactlyOneOf('employee_id', 'mail', 'mail_nickname', 'object_id', 'user_principal_name'),
    field(['employee_id'], notEmpty),
    field(['mail'], notEmpty),
    field(['mail_nickname'], notEmpty),
    field(['object_id'], isUuid),
    field(['user_principal_name'], notEmpty),
  ],
  // ad: groups/group_data_source.go:36-60
  azuread_group: [exactlyOneOf('display_name', 'object_id', 'mail_nickname'), field(['display_name'], notEmpty), field(['object_id'], isUuid)],
  // rm: managedidentity/user_assigned_identity_data_source.go:29-36 (name, resource_group_name: commonschema.ResourceGroupNameForDataSource)
  azurerm_user_assigned_identity: [field(['name'], stringLenBetween(3, 128)), field(['resource_group_name'], resourceGroupName)],
  // ad: serviceprincipals/service_principal_data_source.go:36-61
  azuread_service_principal: [exactlyOneOf('client_id', 'display_name', 'object_id'), field(['object_id'], isUuid), field(['display_name'], notEmpty), field(['client_id'], isUuid)],
};

/** Validation errors for a managed resource's configuration (unknown values are skipped). */
export function validateResource(type: string, config: CtyValue): OfflineDiagnostic[] {
  const diags: OfflineDiagnostic[] = [];
  if (isObject(config)) for (const c of RESOURCE_CHECKS[type] ?? []) c(config, diags);
  return diags;
}

/** Validation errors for a data source's configuration. */
export function validateDataSource(type: string, config: CtyValue): OfflineDiagnostic[] {
  const diags: OfflineDiagnostic[] = [];
  if (isObject(config)) for (const c of DATA_CHECKS[type] ?? []) c(config, diags);
  return diags;
}

// ---------------------------------------------------------------------------------------------
// Planning: schema Defaults, StateFunc and DiffSuppressFunc

/** Schema `Default`s of the types this project uses: set in the plan when the configuration leaves them null. */
export const DEFAULTS: Record<string, readonly [Pattern, CtyValue][]> = {
  azurerm_cognitive_account: [
    [['project_management_enabled'], false], // rm: cognitive/cognitive_account_resource.go:121-125
    [['local_auth_enabled'], true], // :170-174
    [['outbound_network_access_restricted'], false], // :288-292
    [['public_network_access_enabled'], true], // :294-298
    [['network_acls', '*', 'virtual_network_rules', '*', 'ignore_missing_vnet_service_endpoint'], false], // :244-248
  ],
  azurerm_cognitive_deployment: [
    [['sku', '*', 'capacity'], 1], // rm: cognitive/cognitive_deployment_resource.go:158-163
    [['version_upgrade_option'], 'OnceNewDefaultVersionAvailable'], // :174-177
  ],
  azurerm_storage_account: [
    // rm: storage/storage_account_resource.go at the lines given
    [['account_kind'], 'StorageV2'], // :110-116
    [['cross_tenant_replication_enabled'], false], // :235-239
    [['custom_domain', '*', 'use_subdomain'], false], // :252-256
    [['azure_files_authentication', '*', 'default_share_level_permission'], 'None'], // :225-229
    [['https_traffic_only_enabled'], true], // :292-296
    [['min_tls_version'], 'TLS1_2'], // :322-326, 1333-1340
    [['is_hns_enabled'], false], // :331-336
    [['nfsv3_enabled'], false], // :338-343
    [['allow_nested_items_to_be_public'], true], // :345-349
    [['shared_access_key_enabled'], true], // :351-355
    [['public_network_access_enabled'], true], // :357-361
    [['dns_endpoint_type'], 'Standard'], // :363-372
    [['default_to_oauth_authentication'], false], // :374-378
    [['blob_properties', '*', 'change_feed_enabled'], false], // :458-462
    [['blob_properties', '*', 'container_delete_retention_policy', '*', 'days'], 7], // :476-481
    [['blob_properties', '*', 'delete_retention_policy', '*', 'days'], 7], // :501-506
    [['blob_properties', '*', 'delete_retention_policy', '*', 'permanent_delete_enabled'], false], // :507-511
    [['blob_properties', '*', 'last_access_time_enabled'], false], // :515-519
    [['blob_properties', '*', 'versioning_enabled'], false], // :537-541
    [['routing', '*', 'publish_internet_endpoints'], false], // :553-557
    [['routing', '*', 'publish_microsoft_endpoints'], false], // :559-563
    [['routing', '*', 'choice'], 'MicrosoftRouting'], // :565-570
    [['share_properties', '*', 'retention_policy', '*', 'days'], 7], // :590-595
    [['queue_encryption_key_type'], 'Service'], // :668-674
    [['table_encryption_key_type'], 'Service'], // :676-682
    [['infrastructure_encryption_enabled'], false], // :684-689
    [['sas_policy', '*', 'expiration_action'], 'Log'], // :698-703
    [['sftp_enabled'], false], // :719-723
    [['local_user_enabled'], true], // :731-735
  ],
  azurerm_storage_container: [
    [['container_access_type'], 'private'], // rm: storage/storage_container_resource.go:89-98
    [['encryption_scope_override_enabled'], true], // :108-114
  ],
  ...NETWORK_DEFAULTS,
};

/** Azure's location normalisation (location.Normalize: lower case, no spaces). */
export function normalizeLocation(v: string): string {
  return v.toLowerCase().replace(/ /g, '');
}

/** Attributes built with commonschema.Location() (StateFunc + DiffSuppressFunc: vendor/.../commonschema/location.go:11-20). */
const LOCATION_TYPES = new Set(['azurerm_resource_group', 'azurerm_cognitive_account', 'azurerm_cognitive_account_project', 'azurerm_storage_account', ...NETWORK_LOCATION_TYPES]);
/** DiffSuppressFunc: suppress.CaseDifference (rm: authorization/role_assignment_resource.go:87, :96). */
const CASE_INSENSITIVE: Record<string, string[]> = { azurerm_role_assignment: ['role_definition_id', 'role_definition_name'] };

function setAt(root: Obj, path: readonly PathStep[], value: CtyValue): void {
  let cur: CtyValue = root;
  for (let i = 0; i < path.length - 1; i++) cur = (cur as Obj)[path[i] as string] ?? (cur as unknown as CtyValue[])[path[i] as number];
  const last = path[path.length - 1];
  if (Array.isArray(cur)) cur[last as number] = value;
  else (cur as Obj)[last as string] = value;
}

function clone<T extends CtyValue>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, clone(e)])) as T;
  return v;
}

/**
 * What the SDK does to the planned state of a resource beyond the schema: Defaults for attributes the
 * configuration leaves null, StateFunc normalisation, and DiffSuppressFunc (a suppressed difference
 * keeps the prior value).
 */
export function planModify(type: string, config: CtyValue, prior: CtyValue | undefined, planned: CtyValue): CtyValue {
  if (!isObject(planned) || !isObject(config)) return planned;
  const out = clone(planned);
  for (const [pattern, value] of DEFAULTS[type] ?? []) {
    eachAt(out, pattern, (v, p) => {
      const cfgValue = getPath(config, p);
      if (v === null && (cfgValue === null || cfgValue === undefined)) setAt(out, p, value);
    });
  }
  const pri = prior !== undefined && isObject(prior) ? prior : undefined;
  if (LOCATION_TYPES.has(type) && typeof config.location === 'string') {
    const before = str(pri?.location);
    out.location = before !== undefined && normalizeLocation(before) === normalizeLocation(config.location) ? before : normalizeLocation(config.location);
  }
  for (const attr of CASE_INSENSITIVE[type] ?? []) {
    const before = str(pri?.[attr]);
    const now = str(out[attr]);
    if (before !== undefined && now !== undefined && before.toLowerCase() === now.toLowerCase()) out[attr] = before;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Replacement (ForceNew)

type ReplaceRule = (prior: Obj, planned: Obj) => ValuePath[];

function changed(prior: Obj, planned: Obj, p: ValuePath): boolean {
  return !valuesEqual(getPath(prior, p) ?? null, getPath(planned, p) ?? null);
}

function forceNew(...paths: ValuePath[]): ReplaceRule {
  return (prior, planned) => paths.filter((p) => changed(prior, planned, p));
}

/** ForceNew decided by old and new value (CustomizeDiff / ForceNewIfChange). */
function forceNewIf(path: ValuePath, when: (before: CtyValue, after: CtyValue) => boolean): ReplaceRule {
  return (prior, planned) => {
    const before = getPath(prior, path) ?? null;
    const after = getPath(planned, path) ?? null;
    return !valuesEqual(before, after) && !isUnknown(after) && when(before, after) ? [path] : [];
  };
}

const LOCALLY_REDUNDANT = ['LRS', 'GRS', 'RAGRS'];
const ZONE_REDUNDANT = ['ZRS', 'GZRS', 'RAGZRS'];

const REPLACE_RULES: Record<string, ReplaceRule[]> = {
  azurerm_resource_group: [forceNew(['name'], ['location'])],
  azurerm_cognitive_account: [
    // rm: cognitive/cognitive_account_resource.go:57-72 (name, location, resource_group_name, kind), :176-202 (metrics_advisor_*)
    forceNew(['name'], ['location'], ['resource_group_name'], ['kind'], ['metrics_advisor_aad_client_id'], ['metrics_advisor_aad_tenant_id'], ['metrics_advisor_super_user_name'], ['metrics_advisor_website_name']),
    // :397-404: custom_subdomain_name can be added, not changed once set
    forceNewIf(['custom_subdomain_name'], (before) => before !== null && before !== ''),
    // :376-380: project_management_enabled true -> false
    forceNewIf(['project_management_enabled'], (_b, after) => after !== true),
    // :371-375: removing customer_managed_key while project management is on
    (prior, planned) =>
      planned.project_management_enabled === true && changed(prior, planned, ['customer_managed_key']) && Array.isArray(planned.customer_managed_key) && planned.customer_managed_key.length === 0
        ? [['customer_managed_key']]
        : [],
  ],
  // rm: cognitive/cognitive_deployment_resource.go:63-68, 70-75, 89-101 (model.format/name), 117-156 (sku name/tier/size/family)
  azurerm_cognitive_deployment: [
    forceNew(['name'], ['cognitive_account_id'], ['model', 0, 'format'], ['model', 0, 'name'], ['sku', 0, 'name'], ['sku', 0, 'tier'], ['sku', 0, 'size'], ['sku', 0, 'family']),
  ],
  azurerm_cognitive_account_project: [
    // rm: cognitive/cognitive_account_project_resource.go:79-89 (name, cognitive_account_id), commonschema.Location() (location)
    forceNew(['name'], ['cognitive_account_id'], ['location']),
    // :53-75 (CustomizeDiff): Azure cannot clear description or display_name, so clearing one replaces the project
    forceNewIf(['description'], (before, after) => typeof before === 'string' && before !== '' && (after === null || after === '')),
    forceNewIf(['display_name'], (before, after) => typeof before === 'string' && before !== '' && (after === null || after === '')),
  ],
  // rm: cognitive/cognitive_account_rai_policy_resource.go:50-69 (name, cognitive_account_id, base_policy_name)
  azurerm_cognitive_account_rai_policy: [forceNew(['name'], ['cognitive_account_id'], ['base_policy_name'])],
  // rm: cognitive/cognitive_account_rai_blocklist_resource.go:33-45
  azurerm_cognitive_account_rai_blocklist: [forceNew(['name'], ['cognitive_account_id'])],
  azurerm_role_definition: [forceNew(['role_definition_id'], ['scope'])], // rm: authorization/role_definition_resource.go:50-69
  azurerm_role_assignment: [
    // rm: authorization/role_assignment_resource.go:53-154: every argument is ForceNew except
    // skip_service_principal_aad_check (:118-122), which is updated in place and then fails (no Update).
    forceNew(['name'], ['scope'], ['role_definition_id'], ['role_definition_name'], ['principal_id'], ['principal_type'], ['delegated_managed_identity_resource_id'], ['description'], ['condition'], ['condition_version']),
  ],
  azurerm_storage_account: [
    // rm: storage/storage_account_resource.go:100-123, 290, 331-343, 363-372, 668-689, 124-140, 298-302
    forceNew(['name'], ['resource_group_name'], ['location'], ['account_tier'], ['is_hns_enabled'], ['nfsv3_enabled'], ['edge_zone'], ['infrastructure_encryption_enabled'], ['queue_encryption_key_type'], ['table_encryption_key_type'], ['dns_endpoint_type'], ['provisioned_billing_model_version'], ['immutability_policy']),
    // :1116-1125: replaced unless the old kind is Storage or the new kind is StorageV2
    forceNewIf(['account_kind'], (before, after) => before !== 'Storage' && after !== 'StorageV2'),
    // :1127-1132: large_file_share_enabled true -> false
    forceNewIf(['large_file_share_enabled'], (before, after) => before === true && after !== true),
    // :1178-1183: immutability_policy.0.state once Locked
    forceNewIf(['immutability_policy', 0, 'state'], (before) => before === 'Locked'),
    // :1188-1202: between locally and zone redundant replication
    forceNewIf(['account_replication_type'], (before, after) => {
      const a = String(before ?? '').toUpperCase();
      const b = String(after ?? '').toUpperCase();
      return (LOCALLY_REDUNDANT.includes(a) && ZONE_REDUNDANT.includes(b)) || (ZONE_REDUNDANT.includes(a) && LOCALLY_REDUNDANT.includes(b));
    }),
  ],
  azurerm_storage_container: [
    // rm: storage/storage_container_resource.go: name, :100-114 (default_encryption_scope, encryption_scope_override_enabled)
    forceNew(['name'], ['default_encryption_scope'], ['encryption_scope_override_enabled']),
    // :152-174 (CustomizeDiff): storage_account_id when the container has an ARM ID; storage_account_name for data-plane IDs
    (prior, planned) => {
      const id = str(prior.id) ?? '';
      if (id.startsWith('/subscriptions/')) return changed(prior, planned, ['storage_account_id']) ? [['storage_account_id']] : [];
      if (id !== '' && changed(prior, planned, ['storage_account_name']) && str(planned.storage_account_name)) {
        return str(prior.storage_account_id) || str(prior.storage_account_name) ? [['storage_account_name']] : [];
      }
      return [];
    },
  ],
  ...POLICY_REPLACE_RULES,
  ...NETWORK_REPLACE_RULES,
};

/** The attribute paths whose change makes Azure replace the resource (PlanResourceChange.requires_replace). */
export function replacePaths(type: string, prior: CtyValue, planned: CtyValue): ValuePath[] {
  if (!isObject(prior) || !isObject(planned)) return [];
  return (REPLACE_RULES[type] ?? []).flatMap((r) => r(prior, planned));
}

// ---------------------------------------------------------------------------------------------
// Apply: errors the provider or Azure raise during apply

/** Errors of ApplyResourceChange for an update or create, before anything is written to Azure. */
export function applyErrors(type: string, prior: CtyValue, planned: CtyValue): OfflineDiagnostic[] {
  if (!isObject(planned)) return [];
  const network = networkApplyErrors(type, planned);
  if (network.length > 0) return network;
  if (type === 'azurerm_role_assignment') {
    // sdk: schema/resource.go:982-987: the resource has no Update (rm: role_assignment_resource.go:35-39).
    if (isObject(prior)) return [{ severity: 'error', summary: "doesn't support update" }];
    // rm: role_assignment_resource.go:253-254
    if (!str(planned.condition) && str(planned.condition_version)) return [{ severity: 'error', summary: '`condition_version` should not be set without `condition`' }];
    // Azure (no provider validation, :100-104): the principal ID must be a GUID.
    const pid = str(planned.principal_id);
    if (pid !== undefined && !UUID_PATTERN.test(pid)) {
      return [{ severity: 'error', summary: `unexpected status 400 (400 Bad Request) with error: InvalidPrincipalId: The Principal ID '${pid}' is not valid. Principal ID must be a GUID.` }];
    }
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Values Azure returns

/** The name of a built-in role by GUID, if it is one this project knows. */
export function builtInRoleName(guid: string): string | undefined {
  return BuiltInRole.byGuid(guid)?.roleName;
}

function rgId(ctx: ProviderContext, rg: CtyValue | undefined): string {
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${str(rg) ?? 'unknown'}`;
}

/**
 * A role definition's resource ID as Azure returns it: custom roles created at a subscription or
 * resource group (or resource) scope come back at the subscription level, management group roles at
 * the management group (audit row 25; rm: authorization/role_definition_resource.go:257-260).
 */
export function azureRoleDefinitionId(scopeOrId: string, guid: string): string {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scopeOrId);
  if (sub) return `/subscriptions/${sub[1]}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)/i.exec(scopeOrId);
  if (mg) return `/providers/Microsoft.Management/managementGroups/${mg[1]}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  return `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

/** A role definition ID (any scope form) as Azure stores it on a role assignment. */
export function normalizeRoleDefinitionId(id: string): string {
  const m = /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(id);
  return m ? azureRoleDefinitionId(m[1], m[2]) : id;
}

/** Attribute names that hold Entra object IDs and similar GUIDs. */
function looksLikeGuidAttr(name: string): boolean {
  return /(^|_)(object_id|principal_id|tenant_id|client_id|application_id|subscription_id)$/.test(name) || name === 'object_id';
}

/** Lookups the apply picker needs from the fake directory and the Azure store. */
export interface AzureLookups {
  /** The principal type of an object ID in the fake directory. */
  readonly principalType?: (objectId: string) => 'User' | 'Group' | 'ServicePrincipal' | undefined;
  /** The name of a custom role definition by GUID. */
  readonly roleName?: (guid: string) => string | undefined;
}

/** A picker for the values an applied resource gets (only unknown attributes are filled). */
export function applyPicker(type: string, state: Obj, ctx: ProviderContext, lookups: AzureLookups = {}): ValuePicker {
  const s = (k: string) => str(state[k]);
  const specific = (path: ValuePath, name: string): CtyValue | undefined => {
    const top = path.length === 1;
    switch (type) {
      case 'azurerm_resource_group':
        if (top && name === 'id') return rgId(ctx, state.name);
        break;
      case 'azurerm_cognitive_account': {
        const id = `${rgId(ctx, state.resource_group_name)}/providers/Microsoft.CognitiveServices/accounts/${s('name')}`;
        if (top && name === 'id') return id;
        if (top && name === 'endpoint') {
          const sub = s('custom_subdomain_name');
          return sub ? accountEndpoint(sub) : `https://${normalizeLocation(s('location') ?? 'westeurope')}.api.cognitive.microsoft.com/`;
        }
        if (top && (name === 'primary_access_key' || name === 'secondary_access_key')) return state.local_auth_enabled === false ? '' : fakeHex(32, id, name);
        if (path[0] === 'identity' && name === 'principal_id') return fakeUuid('principal', id);
        break;
      }
      case 'azurerm_cognitive_deployment':
        if (top && name === 'id') return `${s('cognitive_account_id')}/deployments/${s('name')}`;
        break;
      case 'azurerm_cognitive_account_project': {
        // rm: cognitive_account_project_resource.go:138 (NewProjectID: <account ID>/projects/<name>)
        const id = `${s('cognitive_account_id')}/projects/${s('name')}`;
        if (top && name === 'id') return id;
        if (top && name === 'default') return false;
        // The endpoints map Azure returns is not modelled offline (its host is the account's subdomain, another resource).
        if (top && name === 'endpoints') return {};
        if (path[0] === 'identity' && name === 'principal_id') return fakeUuid('principal', id);
        break;
      }
      case 'azurerm_cognitive_account_rai_policy':
        if (top && name === 'id') return `${s('cognitive_account_id')}/raiPolicies/${s('name')}`;
        break;
      case 'azurerm_cognitive_account_rai_blocklist':
        if (top && name === 'id') return `${s('cognitive_account_id')}/raiBlocklists/${s('name')}`;
        break;
      case 'azurerm_role_definition': {
        const guid = s('role_definition_id') ?? fakeUuid('role-definition', state.scope, state.name);
        const resourceId = azureRoleDefinitionId(s('scope') ?? '', guid);
        if (top && name === 'role_definition_id') return guid;
        // rm: authorization/parse/role_definition.go:21-23: `<resource ID>|<scope>`
        if (top && name === 'id') return `${resourceId}|${s('scope')}`;
        if (top && name === 'role_definition_resource_id') return resourceId;
        // rm: role_definition_resource.go:502-512: no assignable_scopes means [scope]
        if (top && name === 'assignable_scopes') return [s('scope') ?? ''];
        break;
      }
      case 'azurerm_role_assignment': {
        const roleName = s('role_definition_name');
        const builtIn = roleName ? BuiltInRole.byName(roleName) : undefined;
        const roleId = s('role_definition_id') ?? (builtIn ? builtIn.roleDefinitionIdIn(ctx.subscriptionId) : `/subscriptions/${ctx.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${fakeUuid('role', roleName)}`);
        const assignmentName = s('name') ?? fakeUuid('assignment', state.scope, roleId, state.principal_id);
        if (top && name === 'name') return assignmentName;
        if (top && name === 'id') return `${s('scope')}/providers/Microsoft.Authorization/roleAssignments/${assignmentName}`;
        if (top && name === 'role_definition_id') return normalizeRoleDefinitionId(roleId);
        if (top && name === 'role_definition_name') {
          const guid = lastArmIdSegment(roleId);
          return builtInRoleName(guid) ?? lookups.roleName?.(guid) ?? `Custom role ${guid}`;
        }
        if (top && name === 'principal_type') return (s('principal_id') && lookups.principalType?.(s('principal_id')!)) ?? (state.skip_service_principal_aad_check === true ? 'ServicePrincipal' : 'User');
        // rm: role_assignment_resource.go:250-252: a condition without a version gets 2.0
        if (top && name === 'condition_version') return state.condition ? '2.0' : null;
        if (top && name === 'skip_service_principal_aad_check') return false;
        break;
      }
      case 'azurerm_storage_account': {
        const id = `${rgId(ctx, state.resource_group_name)}/providers/Microsoft.Storage/storageAccounts/${s('name')}`;
        if (top && name === 'id') return id;
        const ep = /^(primary|secondary)_(blob|dfs|file|queue|table|web)(_internet|_microsoft)?_(endpoint|host)$/.exec(name);
        if (top && ep) {
          const host = `${s('name')}${ep[1] === 'secondary' ? '-secondary' : ''}.${ep[2] === 'web' ? 'z6.web' : ep[2]}.core.windows.net`;
          return ep[4] === 'host' ? host : `https://${host}/`;
        }
        if (top && /(_access_key|_connection_string)$/.test(name)) return state.shared_access_key_enabled === false ? '' : fakeHex(44, id, name);
        if (top && name === 'primary_location') return normalizeLocation(s('location') ?? '');
        if (top && name === 'access_tier') return ['BlobStorage', 'FileStorage', 'StorageV2'].includes(s('account_kind') ?? 'StorageV2') ? 'Hot' : '';
        if (top && name === 'large_file_share_enabled') return false;
        if (path[0] === 'identity' && name === 'principal_id') return fakeUuid('principal', id);
        break;
      }
      case 'azurerm_storage_container': {
        const accountId = s('storage_account_id');
        const rmId = accountId ? `${accountId}/blobServices/default/containers/${s('name')}` : '';
        if (top && name === 'resource_manager_id') return rmId;
        if (top && name === 'id') return accountId ? rmId : `https://${s('storage_account_name')}.blob.core.windows.net/${s('name')}`;
        if (top && name === 'default_encryption_scope') return '$account-encryption-key';
        break;
      }
      default:
        return policyApplyValue(type, path, name, state, ctx) ?? networkApplyValue(type, path, name, state, ctx);
    }
    return undefined;
  };
  return (path, name, t) => {
    const v = specific(path, name);
    if (v !== undefined) return v;
    if (name === 'tenant_id') return ctx.tenantId;
    if (name === 'id' && path.length === 1) {
      const rn = s('name');
      return s('resource_group_name') && rn
        ? `${rgId(ctx, state.resource_group_name)}/providers/Microsoft.Offline/${type}/${rn}`
        : `/subscriptions/${ctx.subscriptionId}/providers/Microsoft.Offline/${type}/${fakeUuid(type, state)}`;
    }
    if (t === 'string' && looksLikeGuidAttr(name)) return fakeUuid(type, path, state);
    return undefined;
  };
}

/** Azure's default model version for a model name when a deployment gives none (deterministic offline). */
export function defaultModelVersion(model: string): string {
  const known: Record<string, string> = { 'gpt-4o-mini': '2024-07-18', 'gpt-4o': '2024-11-20', 'Phi-4': '7' };
  if (known[model]) return known[model];
  const h = parseInt(fakeHex(6, 'model-version', model), 16);
  return `2025-${String((h % 12) + 1).padStart(2, '0')}-${String((Math.floor(h / 12) % 28) + 1).padStart(2, '0')}`;
}

/** The RAI policy Azure applies to a deployment created without one. */
export const DEFAULT_RAI_POLICY = 'Microsoft.DefaultV2';

/**
 * What Azure stores for a resource that was just written: the values it fills in or normalises, as the
 * provider's Read (run after every Create/Update) puts them into state.
 */
export function azureStores(type: string, state: Obj): Obj {
  const out = clone(state);
  if (LOCATION_TYPES.has(type) && typeof out.location === 'string') out.location = normalizeLocation(out.location);
  switch (type) {
    case 'azurerm_cognitive_deployment':
      // rm: cognitive_deployment_resource.go:341: Read sets rai_policy_name from Azure, which applies its default.
      if (!str(out.rai_policy_name)) out.rai_policy_name = DEFAULT_RAI_POLICY;
      eachAt(out, ['model', '*'], (m) => {
        if (isObject(m) && !str(m.version) && str(m.name)) m.version = defaultModelVersion(str(m.name)!);
      });
      break;
    case 'azurerm_role_assignment':
      // rm: role_assignment_resource.go:310: role_definition_id as Azure returns it.
      if (str(out.role_definition_id)) out.role_definition_id = normalizeRoleDefinitionId(str(out.role_definition_id)!);
      break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Data sources

/** An object found in the fake directory for a data source lookup. */
export interface DirectoryEntry {
  readonly objectId: string;
  readonly [attribute: string]: string | boolean | undefined;
}

/** A picker for the computed attributes of a data source (deterministic in its arguments). */
export function dataPicker(type: string, config: Obj, ctx: ProviderContext, found?: DirectoryEntry): ValuePicker {
  const c = (k: string) => str(config[k]);
  // The arguments that identify the looked-up object: same arguments, same object. Graph's `eq` filters of the azuread
  // look-ups compare case-insensitively (ad: users/user_data_source.go:333-351, groups/group_data_source.go:289-320,
  // serviceprincipals/service_principal_data_source.go:308-332 at v3.7.0), so `Alice@Contoso.com` is alice@contoso.com.
  const caseless = type.startsWith('azuread_');
  const args = Object.fromEntries(Object.entries(config).filter(([k, v]) => v !== null && k !== 'timeouts').map(([k, v]) => [k, caseless && typeof v === 'string' ? v.toLowerCase() : v]));
  const oid = found?.objectId ?? c('object_id') ?? fakeUuid(type, args);
  const f = (k: string) => (found && typeof found[k] === 'string' ? (found[k] as string) : undefined);
  const specific = (name: string): CtyValue | undefined => {
    switch (type) {
      case 'azurerm_client_config':
      case 'azuread_client_config':
        if (name === 'client_id') return ctx.clientId;
        if (name === 'object_id') return ctx.objectId;
        if (name === 'subscription_id') return ctx.subscriptionId;
        if (name === 'id') {
          return type === 'azuread_client_config'
            ? `${ctx.tenantId}-${ctx.clientId}-${ctx.objectId}`
            : Buffer.from(`clientConfigs/clientId=${ctx.clientId};objectId=${ctx.objectId};subscriptionId=${ctx.subscriptionId};tenantId=${ctx.tenantId}`).toString('base64');
        }
        break;
      case 'azurerm_subscription': {
        const sub = c('subscription_id') ?? ctx.subscriptionId;
        if (name === 'subscription_id') return sub;
        if (name === 'id') return `/subscriptions/${sub}`;
        if (name === 'display_name') return `Offline subscription ${sub.slice(0, 8)}`;
        if (name === 'state') return 'Enabled';
        break;
      }
      case 'azurerm_resource_group':
        if (name === 'id') return rgId(ctx, config.name);
        if (name === 'location') return f('location') ?? 'westeurope';
        break;
      case 'azurerm_cognitive_account':
        // An existing account as this project expects it: AI Services, keys off, custom subdomain = name.
        if (name === 'id') return `${rgId(ctx, config.resource_group_name)}/providers/Microsoft.CognitiveServices/accounts/${c('name')}`;
        if (name === 'kind') return 'AIServices';
        if (name === 'local_auth_enabled') return false;
        if (name === 'endpoint') return accountEndpoint(String(c('name')));
        if (name === 'sku_name') return 'S0';
        break;
      case 'azuread_user':
        if (name === 'object_id' || name === 'id') return oid;
        if (name === 'user_principal_name') return f('userPrincipalName') ?? `user-${oid.slice(0, 8)}@offline.example`;
        if (name === 'mail') return f('mail') ?? c('mail') ?? c('user_principal_name') ?? `user-${oid.slice(0, 8)}@offline.example`;
        if (name === 'mail_nickname') return f('mailNickname') ?? c('mail_nickname') ?? `user-${oid.slice(0, 8)}`;
        if (name === 'employee_id') return f('employeeId') ?? c('employee_id') ?? '';
        if (name === 'display_name') return f('displayName') ?? `Offline user ${oid.slice(0, 8)}`;
        if (name === 'account_enabled') return true;
        if (name === 'user_type') return 'Member';
        break;
      case 'azuread_group':
        if (name === 'object_id') return oid;
        if (name === 'id') return `/groups/${oid}`;
        if (name === 'display_name') return f('displayName') ?? c('display_name') ?? `Offline group ${oid.slice(0, 8)}`;
        if (name === 'mail_nickname') return f('mailNickname') ?? c('mail_nickname') ?? `group-${oid.slice(0, 8)}`;
        if (name === 'security_enabled') return true;
        if (name === 'mail_enabled') return false;
        break;
      case 'azuread_service_principal':
        if (name === 'object_id') return oid;
        if (name === 'id') return `/servicePrincipals/${oid}`;
        if (name === 'client_id') return f('clientId') ?? c('client_id') ?? fakeUuid('client', oid);
        if (name === 'display_name') return f('displayName') ?? c('display_name') ?? `Offline service principal ${oid.slice(0, 8)}`;
        if (name === 'account_enabled') return true;
        // A managed identity's service principal lists its resource's ID among its alternative names.
        if (name === 'type') return f('resourceId') ? 'ManagedIdentity' : 'Application';
        if (name === 'alternative_names') return f('resourceId') ? ['isExplicit=False', f('resourceId')!] : [];
        break;
      case 'azurerm_user_assigned_identity':
        // rm: user_assigned_identity_data_source.go:66-82: the ID in the provider's subscription.
        if (name === 'id') return `${rgId(ctx, config.resource_group_name)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${c('name')}`;
        if (name === 'principal_id') return oid;
        if (name === 'client_id') return f('clientId') ?? fakeUuid('client', oid);
        if (name === 'location') return f('location') ?? 'westeurope';
        break;
    }
    return undefined;
  };
  return (path, name, t: CtyType) => {
    if (path.length === 1) {
      const v = specific(name);
      if (v !== undefined) return v;
    }
    if (name === 'tenant_id') return ctx.tenantId;
    if (name === 'id' && path.length === 1) return fakeUuid(type, args);
    if (t === 'string' && looksLikeGuidAttr(name)) return fakeUuid(type, args, path);
    if (t === 'string') return `offline-${name.replace(/_/g, '-')}`;
    return undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// Reads whose outcome depends on who calls: the offline caller holds one built-in role (OFFLINE_CALLER_ROLE, default Owner).

/** The built-in role the offline caller holds on everything (OFFLINE_CALLER_ROLE: a display name of the table). */
export function callerRole(env: NodeJS.ProcessEnv): BuiltInRole {
  const name = env.OFFLINE_CALLER_ROLE || 'Owner';
  const role = BuiltInRole.byName(name);
  if (!role?.permissions) throw new Error(`OFFLINE_CALLER_ROLE ${JSON.stringify(name)}: expected a built-in role with known permissions, e.g. Owner, Contributor or Reader`);
  return role;
}

/**
 * The keys the `azurerm_cognitive_account` data source writes into its state, or the error it fails with.
 * rm: cognitive/cognitive_account_data_source.go:113-128 (v4.55.0): whenever local auth is on, Read calls
 * AccountsListKeys and sets primary_access_key / secondary_access_key; a caller without listKeys/action gets ARM's 403.
 */
export function accountDataSourceKeys(account: { id: string; localAuthEnabled: boolean }, ctx: ProviderContext, env: NodeJS.ProcessEnv): { keys?: { primary: string; secondary: string }; error?: string } {
  if (!account.localAuthEnabled) return {};
  const role = callerRole(env);
  if (missingActions(role.permissions!, [LIST_KEYS_ACTION]).length > 0) {
    const p = parseArmId(account.id);
    return {
      error: `listing the Keys for Account (Subscription: ${JSON.stringify(p?.subscriptionId)}\nResource Group Name: ${JSON.stringify(p?.resourceGroup)}\nAccount Name: ${JSON.stringify(p?.resources[0]?.name)}): ` +
        `unexpected status 403 (403 Forbidden) with error: AuthorizationFailed: The client '${ctx.clientId}' with object id '${ctx.objectId}' does not have authorization to perform action ` +
        `'${LIST_KEYS_ACTION}' over scope '${account.id}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    };
  }
  return { keys: { primary: fakeHex(32, account.id, 'key1'), secondary: fakeHex(32, account.id, 'key2') } };
}

/** One element of `azurerm_resources.resources`. */
export interface ListedResource { id: string; name: string; resource_group_name: string; type: string; location: string; tags: Record<string, string> }

/**
 * `azurerm_resources`: ARM's generic resource list, filtered by name and type (and the group), with tags matched
 * client-side. rm: resource/resources_data_source.go:79-140 (at least one of name, resource_group_name, type;
 * ListByResourceGroup or List with `name eq` / `resourceType eq`) and :144-215 (id, name, resource_group_name, type,
 * location, tags: no kind, no properties).
 */
export function listResources(objects: readonly { id: string; attributes: Record<string, unknown> }[], config: Obj, ctx: ProviderContext): { resources?: ListedResource[]; error?: string } {
  const c = (k: string) => (typeof config[k] === 'string' ? (config[k] as string) : '');
  if (!c('resource_group_name') && !c('name') && !c('type')) return { error: 'at least one of `name`, `resource_group_name` or `type` must be specified' };
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const required = isObject(config.required_tags) ? (config.required_tags as Record<string, unknown>) : {};
  const out: ListedResource[] = [];
  for (const o of objects) {
    const p = parseArmId(o.id);
    // Top-level resources of the provider's subscription only: the generic list does not return child resources.
    if (!p || p.resources.length !== 1 || !p.resourceGroup || !same(p.subscriptionId ?? '', ctx.subscriptionId)) continue;
    const { type, name } = p.resources[0];
    if ((c('resource_group_name') && !same(p.resourceGroup, c('resource_group_name'))) || (c('name') && !same(name, c('name'))) || (c('type') && !same(type, c('type')))) continue;
    const tags = isObject(o.attributes.tags as CtyValue) ? (o.attributes.tags as Record<string, string>) : {};
    if (!Object.entries(required).every(([k, v]) => tags[k] === v)) continue;
    out.push({ id: o.id, name, resource_group_name: p.resourceGroup, type, location: normalizeLocation(String(o.attributes.location ?? '')), tags });
  }
  // Like the account data source offline: an account named exactly that is assumed to exist when "Azure" holds no account
  // of that name (no seeded export, nothing applied), so example stacks plan; a seeded or applied store answers as it is.
  // Only the account itself counts: child resources and grants at its scope (IDs that end in its name after a `|`) do not.
  const account = c('name') && c('resource_group_name') && same(c('type'), 'Microsoft.CognitiveServices/accounts');
  const isAccountNamed = (id: string) => {
    const p = parseArmId(id);
    return !!p && p.resources.length === 1 && same(p.resources[0].type, 'Microsoft.CognitiveServices/accounts') && same(p.resources[0].name, c('name'));
  };
  if (out.length === 0 && account && Object.keys(required).length === 0 && !objects.some((o) => isAccountNamed(o.id))) {
    const id = `${rgId(ctx, config.resource_group_name)}/providers/Microsoft.CognitiveServices/accounts/${c('name')}`;
    out.push({ id, name: c('name'), resource_group_name: c('resource_group_name'), type: 'Microsoft.CognitiveServices/accounts', location: 'westeurope', tags: {} });
  }
  return { resources: out };
}
