import { ARM_ID_SHAPES, caseSensitive, WORKSPACE_NAME, WORKSPACE_RETENTION_DAYS } from 'keyless-ai-inference/azure';
import { CtyValue, isObject, isUnknown, valuesEqual } from './cty';
import { fakeHex, fakeUuid, UUID_PATTERN } from './fake-ids';
import { getPath, OfflineDiagnostic, ValuePath } from './planner';

/**
 * Provider behaviour for the policy, audit-log and PIM resource types (issue 14), from the azurerm sources:
 * - internal/services/policy/assignment_resource_group_resource.go, assignment_subscription_resource.go and
 *   assignment_resource_base.go: `name` not blank and without "/", `resource_group_id` / `subscription_id` and
 *   `policy_definition_id` force a new resource; `parameters` (valid JSON) is updated in place
 *   (assignment_resource_base.go:404-409: no ForceNew; updateFunc :302-311 sends the new parameters);
 *   ID `<scope>/providers/Microsoft.Authorization/policyAssignments/<name>`.
 * - internal/services/authorization/pim_{eligible,active}_role_assignment_resource.go: every argument forces a
 *   new resource, `principal_id` is a UUID, the expiration fields conflict, `condition_version` is "2.0";
 *   ID `<scope>|<role definition ID>|<principal ID>` (parse/pim_role_assignment.go); `principal_type` is read back.
 * - monitor diagnostic settings: `name` and `target_resource_id` force a new resource; ID `<target resource ID>|<name>`
 *   (ParseMonitorDiagnosticId). A setting needs a destination and each `enabled_log` one of `category` / `category_group`;
 *   `log_analytics_workspace_id` is parsed case-sensitively (monitor_diagnostic_setting_resource.go:81-84,
 *   workspaces.ValidateWorkspaceID: vendor/.../operationalinsights/2020-08-01/workspaces/id_workspace.go:37-39, 88-100).
 * - Log Analytics workspaces: name 4-63 letters, digits and hyphens, not starting or ending with one
 *   (LogAnalyticsWorkspaceName); retention 30..730 or 7 (provider docs); `name`, `resource_group_name`, `location` force a new resource.
 * Log categories are not checked by the provider (Azure rejects unknown ones at apply); the constructs check them.
 */

type Obj = { [k: string]: CtyValue };
type Check = (cfg: Obj, diags: OfflineDiagnostic[]) => void;

/** What the provider configuration resolved to (the subset used here), and now. */
interface Ctx { readonly subscriptionId: string; readonly tenantId: string; readonly now?: string }

const known = (v: CtyValue | undefined): v is string | number | boolean => v !== undefined && v !== null && !isUnknown(v) && typeof v !== 'object';
const first = (v: CtyValue | undefined): Obj | undefined => (Array.isArray(v) && isObject(v[0]) ? (v[0] as Obj) : undefined);

const assignmentName: Check = (cfg, diags) => {
  const v = cfg.name;
  if (known(v) && (String(v).trim() === '' || String(v).includes('/'))) {
    diags.push({ severity: 'error', summary: `expected "name" to not contain any of "/" and not be whitespace, got ${JSON.stringify(v)}`, path: ['name'] });
  }
};

const policyDefinitionId: Check = (cfg, diags) => {
  const v = cfg.policy_definition_id;
  if (known(v) && !/\/providers\/Microsoft\.Authorization\/policy(Set)?Definitions\/[^/]+$/i.test(String(v))) {
    diags.push({ severity: 'error', summary: `expected "policy_definition_id" to be a policy definition or policy set definition ID, got ${v}`, path: ['policy_definition_id'] });
  }
};

const jsonParameters: Check = (cfg, diags) => {
  const v = cfg.parameters;
  if (!known(v)) return;
  try {
    JSON.parse(String(v));
  } catch (e) {
    diags.push({ severity: 'error', summary: `"parameters" contains an invalid JSON: ${(e as Error).message}`, path: ['parameters'] });
  }
};

const scopePattern = (attr: string, re: RegExp, what: string): Check => (cfg, diags) => {
  const v = cfg[attr];
  if (known(v) && !re.test(String(v))) diags.push({ severity: 'error', summary: `expected "${attr}" to be ${what}, got ${v}`, path: [attr] });
};

