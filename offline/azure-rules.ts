import { BuiltInRole } from '../constructs/built-in-role';
import { CtyType, CtyValue, isObject, isUnknown, valuesEqual } from './cty';
import { fakeHex, fakeUuid, UUID_PATTERN } from './fake-ids';
import { getPath, OfflineDiagnostic, ValuePath, ValuePicker } from './planner';
import { policyApplyValue, POLICY_REPLACE_RULES, POLICY_RESOURCE_CHECKS } from './azure-rules-policy';

/**
 * Behaviour of the real azurerm / azuread providers that their schemas do not carry: validation
 * functions, ForceNew arguments, the shape of the IDs Azure returns, and data source look-ups.
 * Only the resource types this project uses are modelled in detail; every other type gets the
 * schema-driven defaults.
 */

/** What the provider configuration resolved to (ConfigureProvider). */
export interface ProviderContext {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly objectId: string;
}

type Obj = { [k: string]: CtyValue };

function str(v: CtyValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The context the provider runs with after ConfigureProvider; env plays the role of the ARM_* variables. */
export function configureProvider(provider: string, config: CtyValue, env: NodeJS.ProcessEnv): { ctx?: ProviderContext; diagnostics: OfflineDiagnostic[] } {
  const c = isObject(config) ? config : {};
  const tenantId = str(c.tenant_id) || env.ARM_TENANT_ID || fakeUuid('tenant');
  const clientId = str(c.client_id) || env.ARM_CLIENT_ID || fakeUuid('client', tenantId);
  const objectId = fakeUuid('object', tenantId, clientId);
  if (provider === 'azurerm') {
    const subscriptionId = str(c.subscription_id) || env.ARM_SUBSCRIPTION_ID;
    if (!subscriptionId) {
      // The provider's own message when neither the argument nor ARM_SUBSCRIPTION_ID is set.
      return {
        diagnostics: [
          {
            severity: 'error',
            summary: '`subscription_id` is a required provider property when performing a plan/apply operation',
            path: ['subscription_id'],
          },
        ],
      };
    }
    if (!UUID_PATTERN.test(subscriptionId)) {
      return { diagnostics: [{ severity: 'error', summary: `expected "subscription_id" to be a valid UUID, got ${subscriptionId}`, path: ['subscription_id'] }] };
    }
    return { ctx: { subscriptionId, tenantId, clientId, objectId }, diagnostics: [] };
  }
  return { ctx: { subscriptionId: env.ARM_SUBSCRIPTION_ID ?? fakeUuid('subscription'), tenantId, clientId, objectId }, diagnostics: [] };
}

// ---------------------------------------------------------------------------------------------
// Validation (the provider's ValidateFunc / ConflictsWith / RequiredWith checks)

type Check = (cfg: Obj, diags: OfflineDiagnostic[]) => void;

function known(v: CtyValue | undefined): v is string | number | boolean {
  return v !== undefined && v !== null && !isUnknown(v) && typeof v !== 'object';
}

function oneOf(attr: string, values: readonly string[], path?: ValuePath): Check {
  return (cfg, diags) => {
    const p = path ?? [attr];
    const v = getPath(cfg, p);
    if (known(v) && !values.includes(String(v))) {
      diags.push({ severity: 'error', summary: `expected ${attr} to be one of ${JSON.stringify(values)}, got ${v}`, path: p });
    }
  };
}

function matches(attr: string, re: RegExp, rule: string, path?: ValuePath): Check {
  return (cfg, diags) => {
    const p = path ?? [attr];
    const v = getPath(cfg, p);
    if (known(v) && !re.test(String(v))) {
      diags.push({ severity: 'error', summary: `invalid value for ${attr} (${rule}), got ${JSON.stringify(v)}`, path: p });
    }
  };
}

function uuid(attr: string): Check {
  return (cfg, diags) => {
    const v = cfg[attr];
    if (known(v) && !UUID_PATTERN.test(String(v))) diags.push({ severity: 'error', summary: `expected "${attr}" to be a valid UUID, got ${v}`, path: [attr] });
  };
}

function notEmpty(attr: string): Check {
  return (cfg, diags) => {
    const v = cfg[attr];
    if (v === '') diags.push({ severity: 'error', summary: `expected "${attr}" to not be an empty string, got ${JSON.stringify(v)}`, path: [attr] });
  };
}

function requiredWith(attr: string, other: string): Check {
  return (cfg, diags) => {
    if ((cfg[attr] ?? null) !== null && (cfg[other] ?? null) === null) {
      diags.push({ severity: 'error', summary: 'Missing required argument', detail: `"${attr}": all of \`${attr},${other}\` must be specified`, path: [attr] });
    }
  };
}

function conflicts(attr: string, other: string): Check {
  return (cfg, diags) => {
    if ((cfg[attr] ?? null) !== null && (cfg[other] ?? null) !== null) {
      diags.push({ severity: 'error', summary: 'Conflicting configuration arguments', detail: `"${attr}": conflicts with ${other}`, path: [attr] });
    }
  };
}

function eachBlock(block: string, checks: ((elem: Obj, index: number, diags: OfflineDiagnostic[]) => void)[]): Check {
  return (cfg, diags) => {
    const v = cfg[block];
    if (!Array.isArray(v)) return;
    v.forEach((e, i) => {
      if (isObject(e)) for (const c of checks) c(e, i, diags);
    });
  };
}

const COGNITIVE_KINDS = [
  'Academic', 'AIServices', 'AnomalyDetector', 'Bing.Autosuggest', 'Bing.Autosuggest.v7', 'Bing.CustomSearch', 'Bing.Search', 'Bing.Search.v7',
  'Bing.Speech', 'Bing.SpellCheck', 'Bing.SpellCheck.v7', 'CognitiveServices', 'ComputerVision', 'ContentModerator', 'ContentSafety',
  'CustomSpeech', 'CustomVision.Prediction', 'CustomVision.Training', 'Emotion', 'Face', 'FormRecognizer', 'ImmersiveReader', 'LUIS',
  'LUIS.Authoring', 'MetricsAdvisor', 'OpenAI', 'Personalizer', 'QnAMaker', 'Recommendations', 'SpeakerRecognition', 'Speech',
  'SpeechServices', 'SpeechTranslation', 'TextAnalytics', 'TextTranslation', 'WebLM',
];
const COGNITIVE_SKUS = ['C2', 'C3', 'C4', 'D3', 'DC0', 'E0', 'F0', 'F1', 'P0', 'P1', 'P2', 'S', 'S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6'];
const DEPLOYMENT_SKUS = ['Standard', 'DataZoneBatch', 'DataZoneStandard', 'DataZoneProvisionedManaged', 'GlobalBatch', 'GlobalProvisionedManaged', 'GlobalStandard', 'ProvisionedManaged', 'DeveloperTier'];
const IDENTITY_TYPES = ['SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'];
/** Account names and subdomains: 2-64 characters, letters, digits, hyphens; start and end with a letter or digit. */
const DNS_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,62}[a-zA-Z0-9])$/;
const ACCOUNT_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+$/i;

