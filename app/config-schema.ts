import { z } from 'zod';
import { SCHEMA_ALTERNATIVES } from './config-hints';
import { libraryRule, prose, resourceGroupName, text, textRecord } from './config-text';
import { ACCOUNT_ARM_ID, canonicalAccountArmId } from '../constructs/azure/guid';
import { ACCOUNT_NAME, ACCOUNT_SKUS, defaultSubdomainProblem, subdomainProblem, DEPLOYMENT_NAME, DEPLOYMENT_SKUS, MODEL_VERSION_UNPINNED, VERSION_UPGRADE_OPTIONS } from '../constructs/azure/accounts';
import { tagProblems } from '../constructs/azure/tags';
import { duplicatesOf, PROJECT_TAGS, REGION_NAME, STORAGE_ACCOUNT_NAME, STORAGE_CONTAINER_NAME } from '../constructs/azure/names';
import { ALL_INFERENCE_ENDPOINTS } from '../constructs/azure/inference-endpoints';
import { DELEGABLE_PRINCIPAL_TYPES } from '../constructs/azure/delegation';
import { PROJECT_MANAGEMENT_OFF, PROJECT_NAME, PROJECT_NAME_CLASH, projectNameClashes } from '../constructs/azure/projects';
import { RAI_BASE_POLICIES, RAI_BINARY_FILTERS, RAI_FILTER_CLASH, raiFilterClashes, RAI_MODES, RAI_POLICY_NAME_CLASH, raiPolicyNameClashes, raiPolicyNameProblem, RAI_SEVERITY_FILTERS, RAI_SEVERITY_THRESHOLDS, RAI_SOURCES, unknownRaiPolicyProblem } from '../constructs/azure/rai';
import { IpRuleTarget, ipRuleProblem, ipRulesWithoutPublicAccessProblem } from '../constructs/azure/ip-rules';
import { JUSTIFICATION_MIN_LENGTH } from '../constructs/validation';
import { ACCOUNT_LOG_CATEGORIES, keyAccessRefusals, PIM, PolicyEffect, POLICY_EFFECTS, rfc3339UtcProblem, WORKSPACE_ARM_ID, WORKSPACE_NAME, WORKSPACE_RETENTION_DAYS, workspaceIdCaseProblem } from '../constructs/azure/policy';

// Shapes of the configuration files. Every object is strict: a misspelled key is an error, not a no-op.

import { guid } from './principal-kinds';
import { endpointResourceGroupProblem, PRIVATE_DNS_ZONE_ARM_ID, PRIVATE_DNS_ZONE_CLASH, privateDnsZoneClashes, privateDnsZoneIdProblem, zoneOfId, PRIVATE_LINK_NAME, PrivateLinkSubresource, privateDnsZonesFor, SUBNET_ARM_ID, VIRTUAL_NETWORK_ARM_ID } from '../constructs/azure/private-link';

/** A list whose entries are each given once (compared case-insensitively: IDs, ranges and names are, in Azure). */
const once = <T extends z.ZodType<string>>(item: T) => z.array(item).superRefine((items, ctx) => {
  for (const [first, repeat] of duplicatesOf(items as string[], (v) => v.toLowerCase())) {
    ctx.addIssue({ code: 'custom', path: [repeat], message: `listed twice (also [${first}]): remove one` });
  }
});

const accountName = text().regex(ACCOUNT_NAME, {
  error: 'expected 2 to 64 letters, digits and hyphens, starting and ending with a letter or digit',
});
// The library's rule (capitals refused with the lowercase form), as the construct applies it.
const subdomain = text().superRefine(libraryRule(subdomainProblem));

const ipRule = (target: IpRuleTarget) => text().superRefine(libraryRule((v: string) => ipRuleProblem(v, target)));

/** A subnet by ARM ID. */
const subnetId = text().regex(SUBNET_ARM_ID, { error: 'expected a subnet ID: /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<network>/subnets/<subnet>' });