const pimChecks: Check[] = [
  (cfg, diags) => {
    const v = cfg.principal_id;
    if (known(v) && !UUID_PATTERN.test(String(v))) diags.push({ severity: 'error', summary: `expected "principal_id" to be a valid UUID, got ${v}`, path: ['principal_id'] });
  },
  (cfg, diags) => {
    const exp = first(first(cfg.schedule)?.expiration);
    if (!exp) return;
    const set = ['duration_days', 'duration_hours', 'end_date_time'].filter((k) => (exp[k] ?? null) !== null);
    if (set.length > 1) {
      diags.push({ severity: 'error', summary: 'Conflicting configuration arguments', detail: `"schedule.0.expiration.0.${set[0]}": conflicts with schedule.0.expiration.0.${set[1]}`, path: ['schedule', 0, 'expiration', 0, set[0]] });
    }
  },
  (cfg, diags) => {
    const v = cfg.condition_version;
    if (known(v) && v !== '2.0') diags.push({ severity: 'error', summary: `expected condition_version to be one of ["2.0"], got ${v}`, path: ['condition_version'] });
  },
];

const WORKSPACE_ID = caseSensitive(ARM_ID_SHAPES.workspace);

const diagnosticChecks: Check[] = [
  (cfg, diags) => {
    const v = cfg.log_analytics_workspace_id;
    if (known(v) && !WORKSPACE_ID.test(String(v))) {
      diags.push({ severity: 'error', summary: `parsing ${JSON.stringify(v)} as a Workspace ID for "log_analytics_workspace_id": expected an ID of the form /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>`, path: ['log_analytics_workspace_id'] });
    }
  },
  (cfg, diags) => {
    const dests = ['eventhub_authorization_rule_id', 'log_analytics_workspace_id', 'partner_solution_id', 'storage_account_id'];
    if (dests.every((d) => (cfg[d] ?? null) === null)) {
      diags.push({ severity: 'error', summary: 'Missing required argument', detail: `"${dests[0]}": one of \`${dests.join(',')}\` must be specified` });
    }
  },
  (cfg, diags) => {
    const logs = cfg.enabled_log;
    if (!Array.isArray(logs)) return;
    logs.forEach((l, i) => {
      if (!isObject(l)) return;
      const c = (l as Obj).category ?? null;
      const g = (l as Obj).category_group ?? null;
      if ((c === null) === (g === null) && !isUnknown(c as CtyValue) && !isUnknown(g as CtyValue)) {
        diags.push({ severity: 'error', summary: 'exactly one of `category` or `category_group` must be specified in an `enabled_log` block', path: ['enabled_log', i] });
      }
    });
  },
];

const workspaceChecks: Check[] = [
  (cfg, diags) => {
    const v = cfg.name;
    if (known(v) && !WORKSPACE_NAME.test(String(v))) {
      diags.push({ severity: 'error', summary: `Workspace Name can only contain alphabet, number, and '-' character. You can not use '-' as the start and end of the name, and the length must be between 4 and 63, got ${JSON.stringify(v)}`, path: ['name'] });
    }
  },
  (cfg, diags) => {
    const v = cfg.retention_in_days;
    if (typeof v === 'number' && v !== 7 && (v < WORKSPACE_RETENTION_DAYS.min || v > WORKSPACE_RETENTION_DAYS.max)) {
      diags.push({ severity: 'error', summary: `expected retention_in_days to be in the range (${WORKSPACE_RETENTION_DAYS.min} - ${WORKSPACE_RETENTION_DAYS.max}) or 7, got ${v}`, path: ['retention_in_days'] });
    }
  },
];

/** Validation per resource type (merged into the main rule table). */
export const POLICY_RESOURCE_CHECKS: Record<string, Check[]> = {
  azurerm_resource_group_policy_assignment: [assignmentName, policyDefinitionId, jsonParameters,
    scopePattern('resource_group_id', /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i, 'a resource group ID')],
  azurerm_subscription_policy_assignment: [assignmentName, policyDefinitionId, jsonParameters,
    scopePattern('subscription_id', /^\/subscriptions\/[0-9a-fA-F-]{36}$/, 'a subscription ID (/subscriptions/<guid>)')],
  azurerm_pim_eligible_role_assignment: pimChecks,
  azurerm_pim_active_role_assignment: pimChecks,
  azurerm_monitor_diagnostic_setting: diagnosticChecks,
  azurerm_log_analytics_workspace: workspaceChecks,
};

type ReplaceRule = (prior: Obj, planned: Obj) => ValuePath[];
const forceNew = (...paths: ValuePath[]): ReplaceRule =>
  (prior, planned) => paths.filter((p) => !valuesEqual(getPath(prior, p) ?? null, getPath(planned, p) ?? null));

/** Arguments of the PIM resources that, configured, differ from state; computed ones left out keep their value. */
const PIM_ARGS: ValuePath[] = [['scope'], ['role_definition_id'], ['principal_id'], ['justification'], ['condition'], ['condition_version'],
  ['schedule', 0, 'start_date_time'], ['schedule', 0, 'expiration', 0, 'duration_days'], ['schedule', 0, 'expiration', 0, 'duration_hours'],
  ['schedule', 0, 'expiration', 0, 'end_date_time'], ['ticket', 0, 'number'], ['ticket', 0, 'system']];