const RESOURCE_CHECKS: Record<string, Check[]> = {
  azurerm_resource_group: [
    matches('name', /^[-\w._()]{1,89}[-\w_()]$|^[-\w_()]$/, '1-90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period'),
  ],
  azurerm_cognitive_account: [
    matches('name', /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$/, '2-64 characters: letters, digits, periods, underscores and hyphens, starting with a letter or digit'),
    matches('custom_subdomain_name', DNS_LABEL, 'a DNS label: 2-64 letters, digits and hyphens, starting and ending with a letter or digit'),
    oneOf('kind', COGNITIVE_KINDS),
    oneOf('sku_name', COGNITIVE_SKUS),
    eachBlock('identity', [
      (e, i, d) => oneOf('type', IDENTITY_TYPES, ['identity', i, 'type'])({ identity: arrAt(i, e) }, d),
    ]),
    eachBlock('network_acls', [
      (e, i, d) => oneOf('default_action', ['Allow', 'Deny'], ['network_acls', i, 'default_action'])({ network_acls: arrAt(i, e) }, d),
      (e, i, d) => oneOf('bypass', ['AzureServices', 'None'], ['network_acls', i, 'bypass'])({ network_acls: arrAt(i, e) }, d),
    ]),
    (cfg, diags) => {
      if (cfg.project_management_enabled === true) {
        if (known(cfg.kind) && cfg.kind !== 'AIServices') {
          diags.push({ severity: 'error', summary: '`project_management_enabled` can only be set when `kind` is `AIServices`', path: ['project_management_enabled'] });
        }
        if (Array.isArray(cfg.identity) && cfg.identity.length === 0) {
          diags.push({ severity: 'error', summary: '`identity` must be specified when `project_management_enabled` is set to `true`', path: ['project_management_enabled'] });
        }
      }
    },
  ],
  azurerm_cognitive_deployment: [
    notEmpty('name'),
    matches('cognitive_account_id', ACCOUNT_ID, 'a Cognitive Services account ID: /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.CognitiveServices/accounts/<name>'),
    oneOf('version_upgrade_option', ['OnceNewDefaultVersionAvailable', 'OnceCurrentVersionExpired', 'NoAutoUpgrade']),
    eachBlock('sku', [(e, i, d) => oneOf('name', DEPLOYMENT_SKUS, ['sku', i, 'name'])({ sku: arrAt(i, e) }, d)]),
  ],
  azurerm_role_definition: [notEmpty('name'), notEmpty('scope'), uuid('role_definition_id')],
  azurerm_role_assignment: [
    notEmpty('scope'),
    uuid('name'),
    uuid('principal_id'),
    oneOf('principal_type', ['User', 'Group', 'ServicePrincipal']),
    oneOf('condition_version', ['1.0', '2.0']),
    requiredWith('condition_version', 'condition'),
    conflicts('role_definition_id', 'role_definition_name'),
    notEmpty('role_definition_id'),
    notEmpty('role_definition_name'),
  ],
  azurerm_storage_account: [
    matches('name', /^[a-z0-9]{3,24}$/, 'only lowercase letters and numbers, 3-24 characters'),
    oneOf('account_tier', ['Standard', 'Premium']),
    oneOf('account_replication_type', ['LRS', 'ZRS', 'GRS', 'RAGRS', 'GZRS', 'RAGZRS']),
    oneOf('account_kind', ['BlobStorage', 'BlockBlobStorage', 'FileStorage', 'Storage', 'StorageV2']),
    oneOf('access_tier', ['Hot', 'Cool', 'Cold', 'Premium']),
    oneOf('min_tls_version', ['TLS1_0', 'TLS1_1', 'TLS1_2', 'TLS1_3']),
  ],
  azurerm_storage_container: [
    matches('name', /^\$root$|^\$web$|^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, '3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit'),
    oneOf('container_access_type', ['private', 'blob', 'container']),
    conflicts('storage_account_id', 'storage_account_name'),
  ],
  ...POLICY_RESOURCE_CHECKS,
};

