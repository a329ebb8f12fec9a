import { ACCOUNT_OR_BELOW, ARM_ID_SHAPES, UNSCOPED_ROLE_DEFINITION_ID } from './azure/arm-id';
import { actionCovers, KEY_OPERATIONS } from './azure/actions';
import { assignmentEffect, KEY_ACCESS_POLICY, builtInPolicyOf, MANAGED_IDENTITY_POLICY, NETWORK_ACCESS_POLICY, STORAGE_NETWORK_ACCESS_POLICY_GUID } from './azure/policy';
import { BuiltInRole } from './azure/built-in-role';
import { controlPlaneRisk } from './azure/role-plane';

/**
 * The rule table of the `KeylessGuardrails` aspect: stable IDs, severity, what to change, and the
 * matching Checkov / Azure Policy IDs, with the check that reads a resource's synthesized configuration.
 *
 * Checks receive the resource's Terraform JSON configuration after token resolution: literal values
 * are plain JSON, references and functions are `${...}` expressions. A check reports only what it can
 * prove from the configuration (including provider defaults for unset arguments); a value it cannot
 * judge (an expression, a dynamic block) never produces a finding.
 */

/** How a finding is reported: errors fail synthesis, warnings are printed. */
export type GuardrailSeverity = 'error' | 'warning';

/** A resource's synthesized Terraform configuration (snake_case keys, tokens resolved). */
export type ResourceConfig = Readonly<Record<string, unknown>>;

/** One guardrail rule. */
export interface GuardrailRule {
  /** Stable ID used in messages and suppressions. */
  readonly id: string;
  /** Errors fail synthesis; warnings are printed. */
  readonly severity: GuardrailSeverity;
  /** Terraform resource types the rule inspects. */
  readonly resourceTypes: readonly string[];
  /** What is wrong, in one line. */
  readonly title: string;
  /** What to change. */
  readonly fix: string;
  /** Matching Checkov check ID, when one exists. */
  readonly checkov?: string;
  /** Matching built-in Azure Policy definition ID, when one exists. */
  readonly azurePolicy?: string;
  /**
   * Returns one line per offending value (empty when the resource passes or cannot be judged).
   * `resourceType` tells rules that cover several types which attribute names apply.
   */
  readonly check: (config: ResourceConfig, resourceType: string, stack?: GuardrailStackContext) => string[];
}

/** What a rule may know about the rest of the resource's stack (computed once per stack, on first use). */
export interface GuardrailStackContext {
  /** The synthesized policy assignments of the stack, with their Terraform type. */
  policyAssignments(): ReadonlyArray<{ readonly type: string; readonly config: ResourceConfig }>;
}

/** A value this rule pack cannot judge at synth time. */
const UNKNOWN = Symbol('unknown');

/** True for a Terraform expression (reference, variable, function call) left by token resolution. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Reads a boolean argument: `undefined` when unset, UNKNOWN when an expression or not a boolean. */
function boolArg(config: ResourceConfig, name: string): boolean | undefined | typeof UNKNOWN {
  const value = config[name];
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return UNKNOWN;
}

/** Reads a string argument: `undefined` when unset, UNKNOWN when an expression or not a string. */
function stringArg(config: ResourceConfig, name: string): string | undefined | typeof UNKNOWN {
  const value = config[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || isExpression(value)) return UNKNOWN;
  return value;
}

/**
 * Reads a nested block. cdktf synthesizes single-item blocks as an object and repeatable blocks as
 * a list; a dynamic block or a whole-block expression is UNKNOWN.
 */
function blockArg(config: ResourceConfig, name: string): ResourceConfig[] | undefined | typeof UNKNOWN {
  const dynamic = config.dynamic;
  if (dynamic && typeof dynamic === 'object' && name in (dynamic as object)) return UNKNOWN;
  const value = config[name];
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  if (items.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))) return UNKNOWN;
  return items.length === 0 ? undefined : (items as ResourceConfig[]);
}