/** A private endpoint to one subresource, with its DNS: zone IDs (hub), zones to create, or Azure Policy. */
const privateEndpointSchema = (subresource: PrivateLinkSubresource) => {
  const zones = privateDnsZonesFor(subresource);
  const zoneId = text().regex(PRIVATE_DNS_ZONE_ARM_ID, { error: 'expected a private DNS zone ID: /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>' })
    // The shape is the regex's message; the zone is the library's rule (PrivateEndpoint).
    .superRefine(libraryRule((id: string) => (zoneOfId(id) === undefined ? undefined : privateDnsZoneIdProblem(id, subresource))));
  return z.strictObject({
    subnetId,
    name: text().regex(PRIVATE_LINK_NAME, { error: 'expected 1 to 80 letters, digits, "_", "." or "-", starting with a letter or digit and ending with a letter, digit or "_"' }).optional(),
    resourceGroupName: resourceGroupName().optional(),
    location: text().regex(REGION_NAME, { error: 'expected the virtual network\'s region, such as swedencentral' }).optional(),
    dns: z.union([
      z.literal('azurePolicy'),
      z.strictObject({
        zoneIds: z.array(zoneId).min(1, { error: `list the zone IDs (${zones.join(', ')}), or write "azurePolicy"` })
          .superRefine((ids, ctx) => {
            for (const [first, repeat] of privateDnsZoneClashes(ids)) {
              ctx.addIssue({ code: 'custom', path: [repeat], message: `the zone ${zoneOfId(ids[repeat])} is also zoneIds[${first}]: ${PRIVATE_DNS_ZONE_CLASH}` });
            }
          }),
      }),
      z.strictObject({
        create: z.strictObject({
          resourceGroupName: resourceGroupName(),
          virtualNetworkIds: once(text().regex(VIRTUAL_NETWORK_ARM_ID, { error: 'expected a virtual network ID: /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<network>' })).optional(),
        }),
      }),
    ], { error: `expected "azurePolicy", { "zoneIds": [...] } (${zones.join(', ')}) or { "create": { "resourceGroupName": ... } }` }),
  });
};


/** The library's rule (PrivateEndpoint): an endpoint in another subscription than its target needs a resource group there. */
function checkEndpointSubscriptions(endpoints: { subnetId: string; resourceGroupName?: string }[] | undefined, subscriptionId: string, path: (string | number)[], ctx: z.RefinementCtx): void {
  (endpoints ?? []).forEach((pe, i) => {
    const problem = endpointResourceGroupProblem(pe.subnetId, subscriptionId, pe.resourceGroupName);
    if (problem) ctx.addIssue({ code: 'custom', path: [...path, i, 'resourceGroupName'], message: problem });
  });
}

export { principalSchema } from './principal-kinds';
import { principalSchema } from './principal-kinds';

const deploymentSchema = z.strictObject({
  name: text().regex(DEPLOYMENT_NAME, { error: 'expected 1 to 64 letters, digits, ".", "_" or "-"' }),
  format: text().min(1),
  model: text().min(1),
  // Missing: why it must be pinned; a number ("version": 7): zod's type message, which plainMessage turns into the fix.
  version: text({ error: (issue) => (issue.input === undefined ? MODEL_VERSION_UNPINNED : undefined) }).min(1, { error: MODEL_VERSION_UNPINNED }),
  sku: z.enum(DEPLOYMENT_SKUS).optional(),
  capacity: z.number().int({ error: 'expected a whole number' }).min(1, { error: 'expected a capacity of at least 1' }).optional(),
  raiPolicyName: text().min(1).optional(),
  versionUpgradeOption: z.enum(VERSION_UPGRADE_OPTIONS).optional(),
});

const RAI_FILTERS = [...RAI_SEVERITY_FILTERS, ...RAI_BINARY_FILTERS] as const;
const oneOf = (values: readonly string[]) => ({ error: `expected one of ${values.join(', ')}` });

