/**
 * Reads a Terraform plan JSON (`terraform show -json <planfile>`, offline or real) and lists, in plain
 * words, every destructive change a platform team must approve: lost access, replaced or deleted
 * accounts, deployments, resource groups, role definitions and state storage, and role assignments
 * that move to a new address while keeping their Azure name. Pure logic; the CLI is plan-review-cli.ts.
 */
import * as path from 'path';
import { BuiltInRole, describeArmScope, parseDelegationCondition, PROJECT_TAGS, roleGuidOf, withCodePoints } from 'keyless-ai-inference/azure';

/** The tag the bootstrap stack puts on the state storage account (app/bootstrap-stack.ts; a test keeps them in step). */
export const STATE_STORAGE_TAG = PROJECT_TAGS.stateStorage;
/** The tag environment stacks put on their account (app/environment-stack.ts; a test keeps them in step). */
export const ENVIRONMENT_TAG = PROJECT_TAGS.environment;

/** Resource types whose replacement or deletion is announced with the attributes that force it. */
export const GUARDED_TYPES: Record<string, string> = {
  azurerm_cognitive_account: 'account',
  azurerm_cognitive_deployment: 'deployment',
  azurerm_resource_group: 'resource group',
  azurerm_storage_account: 'storage account',
  azurerm_storage_container: 'storage container',
  azurerm_role_definition: 'role definition',
};

type Values = Record<string, unknown>;

/** One `resource_changes[]` entry as Terraform 1.11 prints it. */
export interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: string[];
    readonly before: Values | null;
    readonly after: Values | null;
    readonly after_unknown?: Values;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    readonly replace_paths?: (string | number)[][];
  };
  readonly action_reason?: string;
}

interface ModuleValues {
  readonly resources?: { address: string; mode?: string; type: string; values?: Values }[];
  readonly child_modules?: ModuleValues[];
}

/** The parts of `terraform show -json <planfile>` the review reads. */
export interface PlanDocument {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: ResourceChange[];
  readonly planned_values?: { root_module?: ModuleValues; outputs?: Record<string, unknown> };
  readonly prior_state?: { values?: { root_module?: ModuleValues } };
  readonly variables?: Record<string, unknown>;
  readonly configuration?: unknown;
  /** Results of `check` blocks and conditions (Terraform >= 1.5). */
  readonly checks?: { address?: { kind?: string; to_display?: string }; status?: string; instances?: { problems?: { message?: string }[] }[] }[];
}

/** The synthesized stack (`cdk.tf.json`) beside the plan, when there is one: it names the stack and its backend. */
export interface StackFile {
  readonly '//'?: { metadata?: { stackName?: string } };
  readonly terraform?: { backend?: Record<string, Record<string, unknown>> };
}

export interface PlanReviewOptions {
  /** The stack the reviewer expects; a plan that shows it belongs elsewhere is refused. @default - not checked */
  readonly stack?: string;
  /** The reviewer has read the destructive changes and approves them. @default false */
  readonly acknowledge?: boolean;
  /** Where the plan JSON was read from (its folder can name the stack). @default - unknown */
  readonly planPath?: string;
  /** The `cdk.tf.json` beside the plan: its stack name and backend (state account and container). @default - none */
  readonly stackFile?: StackFile;
}

export type FindingKind =
  | 'access-removed'
  | 'access-briefly-removed'
  | 'delegation-changed'
  | 're-identification'
  | 'kind-change'
  | 'replaced'
  | 'deleted'
  | 'check-failed'
  | 'info';

/** One thing the reviewer must read. Blocking findings need `--acknowledge`. */
export interface Finding {
  readonly kind: FindingKind;
  readonly blocking: boolean;
  /** Terraform addresses involved (two for a re-identification). */
  readonly addresses: string[];
  readonly type: string;
  /** The whole finding in plain words. */
  readonly text: string;
  /** Set when the resource is (or contains) the Terraform state storage. */
  readonly stateStorage?: boolean;
}

export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
}

/** How `--stack` compared with what the plan shows. */
export interface StackCheck {
  readonly expected?: string;
  /** `match`: some evidence names the stack and none contradicts; `mismatch`: refused; `unverified`: nothing names a stack. */
  readonly status: 'match' | 'mismatch' | 'unverified' | 'not-requested';
  /** What was compared, e.g. "cdk.tf.json beside the plan names stack dev". */
  readonly evidence: string[];
}