/** Literal strings of a list argument (expressions skipped); UNKNOWN when the list itself is an expression. */
function stringListArg(config: ResourceConfig, name: string): string[] | undefined | typeof UNKNOWN {
  const value = config[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return UNKNOWN;
  return value.filter((item): item is string => typeof item === 'string' && !isExpression(item));
}

const COGNITIVE_ACCOUNT = 'azurerm_cognitive_account';
const AI_SERVICES = 'azurerm_ai_services';
const ROLE_DEFINITION = 'azurerm_role_definition';
const ROLE_ASSIGNMENT = 'azurerm_role_assignment';
const STORAGE_ACCOUNT = 'azurerm_storage_account';

/** Built-in roles this project meets, by display name (names can be renamed; the GUIDs are stable). */
const BUILT_IN_ROLES: ReadonlyArray<{ readonly name: string; readonly guid: string }> = BuiltInRole.all().map((r) => ({ name: r.roleName, guid: r.guid }));

/**
 * Built-in roles whose control on an AI account is more than administering it: they grant access, or their writes
 * reach past the account. The access report's classification (azure/role-plane.ts), so both say the same.
 */
const PRIVILEGED_CONTROL_ROLES = BuiltInRole.all()
  // Roles whose permissions the table does not list (Foundry Project Manager, Account Owner, Owner) are not judged, as in the report.
  .filter((r) => r.permissions !== undefined && ['high', 'medium'].includes(controlPlaneRisk(r.permissions, 'account') ?? ''))
  .map((r) => ({ name: r.roleName, guid: r.guid, formerNames: r.formerNames }));

/** `${azurerm_role_definition.x.id}` (also indexed), not the data source and not `role_definition_resource_id`. */
const ROLE_DEFINITION_TF_ID = /\$\{[^}]*(?<![\w.])azurerm_role_definition\.[\w-]+(?:\[[^\]]*\])?\.id\b(?!\.)[^}]*\}/;
/** An expression that refers to an AI Services account (resource, data source or cross-stack output). */
const ACCOUNT_REFERENCE = /\$\{[^}]*\b(?:azurerm_cognitive_account|azurerm_ai_services)\b[^}]*\}/;

/** The attribute names of the two account resource types. */
function accountAttributes(resourceType: string) {
  return resourceType === AI_SERVICES
    ? { localAuth: 'local_authentication_enabled', publicAccess: 'public_network_access' }
    : { localAuth: 'local_auth_enabled', publicAccess: 'public_network_access_enabled' };
}

/** The provider part of an action (`Microsoft.Authorization` of `Microsoft.Authorization/locks/write`). */
function providerOf(action: string): string {
  return action.trim().split('/')[0];
}

/** Actions and data actions of every `permissions` block, literal strings only. */
function permissionLists(config: ResourceConfig): { actions: string[]; dataActions: string[]; unknown: boolean } {
  const blocks = blockArg(config, 'permissions');
  const result = { actions: [] as string[], dataActions: [] as string[], unknown: blocks === UNKNOWN };
  if (blocks === undefined || blocks === UNKNOWN) return result;
  for (const block of blocks) {
    const actions = stringListArg(block, 'actions');
    const dataActions = stringListArg(block, 'data_actions');
    if (actions === UNKNOWN || dataActions === UNKNOWN) result.unknown = true;
    if (Array.isArray(actions)) result.actions.push(...actions);
    if (Array.isArray(dataActions)) result.dataActions.push(...dataActions);
  }
  return result;
}