/** A content filter policy on the account; deployments name it in raiPolicyName. */
const raiPolicySchema = z.strictObject({
  name: text().min(1).superRefine(libraryRule(raiPolicyNameProblem)),
  basePolicy: z.enum(RAI_BASE_POLICIES, oneOf(RAI_BASE_POLICIES)).optional(),
  mode: z.enum(RAI_MODES, oneOf(RAI_MODES)).optional(),
  contentFilters: z.array(z.strictObject({
    name: z.enum(RAI_FILTERS, oneOf(RAI_FILTERS)),
    source: z.enum(RAI_SOURCES, oneOf(RAI_SOURCES)),
    severityThreshold: z.enum(RAI_SEVERITY_THRESHOLDS, oneOf(RAI_SEVERITY_THRESHOLDS)).optional(),
    blocking: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })).min(1, { error: `list at least one filter: ${RAI_FILTERS.join(', ')}` }).superRefine((filters, ctx) => {
    for (const [first, repeat] of raiFilterClashes(filters)) ctx.addIssue({ code: 'custom', path: [repeat], message: `${RAI_FILTER_CLASH} (contentFilters[${first}])` });
  }),
});

const accountSchema = z.strictObject({
  name: accountName,
  customSubdomainName: subdomain.optional(),
  sku: z.enum(ACCOUNT_SKUS).optional(),
  publicNetworkAccess: z.boolean().optional(),
  networkAcls: z.strictObject({
    defaultAction: z.enum(['Allow', 'Deny']),
    ipRules: once(ipRule('account')).optional(),
    bypass: z.enum(['AzureServices', 'None'], { error: 'expected "AzureServices" or "None"' }).optional(),
    virtualNetworkRules: z.array(z.strictObject({
      subnetId,
      ignoreMissingVnetServiceEndpoint: z.boolean().optional(),
    })).optional(),
  }).optional(),
  privateEndpoints: z.array(privateEndpointSchema('account')).optional(),
  lock: z.boolean().optional(),
  localAuth: z.strictObject({
    enabled: z.boolean(),
    justification: prose().optional(),
  }).refine((v) => !v.enabled || (v.justification?.length ?? 0) >= JUSTIFICATION_MIN_LENGTH.localAuth, {
    error: `key-based access needs a written justification of at least ${JUSTIFICATION_MIN_LENGTH.localAuth} characters (who needs keys, until when)`, path: ['justification'],
  }).optional(),
  tags: textRecord().superRefine((tags, ctx) => {
    // The app writes its own tags on the account (app/environment-stack.ts); the tools find stacks by them.
    const own = [PROJECT_TAGS.environment, PROJECT_TAGS.managedBy.key];
    for (const name of Object.keys(tags)) {
      const clash = own.find((o) => o === name.toLowerCase());
      if (clash) ctx.addIssue({ code: 'custom', path: [name], message: `the app writes the tag "${clash}" on the account itself (the tools find the stack by it): remove it, or use another name` });
    }
    for (const p of tagProblems({ [PROJECT_TAGS.environment]: '', [PROJECT_TAGS.managedBy.key]: '', ...tags })) {
      if (p.name !== undefined && (!(p.name in tags) || own.includes(p.name.toLowerCase() as never))) continue;
      ctx.addIssue({ code: 'custom', path: p.name === undefined ? [] : [p.name], message: p.name === undefined ? `${p.message} (the app adds 2 of its own)` : p.message });
    }
  }).optional(),
  deployments: z.array(deploymentSchema).optional(),
  /** Foundry projects on the account; on by default when `projects` is not empty. */
  projectManagement: z.boolean().optional(),
  /** Content filter policies (created before the deployments that name them). */
  raiPolicies: z.array(raiPolicySchema).optional(),
  /** Custom blocklists (their items are not in azurerm 4.55). */
  raiBlocklists: z.array(z.strictObject({ name: text().min(1), description: prose().min(1).optional() })).optional(),
}).superRefine((a, ctx) => {
  // The library's rules (AiServicesAccount, RaiPolicy), reported at the entries' JSON paths.
  const policyNames = (a.raiPolicies ?? []).map((p) => p.name);
  for (const [first, repeat] of raiPolicyNameClashes(policyNames)) {
    ctx.addIssue({ code: 'custom', path: ['raiPolicies', repeat, 'name'], message: `already the name of raiPolicies[${first}]: ${RAI_POLICY_NAME_CLASH}` });
  }
  (a.deployments ?? []).forEach((d, i) => {
    const problem = d.raiPolicyName === undefined ? undefined : unknownRaiPolicyProblem(d.raiPolicyName, policyNames);
    if (problem) ctx.addIssue({ code: 'custom', path: ['deployments', i, 'raiPolicyName'], message: problem });
  });
});

