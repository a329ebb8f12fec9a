/** On, off, or not knowable from the synthesized configuration. */
export type Setting = 'on' | 'off' | 'unknown';

/** An AI Services / Cognitive Services account the stack creates or grants access to. */
export interface AccountModel {
  /** Identity in this report: the Terraform address, or the lowercased ARM ID of an account the stack does not manage. */
  readonly key: string;
  /** The account's name (or its address when the name is an expression). */
  readonly name: string;
  /** `managed`: created by this stack; `data-source`: read with a data source; `arm-id`: named by ARM ID in a scope. */
  readonly source: 'managed' | 'data-source' | 'arm-id';
  /** Terraform resource type, for managed accounts and data sources. */
  readonly resourceType?: string;
  /** The account's `kind` (AIServices, OpenAI, ...), when set. */
  readonly kind?: string;
  /** ARM ID, when it can be formed at synth time. */
  readonly armId?: string;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  /** Key-based (local) authentication. */
  readonly keyAccess: Setting;
  /** Why `keyAccess` has its value (attribute and value, or the default). */
  readonly keyAccessDetail: string;
  /** Public network access. */
  readonly publicNetworkAccess: Setting;
  readonly publicNetworkAccessDetail: string;
  /** Network ACL summary, or "none". */
  readonly networkRules: string;
  /** Why keys are on: the written reason recorded with the keys-on guardrail suppression (`"//".keyless_guardrails`). */
  readonly keyJustification?: string;
  /** The built-in key-access policy as assigned in this stack over the account (Azure cannot be asked offline). */
  readonly keyAccessPolicy: KeyAccessPolicyState;
  /** Where the account's resource logs go, one line per diagnostic setting (empty: none in this stack). */
  readonly auditLogs: string[];
  /** How the account is reached over the network, from this stack's configuration. */
  readonly reach: NetworkReach;
}

/** The network paths to an account the configuration shows: public endpoint (all networks, IP rules, subnets), private endpoints. */
export interface NetworkReach {
  /** In words, e.g. "private endpoints only (1)", "public: all networks", "public: 1 IP rule, 2 virtual network rules; 1 private endpoint". */
  readonly summary: string;
  /** The public endpoint: every network, only the listed IP ranges and subnets, off, or unknown. */
  readonly publicEndpoint: 'all networks' | 'rules' | 'off' | 'unknown';
  readonly ipRules: number;
  readonly virtualNetworkRules: number;
  /** Private endpoints in this stack whose connection targets the account: address and subnet (or its expression). */
  readonly privateEndpoints: { readonly address: string; readonly subnet: string }[];
  /** Whether any network path exists in this configuration (`unknown` for an account this stack does not manage). */
  readonly hasPath: 'yes' | 'no' | 'unknown';
}

/** What the stack's assignments of the key-access policy mean for one account. */
export interface KeyAccessPolicyState {
  /** The strongest effect over the account: `none` when no assignment in the stack covers it. */
  readonly effect: 'Deny' | 'Audit' | 'Disabled' | 'DoNotEnforce' | 'unknown' | 'none';
  /** In words: what Azure does with a change that turns keys on. */
  readonly detail: string;
  /** Addresses of the assignments that cover the account. */
  readonly assignments: string[];
}

/** One diagnostic setting: what it sends where. */
export interface LogDestinationModel {
  readonly address: string;
  /** The resource whose logs are sent: an account, a storage blob service, ... */
  readonly target: string;
  readonly categories: string[];
  /** The Log Analytics workspace (or other destination), in words. */
  readonly destination: string;
}