/** Every rule of the pack, in report order. */
export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  {
    id: 'KAI-AI-001',
    severity: 'error',
    resourceTypes: [COGNITIVE_ACCOUNT, AI_SERVICES],
    title: 'AI Services account accepts keys (local authentication is on)',
    fix: 'set local_auth_enabled = false (azurerm_cognitive_account) or local_authentication_enabled = false (azurerm_ai_services) and grant Entra ID roles instead',
    checkov: 'CKV_AZURE_236',
    azurePolicy: KEY_ACCESS_POLICY.guid,
    check: (config, type) => {
      const name = accountAttributes(type).localAuth;
      const value = boolArg(config, name);
      if (value === undefined) return [`${name} is not set (the provider defaults it to true)`];
      return value === true ? [`${name} = true`] : [];
    },
  },
  {
    id: 'KAI-AI-002',
    severity: 'error',
    resourceTypes: [COGNITIVE_ACCOUNT, AI_SERVICES],
    title: 'AI Services account has no custom subdomain, so Entra ID token authentication is not available',
    fix: 'set custom_subdomain_name (globally unique DNS label, usually the account name)',
    check: (config) => {
      const value = stringArg(config, 'custom_subdomain_name');
      if (value === undefined) return ['custom_subdomain_name is not set'];
      return value !== UNKNOWN && value.trim() === '' ? ['custom_subdomain_name is empty'] : [];
    },
  },
  {
    id: 'KAI-AI-003',
    severity: 'warning',
    resourceTypes: [COGNITIVE_ACCOUNT, AI_SERVICES],
    title: 'AI Services account has no managed identity',
    fix: 'add identity { type = "SystemAssigned" } (or a user-assigned identity) so the account reaches other services without keys',
    checkov: 'CKV_AZURE_238',
    azurePolicy: MANAGED_IDENTITY_POLICY.guid,
    check: (config) => (blockArg(config, 'identity') === undefined ? ['no identity block'] : []),
  },
  {
    id: 'KAI-AI-004',
    severity: 'warning',
    resourceTypes: [COGNITIVE_ACCOUNT, AI_SERVICES],
    title: 'AI Services account is reachable from every network',
    fix: 'add network_acls { default_action = "Deny", ip_rules / virtual_network_rules = [...] }, or turn public network access off and use a private endpoint',
    checkov: 'CKV_AZURE_134',
    azurePolicy: NETWORK_ACCESS_POLICY.guid,
    check: (config, type) => {
      const name = accountAttributes(type).publicAccess;
      let isPublic: boolean | typeof UNKNOWN;
      if (type === AI_SERVICES) {
        const value = stringArg(config, name);
        isPublic = value === undefined ? true : value === UNKNOWN ? UNKNOWN : value.toLowerCase() === 'enabled';
      } else {
        const value = boolArg(config, name);
        isPublic = value === undefined ? true : value;
      }
      if (isPublic !== true) return [];
      const setting = config[name] === undefined ? `${name} unset (defaults to public)` : `${name} = ${String(config[name])}`;
      const acls = blockArg(config, 'network_acls');
      if (acls === undefined) return [`${setting} and no network_acls block`];
      if (acls === UNKNOWN) return [];
      const action = stringArg(acls[0], 'default_action');
      return typeof action === 'string' && action.toLowerCase() === 'allow'
        ? [`${setting} and network_acls.default_action = "${action}"`]
        : [];
    },
  },
  {
    id: 'KAI-POL-001',
    severity: 'warning',
    resourceTypes: [COGNITIVE_ACCOUNT, AI_SERVICES],
    title: 'no Azure Policy in the stack denies key access, so keys can be turned back on after deploy (portal, CLI)',
    fix: `assign the built-in policy ${KEY_ACCESS_POLICY.guid} with effect Deny at the account's resource group or subscription (KeyAccessPolicy; policy.keyAccess in the configuration), or suppress with the reason (e.g. the policy is assigned by a management group)`,
    azurePolicy: KEY_ACCESS_POLICY.guid,
    check: (_config, _type, stack) => {
      if (!stack) return [];
      const assigned = stack.policyAssignments().filter((a) => {
        const id = stringArg(a.config, 'policy_definition_id');
        return typeof id === 'string' && builtInPolicyOf(id) === KEY_ACCESS_POLICY;
      });
      if (assigned.length === 0) return ['no assignment of the key-access policy in this stack'];
      const effects = assigned.map((a) => assignmentEffect(KEY_ACCESS_POLICY, a.config.parameters, a.config.enforce));
      if (effects.some((e) => e === 'Deny' || e === 'unknown')) return [];
      return [`the key-access policy is assigned with effect ${[...new Set(effects)].join(', ')}: keys can still be turned on`];
    },
  },
  {
    id: 'KAI-ROLE-001',
    severity: 'error',
    resourceTypes: [ROLE_DEFINITION],
    title: 'custom role grants every action or data action of every provider (`*`)',
    fix: 'list the exact actions / data actions the role needs (for inference: data_actions = ["Microsoft.CognitiveServices/accounts/MaaS/*"] or a built-in role such as Cognitive Services User)',
    checkov: 'CKV_AZURE_39',
    check: (config) => {
      const { actions, dataActions } = permissionLists(config);
      const isWildcard = (action: string) => action.trim().split('/')[0] === '*';
      return [
        ...actions.filter(isWildcard).map((a) => `permissions.actions contains "${a}"`),
        ...dataActions.filter(isWildcard).map((a) => `permissions.data_actions contains "${a}"`),
      ];
    },
  },
  {
    id: 'KAI-ROLE-002',
    severity: 'error',
    resourceTypes: [ROLE_DEFINITION],
    title: 'custom role can change access control (a Microsoft.Authorization action other than read)',
    fix: 'keep only Microsoft.Authorization reads (e.g. Microsoft.Authorization/*/read) and remove writes, deletes, wildcards and actions such as elevateAccess/action; grant role management through the built-in Role Based Access Control Administrator role where it is really needed',
    // CKV_AZURE_39 only fails a literal `*` in the first block's actions: it is KAI-ROLE-001's partial match, not this rule's.
    check: (config) => {
      // A bare `*` provider is KAI-ROLE-001's finding.
      const changesAccessControl = (action: string) => {
        const provider = providerOf(action);
        const last = action.trim().split('/').pop() ?? '';
        return provider !== '*' && actionCovers(provider, 'Microsoft.Authorization') && last.toLowerCase() !== 'read';
      };
      return permissionLists(config)
        .actions.filter(changesAccessControl)
        .map((a) => `permissions.actions contains "${a}"`);
    },
  },
  {
    id: 'KAI-ROLE-003',
    severity: 'error',
    resourceTypes: [ROLE_DEFINITION],
    title: 'custom role is assignable at the root scope, or at a management group although it has data actions',
    fix: 'set assignable_scopes to subscriptions, resource groups or resources (Azure rejects data actions at management-group scope, and "/" is reserved for built-in roles)',
    check: (config) => {
      const listed = stringListArg(config, 'assignable_scopes');
      let scopes: string[];
      if (listed === UNKNOWN) return [];
      if (listed === undefined || (Array.isArray(config.assignable_scopes) && config.assignable_scopes.length === 0)) {
        // Unset assignable_scopes default to the definition's scope.
        const scope = stringArg(config, 'scope');
        scopes = typeof scope === 'string' ? [scope] : [];
      } else {
        scopes = listed;
      }
      const { dataActions } = permissionLists(config);
      const findings: string[] = [];
      for (const scope of scopes) {
        if (scope.trim() === '/') findings.push('assignable scope "/"');
        else if (dataActions.length > 0 && ARM_ID_SHAPES.managementGroup.test(scope.trim())) {
          findings.push(`management-group assignable scope "${scope}" with data actions ${JSON.stringify(dataActions)}`);
        }
      }
      return findings;
    },
  },
  {
    id: 'KAI-ROLE-004',
    severity: 'error',
    resourceTypes: [ROLE_DEFINITION],
    title: 'custom role with Cognitive Services data actions can also list or regenerate account keys',
    fix: 'an inference role authenticates with Entra ID tokens and never needs keys: remove Microsoft.CognitiveServices/accounts/listKeys/action and regenerateKey/action from actions, replace wildcards that cover them (Microsoft.CognitiveServices/*, .../accounts/*) with the exact actions needed (e.g. Microsoft.CognitiveServices/accounts/read), or list both in not_actions; keep key management in a separate administrator role',
    check: (config) => {
      const blocks = blockArg(config, 'permissions');
      if (blocks === undefined || blocks === UNKNOWN) return [];
      const cognitiveDataActions = permissionLists(config).dataActions.filter((a) => actionCovers(providerOf(a), 'Microsoft.CognitiveServices'));
      if (cognitiveDataActions.length === 0) return [];
      const findings: string[] = [];
      for (const block of blocks) {
        const actions = stringListArg(block, 'actions');
        const notActions = block.not_actions;
        // An expression in not_actions might exclude the key operations: not judged.
        if (!Array.isArray(actions) || (notActions !== undefined && notActions !== null && !Array.isArray(notActions))) continue;
        const excluded = (notActions ?? []) as unknown[];
        if (excluded.some((a) => typeof a !== 'string' || isExpression(a))) continue;
        const granted = KEY_OPERATIONS.filter((op) => !excluded.some((a) => actionCovers(a as string, op)));
        for (const action of actions) {
          const covered = granted.filter((op) => actionCovers(action, op));
          if (covered.length > 0) {
            findings.push(`permissions.actions contains "${action}" (grants ${covered.join(', ')}) next to data_actions ${JSON.stringify(cognitiveDataActions)}`);
          }
        }
      }
      return findings;
    },
  },
  {
    id: 'KAI-RA-001',
    severity: 'error',
    resourceTypes: [ROLE_ASSIGNMENT],
    title: 'role assignment has no principal type (new principals then fail with PrincipalNotFound)',
    fix: 'set principal_type to "User", "Group" or "ServicePrincipal"',
    check: (config) => {
      const value = stringArg(config, 'principal_type');
      if (value === undefined) return ['principal_type is not set'];
      return value !== UNKNOWN && value.trim() === '' ? ['principal_type is empty'] : [];
    },
  },
  {
    id: 'KAI-RA-002',
    severity: 'warning',
    resourceTypes: [ROLE_ASSIGNMENT],
    title: 'role on an AI Services account that can grant access or change more than the account (Owner, Contributor, User Access Administrator, ...): too much control, and no inference access',
    fix: `assign a data-plane role instead: ${[BuiltInRole.COGNITIVE_SERVICES_USER, BuiltInRole.FOUNDRY_USER].map((r) => `${r.roleName} (${r.guid})`).join(', ')} or a custom MaaS inference role; administrators: Cognitive Services Contributor`,
    check: (config) => {
      const scope = stringArg(config, 'scope');
      const rawScope = config.scope;
      const onAccount =
        typeof rawScope === 'string' && (ACCOUNT_REFERENCE.test(rawScope) || (typeof scope === 'string' && ACCOUNT_OR_BELOW.test(scope)));
      if (!onAccount) return [];
      const roleId = typeof config.role_definition_id === 'string' ? config.role_definition_id.toLowerCase() : '';
      const roleName = stringArg(config, 'role_definition_name');
      const role = PRIVILEGED_CONTROL_ROLES.find(
        (r) => roleId.includes(r.guid) || (typeof roleName === 'string' && [r.name, ...r.formerNames].some((n) => roleName.trim().toLowerCase() === n.toLowerCase())),
      );
      return role ? [`${role.name} (${role.guid}) assigned at scope ${rawScope}`] : [];
    },
  },
  {
    id: 'KAI-RA-003',
    severity: 'error',
    resourceTypes: [ROLE_ASSIGNMENT],
    title: 'role definition ID has no subscription prefix, so Terraform replaces the assignment on every plan',
    fix: 'use the subscription-scoped ID: /subscriptions/<subscription-id>/providers/Microsoft.Authorization/roleDefinitions/<guid> (e.g. "${data.azurerm_subscription.current.id}/providers/...")',
    check: (config) => {
      const value = stringArg(config, 'role_definition_id');
      return typeof value === 'string' && UNSCOPED_ROLE_DEFINITION_ID.test(value.trim())
        ? [`role_definition_id = "${value}"`]
        : [];
    },
  },
  {
    id: 'KAI-RA-004',
    severity: 'error',
    resourceTypes: [ROLE_ASSIGNMENT],
    title: "role_definition_id is a custom role definition's Terraform id (`<guid>|<scope>`), which Azure rejects (InvalidRoleDefinitionId)",
    fix: 'use the role definition\'s role_definition_resource_id attribute (roleDefinition.roleDefinitionResourceId) instead of .id',
    check: (config) => {
      const value = config.role_definition_id;
      return typeof value === 'string' && ROLE_DEFINITION_TF_ID.test(value) ? [`role_definition_id = "${value}"`] : [];
    },
  },
  {
    id: 'KAI-RA-005',
    severity: 'warning',
    resourceTypes: [ROLE_ASSIGNMENT],
    title: 'role assigned by display name (role_definition_name); display names can be renamed',
    fix: 'assign by GUID: remove role_definition_name and set role_definition_id = "/subscriptions/<subscription-id>/providers/Microsoft.Authorization/roleDefinitions/<guid>" (custom roles: their role_definition_resource_id)',
    check: (config) => {
      const value = config.role_definition_name;
      if (typeof value !== 'string' || value.trim() === '') return [];
      const builtIn = BUILT_IN_ROLES.find((r) => r.name.toLowerCase() === value.trim().toLowerCase());
      const renamed = builtIn ? undefined : BuiltInRole.byFormerName(value);
      if (renamed) return [`role_definition_name = "${value}": the former name of ${renamed.roleName} (built-in role ${renamed.guid}); Azure no longer knows it, so the assignment fails`];
      return [`role_definition_name = "${value}"` + (builtIn ? ` (built-in role ${builtIn.guid})` : '')];
    },
  },
  {
    id: 'KAI-ST-001',
    severity: 'error',
    resourceTypes: [STORAGE_ACCOUNT],
    title: 'storage account accepts shared keys',
    fix: 'set shared_access_key_enabled = false, and storage_use_azuread = true on the azurerm provider (backend: use_azuread_auth = true)',
    checkov: 'CKV2_AZURE_40',
    azurePolicy: '8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54',
    check: (config) => {
      const value = boolArg(config, 'shared_access_key_enabled');
      if (value === undefined) return ['shared_access_key_enabled is not set (the provider defaults it to true)'];
      return value === true ? ['shared_access_key_enabled = true'] : [];
    },
  },
  {
    id: 'KAI-ST-002',
    severity: 'error',
    resourceTypes: [STORAGE_ACCOUNT],
    title: 'storage account allows anonymous (public) blob access',
    fix: 'set allow_nested_items_to_be_public = false',
    checkov: 'CKV2_AZURE_47',
    azurePolicy: '4fa4b6c0-31ca-4c0d-b10d-24b96f62a751',
    check: (config) => {
      const value = boolArg(config, 'allow_nested_items_to_be_public');
      if (value === undefined) return ['allow_nested_items_to_be_public is not set (the provider defaults it to true)'];
      return value === true ? ['allow_nested_items_to_be_public = true'] : [];
    },
  },
  {
    id: 'KAI-ST-003',
    severity: 'error',
    resourceTypes: [STORAGE_ACCOUNT],
    title: 'storage account accepts TLS below 1.2',
    fix: 'set min_tls_version = "TLS1_2" (the azurerm 4.x default) or remove it',
    checkov: 'CKV_AZURE_44',
    azurePolicy: 'fe83a0eb-a853-422d-aac2-1bffd182c5d0',
    check: (config) => {
      const value = stringArg(config, 'min_tls_version');
      return typeof value === 'string' && /^TLS1_[01]$/i.test(value.trim()) ? [`min_tls_version = "${value}"`] : [];
    },
  },
  {
    id: 'KAI-ST-004',
    severity: 'error',
    resourceTypes: [STORAGE_ACCOUNT],
    title: 'storage account has no blob versioning, so an overwritten state file cannot be restored',
    fix: 'set blob_properties { versioning_enabled = true }',
    check: (config) => {
      const blob = blockArg(config, 'blob_properties');
      if (blob === undefined) return ['no blob_properties block (versioning_enabled defaults to false)'];
      if (blob === UNKNOWN) return [];
      const value = boolArg(blob[0], 'versioning_enabled');
      if (value === undefined) return ['blob_properties.versioning_enabled is not set (defaults to false)'];
      return value === false ? ['blob_properties.versioning_enabled = false'] : [];
    },
  },
  {
    id: 'KAI-ST-005',
    severity: 'error',
    resourceTypes: [STORAGE_ACCOUNT],
    title: 'storage account has no blob soft delete, so a deleted state file cannot be restored',
    fix: 'add blob_properties { delete_retention_policy { days = 7 } } (1 to 365 days)',
    checkov: 'CKV2_AZURE_38',
    check: (config) => {
      const blob = blockArg(config, 'blob_properties');
      if (blob === undefined) return ['no blob_properties.delete_retention_policy block'];
      if (blob === UNKNOWN) return [];
      return blockArg(blob[0], 'delete_retention_policy') === undefined ? ['no blob_properties.delete_retention_policy block'] : [];
    },
  },
  {
    id: 'KAI-ST-006',
    severity: 'error',
    resourceTypes: [STORAGE_ACCOUNT],
    title: 'storage account accepts plain HTTP (secure transfer is off)',
    fix: 'set https_traffic_only_enabled = true or remove it (the provider default is true): over HTTP, state and Entra ID tokens cross the network unencrypted',
    // CKV_AZURE_3 reads only azurerm 3.x's enable_https_traffic_only, so it misses https_traffic_only_enabled = false.
    azurePolicy: '404c3081-a854-4457-ae30-26a93ef643f9',
    check: (config) => (boolArg(config, 'https_traffic_only_enabled') === false ? ['https_traffic_only_enabled = false'] : []),
  },
  {
    id: 'KAI-ST-007',
    severity: 'warning',
    resourceTypes: [STORAGE_ACCOUNT],
    title: 'storage account (Terraform state: every environment\'s secrets and IDs) is reachable from every network',
    fix: 'set public_network_access_enabled = false and reach it through a private endpoint (bootstrap: publicNetworkAccess false, privateEndpoints), or add network_rules { default_action = "Deny" } with ip_rules / virtual_network_subnet_ids (bootstrap: allowedIpRanges, allowedSubnetIds)',
    checkov: 'CKV_AZURE_59',
    azurePolicy: STORAGE_NETWORK_ACCESS_POLICY_GUID,
    check: (config) => {
      const open = boolArg(config, 'public_network_access_enabled');
      if (open === false || open === UNKNOWN) return [];
      const setting = open === undefined ? 'public_network_access_enabled unset (defaults to true)' : 'public_network_access_enabled = true';
      const rules = blockArg(config, 'network_rules');
      if (rules === undefined) return [`${setting} and no network_rules block`];
      if (rules === UNKNOWN) return [];
      const action = stringArg(rules[0], 'default_action');
      return typeof action === 'string' && action.toLowerCase() === 'allow' ? [`${setting} and network_rules.default_action = "${action}"`] : [];
    },
  },
];

/** Looks up a rule by ID (case-sensitive); `undefined` when there is none. */
export function findGuardrailRule(id: string): GuardrailRule | undefined {
  return GUARDRAIL_RULES.find((rule) => rule.id === id);
}

/** The rules that inspect a Terraform resource type. */
export function guardrailRulesFor(resourceType: string): GuardrailRule[] {
  return GUARDRAIL_RULES.filter((rule) => rule.resourceTypes.includes(resourceType));
}
