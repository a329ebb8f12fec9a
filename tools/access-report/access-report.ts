import { AccessEntry, AccessReport, AccountModel, AssignmentModel, DelegationModel, DeploymentModel, Finding, FindingKind, GuardrailFinding, PrincipalModel, RoleModel, ScopeModel, SEVERITIES, Setting, Severity } from './model';
import { GUARDRAIL_RULES, guardrailRulesFor } from 'keyless-ai-inference';
import { ARM_ID_SHAPES, assignmentEffect, builtInPolicyOf, BuiltInRole, canGrantAccess, canListKeys, controlPlaneActions, controlPlaneRisk, inferenceDataActions, isGuid, KEY_ACCESS_POLICY, parseDelegationCondition, planeOf, POLICY_ASSIGNMENT_TYPES, ROLE_DEFINITION_GUID, RolePermissions } from 'keyless-ai-inference/azure';
import { PlanValues } from './plan-values';
import { isExpression, parseReference, Reference, StackIndex, walk } from './stack-index';
import { KeyAccessPolicyState, LogDestinationModel, NetworkReach } from './model';

export * from './model';

/** Inputs of `buildAccessReport`. */
export interface BuildOptions {
  /** Stack (environment) name. @default - the `stackName` in the JSON's metadata, else "stack" */
  readonly stackName?: string;
  /** Where the stack JSON came from, for the report's header. @default "cdk.tf.json" */
  readonly stackSource?: string;
  /** Values from a plan (`planValuesFromJson`), to show looked-up object IDs. @default - none */
  readonly plan?: PlanValues;
  /** Where the plan came from, for the report's header. @default - none */
  readonly planSource?: string;
}

type Block = Record<string, unknown>;
const ACCOUNT_TYPES = ['azurerm_cognitive_account', 'azurerm_ai_services'];
export const ACCOUNT_ARM_ID = ARM_ID_SHAPES.account;
export const RG_ARM_ID = ARM_ID_SHAPES.resourceGroup;
export const SUB_ARM_ID = ARM_ID_SHAPES.subscription;
const MG_ARM_ID = ARM_ID_SHAPES.managementGroup;
const ROLE_GUID = ROLE_DEFINITION_GUID;

const byKey = <T extends { key: string }>(a: T, b: T) => a.key.localeCompare(b.key);
/** Role assignment types and what kind of access each gives. */
const ASSIGNMENT_TYPES: ReadonlyArray<[string, AssignmentModel['access']]> = [
  ['azurerm_role_assignment', 'standing'],
  ['azurerm_pim_eligible_role_assignment', 'eligible'],
  ['azurerm_pim_active_role_assignment', 'time-limited'],
];
/** Strongest first: what a keys-on change meets when several assignments cover an account. */
const EFFECT_ORDER: KeyAccessPolicyState['effect'][] = ['Deny', 'unknown', 'Audit', 'DoNotEnforce', 'Disabled', 'none'];
type BaseAccount = Omit<AccountModel, 'keyAccessPolicy' | 'auditLogs' | 'reach'>;

/**
 * Reads one synthesized stack (`cdk.tf.json`, parsed) into the access model: accounts with their
 * key and network settings, every role assignment with its principal, role and scope, and the
 * findings. Works on any stack with these resource types, not only this project's constructs.
 */
export function buildAccessReport(json: Record<string, unknown>, options: BuildOptions = {}): AccessReport {
  const builder = new ReportBuilder(new StackIndex(json, options.plan));
  const meta = (json['//'] as { metadata?: { stackName?: string } } | undefined)?.metadata;
  return builder.build({
    stack: options.stackName ?? meta?.stackName ?? 'stack',
    sources: { stack: options.stackSource ?? 'cdk.tf.json', ...(options.planSource ? { plan: options.planSource } : {}) },
  });
}

class ReportBuilder {
  private readonly accounts = new Map<string, BaseAccount>();
  private readonly roles = new Map<string, RoleModel>();
  private readonly principals = new Map<string, PrincipalModel>();
  private readonly notes = new Set<string>();
  /** `network_acls` of managed accounts, by address. */
  private readonly acls = new Map<string, unknown>();

  constructor(private readonly ix: StackIndex) {}

  public build(header: Pick<AccessReport, 'stack' | 'sources'>): AccessReport {
    for (const type of ACCOUNT_TYPES) for (const [name, block] of this.ix.resourcesOf(type)) this.addManagedAccount(type, name, block);
    for (const [name, block] of this.ix.dataSourcesOf('azurerm_cognitive_account')) this.addDataSourceAccount(name, block);
    for (const [name, block] of this.ix.resourcesOf('azurerm_role_definition')) this.customRole(name, block);

    const raw = ASSIGNMENT_TYPES.flatMap(([type, access]) => this.ix.resourcesOf(type).map(([name, block]) => this.assignment(type, name, block, access)));
    const policies = this.keyAccessPolicies();
    const logDestinations = this.logDestinations();
    // Scopes first collect accounts named by ARM ID; coverage of group and subscription scopes is computed once all are known.
    const assignments = raw.map((a) => ({ ...a, scope: { ...a.scope, accountKeys: this.covered(a.scope) } }))
      .sort((a, b) => a.address.localeCompare(b.address));

    const accounts: AccountModel[] = [...this.accounts.values()].sort(byKey).map((a) => ({
      ...a,
      keyAccessPolicy: policyStateOf(policies.filter((p) => p.accountKeys.includes(a.key))),
      auditLogs: logDestinations.filter((d) => d.accountKey === a.key).map((d) => `${d.categories.join(', ')} to ${d.destination}`),
      reach: this.reachOf(a),
    }));
    const principals = [...this.principals.values()].sort(byKey);
    const roles = [...this.roles.values()].sort(byKey);
    const findings = findingsOf({ accounts, roles, principals, assignments });
    const guardrails = guardrailFindings(this.ix);
    const keys = (s: Setting) => accounts.filter((a) => a.keyAccess === s).length;
    const roleOf = new Map(roles.map((r) => [r.key, r]));
    const reaching = (test: (r: RoleModel) => boolean) => [...new Set(assignments
      .filter((a) => a.scope.accountKeys.length > 0 && test(roleOf.get(a.roleKey)!)).map((a) => a.principalKey))].sort();
    const delegations = this.delegations(assignments, roles);
    const deployments = this.deployments();
    return {
      schemaVersion: 2,
      ...header,
      summary: {
        accounts: accounts.length,
        keyBasedAccess: { on: keys('on'), off: keys('off'), unknown: keys('unknown') },
        assignments: assignments.length,
        principals: principals.length,
        findings: findings.length,
        findingsBySeverity: Object.fromEntries(SEVERITIES.map((v) => [v, findings.filter((f) => f.severity === v).length])) as Record<Severity, number>,
        canCallModels: reaching((r) => r.inferenceDataActions.length > 0),
        canAdminister: reaching((r) => r.plane === 'control'),
      },
      accounts, principals, roles, assignments, findings, ...(deployments.length > 0 ? { deployments } : {}), ...(delegations.length > 0 ? { delegations } : {}), ...(guardrails.length > 0 ? { guardrails } : {}),
      logDestinations: logDestinations.map(({ accountKey: _unused, ...d }) => d),
      notes: [...this.notes].sort(),
    };
  }