/** Roles a delegate may hand out, by name: the environment's inference role, or Foundry User (what project developers get). */
export const DELEGABLE_ROLE_NAMES = ['inference', 'foundryUser'] as const;

/** A team lead who may grant the named roles (a conditioned Role Based Access Control Administrator). */
const delegateSchema = z.strictObject({
  principal: principalSchema,
  roles: once(z.enum(DELEGABLE_ROLE_NAMES, { error: `expected one of ${DELEGABLE_ROLE_NAMES.join(', ')} (roles that grant access or change the account cannot be delegated)` }))
    .min(1, { error: `list the roles the delegate may assign: ${DELEGABLE_ROLE_NAMES.join(', ')}` }),
  principalTypes: once(z.enum(DELEGABLE_PRINCIPAL_TYPES, { error: `expected one of ${DELEGABLE_PRINCIPAL_TYPES.join(', ')}` }))
    .min(1, { error: `list the principal types the delegate may assign to: ${DELEGABLE_PRINCIPAL_TYPES.join(', ')}` }),
});

/** A Foundry project on the account, with its developers (Foundry User at project scope). */
const projectSchema = z.strictObject({
  name: text().regex(PROJECT_NAME, { error: 'expected 2 to 64 letters, digits, "-", "." or "_", starting with a letter or digit' }),
  displayName: prose().min(1).optional(),
  description: prose().min(1).optional(),
  developers: z.array(principalSchema),
  delegates: z.array(delegateSchema).optional(),
});

const effect = z.enum(POLICY_EFFECTS as [string, ...string[]], { error: `expected one of ${POLICY_EFFECTS.join(', ')}` });

/** Azure Policy for the environment (issue 14). */
const policySchema = z.strictObject({
  keyAccess: z.strictObject({
    enabled: z.boolean({ error: 'expected true or false (default: true for a new account, false for an existing one)' }).optional(),
    effect: effect.optional(),
    scope: z.enum(['resourceGroup', 'subscription'], { error: 'expected "resourceGroup" (the account\'s group) or "subscription"' }).optional(),
    relatedAudits: effect.optional(),
  }).optional(),
});

/** A Log Analytics workspace: an existing one by ID, or one to create. */
const workspaceSchema = z.strictObject({
  workspaceId: text().superRefine((v, ctx) => {
    if (WORKSPACE_ARM_ID.test(v)) return;
    const caseProblem = workspaceIdCaseProblem(v);
    ctx.addIssue({ code: 'custom', message: `expected /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>${caseProblem ? `; ${caseProblem}` : ''}` });
  }).optional(),
  workspace: z.strictObject({
    name: text().regex(WORKSPACE_NAME, { error: 'expected 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen' }).optional(),
    retentionInDays: z.number().int({ error: 'expected a whole number of days' })
      .min(WORKSPACE_RETENTION_DAYS.min, { error: `expected ${WORKSPACE_RETENTION_DAYS.min} to ${WORKSPACE_RETENTION_DAYS.max} days` })
      .max(WORKSPACE_RETENTION_DAYS.max, { error: `expected ${WORKSPACE_RETENTION_DAYS.min} to ${WORKSPACE_RETENTION_DAYS.max} days` }).optional(),
    dailyQuotaGb: z.number().positive({ error: 'expected a positive number of GB per day' }).optional(),
  }).optional(),
});