function arrAt(i: number, e: Obj): CtyValue {
  const a: CtyValue[] = [];
  a[i] = e;
  return a;
}

const DATA_CHECKS: Record<string, Check[]> = {
  azuread_user: [
    (cfg, diags) => {
      const keys = ['user_principal_name', 'object_id', 'mail', 'mail_nickname', 'employee_id'];
      if (keys.every((k) => (cfg[k] ?? null) === null)) {
        diags.push({ severity: 'error', summary: 'Invalid combination of arguments', detail: `"${keys[0]}": one of \`${keys.join(',')}\` must be specified` });
      }
    },
  ],
  azuread_group: [
    (cfg, diags) => {
      if ((cfg.display_name ?? null) === null && (cfg.object_id ?? null) === null && (cfg.mail_nickname ?? null) === null) {
        diags.push({ severity: 'error', summary: 'Invalid combination of arguments', detail: '"display_name": one of `display_name,mail_nickname,object_id` must be specified' });
      }
    },
  ],
  azuread_service_principal: [
    (cfg, diags) => {
      if ((cfg.display_name ?? null) === null && (cfg.object_id ?? null) === null && (cfg.client_id ?? null) === null) {
        diags.push({ severity: 'error', summary: 'Invalid combination of arguments', detail: '"client_id": one of `client_id,display_name,object_id` must be specified' });
      }
    },
  ],
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
// Replacement (ForceNew)

type ReplaceRule = (prior: Obj, planned: Obj) => ValuePath[];

function forceNew(...paths: ValuePath[]): ReplaceRule {
  return (prior, planned) => paths.filter((p) => !valuesEqual(getPath(prior, p) ?? null, getPath(planned, p) ?? null));
}

/** Changed, and the prior value was set: `custom_subdomain_name` can be added later but not changed. */
function forceNewOnceSet(path: ValuePath): ReplaceRule {
  return (prior, planned) => {
    const before = getPath(prior, path) ?? null;
    return before !== null && before !== '' && !valuesEqual(before, getPath(planned, path) ?? null) ? [path] : [];
  };
}

const ROLE_ASSIGNMENT_ARGS = [
  'name', 'scope', 'role_definition_id', 'role_definition_name', 'principal_id', 'principal_type', 'condition', 'condition_version',
  'description', 'skip_service_principal_aad_check', 'delegated_managed_identity_resource_id',
];

const REPLACE_RULES: Record<string, ReplaceRule[]> = {
  azurerm_resource_group: [forceNew(['name'], ['location'])],
  azurerm_cognitive_account: [
    forceNew(['name'], ['location'], ['resource_group_name'], ['kind'], ['metrics_advisor_aad_client_id'], ['metrics_advisor_aad_tenant_id'], ['metrics_advisor_super_user_name'], ['metrics_advisor_website_name']),
    forceNewOnceSet(['custom_subdomain_name']),
  ],
  azurerm_cognitive_deployment: [forceNew(['name'], ['cognitive_account_id'], ['model', 0, 'format'], ['model', 0, 'name'])],
  azurerm_role_definition: [forceNew(['role_definition_id'], ['scope'])],
  azurerm_role_assignment: [
    (prior, planned) =>
      ROLE_ASSIGNMENT_ARGS.map((a) => [a]).filter((p) => {
        const after = getPath(planned, p) ?? null;
        // Computed arguments left out of config keep their prior value: not a change.
        return !valuesEqual(getPath(prior, p) ?? null, after);
      }),
  ],
  azurerm_storage_account: [
    forceNew(['name'], ['resource_group_name'], ['location'], ['account_tier'], ['is_hns_enabled'], ['nfsv3_enabled'], ['edge_zone'], ['infrastructure_encryption_enabled'], ['queue_encryption_key_type'], ['table_encryption_key_type'], ['dns_endpoint_type']),
    (prior, planned) => {
      // Storage -> StorageV2 is an in-place upgrade; every other kind change replaces the account.
      const a = prior.account_kind ?? null;
      const b = planned.account_kind ?? null;
      return valuesEqual(a, b) || (a === 'Storage' && b === 'StorageV2') ? [] : [['account_kind']];
    },
  ],
  azurerm_storage_container: [forceNew(['name'], ['storage_account_id'], ['storage_account_name'])],
  ...POLICY_REPLACE_RULES,
};

/** The attribute paths whose change makes Azure replace the resource (PlanResourceChange.requires_replace). */
export function replacePaths(type: string, prior: CtyValue, planned: CtyValue): ValuePath[] {
  if (!isObject(prior) || !isObject(planned)) return [];
  return (REPLACE_RULES[type] ?? []).flatMap((r) => r(prior, planned));
}

// ---------------------------------------------------------------------------------------------
// Values Azure returns after apply

const BUILT_IN_ROLES: Record<string, string> = Object.fromEntries(BuiltInRole.all().map((r) => [r.roleName, r.guid]));

function rgId(ctx: ProviderContext, rg: CtyValue | undefined): string {
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${str(rg) ?? 'unknown'}`;
}

/** Attribute names that hold Entra object IDs and similar GUIDs. */
function looksLikeGuidAttr(name: string): boolean {
  return /(^|_)(object_id|principal_id|tenant_id|client_id|application_id|subscription_id)$/.test(name) || name === 'object_id';
}

/** A picker for the values an applied resource gets (only unknown attributes are filled). */
export function applyPicker(type: string, state: Obj, ctx: ProviderContext): ValuePicker {
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
          return sub ? `https://${sub}.cognitiveservices.azure.com/` : `https://${(s('location') ?? 'westeurope').replace(/\s/g, '').toLowerCase()}.api.cognitive.microsoft.com/`;
        }
        if (top && (name === 'primary_access_key' || name === 'secondary_access_key')) return state.local_auth_enabled === false ? '' : fakeHex(32, id, name);
        if (path[0] === 'identity' && name === 'principal_id') return fakeUuid('principal', id);
        break;
      }
      case 'azurerm_cognitive_deployment':
        if (top && name === 'id') return `${s('cognitive_account_id')}/deployments/${s('name')}`;
        break;
      case 'azurerm_role_definition': {
        const guid = s('role_definition_id') ?? fakeUuid('role-definition', state.scope, state.name);
        if (top && name === 'role_definition_id') return guid;
        if (top && name === 'id') return `${guid}|${s('scope')}`;
        if (top && name === 'role_definition_resource_id') return `${s('scope')}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
        if (top && name === 'assignable_scopes') return [s('scope') ?? ''];
        break;
      }
      case 'azurerm_role_assignment': {
        const roleName = s('role_definition_name');
        const roleId = s('role_definition_id') ?? `/subscriptions/${ctx.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${(roleName && BUILT_IN_ROLES[roleName]) ?? fakeUuid('role', roleName)}`;
        const assignmentName = s('name') ?? fakeUuid('assignment', state.scope, roleId, state.principal_id);
        if (top && name === 'name') return assignmentName;
        if (top && name === 'id') return `${s('scope')}/providers/Microsoft.Authorization/roleAssignments/${assignmentName}`;
        if (top && name === 'role_definition_id') return roleId;
        if (top && name === 'role_definition_name') {
          const guid = roleId.split('/').pop() ?? '';
          return Object.keys(BUILT_IN_ROLES).find((k) => BUILT_IN_ROLES[k] === guid) ?? `Custom role ${guid}`;
        }
        if (top && name === 'principal_type') return 'User';
        if (top && name === 'condition_version') return state.condition ? '2.0' : null;
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
        if (top && name === 'primary_location') return s('location') ?? '';
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
        return policyApplyValue(type, path, name, state, ctx);
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

// ---------------------------------------------------------------------------------------------
// Data sources

/** A picker for the computed attributes of a data source (deterministic in its arguments). */
export function dataPicker(type: string, config: Obj, ctx: ProviderContext): ValuePicker {
  const c = (k: string) => str(config[k]);
  // The arguments that identify the looked-up object: same arguments, same object.
  const args = Object.fromEntries(Object.entries(config).filter(([k, v]) => v !== null && k !== 'timeouts'));
  const oid = c('object_id') ?? fakeUuid(type, args);
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
        if (name === 'location') return 'westeurope';
        break;
      case 'azuread_user':
        if (name === 'object_id') return oid;
        if (name === 'id') return oid;
        if (name === 'user_principal_name') return `user-${oid.slice(0, 8)}@offline.example`;
        if (name === 'mail') return c('user_principal_name') ?? `user-${oid.slice(0, 8)}@offline.example`;
        if (name === 'display_name') return `Offline user ${oid.slice(0, 8)}`;
        if (name === 'account_enabled') return true;
        if (name === 'user_type') return 'Member';
        break;
      case 'azuread_group':
        if (name === 'object_id') return oid;
        if (name === 'id') return `/groups/${oid}`;
        if (name === 'display_name') return `Offline group ${oid.slice(0, 8)}`;
        if (name === 'security_enabled') return true;
        if (name === 'mail_enabled') return false;
        break;
      case 'azuread_service_principal':
        if (name === 'object_id') return oid;
        if (name === 'id') return `/servicePrincipals/${oid}`;
        if (name === 'client_id') return fakeUuid('client', oid);
        if (name === 'display_name') return `Offline service principal ${oid.slice(0, 8)}`;
        if (name === 'account_enabled') return true;
        if (name === 'type') return 'Application';
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