  /** Model deployments with the content filter each uses: a policy of this stack (by reference) or one named by string. */
  private deployments(): DeploymentModel[] {
    return this.ix.resourcesOf('azurerm_cognitive_deployment').map(([name, block]) => {
      const address = `azurerm_cognitive_deployment.${name}`;
      const model = (walk(block.model, [0]) ?? block.model) as Block | undefined;
      const text = (v: unknown) => this.ix.resolve(v) ?? (v === undefined ? '?' : String(v));
      const ref = parseReference(block.rai_policy_name);
      const policy = ref?.type === 'azurerm_cognitive_account_rai_policy' ? this.ix.blockOf(ref) : undefined;
      let contentFilter: string;
      let contentFilterDetail: string;
      if (policy) {
        contentFilter = text(policy.name);
        const filters = (Array.isArray(policy.content_filter) ? policy.content_filter : []) as Block[];
        const words = filters.map((f) => `${text(f.name)} ${text(f.source)}: ${f.filter_enabled === false ? 'off' : `${text(f.severity_threshold)} and above${f.block_enabled === false ? ', annotated only' : ', blocked'}`}`);
        contentFilterDetail = `custom policy of this stack (base ${text(policy.base_policy_name)}; ${words.join('; ')})`;
      } else {
        contentFilter = block.rai_policy_name === undefined ? 'Microsoft.DefaultV2' : text(block.rai_policy_name);
        contentFilterDetail = /^Microsoft\./i.test(contentFilter) ? 'Microsoft\'s policy' : 'a policy not defined in this stack';
      }
      return {
        address, name: text(block.name), account: this.scopeOf(block.cognitive_account_id).label,
        model: model ? `${text(model.format)} ${text(model.name)} ${text(model.version)}` : '?', contentFilter, contentFilterDetail,
      };
    }).sort((a, b) => a.address.localeCompare(b.address));
  }

  /** Assignments whose condition constrains role assignment writes and deletes: who may grant what, where. */
  private delegations(assignments: AssignmentModel[], roles: RoleModel[]): DelegationModel[] {
    const nameOf = (guid: string): string => {
      const builtIn = isGuid(guid) ? BuiltInRole.byGuid(guid) : undefined;
      if (builtIn) return builtIn.roleName;
      // A custom role of this stack, referenced at plan time (element(reverse(split("/", <role>.role_definition_resource_id)), 0)).
      const custom = roles.find((r) => r.address !== undefined && guid.includes(`${r.address}.`)) ?? roles.find((r) => r.guid !== undefined && r.guid === guid.toLowerCase());
      return custom?.name ?? guid;
    };
    return assignments.flatMap((a) => {
      const parsed = a.condition ? parseDelegationCondition(a.condition) : undefined;
      return parsed ? [{ address: a.address, principalKey: a.principalKey, scope: a.scope.label, roles: parsed.roleGuids.map(nameOf), principalTypes: parsed.principalTypes }] : [];
    });
  }

  // ---------------------------------------------------------------- accounts

  private addManagedAccount(type: string, name: string, block: Block): void {
    const address = `${type}.${name}`;
    const armId = this.ix.resolve(`\${${address}.id}`);
    const ai = type === 'azurerm_ai_services';
    const localAttr = ai ? 'local_authentication_enabled' : 'local_auth_enabled';
    const planned = this.ix.planned(address);
    const keyAccess = this.setting(block[localAttr], planned?.[localAttr], localAttr, true);
    let publicNetwork: { value: Setting; detail: string };
    if (ai) {
      const v = this.ix.resolve(block.public_network_access) ?? (typeof planned?.public_network_access === 'string' ? planned.public_network_access : undefined);
      publicNetwork = block.public_network_access === undefined
        ? { value: 'on', detail: 'on (default: public_network_access not set)' }
        : v === undefined ? { value: 'unknown', detail: `unknown (public_network_access = ${String(block.public_network_access)})` }
          : { value: v.toLowerCase() === 'disabled' ? 'off' : 'on', detail: `${v.toLowerCase() === 'disabled' ? 'off' : 'on'} (public_network_access = "${v}")` };
    } else {
      publicNetwork = this.setting(block.public_network_access_enabled, planned?.public_network_access_enabled, 'public_network_access_enabled', true);
    }
    this.accounts.set(address, {
      key: address,
      name: this.ix.resolve(block.name) ?? address,
      source: 'managed',
      resourceType: type,
      ...(typeof block.kind === 'string' ? { kind: block.kind } : ai ? { kind: 'AIServices' } : {}),
      ...(armId ? { armId } : {}),
      ...this.location(block),
      keyAccess: keyAccess.value,
      keyAccessDetail: keyAccess.detail,
      publicNetworkAccess: publicNetwork.value,
      publicNetworkAccessDetail: publicNetwork.detail,
      networkRules: networkRulesOf(block.network_acls),
      ...(keyJustificationOf(block) ? { keyJustification: keyJustificationOf(block) } : {}),
    });
    this.acls.set(address, block.network_acls);
  }

  /** The private endpoints of this stack that connect to an account (by reference to it, or by its ARM ID). */
  private privateEndpointsOf(a: BaseAccount): { address: string; subnet: string }[] {
    return this.ix.resourcesOf('azurerm_private_endpoint').flatMap(([name, block]) => {
      const target = walk(block.private_service_connection, [0, 'private_connection_resource_id']);
      const resolved = this.ix.resolve(target);
      const refers = typeof target === 'string' && a.source === 'managed' && target.includes(`${a.key}.id`);
      const byId = resolved !== undefined && a.armId !== undefined && resolved.toLowerCase() === a.armId.toLowerCase();
      if (!refers && !byId) return [];
      return [{ address: `azurerm_private_endpoint.${name}`, subnet: this.ix.resolve(block.subnet_id) ?? String(block.subnet_id) }];
    }).sort((x, y) => x.address.localeCompare(y.address));
  }