/** ForceNew paths per resource type (merged into the main table). */
export const POLICY_REPLACE_RULES: Record<string, ReplaceRule[]> = {
  // rm: policy/resource_group_policy_assignment_resource.go:24-41 (name, resource_group_id), assignment_resource_base.go:343-347 (policy_definition_id)
  azurerm_resource_group_policy_assignment: [forceNew(['name'], ['resource_group_id'], ['policy_definition_id'])],
  // rm: policy/subscription_policy_assignment_resource.go (name, subscription_id), assignment_resource_base.go:343-347
  azurerm_subscription_policy_assignment: [forceNew(['name'], ['subscription_id'], ['policy_definition_id'])],
  azurerm_pim_eligible_role_assignment: [forceNew(...PIM_ARGS)],
  azurerm_pim_active_role_assignment: [forceNew(...PIM_ARGS)],
  azurerm_monitor_diagnostic_setting: [forceNew(['name'], ['target_resource_id'])],
  azurerm_log_analytics_workspace: [forceNew(['name'], ['resource_group_name'], ['location'])],
};

const str = (v: CtyValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Values Azure returns after apply for these types (only attributes left unknown are asked for), or undefined.
 * Apply also fails as Azure would on a log category the target's resource type does not have.
 */
export function policyApplyValue(type: string, path: ValuePath, name: string, state: Obj, ctx: Ctx): CtyValue | undefined {
  const top = path.length === 1;
  switch (type) {
    case 'azurerm_resource_group_policy_assignment':
      if (top && name === 'id') return `${str(state.resource_group_id)}/providers/Microsoft.Authorization/policyAssignments/${str(state.name)}`;
      if (top && name === 'metadata') return JSON.stringify({ assignedBy: 'offline' });
      break;
    case 'azurerm_subscription_policy_assignment':
      if (top && name === 'id') return `${str(state.subscription_id)}/providers/Microsoft.Authorization/policyAssignments/${str(state.name)}`;
      if (top && name === 'metadata') return JSON.stringify({ assignedBy: 'offline' });
      break;
    case 'azurerm_pim_eligible_role_assignment':
    case 'azurerm_pim_active_role_assignment':
      if (top && name === 'id') return `${str(state.scope)}|${str(state.role_definition_id)}|${str(state.principal_id)}`;
      // Read back from the request; the offline directory does not know the type, so it says User.
      if (top && name === 'principal_type') return 'User';
      if (top && name === 'justification') return '';
      // Azure starts the schedule at creation (the request's StartDateTime defaults to now).
      if (path[0] === 'schedule' && name === 'start_date_time') return ctx.now ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      // No schedule configured: Read fills it from the request, whose expiration is NoExpiration
      // (pim_eligible_role_assignment_resource.go:262-266 and 456-490 at v4.55.0): an expiration block of zero values.
      if (top && name === 'schedule') return [{ start_date_time: ctx.now ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'), expiration: [{ duration_days: 0, duration_hours: 0, end_date_time: '' }] }];
      break;
    case 'azurerm_role_management_policy':
      // parse/role_management_policy.go:40-42 at v4.55.0: `<role definition ID>|<scope>`.
      if (top && name === 'id') return `${str(state.role_definition_id)}|${str(state.scope)}`;
      break;
    case 'azurerm_monitor_diagnostic_setting':
      if (top && name === 'id') return `${str(state.target_resource_id)}|${str(state.name)}`;
      if (top && name === 'log_analytics_destination_type') return state.log_analytics_workspace_id ? 'AzureDiagnostics' : null;
      break;
    case 'azurerm_log_analytics_workspace': {
      const id = `/subscriptions/${ctx.subscriptionId}/resourceGroups/${str(state.resource_group_name)}/providers/Microsoft.OperationalInsights/workspaces/${str(state.name)}`;
      if (top && name === 'id') return id;
      if (top && name === 'workspace_id') return fakeUuid('workspace', id);
      if (top && (name === 'primary_shared_key' || name === 'secondary_shared_key')) return fakeHex(88, id, name);
      if (top && name === 'sku') return 'PerGB2018';
      if (top && name === 'retention_in_days') return WORKSPACE_RETENTION_DAYS.default;
      if (top && name === 'local_authentication_enabled') return !(state.local_authentication_disabled === true);
      if (top && name === 'local_authentication_disabled') return state.local_authentication_enabled === false;
      break;
    }
  }
  return undefined;
}