/** A role definition that assignments use (or that the stack defines). */
export interface RoleModel {
  /** `builtin:<guid>`, `custom:<address>`, or `unknown:<reference>`. */
  readonly key: string;
  readonly name: string;
  readonly kind: 'built-in' | 'custom' | 'unknown';
  readonly guid?: string;
  /** Terraform address of a custom role defined in the stack. */
  readonly address?: string;
  /** False when the role is not in the built-in table and not defined in the stack. */
  readonly permissionsKnown: boolean;
  readonly actions: string[];
  readonly notActions: string[];
  readonly dataActions: string[];
  readonly notDataActions: string[];
  /** Actions that change resources or access (empty: not a control-plane role). */
  readonly controlPlaneActions: string[];
  /** Can call `listKeys` on accounts in its scope. */
  readonly canListKeys: boolean;
  /** Data actions on Cognitive Services (empty: no data-plane access). */
  readonly inferenceDataActions: string[];
  /**
   * `control`: can change an AI account (non-read Microsoft.CognitiveServices actions) or grant access
   * (Microsoft.Authorization writes); `data`: otherwise, has data actions (model calls, blobs, ...); `read`: neither.
   */
  readonly plane: RolePlane;
  /** Can create or delete role assignments or definitions at its scope (Owner, User Access Administrator, ...). */
  readonly canGrantAccess: boolean;
}

/** Where a role acts: see `RoleModel.plane`. */
export type RolePlane = 'control' | 'data' | 'read';

/** How much a finding matters: `info` is expected (an administrator grant), the rest are risks. */
export type Severity = 'high' | 'medium' | 'low' | 'info';

/** The severities, most severe first. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

/** Who holds a role. */
export interface PrincipalModel {
  /** `oid:<object id>` when the object ID is known, else the lookup (`lookup:azuread_user:user_principal_name=...`) or reference. */
  readonly key: string;
  /** How the principal is identified: "object ID", "user by UPN alice@contoso.com", ... */
  readonly identifiedBy: string;
  /** The object ID: a literal, or read from a plan. */
  readonly objectId?: string;
  /** The data source or resource that yields the object ID. */
  readonly reference?: string;
  /** Principal type from the assignments (or inferred from the lookup), "unknown" when neither says. */
  readonly type: string;
  /** The name this project's constructs recorded for a principal given by object ID (`"//".keyless_grant.principal`). */
  readonly label?: string;
}

/** Where a role is assigned. */
export interface ScopeModel {
  readonly key: string;
  readonly kind: 'account' | 'project' | 'resource-group' | 'subscription' | 'management-group' | 'resource' | 'unknown';
  /** Human-readable: "account ai-dev", "resource group rg-ai", ... */
  readonly label: string;
  /** The scope as written in the configuration. */
  readonly raw: string;
  /** Keys of the report's accounts this scope covers (the account itself, or those below a group or subscription). */
  readonly accountKeys: string[];
}

/** One `azurerm_role_assignment`. */
export interface AssignmentModel {
  readonly address: string;
  /** The assignment's name as it will be in Azure, or how it is formed. */
  readonly name: string;
  readonly principalKey: string;
  /** `principal_type` as set, or inferred (marked) from the lookup, or "not set". */
  readonly principalType: string;
  readonly roleKey: string;
  readonly scope: ScopeModel;
  readonly condition?: string;
  readonly description?: string;
  /** Set when the resource uses `count` or `for_each`: one entry here stands for several assignments. */
  readonly repeated?: string;
  /** `standing` (azurerm_role_assignment), `eligible` (PIM, activated just in time) or `time-limited` (PIM active with an end). */
  readonly access: 'standing' | 'eligible' | 'time-limited';
  /** When a PIM assignment ends, in words. */
  readonly expires?: string;
}

/**
 * Kinds of findings. `key-listing-role`: the role can list the keys of an account whose keys are on;
 * `key-listing-role-keys-unknown`: the same role on an account whose key setting the report cannot see
 * (an existing account, or a setting decided at plan time), so keys may be on.
 */
export type FindingKind = 'no-network-path' | 'keys-on-denied-by-policy' | 'control-plane-role' | 'key-listing-role' | 'key-listing-role-keys-unknown' | 'duplicate-grant' | 'overlapping-grants';

/** Something a reviewer should look at. */
export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly principalKey: string;
  /** The account concerned, for key-listing and overlap findings. */
  readonly accountKey?: string;
  /** The assignments involved (addresses, sorted). */
  readonly assignments: string[];
  /** One sentence saying what holds. */
  readonly message: string;
}