  /** How an account is reached: its public endpoint's rules and the private endpoints to it. */
  private reachOf(a: BaseAccount): NetworkReach {
    const privateEndpoints = this.privateEndpointsOf(a);
    const pe = privateEndpoints.length ? `${privateEndpoints.length} private endpoint${privateEndpoints.length === 1 ? '' : 's'}` : '';
    if (a.source !== 'managed') {
      const summary = `public endpoint unknown (${a.source === 'data-source' ? 'existing account' : 'not managed by this stack'})${pe ? `; ${pe}` : ''}`;
      return { summary, publicEndpoint: 'unknown', ipRules: 0, virtualNetworkRules: 0, privateEndpoints, hasPath: pe ? 'yes' : 'unknown' };
    }
    const acl = walk(this.acls.get(a.key), [0]) as Record<string, unknown> | undefined;
    const count = (v: unknown) => (Array.isArray(v) ? v.length : v ? 1 : 0);
    const ipRules = count(acl?.ip_rules);
    const virtualNetworkRules = count(acl?.virtual_network_rules);
    const action = this.ix.resolve(acl?.default_action);
    let publicEndpoint: NetworkReach['publicEndpoint'];
    if (a.publicNetworkAccess === 'off') publicEndpoint = 'off';
    else if (a.publicNetworkAccess === 'unknown' || (acl && action === undefined)) publicEndpoint = 'unknown';
    else publicEndpoint = !acl || action!.toLowerCase() === 'allow' ? 'all networks' : 'rules';
    const rules = [ipRules ? `${ipRules} IP rule${ipRules === 1 ? '' : 's'}` : '', virtualNetworkRules ? `${virtualNetworkRules} virtual network rule${virtualNetworkRules === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    const publicText = publicEndpoint === 'off' ? '' : publicEndpoint === 'all networks' ? 'public: all networks' : publicEndpoint === 'unknown' ? 'public: unknown'
      : `public: ${rules || 'no IP or virtual network rule (trusted Azure services only, by bypass)'}`;
    const summary = publicEndpoint === 'off' ? (pe ? `private endpoints only (${privateEndpoints.length})` : 'public access off, no private endpoint in this stack')
      : [publicText, pe].filter(Boolean).join('; ');
    const hasPath = pe || publicEndpoint === 'all networks' || (publicEndpoint === 'rules' && rules !== '') ? 'yes' : publicEndpoint === 'unknown' ? 'unknown' : 'no';
    return { summary, publicEndpoint, ipRules, virtualNetworkRules, privateEndpoints, hasPath };
  }

  private addDataSourceAccount(name: string, block: Block): void {
    const address = `data.azurerm_cognitive_account.${name}`;
    const armId = this.ix.resolve(`\${${address}.id}`);
    const planned = this.ix.planned(address);
    const keys = typeof planned?.local_auth_enabled === 'boolean' ? planned.local_auth_enabled : undefined;
    const pna = typeof planned?.public_network_access_enabled === 'boolean' ? planned.public_network_access_enabled : undefined;
    this.accounts.set(address, {
      key: address,
      name: this.ix.resolve(block.name) ?? address,
      source: 'data-source',
      resourceType: 'azurerm_cognitive_account',
      ...(armId ? { armId } : {}),
      ...this.location(block),
      keyAccess: keys === undefined ? 'unknown' : keys ? 'on' : 'off',
      keyAccessDetail: keys === undefined ? 'unknown (existing account, read with a data source; give --plan to read it)' : `${keys ? 'on' : 'off'} (plan: local_auth_enabled = ${keys})`,
      publicNetworkAccess: pna === undefined ? 'unknown' : pna ? 'on' : 'off',
      publicNetworkAccessDetail: pna === undefined ? 'unknown (existing account)' : `${pna ? 'on' : 'off'} (plan: public_network_access_enabled = ${pna})`,
      networkRules: planned ? networkRulesOf(planned.network_acls) : 'unknown (existing account)',
    });
  }

  /** An account named only by ARM ID in a scope: one this stack does not manage. */
  private existingAccount(armId: string, m: RegExpExecArray): string {
    const key = armId.toLowerCase();
    const managed = [...this.accounts.values()].find((a) => a.armId?.toLowerCase() === key);
    if (managed) return managed.key;
    if (!this.accounts.has(key)) {
      this.accounts.set(key, {
        key, name: m[3], source: 'arm-id', armId, subscriptionId: m[1].toLowerCase(), resourceGroup: m[2],
        keyAccess: 'unknown', keyAccessDetail: 'unknown (existing account, not managed by this stack)',
        publicNetworkAccess: 'unknown', publicNetworkAccessDetail: 'unknown (existing account, not managed by this stack)',
        networkRules: 'unknown (existing account)',
      });
    }
    return key;
  }

  private location(block: Block): { subscriptionId?: string; resourceGroup?: string } {
    const sub = this.ix.subscriptionOf(block);
    const rg = this.ix.resolve(block.resource_group_name);
    return { ...(sub ? { subscriptionId: sub } : {}), ...(rg ? { resourceGroup: rg } : {}) };
  }

  /** A boolean setting with a provider default: value and the reason for it. */
  private setting(configured: unknown, planned: unknown, attr: string, defaultOn: boolean): { value: Setting; detail: string } {
    const word = (b: boolean): Setting => (b ? 'on' : 'off');
    if (configured === undefined || configured === null) {
      return { value: word(defaultOn), detail: `${word(defaultOn)} (default: ${attr} not set)` };
    }
    const b = this.ix.resolveBoolean(configured) ?? (typeof planned === 'boolean' ? planned : undefined);
    if (b === undefined) return { value: 'unknown', detail: `unknown (${attr} = ${String(configured)})` };
    return { value: word(b), detail: `${word(b)} (${attr} = ${b})` };
  }

  // ---------------------------------------------------------------- roles

  private customRole(name: string, block: Block): RoleModel {
    const address = `azurerm_role_definition.${name}`;
    const key = `custom:${address}`;
    const known = this.roles.get(key);
    if (known) return known;
    const blocks = (Array.isArray(block.permissions) ? block.permissions : block.permissions ? [block.permissions] : []) as Block[];
    const list = (attr: string) => blocks.flatMap((p) => (Array.isArray(p[attr]) ? (p[attr] as unknown[]) : []))
      .map((v) => this.ix.resolve(v) ?? String(v));
    const guid = this.ix.resolve(block.role_definition_id);
    const role = roleModel(key, this.ix.resolve(block.name) ?? address, 'custom', {
      actions: list('actions'), notActions: list('not_actions'), dataActions: list('data_actions'), notDataActions: list('not_data_actions'),
    }, { address, ...(guid && isGuid(guid) ? { guid: guid.toLowerCase() } : {}) });
    this.roles.set(key, role);
    return role;
  }

  private roleOf(address: string, block: Block): RoleModel {
    if (block.role_definition_id !== undefined) {
      const raw = block.role_definition_id;
      const ref = parseReference(raw);
      if (ref?.mode === 'managed' && ref.type === 'azurerm_role_definition') {
        const def = this.ix.blockOf(ref);
        if (def) {
          if (ref.path[0] === 'id') {
            this.notes.add(`${address}: role_definition_id uses ${ref.address}.id, which is "<guid>|<scope>" and Azure rejects it (InvalidRoleDefinitionId); use ${ref.address}.role_definition_resource_id`);
          }
          return this.customRole(ref.name, def);
        }
      }
      if (ref?.mode === 'data' && ref.type === 'azurerm_role_definition') {
        const def = this.ix.blockOf(ref) ?? {};
        const byName = this.ix.resolve(def.name);
        const byId = this.ix.resolve(def.role_definition_id);
        const entry = (byId && BuiltInRole.byGuid(byId)) || (byName && BuiltInRole.byName(byName));
        if (entry) return this.builtIn(entry.guid)!;
        return this.unknownRole(`unknown:${ref.address}`, byName ?? byId ?? ref.address, `${address}: role ${ref.address} is not a built-in role this report knows; its permissions are unknown`);
      }
      const literal = this.ix.resolve(raw);
      const guid = literal ? ROLE_GUID.exec(literal)?.[1]?.toLowerCase() : undefined;
      if (guid) {
        const builtIn = this.builtIn(guid);
        if (builtIn) return builtIn;
        const custom = this.ix.resourcesOf('azurerm_role_definition').find(([, b]) => this.ix.resolve(b.role_definition_id)?.toLowerCase() === guid);
        if (custom) return this.customRole(custom[0], custom[1]);
        return this.unknownRole(`unknown:${guid}`, `role definition ${guid}`,
          `${address}: role definition ${guid} is neither in the built-in table nor defined in this stack; its permissions are unknown`);
      }
      return this.unknownRole(`unknown:${String(raw)}`, String(raw), `${address}: role_definition_id ${String(raw)} cannot be resolved at synth time`);
    }
    const roleName = this.ix.resolve(block.role_definition_name);
    if (roleName !== undefined) {
      const entry = BuiltInRole.byName(roleName);
      const renamed = BuiltInRole.byFormerName(roleName);
      if (renamed && renamed.roleName.toLowerCase() !== roleName.trim().toLowerCase()) {
        this.notes.add(`${address}: role "${roleName}" is the former name of ${renamed.roleName} (${renamed.guid}); Azure no longer knows the old name, so the assignment fails: assign by GUID`);
      }
      if (entry) return this.builtIn(entry.guid)!;
      const custom = this.ix.resourcesOf('azurerm_role_definition').find(([, b]) => this.ix.resolve(b.name)?.toLowerCase() === roleName.toLowerCase());
      if (custom) return this.customRole(custom[0], custom[1]);
      return this.unknownRole(`unknown:name:${roleName.toLowerCase()}`, roleName,
        `${address}: role "${roleName}" (role_definition_name) is neither in the built-in table nor defined in this stack; its permissions are unknown`);
    }
    const raw = String(block.role_definition_name ?? 'no role');
    return this.unknownRole(`unknown:${raw}`, raw, `${address}: the role (${raw}) cannot be resolved at synth time`);
  }

  private builtIn(guid: string): RoleModel | undefined {
    const entry = BuiltInRole.byGuid(guid);
    if (!entry) return undefined;
    const key = entry.roleKey;
    if (!entry.permissions) return this.unknownRole(key, entry.roleName, `${entry.roleName} (built-in ${entry.guid}): its permissions are not in the project's table`);
    if (!this.roles.has(key)) this.roles.set(key, roleModel(key, entry.roleName, 'built-in', entry.permissions, { guid: entry.guid }));
    return this.roles.get(key)!;
  }

  private unknownRole(key: string, name: string, note: string): RoleModel {
    this.notes.add(note);
    if (!this.roles.has(key)) {
      this.roles.set(key, { ...roleModel(key, name, 'unknown', { actions: [], notActions: [], dataActions: [], notDataActions: [] }, {}), permissionsKnown: false });
    }
    return this.roles.get(key)!;
  }

  // ---------------------------------------------------------------- principals

  private principalOf(address: string, block: Block): { principal: PrincipalModel; inferredType?: string } {
    const raw = block.principal_id;
    const objectId = this.ix.resolve(raw);
    const ref = parseReference(raw);
    let identifiedBy: string;
    let inferredType: string | undefined;
    let lookupKey: string | undefined;
    if (typeof raw === 'string' && !isExpression(raw)) {
      identifiedBy = 'object ID';
    } else if (ref) {
      ({ identifiedBy, inferredType, lookupKey } = this.describePrincipalReference(ref, block));
    } else {
      identifiedBy = `expression ${String(raw)}`;
      this.notes.add(`${address}: principal_id ${String(raw)} cannot be resolved at synth time`);
    }
    const validOid = objectId !== undefined && isGuid(objectId) ? objectId.toLowerCase() : undefined;
    if (objectId !== undefined && !validOid) {
      this.notes.add(`${address}: principal_id "${objectId}" is not an object ID (a GUID)`);
    }
    const key = validOid ? `oid:${validOid}` : lookupKey ?? `expr:${String(raw)}`;
    const type = typeof block.principal_type === 'string' ? block.principal_type : inferredType ?? 'unknown';
    const known = this.principals.get(key);
    if (known) {
      // The same object ID may be written literally in one place and looked up in another: keep the more telling description.
      if (known.identifiedBy === 'object ID' && identifiedBy !== 'object ID') {
        this.principals.set(key, { ...known, identifiedBy, ...(ref ? { reference: ref.address } : {}) });
      }
      if (known.type === 'unknown' && type !== 'unknown') this.principals.set(key, { ...this.principals.get(key)!, type });
      return { principal: this.principals.get(key)!, inferredType };
    }
    const label = identifiedBy === 'object ID' ? recordedLabel(block) : undefined;
    const principal: PrincipalModel = {
      key, identifiedBy, type,
      ...(label ? { label } : {}),
      ...(validOid ? { objectId: validOid } : {}),
      ...(ref ? { reference: ref.type === 'var' || ref.type === 'local' ? ref.address : `${ref.address}${pathText(ref.path)}` } : {}),
    };
    this.principals.set(key, principal);
    return { principal, inferredType };
  }

  private describePrincipalReference(ref: Reference, grant: Block): { identifiedBy: string; inferredType?: string; lookupKey?: string } {
    const block = this.ix.blockOf(ref) ?? {};
    const arg = (name: string) => this.ix.resolve(block[name]);
    const lookup = (args: string[]) => {
      const found = args.find((a) => arg(a) !== undefined);
      return found ? `lookup:${ref.type}:${found}=${arg(found)!.toLowerCase()}` : undefined;
    };
    const attr = ref.path[ref.path.length - 1];
    const lastIsIdentity = ref.path.includes('identity') && attr === 'principal_id';
    if (ref.type === 'var' || ref.type === 'local') return { identifiedBy: `Terraform ${ref.type === 'var' ? 'variable' : 'local value'} ${ref.name}` };
    if (lastIsIdentity) {
      const name = arg('name') ?? ref.address;
      const what = ACCOUNT_TYPES.includes(ref.type) ? `account "${name}"` : `${ref.type} "${name}"`;
      return { identifiedBy: `system-assigned identity of ${what}${ref.mode === 'data' ? ' (existing)' : ''}`, inferredType: 'ServicePrincipal', lookupKey: `ref:${ref.address}.identity` };
    }
    if (ref.mode === 'data') {
      switch (ref.type) {
        case 'azuread_user': {
          const by = [['user_principal_name', 'UPN'], ['mail', 'mail'], ['mail_nickname', 'mail nickname'], ['employee_id', 'employee ID'], ['object_id', 'object ID']]
            .find(([a]) => arg(a) !== undefined);
          return { identifiedBy: by ? `user by ${by[1]} ${arg(by[0])}` : `user (${ref.address})`, inferredType: 'User', lookupKey: lookup(['user_principal_name', 'mail', 'mail_nickname', 'employee_id', 'object_id']) };
        }
        case 'azuread_group': {
          const by = [['display_name', 'display name'], ['mail_nickname', 'mail nickname'], ['object_id', 'object ID']].find(([a]) => arg(a) !== undefined);
          return { identifiedBy: by ? `group by ${by[1]} ${by[0] === 'object_id' ? arg(by[0]) : `"${arg(by[0])}"`}` : `group (${ref.address})`, inferredType: 'Group', lookupKey: lookup(['display_name', 'mail_nickname', 'object_id']) };
        }
        case 'azuread_service_principal': {
          // A system-assigned identity (Principal.systemAssignedIdentity): found by display name, checked against the
          // resource ID in `alternative_names` by a postcondition; the grant records which resource in words.
          const holder = systemAssignedHolder(block, rawLabel(grant));
          if (holder) return { identifiedBy: holder, inferredType: 'ServicePrincipal', lookupKey: `ref:${ref.address}` };
          const by = [['client_id', 'client ID'], ['display_name', 'display name'], ['object_id', 'object ID']].find(([a]) => arg(a) !== undefined);
          return { identifiedBy: by ? `service principal by ${by[1]} ${by[0] === 'display_name' ? `"${arg(by[0])}"` : arg(by[0])}` : `service principal (${ref.address})`, inferredType: 'ServicePrincipal', lookupKey: lookup(['client_id', 'display_name', 'object_id']) };
        }
        case 'azuread_client_config':
        case 'azurerm_client_config':
          return { identifiedBy: `the deploying identity (${ref.type})`, lookupKey: 'lookup:deployer' };
        case 'azurerm_user_assigned_identity': {
          const rg = arg('resource_group_name');
          return { identifiedBy: `user-assigned identity ${arg('name') ?? ref.name}${rg ? ` in ${rg}` : ''}`, inferredType: 'ServicePrincipal', lookupKey: `ref:${ref.address}` };
        }
        default:
          return { identifiedBy: `${ref.address}${pathText(ref.path)}`, lookupKey: `ref:${ref.address}${pathText(ref.path)}` };
      }
    }
    switch (ref.type) {
      case 'azuread_group':
        return { identifiedBy: `group "${arg('display_name') ?? ref.name}" created in this stack`, inferredType: 'Group', lookupKey: `ref:${ref.address}` };
      case 'azuread_user':
        return { identifiedBy: `user ${arg('user_principal_name') ?? ref.name} created in this stack`, inferredType: 'User', lookupKey: `ref:${ref.address}` };
      case 'azuread_service_principal': {
        const app = arg('client_id');
        return { identifiedBy: `service principal${app ? ` of application ${app}` : ` ${ref.name}`} created in this stack`, inferredType: 'ServicePrincipal', lookupKey: `ref:${ref.address}` };
      }
      case 'azurerm_user_assigned_identity':
        return { identifiedBy: `user-assigned identity "${arg('name') ?? ref.name}" created in this stack`, inferredType: 'ServicePrincipal', lookupKey: `ref:${ref.address}` };
      default:
        return { identifiedBy: `${ref.address}${pathText(ref.path)}`, lookupKey: `ref:${ref.address}${pathText(ref.path)}` };
    }
  }

  // ---------------------------------------------------------------- scopes and assignments

  private scopeOf(raw: unknown): ScopeModel {
    const text = String(raw);
    const ref = parseReference(raw);
    if (ref && ref.path.length === 1 && ref.path[0] === 'id') {
      const account = this.accounts.get(ref.address);
      if (account) return { key: `account:${account.key}`, kind: 'account', label: `account ${account.name}`, raw: text, accountKeys: [account.key] };
    }
    const literal = this.ix.resolve(raw)?.replace(/\/+$/, '');
    if (literal !== undefined) {
      let m: RegExpExecArray | null;
      const project = /^(.+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+)\/projects\/([^/]+)$/i.exec(literal);
      if (project && (m = ACCOUNT_ARM_ID.exec(project[1]))) {
        const key = this.existingAccount(project[1], m);
        return { key: `project:${literal.toLowerCase()}`, kind: 'project', label: `project ${project[2]} (account ${this.accounts.get(key)!.name})`, raw: text, accountKeys: [key] };
      }
      if ((m = ACCOUNT_ARM_ID.exec(literal))) {
        const key = this.existingAccount(literal, m);
        return { key: `account:${key}`, kind: 'account', label: `account ${this.accounts.get(key)!.name}`, raw: text, accountKeys: [key] };
      }
      if ((m = RG_ARM_ID.exec(literal))) {
        return { key: `rg:${m[1].toLowerCase()}/${m[2].toLowerCase()}`, kind: 'resource-group', label: `resource group ${m[2]}`, raw: text, accountKeys: [] };
      }
      if ((m = SUB_ARM_ID.exec(literal))) return { key: `sub:${m[1].toLowerCase()}`, kind: 'subscription', label: `subscription ${m[1]}`, raw: text, accountKeys: [] };
      if ((m = MG_ARM_ID.exec(literal))) return { key: `mg:${m[1].toLowerCase()}`, kind: 'management-group', label: `management group ${m[1]}`, raw: text, accountKeys: [] };
      return { key: `res:${literal.toLowerCase()}`, kind: 'resource', label: literal, raw: text, accountKeys: [] };
    }
    if (ref && ref.type === 'azurerm_cognitive_account_project' && ref.path.length === 1 && ref.path[0] === 'id') {
      // A Foundry project: its grants reach the models of its account.
      const block = this.ix.blockOf(ref);
      const name = this.ix.resolve(block?.name) ?? ref.name;
      const accountScope = block ? this.scopeOf(block.cognitive_account_id) : undefined;
      const accountKeys = accountScope?.kind === 'account' ? accountScope.accountKeys : [];
      const owner = accountKeys.length > 0 ? ` (${accountScope!.label})` : '';
      return { key: `project:${ref.address}`, kind: 'project', label: `project ${name}${owner}`, raw: text, accountKeys };
    }
    if (ref && ref.type !== 'azurerm_resource_group' && ref.type !== 'var' && ref.type !== 'local' && ref.path.length === 1 && ref.path[0] === 'id' && this.ix.blockOf(ref)) {
      // Another resource (a storage account, a project...): it holds no account of this report.
      const name = this.ix.resolve(this.ix.blockOf(ref)!.name);
      return { key: `ref:${ref.address}`, kind: 'resource', label: `${ref.type.replace(/^azurerm_/, '').replace(/_/g, ' ')} ${name ?? ref.name}${ref.mode === 'data' ? ' (existing)' : ''}`, raw: text, accountKeys: [] };
    }
    if (ref?.type === 'azurerm_resource_group' && ref.path[0] === 'id') {
      // Subscription unknown at synth time (provider reads ARM_SUBSCRIPTION_ID): the group is matched by name.
      const name = this.ix.resolve(this.ix.blockOf(ref)?.name);
      if (name) return { key: `rg:?/${name.toLowerCase()}`, kind: 'resource-group', label: `resource group ${name}`, raw: text, accountKeys: [] };
    }
    this.notes.add(`scope ${text} cannot be resolved at synth time; accounts it covers are unknown`);
    return { key: `expr:${text}`, kind: 'unknown', label: text, raw: text, accountKeys: [] };
  }

  /** Accounts a scope covers: the account itself, or those in the group or subscription (management groups: assumed all). */
  private covered(scope: ScopeModel): string[] {
    if (scope.kind === 'account' || scope.kind === 'project') return scope.accountKeys;
    const accounts = [...this.accounts.values()];
    const subOk = (a: BaseAccount, sub: string) => sub === '?' || a.subscriptionId === undefined || a.subscriptionId === sub;
    if (scope.kind === 'resource-group') {
      const [sub, rg] = scope.key.slice(3).split('/');
      return accounts.filter((a) => a.resourceGroup?.toLowerCase() === rg && subOk(a, sub)).map((a) => a.key).sort();
    }
    if (scope.kind === 'subscription') return accounts.filter((a) => subOk(a, scope.key.slice(4))).map((a) => a.key).sort();
    if (scope.kind === 'management-group') {
      this.notes.add(`${scope.label}: this report cannot tell which subscriptions it holds and assumes it covers every account`);
      return accounts.map((a) => a.key).sort();
    }
    return [];
  }

  // ---------------------------------------------------------------- policy and logs

  /** The stack's assignments of the key-access policy, with the accounts their scope covers. */
  private keyAccessPolicies(): Array<{ address: string; effect: KeyAccessPolicyState['effect']; scopeLabel: string; accountKeys: string[] }> {
    const scopeAttr: Record<string, string> = {
      [POLICY_ASSIGNMENT_TYPES.resourceGroup]: 'resource_group_id', [POLICY_ASSIGNMENT_TYPES.subscription]: 'subscription_id',
      [POLICY_ASSIGNMENT_TYPES.resource]: 'resource_id', [POLICY_ASSIGNMENT_TYPES.managementGroup]: 'management_group_id',
    };
    return Object.entries(scopeAttr).flatMap(([type, attr]) => this.ix.resourcesOf(type).flatMap(([name, block]) => {
      const id = this.ix.resolve(block.policy_definition_id);
      if (!id || builtInPolicyOf(id) !== KEY_ACCESS_POLICY) return [];
      const parameters = this.ix.resolve(block.parameters) ?? block.parameters;
      const enforce = typeof block.enforce === 'boolean' ? block.enforce : this.ix.resolveBoolean(block.enforce) ?? block.enforce;
      const scope = this.scopeOf(block[attr]);
      return [{ address: `${type}.${name}`, effect: assignmentEffect(KEY_ACCESS_POLICY, parameters, enforce), scopeLabel: scope.label, accountKeys: this.covered(scope) }];
    }));
  }

  /** Diagnostic settings: the logs of which resource go where. */
  private logDestinations(): Array<LogDestinationModel & { accountKey?: string }> {
    return this.ix.resourcesOf('azurerm_monitor_diagnostic_setting').map(([name, block]) => {
      const address = `azurerm_monitor_diagnostic_setting.${name}`;
      const rawTarget = String(block.target_resource_id);
      const ref = parseReference(block.target_resource_id);
      let accountKey: string | undefined;
      let target: string;
      if (ref && ref.path.join('.') === 'id' && this.accounts.has(ref.address)) {
        accountKey = ref.address;
        target = `account ${this.accounts.get(ref.address)!.name}`;
      } else {
        const literal = this.ix.resolve(block.target_resource_id);
        const m = literal ? ACCOUNT_ARM_ID.exec(literal) : null;
        if (m) {
          accountKey = this.existingAccount(literal!, m);
          target = `account ${m[3]}`;
        } else {
          const blob = /^\$\{([\w-]+\.[\w-]+)\.id\}\/blobServices\/default$/.exec(rawTarget);
          const storage = blob ? this.ix.resolve(this.ix.blockOf(parseReference(`\${${blob[1]}}`)!)?.name) : undefined;
          target = blob ? `blob service of storage account ${storage ?? blob[1]}` : literal ?? rawTarget;
        }
      }
      const logs = (Array.isArray(block.enabled_log) ? block.enabled_log : block.enabled_log ? [block.enabled_log] : []) as Block[];
      const categories = logs.map((l) => this.ix.resolve(l.category) ?? (l.category_group ? `group ${String(l.category_group)}` : '?'));
      return { address, target, categories, destination: this.destinationOf(block), ...(accountKey ? { accountKey } : {}) };
    }).sort((a, b) => a.address.localeCompare(b.address));
  }

  private destinationOf(block: Block): string {
    const ws = block.log_analytics_workspace_id;
    if (ws === undefined) return block.storage_account_id !== undefined ? `storage account ${String(block.storage_account_id)}` : block.eventhub_name !== undefined ? 'an event hub' : 'no destination';
    const ref = parseReference(ws);
    if (ref?.type === 'azurerm_log_analytics_workspace' && ref.mode === 'managed') {
      const w = this.ix.blockOf(ref) ?? {};
      const days = this.ix.resolve(w.retention_in_days) ?? (w.retention_in_days !== undefined ? String(w.retention_in_days) : '30 (default)');
      return `Log Analytics workspace ${this.ix.resolve(w.name) ?? ref.name} (created here, retention ${days} days)`;
    }
    const literal = this.ix.resolve(ws);
    return literal ? `Log Analytics workspace ${literal.split('/').pop()} (existing: ${literal})` : `Log Analytics workspace ${String(ws)}`;
  }

  private assignment(type: string, name: string, block: Block, access: AssignmentModel['access']): AssignmentModel {
    const address = `${type}.${name}`;
    const role = this.roleOf(address, block);
    const { principal, inferredType } = this.principalOf(address, block);
    const principalType = typeof block.principal_type === 'string' ? block.principal_type
      : access !== 'standing' ? (inferredType ? `${inferredType} (inferred; set by PIM)` : 'set by PIM')
        : inferredType ? `${inferredType} (inferred; principal_type not set)` : 'not set';
    const expires = access === 'standing' ? undefined : expiryOf(block, access);
    const planned = this.ix.planned(address);
    let assignmentName: string;
    const literalName = this.ix.resolve(block.name) ?? (typeof planned?.name === 'string' ? planned.name : undefined);
    if (access !== 'standing') assignmentName = 'PIM schedule request (named by Azure)';
    else if (literalName !== undefined) assignmentName = literalName;
    else if (block.name === undefined) assignmentName = 'random (chosen at apply)';
    else if (String(block.name).includes('uuidv5(')) assignmentName = 'deterministic: uuidv5 of scope, role and principal (plan time)';
    else assignmentName = String(block.name);
    const condition = this.ix.resolve(block.condition) ?? (block.condition !== undefined ? String(block.condition) : undefined);
    const description = this.ix.resolve(block.description) ?? (block.description !== undefined ? String(block.description) : undefined);
    const repeated = block.count !== undefined ? `count = ${String(block.count)}` : block.for_each !== undefined ? `for_each = ${typeof block.for_each === 'string' ? block.for_each : JSON.stringify(block.for_each)}` : undefined;
    return {
      address, name: assignmentName, principalKey: principal.key, principalType, roleKey: role.key, scope: this.scopeOf(block.scope),
      ...(condition !== undefined ? { condition } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(repeated ? { repeated } : {}),
      access,
      ...(expires ? { expires } : {}),
    };
  }
}

/**
 * A PIM assignment's end, in words, from its `schedule.expiration`. An eligible one without an end is permanent (the
 * constructs also set the role's PIM policy to allow it); an active one without an end gets the policy's maximum.
 */
function expiryOf(block: Block, access: 'eligible' | 'time-limited'): string {
  const exp = walk(walk(block.schedule, [0]), ['expiration', 0]) as Block | undefined
    ?? walk(block.schedule, ['expiration']) as Block | undefined;
  const none = access === 'eligible' ? 'permanent (eligible until removed)' : 'no end set (the role\'s PIM policy decides)';
  if (!exp || typeof exp !== 'object') return none;
  if (exp.end_date_time !== undefined) return `ends ${String(exp.end_date_time)}`;
  if (exp.duration_days !== undefined) return `ends ${String(exp.duration_days)} days after creation`;
  if (exp.duration_hours !== undefined) return `ends ${String(exp.duration_hours)} hours after creation`;
  return none;
}

/** The strongest effect of the assignments covering an account, in words. */
function policyStateOf(list: Array<{ address: string; effect: KeyAccessPolicyState['effect']; scopeLabel: string }>): KeyAccessPolicyState {
  if (list.length === 0) {
    return { effect: 'none', detail: 'none in this stack (keys can be turned on in the portal or CLI by anyone with Cognitive Services Contributor, unless a policy outside this stack denies it)', assignments: [] };
  }
  const strongest = [...list].sort((a, b) => EFFECT_ORDER.indexOf(a.effect) - EFFECT_ORDER.indexOf(b.effect))[0];
  const where = `${strongest.scopeLabel} (\`${strongest.address}\`)`;
  const detail: Record<KeyAccessPolicyState['effect'], string> = {
    Deny: `Deny at ${where}: Azure refuses any change that turns keys on`,
    unknown: `effect decided at plan time, at ${where}`,
    Audit: `Audit at ${where}: a keys-on change is allowed and reported as non-compliant`,
    DoNotEnforce: `assigned with enforce = false at ${where}: evaluated, never denied`,
    Disabled: `Disabled at ${where}: not evaluated`,
    none: '',
  };
  return { effect: strongest.effect, detail: detail[strongest.effect], assignments: list.map((p) => p.address).sort() };
}

function roleModel(key: string, name: string, kind: RoleModel['kind'], p: RolePermissions, extra: { guid?: string; address?: string }): RoleModel {
  return {
    key, name, kind, ...extra, permissionsKnown: true,
    actions: [...p.actions], notActions: [...p.notActions], dataActions: [...p.dataActions], notDataActions: [...p.notDataActions],
    controlPlaneActions: controlPlaneActions(p), canListKeys: canListKeys(p), inferenceDataActions: inferenceDataActions(p),
    plane: planeOf(p), canGrantAccess: canGrantAccess(p),
  };
}

function pathText(path: (string | number)[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
}

function networkRulesOf(acls: unknown): string {
  const a = walk(acls, [0]) as Block | undefined;
  if (!a || typeof a !== 'object') return 'none';
  const parts = [`default action ${String(a.default_action ?? 'unset')}`];
  const ips = Array.isArray(a.ip_rules) ? a.ip_rules.length : 0;
  const vnets = Array.isArray(a.virtual_network_rules) ? a.virtual_network_rules.length : a.virtual_network_rules ? 1 : 0;
  parts.push(`${ips} IP rule${ips === 1 ? '' : 's'}`);
  if (vnets) parts.push(`${vnets} virtual network rule${vnets === 1 ? '' : 's'}`);
  if (a.bypass !== undefined) parts.push(`bypass ${String(a.bypass)}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------- findings

/** The findings of a report, each present exactly when its condition holds. Sorted for stable output. */
export function findingsOf(report: Pick<AccessReport, 'accounts' | 'roles' | 'principals' | 'assignments'>): Finding[] {
  const roles = new Map(report.roles.map((r) => [r.key, r]));
  const accounts = new Map(report.accounts.map((a) => [a.key, a]));
  const principals = new Map(report.principals.map((p) => [p.key, p]));
  const who = (key: string) => principalLabel(principals.get(key));
  const findings: Finding[] = [];

  const callers = (accountKey: string) => [...new Set(report.assignments
    .filter((a) => a.scope.accountKeys.includes(accountKey) && roles.get(a.roleKey)!.inferenceDataActions.length > 0).map((a) => a.principalKey))].sort();
  for (const account of report.accounts) {
    // A private-only (or deny-all) account whose model callers have no way in: nothing in this configuration reaches it.
    const blocked = callers(account.key);
    if (account.reach.hasPath === 'no' && blocked.length > 0) {
      findings.push({
        kind: 'no-network-path', severity: 'high', principalKey: '', accountKey: account.key, assignments: [],
        message: `${account.name} has no network path in this configuration (${account.reach.summary}), so ${blocked.map(who).join('; ')} cannot call its models: add a private endpoint in a subnet their pipelines run in (or peered with it), or IP / virtual network rules`,
      });
    }
    // The policy cannot run offline: a Deny assignment over an account whose configuration turns keys on means Azure refuses the apply.
    if (account.keyAccess === 'on' && account.keyAccessPolicy.effect === 'Deny') {
      findings.push({
        kind: 'keys-on-denied-by-policy', severity: 'high', principalKey: '', accountKey: account.key, assignments: account.keyAccessPolicy.assignments,
        message: `${account.name} turns key-based access on (${account.keyAccessDetail}), which the key-access policy denies (${account.keyAccessPolicy.detail}); the apply fails with RequestDisallowedByPolicy: turn keys off, or change the policy's effect with a written reason`,
      });
    }
  }