const auditLogsSchema = workspaceSchema.extend({
  enabled: z.boolean(),
  categories: once(z.enum(ACCOUNT_LOG_CATEGORIES, { error: `expected one of ${ACCOUNT_LOG_CATEGORIES.join(', ')}` }))
    .min(1, { error: 'list at least one category, or set enabled: false' }).optional(),
}).refine((v) => v.workspaceId === undefined || v.workspace === undefined, {
  error: 'give workspaceId (an existing workspace) or workspace (one to create), not both', path: ['workspace'],
});

// This project's policy (the library's JUSTIFICATION_MIN_LENGTH), not Azure's.
const justification = prose().refine((v) => v.length >= JUSTIFICATION_MIN_LENGTH.pim, { error: `write why (at least ${JUSTIFICATION_MIN_LENGTH.pim} characters); PIM records it` });

/** Administrators as PIM-eligible assignments (Entra ID P2). */
const justInTimeSchema = z.strictObject({
  enabled: z.boolean(),
  justification,
  durationDays: z.number().int({ error: 'expected a whole number of days' }).min(1).max(PIM.maxDurationDays, { error: `expected 1 to ${PIM.maxDurationDays} days` }).optional(),
  ticket: z.strictObject({ number: prose().min(1).optional(), system: prose().min(1).optional() }).optional(),
});

const keyBased = (setting: string) => z.never({ error: `${setting} is key-based and is rejected: the state backend authenticates with Microsoft Entra ID (use_azuread_auth); remove it` }).optional();

/** State in an azurerm backend (the bootstrap's storage account, Entra ID auth). */
const azurermStateSchema = z.strictObject({
  resourceGroupName: text().min(1).max(90),
  storageAccountName: text().regex(STORAGE_ACCOUNT_NAME, { error: 'expected 3 to 24 lowercase letters and digits' }),
  containerName: text().regex(STORAGE_CONTAINER_NAME, { error: 'expected 3 to 63 lowercase letters, digits and single hyphens' }),
  key: text().min(1).max(1024).optional(),
  subscriptionId: guid('the subscription ID of the state storage').optional(),
  accessKey: keyBased('accessKey'),
  access_key: keyBased('access_key'),
  sasToken: keyBased('sasToken'),
  sas_token: keyBased('sas_token'),
  clientSecret: keyBased('clientSecret'),
  useAzureadAuth: z.literal(true, { error: 'useAzureadAuth cannot be turned off: the state storage has shared keys disabled' }).optional(),
  // Cross-file rules (app/cross-checks.ts): state outside the bootstrap's storage needs a written reason.
  external: prose().refine((v) => v.length >= 10, { error: 'say why this state lives outside the bootstrap\'s storage (10+ characters)' }).optional(),
});

// HCP Terraform's name rules (organization and workspace settings pages): letters, digits, "-" and "_"; workspaces up to 90.
const HCP_NAME = /^[A-Za-z0-9_-]+$/;
const HCP_WORKSPACE_NAME = /^[A-Za-z0-9_-]{1,90}$/;
const HCP_PROJECT_NAME = /^[A-Za-z0-9 _-]{3,40}$/;
const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const tokenRejected = (setting: string) => z.never({
  error: `${setting} is a credential and is never written into configuration: sign in with \`terraform login <hostname>\` on a workstation; ` +
    'in CI set TF_TOKEN_<hostname with dots as underscores> (e.g. TF_TOKEN_app_terraform_io) from the CI secret store; remove it',
}).optional();