export type Verdict = 'nothing-destructive' | 'acknowledged' | 'needs-acknowledgement';

export interface PlanReview {
  readonly findings: Finding[];
  readonly counts: PlanCounts;
  readonly verdict: Verdict;
  /** 0: nothing destructive, or acknowledged; 2: destructive changes not acknowledged. */
  readonly exitCode: 0 | 2;
  readonly stack: StackCheck;
  /** The review in plain words, one finding per paragraph, ending with the summary line. */
  readonly text: string;
}

/** Input that is not a Terraform plan JSON, or a plan of another stack (the CLI exits 1). */
export class PlanInputError extends Error {}

/** Checks that `doc` is `terraform show -json <planfile>` output; throws a PlanInputError saying what was expected. */
export function assertPlanJson(doc: unknown, source: string): asserts doc is PlanDocument {
  const expected = 'expected the output of `terraform show -json <planfile>` (an object with format_version and planned_values or resource_changes)';
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new PlanInputError(`${source} is not a Terraform plan JSON: it holds ${Array.isArray(doc) ? 'an array' : JSON.stringify(doc)}; ${expected}`);
  }
  const d = doc as Record<string, unknown>;
  if ('resource' in d || ('terraform' in d && !('format_version' in d))) {
    throw new PlanInputError(`${source} is Terraform configuration (a synthesized cdk.tf.json), not a plan; ${expected}`);
  }
  if ('values' in d && !('planned_values' in d)) {
    throw new PlanInputError(`${source} is a Terraform state (\`terraform show -json\` without a plan file), not a plan; ${expected}`);
  }
  if (typeof d.format_version !== 'string' || !('planned_values' in d || 'resource_changes' in d)) {
    throw new PlanInputError(`${source} is not a Terraform plan JSON (top-level keys: ${Object.keys(d).join(', ') || 'none'}); ${expected}`);
  }
  if (d.resource_changes !== undefined && !Array.isArray(d.resource_changes)) {
    throw new PlanInputError(`${source}: resource_changes is not an array; ${expected}`);
  }
}

/** Reviews a plan JSON. Throws PlanInputError for input that is not a plan, or a plan of another stack than `options.stack`. */
export function reviewPlan(planJson: unknown, options: PlanReviewOptions = {}): PlanReview {
  const source = options.planPath ?? 'the plan';
  assertPlanJson(planJson, source);
  const plan = planJson;
  const stack = checkStack(plan, options);
  if (stack.status === 'mismatch') {
    throw new PlanInputError(`${source} is not a plan of stack ${options.stack}: ${stack.evidence.join('; ')}. Review the plan of the stack you mean (e.g. .offline/${options.stack}/plan.json), or pass its name with --stack.`);
  }
  const changes = (plan.resource_changes ?? []).filter((rc) => rc.mode === 'managed');
  const ctx = new PlanContext(plan, changes, options.stackFile);
  // Values from the plan (names, descriptions, tags) may hold line breaks or terminal and runner control sequences: one line each.
  const findings = [...reIdentifications(ctx), ...kindChanges(ctx), ...destructiveFindings(ctx), ...checkFindings(plan), ...infoFindings(ctx)].map((f) => ({ ...f, text: withCodePoints(f.text) }));
  const counts = countChanges(changes);
  const blocking = findings.filter((f) => f.blocking).length;
  const verdict: Verdict = blocking === 0 ? 'nothing-destructive' : options.acknowledge ? 'acknowledged' : 'needs-acknowledgement';
  const exitCode = verdict === 'needs-acknowledgement' ? 2 : 0;
  return { findings, counts, verdict, exitCode, stack, text: render(findings, counts, verdict, stack, blocking) };
}

// ---------------------------------------------------------------------------------------------
// What the plan knows besides the changes: resources before and after, the backend.

class PlanContext {
  /** Resources of the prior state and the planned values (the latter win), by address. */
  public readonly resources: { address: string; type: string; values: Values }[] = [];
  public readonly backendAccount?: string;
  public readonly backendContainer?: string;
  /** Addresses already covered by a re-identification finding. */
  public readonly handled = new Set<string>();

  /** Role definitions of the plan by lowercased GUID and by resource ID (first one wins, as a search would find it). */
  private readonly roleDefinitions = new Map<string, { address: string; type: string; values: Values }>();
  /** Changes that delete something, by the deleted object's ID. */
  public readonly deletedById = new Map<string, ResourceChange>();
  /** Role assignments the plan creates, by lowercased Azure name. */
  public readonly createdAssignmentsByName = new Map<string, ResourceChange>();