  for (const a of report.assignments) {
    const role = roles.get(a.roleKey)!;
    // Control-plane roles matter where they reach accounts: on an account, or on a group, subscription or scope that may hold some.
    if (role.controlPlaneActions.length > 0 && (a.scope.kind !== 'resource' || a.scope.accountKeys.length > 0)) {
      // Administering one account is what administrators are for; granting access, or administering a whole group or subscription, is a risk.
      // A delegation whose condition allows only roles that cannot grant access or change an account is what delegates are for.
      const delegated = a.condition ? parseDelegationCondition(a.condition) : undefined;
      const bounded = delegated !== undefined && a.scope.kind !== 'unknown' && delegated.roleGuids.every((g) => {
        const r = isGuid(g) ? BuiltInRole.byGuid(g) : undefined;
        const custom = [...roles.values()].find((x) => x.kind === 'custom' && x.address !== undefined && g.includes(`${x.address}.`));
        return r ? controlPlaneActions(r.permissions!).length === 0 : custom !== undefined && custom.controlPlaneActions.length === 0;
      });
      const severity: Severity = bounded ? 'info' : controlPlaneRisk(role, a.scope.kind === 'account' ? 'account' : 'wider')!;
      const why = bounded ? `; a delegation: its condition lets it assign only ${delegated!.roleGuids.length} data-plane role(s) to ${delegated!.principalTypes.join(', ') || 'any principal type'}`
        : role.canGrantAccess ? '; it can grant access, including to itself'
        : severity !== 'medium' ? '' : a.scope.kind === 'account' ? '; its writes reach beyond the account'
          : `; it reaches every account in ${a.scope.label}, not one account`;
      findings.push({
        kind: 'control-plane-role', severity, principalKey: a.principalKey, assignments: [a.address],
        message: `${who(a.principalKey)} ${a.access === 'eligible' ? 'is eligible for (PIM, activated just in time)' : 'holds'} ${role.name} on ${a.scope.label}${a.expires ? ` (${a.expires})` : ''} (control plane: ${briefList(role.controlPlaneActions)})${why}`,
      });
    }
    if (role.canListKeys) {
      for (const key of a.scope.accountKeys) {
        const account = accounts.get(key)!;
        if (account.keyAccess === 'on') {
          findings.push({
            kind: 'key-listing-role', severity: 'high', principalKey: a.principalKey, accountKey: key, assignments: [a.address],
            message: `${who(a.principalKey)} can list the keys of ${account.name} (key-based access is ${account.keyAccessDetail}) through ${role.name} on ${a.scope.label}`,
          });
        } else if (account.keyAccess === 'unknown') {
          // Silence here would read as "keys off": an existing account has keys on unless someone turned them off.
          findings.push({
            kind: 'key-listing-role-keys-unknown', severity: 'medium', principalKey: a.principalKey, accountKey: key, assignments: [a.address],
            message: `${who(a.principalKey)} can list the keys of ${account.name} through ${role.name} on ${a.scope.label}; keys may be on: key state unknown (${unknownKeysReason(account)}); verify disableLocalAuth: ${disableLocalAuthCommand(account)} (true: keys off)`,
          });
        }
      }
    }
  }