/** State in HCP Terraform or Terraform Enterprise (the `cloud` block): runs and state live in one workspace per environment. */
const cloudStateSchema = z.strictObject({
  cloud: z.strictObject({
    /** The HCP Terraform / Terraform Enterprise organization. */
    organization: text().regex(HCP_NAME, { error: 'expected the organization name: letters, digits, "-" and "_"' }),
    /** This environment's workspace (one per environment). */
    workspace: text().regex(HCP_WORKSPACE_NAME, { error: 'expected a workspace name: 1 to 90 letters, digits, "-" and "_"' }),
    /** The project the workspace belongs to. @default - the organization's default project */
    project: text().regex(HCP_PROJECT_NAME, { error: 'expected a project name: 3 to 40 letters, digits, spaces, "-" and "_"' }).optional(),
    /** Terraform Enterprise's host name. @default app.terraform.io (HCP Terraform) */
    hostname: text().regex(HOSTNAME, { error: 'expected a host name such as tfe.example.com (no scheme, no path)' }).optional(),
    token: tokenRejected('token'),
    clientSecret: keyBased('clientSecret'),
    accessKey: keyBased('accessKey'),
  }),
});

/** The shape of `state` meant: chosen by the "cloud" key, so errors name the fields of that shape (a union reports neither). */
const stateShapeOf = (v: unknown): typeof azurermStateSchema | typeof cloudStateSchema =>
  typeof v === 'object' && v !== null && 'cloud' in v ? cloudStateSchema : azurermStateSchema;

/** Where an environment's state lives: `{ "cloud": { ... } }` (HCP Terraform / Terraform Enterprise) or the azurerm backend's fields. */
const stateSchema = z.unknown().transform((v, ctx): z.infer<typeof azurermStateSchema> | z.infer<typeof cloudStateSchema> => {
  const result = stateShapeOf(v).safeParse(v);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  }
  return result.data;
});

SCHEMA_ALTERNATIVES.set(stateSchema, stateShapeOf);

/** The `state` of an environment when it names a `cloud` backend. */
export type CloudStateConfig = z.infer<typeof cloudStateSchema>['cloud'];
/** The `state` of an environment in an azurerm backend. */
export type AzurermStateConfig = z.infer<typeof azurermStateSchema>;

/** A principal `key` names one principal in an environment: the same key with two identities would share grant addresses. */
function checkPrincipalKeys(env: { developers: PrincipalEntry[]; administrators: PrincipalEntry[] }, ctx: z.RefinementCtx): void {
  const identityOf = ({ key: _key, label: _label, createdInThisDeployment: _created, ...identity }: PrincipalEntry) => JSON.stringify(identity).toLowerCase();
  const seen = new Map<string, { identity: string; where: string }>();
  for (const list of ['developers', 'administrators'] as const) {
    env[list].forEach((p, i) => {
      if (p.key === undefined) return;
      const first = seen.get(p.key);
      if (first && first.identity !== identityOf(p)) {
        ctx.addIssue({ code: 'custom', path: [list, i, 'key'], message: `already the key of ${first.where}, another principal: a key names one principal in the environment` });
      } else if (!first) seen.set(p.key, { identity: identityOf(p), where: `$.${list}[${i}]` });
    });
  }
}

type PrincipalEntry = z.infer<typeof principalSchema> & { label?: string; createdInThisDeployment?: boolean };