  constructor(public readonly plan: PlanDocument, public readonly changes: ResourceChange[], stackFile?: StackFile) {
    for (const m of [plan.prior_state?.values?.root_module, plan.planned_values?.root_module]) this.resources.push(...flatten(m));
    // Indexed once: a plan of thousands of grants is looked up per grant.
    const first = <K, V>(map: Map<K, V>, key: K | undefined, value: V) => { if (key !== undefined && !map.has(key)) map.set(key, value); };
    for (const r of this.resources) {
      if (r.type !== 'azurerm_role_definition') continue;
      first(this.roleDefinitions, str(r.values.role_definition_id)?.toLowerCase(), r);
      first(this.roleDefinitions, str(r.values.role_definition_resource_id), r);
    }
    for (const rc of changes) {
      if (rc.change.actions.includes('delete')) first(this.deletedById, str(rc.change.before?.id), rc);
      if (rc.type === 'azurerm_role_assignment' && rc.change.actions.includes('create')) first(this.createdAssignmentsByName, str(rc.change.after?.name)?.toLowerCase(), rc);
    }
    const azurerm = stackFile?.terraform?.backend?.azurerm;
    if (azurerm) {
      this.backendAccount = str(azurerm.storage_account_name);
      this.backendContainer = str(azurerm.container_name);
    }
  }

  /** A role's name: the built-in table, a role definition of this plan, else what Azure reported, else the ID. */
  public roleName(roleDefinitionId: string | undefined, reportedName?: string): string {
    if (!roleDefinitionId) return reportedName ? `"${reportedName}"` : 'an unknown role';
    const guid = roleGuidOf(roleDefinitionId);
    const builtIn = BuiltInRole.byGuid(guid);
    if (builtIn) return `${builtIn.roleName} (built-in)`;
    const def = this.roleDefinitions.get(guid) ?? this.roleDefinitions.get(roleDefinitionId);
    if (def && str(def.values.name)) return `"${str(def.values.name)}" (custom role ${guid})`;
    if (reportedName && !/^Custom role /.test(reportedName)) return `"${reportedName}" (${roleDefinitionId})`;
    return `the role ${roleDefinitionId}`;
  }

  /** Whether a storage account or container is the Terraform state storage. */
  public isStateStorage(type: string, values: Values | null): boolean {
    if (!values) return false;
    if (type === 'azurerm_storage_account') {
      const tags = (values.tags ?? {}) as Values;
      return tags[STATE_STORAGE_TAG.key] === STATE_STORAGE_TAG.value || (this.backendAccount !== undefined && values.name === this.backendAccount);
    }
    if (type === 'azurerm_storage_container') {
      if (this.backendContainer !== undefined && values.name === this.backendContainer) return true;
      const accountId = str(values.storage_account_id);
      return this.resources.some((r) => r.type === 'azurerm_storage_account' && r.values.id === accountId && accountId !== undefined && this.isStateStorage(r.type, r.values));
    }
    if (type === 'azurerm_resource_group') {
      return this.resources.some((r) => r.type === 'azurerm_storage_account' && r.values.resource_group_name === values.name && this.isStateStorage(r.type, r.values));
    }
    return false;
  }
}