  const groups = new Map<string, string[]>();
  for (const a of report.assignments) {
    const k = `${a.principalKey}\n${a.roleKey}\n${a.scope.key}`;
    groups.set(k, [...(groups.get(k) ?? []), a.address]);
  }
  for (const [k, addresses] of groups) {
    if (addresses.length < 2) continue;
    const [principalKey, roleKey] = k.split('\n');
    const scope = report.assignments.find((a) => a.address === addresses[0])!.scope;
    findings.push({
      kind: 'duplicate-grant', severity: 'low', principalKey, assignments: [...addresses].sort(),
      message: `${who(principalKey)} is granted ${roles.get(roleKey)!.name} on ${scope.label} ${addresses.length} times`,
    });
  }

  // Per principal and account: the distinct (role, scope) grants that reach it.
  const reach = new Map<string, Map<string, { role: RoleModel; scope: ScopeModel; addresses: string[] }>>();
  for (const a of report.assignments) {
    for (const accountKey of a.scope.accountKeys) {
      const k = `${a.principalKey}\n${accountKey}`;
      const grants = reach.get(k) ?? new Map();
      const g = `${a.roleKey}\n${a.scope.key}`;
      const entry = grants.get(g) ?? { role: roles.get(a.roleKey)!, scope: a.scope, addresses: [] };
      entry.addresses.push(a.address);
      grants.set(g, entry);
      reach.set(k, grants);
    }
  }
  for (const [k, grants] of reach) {
    const [principalKey, accountKey] = k.split('\n');
    const list = [...grants.values()];
    const dataPlane = list.filter((g) => g.role.inferenceDataActions.length > 0);
    const roleCounts = new Map<string, number>();
    for (const g of list) roleCounts.set(g.role.key, (roleCounts.get(g.role.key) ?? 0) + 1);
    const sameRoleTwice = list.filter((g) => roleCounts.get(g.role.key)! > 1);
    const involved = new Set([...(dataPlane.length > 1 ? dataPlane : []), ...sameRoleTwice]);
    if (involved.size === 0) continue;
    const parts = [...involved].map((g) => `${g.role.name} on ${g.scope.label}`).sort();
    const why = dataPlane.length > 1 && sameRoleTwice.length === 0 ? 'data-plane access through' : 'overlapping grants:';
    findings.push({
      kind: 'overlapping-grants', severity: 'low', principalKey, accountKey,
      assignments: [...involved].flatMap((g) => g.addresses).sort(),
      message: `${who(principalKey)} reaches ${accounts.get(accountKey)!.name} with ${why} ${parts.join('; ')}`,
    });
  }