/** A guardrail rule's finding on one resource, as the rule table words it. */
export interface GuardrailFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** Terraform address of the resource. */
  readonly resource: string;
  readonly title: string;
  /** What the rule found, one entry per offending value. */
  readonly found: string[];
  readonly fix: string;
}

/** The counts of the report's headline. */
export interface ReportSummary {
  readonly accounts: number;
  /** Accounts by key-based access: `unknown` counts existing accounts and settings decided at plan time, which may have keys on. */
  readonly keyBasedAccess: { readonly on: number; readonly off: number; readonly unknown: number };
  readonly assignments: number;
  readonly principals: number;
  readonly findings: number;
  /** Findings by severity. */
  readonly findingsBySeverity: Readonly<Record<Severity, number>>;
  /** Principals (keys) whose roles include model inference data actions on some account. */
  readonly canCallModels: string[];
  /** Principals (keys) with a control-plane role reaching some account. */
  readonly canAdminister: string[];
}

/** One principal's access to one place: a role at a scope. */
export interface AccessEntry {
  readonly principalKey: string;
  /** How the principal reads in the report. */
  readonly principal: string;
  readonly role: string;
  /** What the role lets the principal do: "call models", "administer", "grant access", "list keys", "data-plane access", "read". */
  readonly can: string[];
  /** Scope label ("account ai-dev", "resource group rg-ai"). */
  readonly scope: string;
}

/** A delegate: may assign the listed roles, to the listed principal types, at one scope (a conditioned role assignment). */
export interface DelegationModel {
  readonly address: string;
  readonly principalKey: string;
  /** Scope label ("account ai-dev", "project chat (account ai-dev)"). */
  readonly scope: string;
  /** The roles the delegate may assign and remove, by name (or as written when the report cannot name them). */
  readonly roles: string[];
  /** The principal types they may be assigned to; empty: any type. */
  readonly principalTypes: string[];
}

/** A model deployment and the content filter (RAI policy) it uses. */
export interface DeploymentModel {
  readonly address: string;
  /** Deployment name (the `model` value clients send). */
  readonly name: string;
  /** The account's label ("account ai-dev"). */
  readonly account: string;
  /** Model format, name and version. */
  readonly model: string;
  /** The content filter policy's name. */
  readonly contentFilter: string;
  /** What the filter is: Microsoft's, or a policy of this stack with its base and filters. */
  readonly contentFilterDetail: string;
}

/** Who gains and who loses access compared with an earlier report, or along a plan's changes. */
export interface AccessComparison {
  /** What the report is compared against: "report <file>" or "plan <file>". */
  readonly against: string;
  readonly gained: AccessEntry[];
  readonly lost: AccessEntry[];
}

/** Everything the report says about one stack (environment). */
export interface AccessReport {
  readonly schemaVersion: 2;
  /** Stack name = environment. */
  readonly stack: string;
  /** Where the data came from (paths as given). */
  readonly sources: { readonly stack: string; readonly plan?: string };
  /** Counts: accounts (by key-based access), assignments, principals, findings. */
  readonly summary: ReportSummary;
  readonly accounts: AccountModel[];
  readonly principals: PrincipalModel[];
  readonly roles: RoleModel[];
  readonly assignments: AssignmentModel[];
  readonly findings: Finding[];
  /** Model deployments and their content filters; absent when none. */
  readonly deployments?: DeploymentModel[];
  /** Delegates and what they may grant; absent when none. */
  readonly delegations?: DelegationModel[];
  /** What the library's guardrail rules (GUARDRAIL_RULES) find on the stack's resources, suppressed ones left out; absent when nothing. */
  readonly guardrails?: GuardrailFinding[];
  /** Diagnostic settings of the stack: which logs go where. */
  readonly logDestinations: LogDestinationModel[];
  /** Things the report could not resolve, or configuration mistakes it noticed. */
  readonly notes: string[];
  /** Set in compare mode (`--compare`, or a plan with role assignment changes). */
  readonly comparison?: AccessComparison;
  /** Set with `--azure <export folder>`: access granted outside code, and access in code that Azure does not have. */
  readonly azureDrift?: import('./azure-drift').AzureDrift;
}