function flatten(m: ModuleValues | undefined): { address: string; type: string; values: Values }[] {
  if (!m) return [];
  const own = (m.resources ?? []).filter((r) => r.mode !== 'data').map((r) => ({ address: r.address, type: r.type, values: r.values ?? {} }));
  return [...own, ...(m.child_modules ?? []).flatMap(flatten)];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

type Kind = 'create' | 'update' | 'delete' | 'replace' | 'no-op' | 'read';

function kindOf(actions: readonly string[]): Kind {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  return (actions[0] ?? 'no-op') as Kind;
}

function countChanges(changes: ResourceChange[]): PlanCounts {
  let add = 0, change = 0, destroy = 0, replace = 0;
  for (const rc of changes) {
    const k = kindOf(rc.change.actions);
    if (k === 'create') add++;
    else if (k === 'update') change++;
    else if (k === 'delete') destroy++;
    else if (k === 'replace') {
      add++;
      destroy++;
      replace++;
    }
  }
  return { add, change, destroy, replace };
}

// ---------------------------------------------------------------------------------------------
// Findings.

/** A role assignment deleted at one address and created at another with the same Azure name. */
function reIdentifications(ctx: PlanContext): Finding[] {
  const out: Finding[] = [];
  const assignments = ctx.changes.filter((rc) => rc.type === 'azurerm_role_assignment');
  for (const gone of assignments.filter((rc) => rc.change.actions.includes('delete'))) {
    const name = str(gone.change.before?.name)?.toLowerCase();
    if (!name) continue;
    const made = ctx.createdAssignmentsByName.get(name);
    if (!made || made.address === gone.address) continue;
    ctx.handled.add(gone.address);
    ctx.handled.add(made.address);
    out.push({
      kind: 're-identification',
      blocking: true,
      addresses: [gone.address, made.address],
      type: gone.type,
      text:
        `SAME ASSIGNMENT, NEW ADDRESS: ${assignmentWords(ctx, gone.change.before!)} (Azure name ${name}) is deleted at ${gone.address} ` +
        `and created again at ${made.address}. Both are the same Azure object and Terraform runs the two in no defined order: ` +
        `on Azure the create fails with "already exists" (RoleAssignmentExists), or the delete runs last and silently removes the new assignment. ` +
        `Fix before applying: give the principal a stable \`key\` in the configuration so its address does not change, ` +
        `or move the state: terraform state mv '${gone.address}' '${made.address}'.`,
    });
  }
  return out;
}

/** The (scope, role GUID, principal) an assignment's values name, lowercased; undefined while any part is unknown. */
function tripleOf(values: Values | null | undefined): string | undefined {
  const scope = str(values?.scope);
  const role = str(values?.role_definition_id);
  const principal = str(values?.principal_id);
  return scope && role && principal ? `${scope.toLowerCase()}|${roleGuidOf(role)}|${principal.toLowerCase()}` : undefined;
}

/**
 * A standing grant and a time-limited (PIM active) grant of the same principal, role and scope, one deleted and the other
 * created in this plan. Azure keeps one assignment per triple and refuses the second with RoleAssignmentExists while the
 * first exists; Terraform orders the two in no way, and removing a PIM assignment takes 10 s or more (azurerm
 * pim_active_role_assignment_resource.go:555-626 at v4.55.0, AdminRemove then polling).
 */
function kindChanges(ctx: PlanContext): Finding[] {
  const KINDS = ['azurerm_role_assignment', 'azurerm_pim_active_role_assignment'];
  const gone = ctx.changes.filter((rc) => KINDS.includes(rc.type) && kindOf(rc.change.actions) === 'delete' && !ctx.handled.has(rc.address));
  // Creations by type and triple, indexed once: a plan may hold thousands of grants.
  const made = new Map<string, ResourceChange>();
  for (const rc of ctx.changes) {
    if (!KINDS.includes(rc.type) || kindOf(rc.change.actions) !== 'create' || ctx.handled.has(rc.address)) continue;
    const triple = tripleOf(rc.change.after);
    if (triple !== undefined && !made.has(`${rc.type}|${triple}`)) made.set(`${rc.type}|${triple}`, rc);
  }
  const out: Finding[] = [];
  for (const old of gone) {
    const triple = tripleOf(old.change.before);
    const other = KINDS.find((k) => k !== old.type);
    const added = triple && made.get(`${other}|${triple}`);
    if (!added) continue;
    ctx.handled.add(old.address);
    ctx.handled.add(added.address);
    const toStanding = old.type === 'azurerm_pim_active_role_assignment';
    out.push({
      kind: 'kind-change',
      blocking: true,
      addresses: [old.address, added.address],
      type: old.type,
      text:
        `${toStanding ? 'TIME-LIMITED GRANT BECOMES STANDING' : 'STANDING GRANT BECOMES TIME-LIMITED'}: ${assignmentWords(ctx, old.change.before!)} is removed ` +
        `(${old.address}) and granted again ${toStanding ? 'as a standing role assignment' : 'as a time-limited PIM assignment'} (${added.address}). ` +
        'Azure keeps one assignment per principal, role and scope and refuses the new one (RoleAssignmentExists) while the old one exists; ' +
        'Terraform runs the two in no defined order' + (toStanding ? ', and PIM takes 10 s or more to remove an assignment, so this apply fails' : ', so the apply may fail') +
        '. Apply twice: the first removes the old grant (and may fail on the new one), the second creates the new one; ' +
        'the principal has no access through this role in between.',
    });
  }
  return out;
}

/** What a delegation (a role assignment whose condition constrains roleAssignments write and delete) lets its holder grant, in words. */
function delegationWords(ctx: PlanContext, values: Values): string | undefined {
  const condition = str(values.condition);
  const parsed = condition ? parseDelegationCondition(condition) : undefined;
  if (!parsed) return undefined;
  const roles = parsed.roleGuids.map((g) => ctx.roleName(`/providers/Microsoft.Authorization/roleDefinitions/${g}`)).join(', ');
  return `may assign ${roles} to ${parsed.principalTypes.length > 0 ? parsed.principalTypes.join(', ') : 'any principal type'}`;
}

function assignmentWords(ctx: PlanContext, before: Values): string {
  const who = `${str(before.principal_type) ?? 'principal'} ${str(before.principal_id) ?? '(unknown principal)'}`;
  const role = ctx.roleName(str(before.role_definition_id), str(before.role_definition_name));
  const where = str(before.scope) ? describeArmScope(str(before.scope)!) : 'an unknown scope';
  return `${who}'s ${role} on ${where}`;
}

/** Containers before what they contain, so the reviewer reads the cause first. */
const ORDER = ['azurerm_resource_group', 'azurerm_storage_account', 'azurerm_storage_container', 'azurerm_cognitive_account', 'azurerm_role_definition', 'azurerm_cognitive_deployment'];

function rank(type: string): number {
  const i = ORDER.indexOf(type);
  return i < 0 ? ORDER.length + (type === 'azurerm_role_assignment' ? 1 : 0) : i;
}

function destructiveFindings(ctx: PlanContext): Finding[] {
  const out: Finding[] = [];
  for (const rc of [...ctx.changes].sort((a, b) => rank(a.type) - rank(b.type))) {
    const kind = kindOf(rc.change.actions);
    if ((kind !== 'delete' && kind !== 'replace') || ctx.handled.has(rc.address)) continue;
    // A ResourceLock lifted and put back around a change under it (replace_triggered_by): information, not a loss.
    if (isLiftedLock(rc, kind)) continue;
    if (rc.type === 'azurerm_role_assignment') out.push(assignmentFinding(ctx, rc, kind));
    else out.push(resourceFinding(ctx, rc, kind));
  }
  return out;
}

function assignmentFinding(ctx: PlanContext, rc: ResourceChange, kind: 'delete' | 'replace'): Finding {
  const before = rc.change.before ?? {};
  const what = assignmentWords(ctx, before);
  if (kind === 'delete') {
    const was = delegationWords(ctx, before);
    return {
      kind: 'access-removed', blocking: true, addresses: [rc.address], type: rc.type,
      text: `ACCESS REMOVED: ${what} is deleted (${rc.address})${reasonWords(rc)}.${was ? ` The delegation ends: the delegate ${was.replace(/^may /, 'could ')} and no longer can.` : ''}`,
    };
  }
  const order = rc.change.actions[0] === 'create' ? 'the new one is created first' : 'the old one is deleted first';
  const was = delegationWords(ctx, before);
  const will = delegationWords(ctx, rc.change.after ?? {});
  if (was !== undefined && will !== was) {
    return {
      kind: 'delegation-changed', blocking: true, addresses: [rc.address], type: rc.type,
      text: `DELEGATION CHANGED: ${what} is replaced (${rc.address}; ${order}): before, the delegate ${was}; after, ${will ?? 'the condition is decided at apply time'}. ` +
        'Who may grant access changes: review it as a change of access.',
    };
  }
  return {
    kind: 'access-briefly-removed', blocking: true, addresses: [rc.address], type: rc.type,
    text: `ACCESS BRIEFLY REMOVED: ${what} is replaced (${rc.address}; ${order}): ${forcedBy(ctx, rc)}. ` +
      'Until the new assignment exists and Azure has replicated it (up to a few minutes), the principal has no access through it.',
  };
}

function resourceFinding(ctx: PlanContext, rc: ResourceChange, kind: 'delete' | 'replace'): Finding {
  const before = rc.change.before ?? {};
  const word = GUARDED_TYPES[rc.type] ?? rc.type;
  const name = str(before.name) ?? rc.address;
  const verb = kind === 'delete' ? 'DELETED' : 'REPLACED';
  const why = kind === 'delete' ? reasonWords(rc).replace(/^: /, ' because ') : `: ${forcedBy(ctx, rc)} forces the replacement`;
  const state = ctx.isStateStorage(rc.type, before);
  const parts = [`${verb}: ${word} ${name} (${rc.address})${why}.`];
  const goesWith = contents(ctx, rc);
  if (goesWith.length > 0) parts.push(`With it go ${goesWith.join(', ')}.`);
  if (state) {
    parts.push(
      'This is the Terraform state storage of every environment: the state of every stack lives here, and with the ' +
        (rc.type === 'azurerm_storage_container' ? 'container' : 'account') +
        ' gone no stack can plan or apply until its state is restored.',
    );
  }
  return { kind: kind === 'delete' ? 'deleted' : 'replaced', blocking: true, addresses: [rc.address], type: rc.type, text: parts.join(' '), stateStorage: state || undefined };
}

/** What else this plan deletes or replaces because it lives in (or hangs off) `rc`. */
function contents(ctx: PlanContext, rc: ResourceChange): string[] {
  const before = rc.change.before ?? {};
  const gone = ctx.changes.filter((o) => o !== rc && o.change.actions.includes('delete'));
  const out: string[] = [];
  if (rc.type === 'azurerm_resource_group') {
    for (const o of gone.filter((o) => o.change.before?.resource_group_name === before.name && GUARDED_TYPES[o.type])) {
      out.push(`${GUARDED_TYPES[o.type]} ${str(o.change.before?.name) ?? o.address}${ctx.isStateStorage(o.type, o.change.before) ? ' (the state storage)' : ''}`);
    }
  }
  if (rc.type === 'azurerm_cognitive_account' && str(before.id)) {
    const deployments = gone.filter((o) => o.type === 'azurerm_cognitive_deployment' && o.change.before?.cognitive_account_id === before.id);
    if (deployments.length > 0) out.push(`its deployments ${deployments.map((d) => str(d.change.before?.name) ?? d.address).join(', ')}`);
  }
  if (str(before.id)) {
    const n = gone.filter((o) => o.type === 'azurerm_role_assignment' && str(o.change.before?.scope)?.toLowerCase() === str(before.id)!.toLowerCase()).length;
    if (n > 0) out.push(`${n} role assignment${n === 1 ? '' : 's'} on it (listed separately)`);
  }
  if (rc.type === 'azurerm_role_definition' && str(before.role_definition_id)) {
    const guid = str(before.role_definition_id)!.toLowerCase();
    const n = gone.filter((o) => o.type === 'azurerm_role_assignment' && str(o.change.before?.role_definition_id) && roleGuidOf(str(o.change.before?.role_definition_id)!) === guid).length;
    if (n > 0) out.push(`${n} role assignment${n === 1 ? '' : 's'} of this role (listed separately)`);
  }
  return out;
}

const REASONS: Record<string, string> = {
  delete_because_no_resource_config: 'it is no longer in the configuration',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: 'its count/for_each mode changed',
  delete_because_count_index: 'its count index is no longer in the configuration',
  delete_because_each_key: 'its for_each key is no longer in the configuration',
  delete_because_no_move_target: 'it was moved to an address that does not exist',
  replace_because_tainted: 'it is tainted',
  replace_by_request: 'it was requested (-replace)',
  replace_by_triggers: 'replace_triggered_by changed',
  replace_because_cannot_update: 'attributes that cannot be updated in place changed',
};

function reasonWords(rc: ResourceChange): string {
  return rc.action_reason && REASONS[rc.action_reason] ? `: ${REASONS[rc.action_reason]}` : '';
}

/** Which attributes force a replacement, with their values: `replace_paths`, else a top-level diff. */
function forcedBy(ctx: PlanContext, rc: ResourceChange): string {
  const { before, after, after_unknown: unknown } = rc.change;
  const paths = rc.change.replace_paths ?? topLevelDiff(before ?? {}, after ?? {}, unknown ?? {});
  const words = paths.map((p) => {
    const old = at(before, p);
    // An ID that changes because the resource it points to is replaced in this same plan.
    const deleted = typeof old === 'string' ? ctx.deletedById.get(old) : undefined;
    const parent = deleted !== rc ? deleted : undefined;
    const because = parent ? ` (${GUARDED_TYPES[parent.type] ?? parent.type} ${str(parent.change.before?.name) ?? parent.address} is ${kindOf(parent.change.actions) === 'replace' ? 'replaced' : 'deleted'})` : '';
    return `${pathText(p)} ${valueText(old, false)} → ${valueText(at(after, p), isUnknown(unknown, p))}${because}`;
  });
  if (words.length > 0) return words.join(', ');
  const reason = rc.action_reason && REASONS[rc.action_reason];
  return reason ?? 'Terraform gave no reason';
}

function topLevelDiff(before: Values, after: Values, unknown: Values): string[][] {
  return Object.keys(before)
    .filter((k) => k !== 'id' && k !== 'timeouts' && unknown[k] !== true && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => [k]);
}

function at(v: unknown, p: readonly (string | number)[]): unknown {
  let cur = v;
  for (const k of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

function isUnknown(unknown: Values | undefined, p: readonly (string | number)[]): boolean {
  for (let i = p.length; i > 0; i--) if (at(unknown, p.slice(0, i)) === true) return true;
  return false;
}

function pathText(p: readonly (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function valueText(v: unknown, unknown: boolean): string {
  if (unknown) return '(known after apply)';
  if (v === undefined || v === null) return '(none)';
  if (typeof v === 'string' && v.startsWith('/subscriptions/')) return describeArmScope(v);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/**
 * Failed `check` blocks: Terraform's warnings, which say what to do (e.g. remove a grant whose end has passed).
 * Non-blocking, as in Terraform; repeated here because the review is what the approver reads.
 */
function checkFindings(plan: PlanDocument): Finding[] {
  return (plan.checks ?? []).filter((c) => c.address?.kind === 'check' && c.status === 'fail').map((c) => {
    const address = c.address?.to_display ?? 'check';
    const messages = [...new Set((c.instances ?? []).flatMap((i) => (i.problems ?? []).map((p) => p.message ?? '')).filter((m) => m !== ''))];
    return { kind: 'check-failed', blocking: false, addresses: [address], type: 'check', text: `CHECK FAILED (a warning, nothing is changed by it): ${messages.join(' ') || 'no message'} (${address})` };
  });
}

/** A management lock replaced because something it covers changed (replace_triggered_by), not because it is going away. */
function isLiftedLock(rc: ResourceChange, kind: Kind): boolean {
  return rc.type === 'azurerm_management_lock' && kind === 'replace' && rc.action_reason === 'replace_by_triggers';
}

/** Non-blocking lines: deployment model/policy updates, role definition renames, moved resources. */
function infoFindings(ctx: PlanContext): Finding[] {
  const out: Finding[] = [];
  const info = (rc: ResourceChange, text: string): Finding => ({ kind: 'info', blocking: false, addresses: [rc.address], type: rc.type, text });
  for (const rc of ctx.changes) {
    const kind = kindOf(rc.change.actions);
    const before = rc.change.before ?? {};
    const after = rc.change.after ?? {};
    const unknown = rc.change.after_unknown ?? {};
    if (isLiftedLock(rc, kind)) {
      out.push(info(rc, `lock lifted and put back: ${str(rc.change.before?.lock_level) ?? 'the'} lock ${str(rc.change.before?.name) ?? rc.address} on ${describeArmScope(str(rc.change.before?.scope) ?? '')} is replaced (${rc.address}) so that Azure lets the changes under it through; it is there again when the apply ends`));
    }
    if (rc.type === 'azurerm_role_assignment' && kind === 'create') {
      const will = delegationWords(ctx, after);
      if (will) out.push(info(rc, `DELEGATION: ${assignmentWords(ctx, after)} (${rc.address}): the delegate ${will}.`));
    }
    if (rc.previous_address && rc.previous_address !== rc.address && kind !== 'replace' && kind !== 'delete') {
      out.push(info(rc, `moved: ${rc.previous_address} → ${rc.address} (same Azure object, nothing deleted)`));
    }
    if (kind !== 'update') continue;
    if (rc.type === 'azurerm_cognitive_deployment') {
      const changed = [['model', 0, 'version'], ['rai_policy_name'], ['version_upgrade_option']]
        .filter((p) => JSON.stringify(at(before, p)) !== JSON.stringify(at(after, p)))
        .map((p) => `${pathText(p).replace('[0]', '')} ${valueText(at(before, p), false)} → ${valueText(at(after, p), isUnknown(unknown, p))}`);
      if (changed.length > 0) out.push(info(rc, `in place: deployment ${str(before.name) ?? rc.address} (${rc.address}): ${changed.join(', ')}`));
    }
    if (rc.type === 'azurerm_role_definition') {
      const guid = str(before.role_definition_id)?.toLowerCase();
      const untouched = ctx.changes.filter(
        (o) => o.type === 'azurerm_role_assignment' && !o.change.actions.includes('delete') && guid !== undefined &&
          roleGuidOf(str(o.change.before?.role_definition_id) ?? '') === guid,
      ).length;
      const notes: string[] = [];
      if (before.name !== after.name) notes.push(`name ${valueText(before.name, false)} → ${valueText(after.name, isUnknown(unknown, ['name']))}`);
      if (JSON.stringify(before.permissions) !== JSON.stringify(after.permissions)) notes.push('permissions change');
      if (notes.length > 0) {
        out.push(info(rc, `in place: role definition ${guid ?? rc.address} (${rc.address}): ${notes.join(', ')}; ${untouched} role assignment${untouched === 1 ? '' : 's'} of it untouched`));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Which stack the plan belongs to.

/**
 * Compares `options.stack` with what names a stack: the `cdk.tf.json` beside the plan (cdktf writes the
 * stack name into its metadata), the plan's folder (`.offline/<stack>/` or `stacks/<stack>/`), and the
 * `environment` tag that environment stacks put on their account. A plan's JSON holds no backend.
 */
export function checkStack(plan: PlanDocument, options: PlanReviewOptions): StackCheck {
  const expected = options.stack;
  if (expected === undefined) return { status: 'not-requested', evidence: [] };
  const seen: { source: string; value: string }[] = [];
  const fromFile = options.stackFile?.['//']?.metadata?.stackName;
  if (fromFile) seen.push({ source: 'the cdk.tf.json beside the plan names stack', value: fromFile });
  if (options.planPath) {
    const parts = path.resolve(options.planPath).split(path.sep);
    for (let i = 0; i < parts.length - 1; i++) {
      if ((parts[i] === '.offline' || parts[i] === 'stacks') && parts[i + 1] && i + 1 < parts.length - 1) {
        seen.push({ source: `the plan's folder ${parts[i]}/${parts[i + 1]}/ names stack`, value: parts[i + 1] });
      }
    }
  }
  const tagged = new Set<string>();
  const all = [...flatten(plan.prior_state?.values?.root_module), ...flatten(plan.planned_values?.root_module)];
  for (const r of all) {
    const v = ((r.values.tags ?? {}) as Values)[ENVIRONMENT_TAG];
    if (typeof v === 'string') tagged.add(v);
  }
  for (const v of tagged) seen.push({ source: `resources are tagged ${ENVIRONMENT_TAG}=`, value: v });
  const evidence = seen.map((s) => withCodePoints(s.source.endsWith('=') ? `${s.source}${s.value}` : `${s.source} ${s.value}`));
  if (seen.length === 0) return { expected, status: 'unverified', evidence: ['nothing in or beside the plan names a stack (no cdk.tf.json beside it, no .offline/<stack>/ or stacks/<stack>/ folder, no environment tag)'] };
  return { expected, status: seen.every((s) => s.value === expected) ? 'match' : 'mismatch', evidence };
}

// ---------------------------------------------------------------------------------------------
// Text.

function render(findings: Finding[], counts: PlanCounts, verdict: Verdict, stack: StackCheck, blocking: number): string {
  const lines: string[] = [];
  if (stack.status === 'match') lines.push(`Stack ${stack.expected}: confirmed (${stack.evidence.join('; ')}).`);
  if (stack.status === 'unverified') lines.push(`Stack ${stack.expected}: NOT verified: ${stack.evidence.join('; ')}.`);
  const block = findings.filter((f) => f.blocking);
  const info = findings.filter((f) => !f.blocking);
  if (block.length > 0) {
    lines.push(`Destructive changes that need approval (${block.length}):`);
    for (const f of block) lines.push(`  - ${f.text}`);
  }
  if (info.length > 0) {
    lines.push(`For information (${info.length}):`);
    for (const f of info) lines.push(`  - ${f.text}`);
  }
  const verdictText: Record<Verdict, string> = {
    'nothing-destructive': 'nothing destructive',
    acknowledged: `${blocking} destructive change${blocking === 1 ? '' : 's'} ACKNOWLEDGED by the reviewer`,
    'needs-acknowledgement': `${blocking} destructive change${blocking === 1 ? '' : 's'} NOT acknowledged: read them, then re-run with --acknowledge to approve`,
  };
  lines.push(`Plan: ${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy (${counts.replace} of them replacements). Verdict: ${verdictText[verdict]}.`);
  return lines.join('\n');
}