  return sortFindings(findings);
}

/**
 * The guardrail rules' findings on the stack's resources, read from the library's rule table: a rule added there shows
 * in the report with its ID, title and fix, and no change here. Suppressed rules (in the resource's `//` block) are left out.
 */
export function guardrailFindings(ix: StackIndex): GuardrailFinding[] {
  const policyTypes = new Set<string>(Object.values(POLICY_ASSIGNMENT_TYPES));
  const context = {
    policyAssignments: () => [...policyTypes].flatMap((type) => ix.resourcesOf(type).map(([, config]) => ({ type, config }))),
  };
  const findings: GuardrailFinding[] = [];
  for (const type of [...new Set(GUARDRAIL_RULES.flatMap((r) => r.resourceTypes))].sort()) {
    for (const [name, config] of ix.resourcesOf(type)) {
      const suppressed = new Set(((config['//'] as { keyless_guardrails?: { suppressions?: { rule: string }[] } } | undefined)
        ?.keyless_guardrails?.suppressions ?? []).map((x) => x.rule));
      for (const rule of guardrailRulesFor(type)) {
        if (suppressed.has(rule.id)) continue;
        const found = rule.check(config, type, context);
        if (found.length > 0) findings.push({ rule: rule.id, severity: rule.severity, resource: `${type}.${name}`, title: rule.title, found, fix: rule.fix });
      }
    }
  }
  return findings;
}