/** One environment: one file `config/environments/<name>.json`, one stack. */
export const environmentSchema = z.strictObject({
  $schema: text().optional(),
  subscriptionId: guid('the subscription ID'),
  tenantId: guid('the Microsoft Entra tenant ID'),
  location: text().regex(REGION_NAME, { error: 'expected an Azure region name such as swedencentral' }),
  locationUnlisted: z.boolean().optional(),
  resourceGroup: z.strictObject({
    name: resourceGroupName(),
    create: z.boolean(),
  }),
  account: accountSchema.optional(),
  existingAccount: z.strictObject({
    // Segment names in any case are read as Azure writes them (canonicalAccountArmId): grants are scoped to this ID.
    id: text().regex(ACCOUNT_ARM_ID, {
      error: 'expected /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>',
    }).transform(canonicalAccountArmId),
    customSubdomainName: subdomain.optional(),
    localAuth: accountSchema.shape.localAuth,
  }).optional(),
  endpoints: once(z.enum(ALL_INFERENCE_ENDPOINTS as [string, ...string[]]))
    .min(1, { error: `name the endpoints developers call: ${ALL_INFERENCE_ENDPOINTS.join(', ')}` }).optional(),
  customRole: z.strictObject({
    enabled: z.boolean(),
    name: text().min(1).max(512).optional(),
    roleDefinitionId: guid('the custom role\'s GUID (to keep the GUID of a role created by an earlier version: terraform output custom_role_id)').optional(),
  }),
  developers: z.array(principalSchema),
  administrators: z.array(principalSchema),
  /** Foundry projects on the account, each with its developers. */
  projects: z.array(projectSchema).optional(),
  /** Team leads who may grant the inference role on the account themselves (conditioned delegation). */
  delegates: z.array(delegateSchema).optional(),
  /** Azure Policy that keeps keys off after deploy. */
  policy: policySchema.optional(),
  /** Diagnostic settings of the account to Log Analytics. */
  auditLogs: auditLogsSchema.optional(),
  /** Administrators eligible (PIM) instead of standing. */
  justInTimeAdministrators: justInTimeSchema.optional(),
  /** The built-in role the deploying identity holds at the account's scope: just-in-time grants are refused when it cannot make them. */
  deployerRole: z.enum(['Owner', 'User Access Administrator', 'Role Based Access Control Administrator'], {
    error: 'expected "Owner", "User Access Administrator" or "Role Based Access Control Administrator" (the role the deploying identity holds at the account\'s scope), or leave it out',
  }).optional(),
  /** Developers whose inference grant ends on its own (PIM active assignments). */
  temporaryDevelopers: z.array(z.strictObject({
    principal: principalSchema,
    expiresOn: text().superRefine(libraryRule(rfc3339UtcProblem)),
    justification,
  })).optional(),
  state: stateSchema,
}).superRefine((env, ctx) => {
  checkPrincipalKeys(env, ctx);
  checkEndpointSubscriptions(env.account?.privateEndpoints, env.subscriptionId, ['account', 'privateEndpoints'], ctx);
  if ((env.account === undefined) === (env.existingAccount === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['account'], message: 'give exactly one of "account" (create one) or "existingAccount" (use an existing one)' });
  }
  // The library's rules (AiServicesAccount, FoundryProject, KeyAccessPolicy), checked here so each message names its key.
  const defaultProblem = env.account && env.account.customSubdomainName === undefined && ACCOUNT_NAME.test(env.account.name)
    ? defaultSubdomainProblem(env.account.name) : undefined;
  if (defaultProblem) ctx.addIssue({ code: 'custom', path: ['account', 'customSubdomainName'], message: defaultProblem });
  const projects = env.projects ?? [];
  if (projects.length > 0 && env.account?.projectManagement === false) {
    ctx.addIssue({ code: 'custom', path: ['account', 'projectManagement'], message: PROJECT_MANAGEMENT_OFF });
  }
  for (const [first, repeat] of projectNameClashes(projects.map((p) => p.name))) {
    ctx.addIssue({ code: 'custom', path: ['projects', repeat, 'name'], message: `already the name of projects[${first}]: ${PROJECT_NAME_CLASH}` });
  }
  // The key-access policy is on by default for a new account (effect Deny): what its assignments refuse in this account.
  const keyPolicy = env.policy?.keyAccess;
  const refusals = env.account && (keyPolicy?.enabled ?? true) ? keyAccessRefusals({ effect: keyPolicy?.effect as PolicyEffect | undefined, relatedAudits: keyPolicy?.relatedAudits as PolicyEffect | undefined }, {
    // AiServicesAccount's defaults: keys off, public network access on, a system-assigned identity.
    localAuthEnabled: env.account.localAuth?.enabled ?? false,
    publicNetworkAccessEnabled: env.account.publicNetworkAccess ?? true,
    networkDefaultAction: env.account.networkAcls?.defaultAction ?? null,
    hasManagedIdentity: true,
  }) : [];
  for (const r of refusals) {
    const setting = `policy.keyAccess.${r.field}`;
    ctx.addIssue({
      code: 'custom',
      path: r.field === 'effect' ? ['account', 'localAuth', 'enabled'] : ['policy', 'keyAccess', 'relatedAudits'],
      message: `${setting} "Deny"${r.field === 'effect' && keyPolicy?.effect === undefined ? ' (the default)' : ''} assigns "${r.policy.displayName}" with effect Deny, ` +
        `which refuses this environment's own account (${r.why}): ${r.fix}; or set ${setting} to "Audit"${r.field === 'effect' ? ' (or policy.keyAccess.enabled: false)' : ''}`,
    });
  }
});