function sortFindings(findings: Finding[]): Finding[] {
  const order: FindingKind[] = ['no-network-path', 'keys-on-denied-by-policy', 'control-plane-role', 'key-listing-role', 'key-listing-role-keys-unknown', 'duplicate-grant', 'overlapping-grants'];
  return findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || order.indexOf(a.kind) - order.indexOf(b.kind)
    || a.principalKey.localeCompare(b.principalKey) || (a.accountKey ?? '').localeCompare(b.accountKey ?? '')
    || a.assignments.join().localeCompare(b.assignments.join()));
}

/** Why an account's key setting is unknown: "existing account", or the unresolved attribute of a managed one. */
function unknownKeysReason(account: AccountModel): string {
  return account.source === 'managed' ? account.keyAccessDetail.replace(/^unknown \((.*)\)$/, '$1') : 'existing account';
}

/** The Azure CLI command that shows whether an account has keys off (`true`) or on (`false`/null). */
export function disableLocalAuthCommand(account: AccountModel): string {
  const id = account.armId ?? `<ARM ID of ${account.name}>`;
  return `az cognitiveservices account show --ids ${id} --query properties.disableLocalAuth`;
}

// The guardrail rule a keys-on account suppresses with its written justification (constructs/guardrail-rules.ts).
const KEYS_ON_RULE = 'KAI-AI-001';

/** The written reason recorded when keys were turned on (`KeylessGuardrails.suppress` on the account). */
function keyJustificationOf(block: Block): string | undefined {
  const suppressions = ((block['//'] as { keyless_guardrails?: { suppressions?: unknown } } | undefined)?.keyless_guardrails)?.suppressions;
  if (!Array.isArray(suppressions)) return undefined;
  const s = suppressions.find((x) => (x as { rule?: unknown }).rule === KEYS_ON_RULE) as { reason?: unknown } | undefined;
  return typeof s?.reason === 'string' ? s.reason : undefined;
}

/** What a role lets its holder do, in review words. */
export function capabilitiesOf(role: Pick<RoleModel, 'plane' | 'inferenceDataActions' | 'canListKeys' | 'canGrantAccess' | 'dataActions' | 'permissionsKnown'>): string[] {
  if (!role.permissionsKnown) return ['unknown (role permissions unknown)'];
  const can: string[] = [];
  if (role.inferenceDataActions.length > 0) can.push('call models');
  if (role.plane === 'control') can.push('administer');
  if (role.canGrantAccess) can.push('grant access');
  if (role.canListKeys) can.push('list keys');
  if (role.dataActions.length > 0 && role.inferenceDataActions.length === 0) can.push('data-plane access');
  return can.length ? can : ['read'];
}

/** Each assignment as a review line: principal, role, what it allows, where. Sorted by principal, then scope and role. */
export function accessEntriesOf(report: Pick<AccessReport, 'principals' | 'roles' | 'assignments'>): AccessEntry[] {
  const roles = new Map(report.roles.map((r) => [r.key, r]));
  const principals = new Map(report.principals.map((p) => [p.key, p]));
  const seen = new Map<string, AccessEntry>();
  for (const a of report.assignments) {
    const role = roles.get(a.roleKey);
    if (!role) continue;
    const entry: AccessEntry = { principalKey: a.principalKey, principal: principalLabel(principals.get(a.principalKey)), role: role.name, can: capabilitiesOf(role), scope: a.scope.label };
    seen.set(accessEntryKey(entry), entry);
  }
  return [...seen.values()].sort((x, y) => x.principal.localeCompare(y.principal) || x.scope.localeCompare(y.scope) || x.role.localeCompare(y.role));
}

/** Identity of an access entry: principal, role and scope (case-insensitive). */
export function accessEntryKey(e: Pick<AccessEntry, 'principalKey' | 'role' | 'scope'>): string {
  return `${e.principalKey}\n${e.role}\n${e.scope}`.toLowerCase();
}

function briefList(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** How a principal is named in findings and the diagram. */
export function principalLabel(p: PrincipalModel | undefined): string {
  if (!p) return 'unknown principal';
  if (p.identifiedBy === 'object ID') return `${p.label ? `${p.label}: ` : ''}${p.type === 'unknown' ? 'principal' : p.type} ${p.objectId}`;
  return p.objectId ? `${p.identifiedBy} (${p.objectId})` : p.identifiedBy;
}

/** The principal label this project's constructs recorded on a grant (`"//".keyless_grant.principal`). */
function rawLabel(block: Block): string | undefined {
  const label = ((block['//'] as { keyless_grant?: { principal?: unknown } } | undefined)?.keyless_grant)?.principal;
  return typeof label === 'string' && !label.includes('${') ? label : undefined;
}

/**
 * "system-assigned identity of <type> <name> in <group>" for a service principal lookup checked against a resource ID
 * (a postcondition on `self.alternative_names`): the grant's recorded label, else the ID from the condition.
 */
function systemAssignedHolder(source: Block, label: string | undefined): string | undefined {
  const conditions = ((source.lifecycle as { postcondition?: Array<{ condition?: unknown }> } | undefined)?.postcondition ?? []).map((p) => String(p.condition));
  const id = conditions.map((c) => /self\.alternative_names\b.*endswith\(lower\(n\), "([^"]+)"\)/.exec(c)?.[1]).find((v) => v !== undefined);
  if (id === undefined) return undefined;
  if (label?.startsWith('system-assigned identity of ')) return label;
  const m = /\/resourcegroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)$/.exec(id);
  return m ? `system-assigned identity of ${m[2]} ${m[3]} in ${m[1]}` : `system-assigned identity of ${id}`;
}

/** The principal's name as recorded by this project's `RoleGrant`, unless it is only the default "<kind> <object ID>". */
function recordedLabel(block: Block): string | undefined {
  const label = rawLabel(block);
  return label !== undefined && typeof block.principal_id === 'string' && label.endsWith(` ${block.principal_id}`) ? undefined : label;
}