/** The state storage, created by the bootstrap stack: `config/bootstrap.json`. */
export const bootstrapSchema = z.strictObject({
  $schema: text().optional(),
  subscriptionId: guid('the subscription ID'),
  tenantId: guid('the Microsoft Entra tenant ID'),
  location: text().regex(REGION_NAME, { error: 'expected an Azure region name such as swedencentral' }),
  locationUnlisted: z.boolean().optional(),
  resourceGroupName: resourceGroupName(),
  storageAccountName: azurermStateSchema.shape.storageAccountName,
  containerName: azurermStateSchema.shape.containerName,
  softDeleteRetentionDays: z.number().int({ error: 'expected a whole number of days' }).min(1, { error: 'expected 1 to 365 days' }).max(365, { error: 'expected 1 to 365 days' }).optional(),
  preventDestroy: z.boolean().optional(),
  allowedIpRanges: once(ipRule('storage'))
    .min(1, { error: 'list at least one range, or leave allowedIpRanges out to allow all networks (Entra ID is still required)' }).optional(),
  stateAccess: z.array(principalSchema).min(1, { error: 'list at least one principal that runs deployments (it gets Storage Blob Data Owner)' }),
  /** Blob read/write/delete logs of the state storage (who read the state) to Log Analytics. */
  auditLogs: workspaceSchema.extend({ enabled: z.boolean() }).refine((v) => v.workspaceId === undefined || v.workspace === undefined, {
    error: 'give workspaceId (an existing workspace) or workspace (one to create), not both', path: ['workspace'],
  }).optional(),
  remoteState: z.boolean().optional(),
  /** The order in which CI deploys the environments (names of `environments/*.json`, each once). */
  promotionOrder: z.array(text()).min(1, { error: 'list every environment once, in the order CI deploys them, e.g. ["dev", "prod"]' }).optional(),
  /** Reachable from public networks (Entra ID still required); false: only through private endpoints and trusted Azure services. */
  publicNetworkAccess: z.boolean().optional(),
  /** Subnets allowed through the storage network rules (service endpoint Microsoft.Storage). */
  allowedSubnetIds: once(subnetId).min(1, { error: 'list at least one subnet, or leave allowedSubnetIds out' }).optional(),
  privateEndpoints: z.array(privateEndpointSchema('blob')).optional(),
  /** A CanNotDelete lock on the state storage account (default: on). */
  lock: z.boolean().optional(),
}).superRefine((b, ctx) => {
  checkEndpointSubscriptions(b.privateEndpoints, b.subscriptionId, ['privateEndpoints'], ctx);
  const unusedRules = ipRulesWithoutPublicAccessProblem(b.publicNetworkAccess, b.allowedIpRanges);
  if (unusedRules) ctx.addIssue({ code: 'custom', path: ['allowedIpRanges'], message: unusedRules });
});

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type BootstrapConfig = z.infer<typeof bootstrapSchema>;
export type PrivateEndpointConfig = z.infer<ReturnType<typeof privateEndpointSchema>>;
export type { PrincipalConfig } from './principal-kinds';
