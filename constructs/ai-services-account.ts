import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { DataAzurermResources } from '@cdktf/provider-azurerm/lib/data-azurerm-resources';
import { Annotations, Fn, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ACCOUNT_ID_SHAPE, ACCOUNT_RESOURCE_TYPE, ACCOUNT_SKUS, accountArmIdOf, accountIdProblem, DEFAULT_RAI_POLICY, defaultSubdomainOf, defaultSubdomainProblem, DEPLOYMENT_NAME_CLASH, deploymentNameKey, MODEL_VERSION_UNPINNED, DEFAULT_VERSION_UPGRADE_OPTION, DEPLOYMENT_NAME, DEPLOYMENT_SKUS, VERSION_UPGRADE_OPTIONS, ExistingAccountFacts, existingAccountProblems, VersionUpgradeOption } from './azure/accounts';
import { BuiltInRole, IRoleDefinition } from './azure/built-in-role';
import { accountEndpoint, endpointsCallableWith, INFERENCE_ENDPOINTS, InferenceEndpoint } from './azure/inference-endpoints';
import { ACCOUNT_ARM_ID, canonicalAccountArmId, isNonZeroGuid } from './azure/guid';
import { surroundingSpaceProblem } from './azure/names';
import { SUBNET_ARM_ID } from './azure/private-link';
import { ipRulesWithoutPublicAccessProblem } from './azure/ip-rules';
import { RAI_POLICY_NAME_CLASH, raiPolicyNameKey, unknownRaiPolicyProblem } from './azure/rai';
import { KeylessGuardrails } from './keyless-guardrails';
import { PimGrantOptions, PimRoleGrant } from './pim-role-grant';
import { IPrincipal } from './principal';
import { PrivateEndpoint, PrivateEndpointOptions } from './private-endpoint';
import { ResourceLock } from './resource-lock';
import { projectManagementProblem } from './azure/projects';
import { delegateGrantsAt, DelegateGrantsOptions, DelegationScope } from './delegated-grants';
import { grantScopeOf } from './grant-scope';
import { defaultProviderSubscription, guardDefaultProviders } from './provider-checks';
import { RaiBlocklist, RaiBlocklistProps } from './rai-blocklist';
import { IRaiPolicy, RaiPolicy, RaiPolicyProps } from './rai-policy';
import { GrantOptions, RoleGrant } from './role-grant';
import { JUSTIFICATION_MIN_LENGTH, literalItems, requireString, validateAccountName, validateFreeText, validateIpRules, validateOneOf, validateRegion, validateResourceGroupName, validateSubdomain, validateSubscriptionId, validateTags, validateText, validateUserAssignedIdentityIds, ValidationError } from './validation';


/** An AI Services account, created here or imported by ID. */
export interface IAiServicesAccount extends IConstruct {
  /** The account's ARM ID. */
  readonly accountId: string;
  /** The account's name. */
  readonly accountName: string;
  /** The account's resource group. */
  readonly resourceGroupName: string;
  /** The subscription holding the account (a literal, or a plan-time expression). */
  readonly subscriptionId: string;
  /** The provider's `endpoint` (`https://<subdomain>.cognitiveservices.azure.com/`). */
  readonly endpoint: string;
  /** The model inference endpoint, `https://<subdomain>.services.ai.azure.com/models` (its Azure AI Inference SDK retired 2026-08-26: prefer `openAiEndpoint`). */
  readonly inferenceEndpoint: string;
  /** The OpenAI v1 endpoint, `https://<subdomain>.openai.azure.com/openai/v1/`. */
  readonly openAiEndpoint: string;
  /** The endpoints `grantInference`'s role can call (those of its data actions). */
  readonly inferenceEndpoints: InferenceEndpoint[];
  /** Token scopes `inferenceEndpoints` accept: a client requests either one. */
  readonly tokenScopes: string[];
  /** The system-assigned identity's principal ID, when the account has one. */
  readonly identityPrincipalId?: string;
  /** The role `grantInference` assigns. */
  readonly inferenceRole: IRoleDefinition;
  /** Grants model inference (data plane) to a principal. */
  grantInference(principal: IPrincipal, options?: GrantOptions): RoleGrant;
  /** Grants administration (Cognitive Services Contributor: control plane, no inference). */
  grantAdministration(principal: IPrincipal, options?: GrantOptions): RoleGrant;
  /** Grants any role on the account. */
  grant(principal: IPrincipal, role: IRoleDefinition, options?: GrantOptions): RoleGrant;
  /** Makes a principal eligible for administration (PIM, activated just in time) instead of a standing grant. */
  grantEligibleAdministration(principal: IPrincipal, options: PimGrantOptions): PimRoleGrant;
  /** Grants inference with an end (PIM active assignment), for contractors and guests. */
  grantInferenceUntil(principal: IPrincipal, options: PimGrantOptions): PimRoleGrant;
  /** Lets `options.to` assign and remove `options.roles` on the account, to `options.principalTypes` only (a conditioned RBAC Administrator). */
  delegateGrants(options: DelegateGrantsOptions): RoleGrant;
}

/** Optional settings shared by new and imported accounts. */
export interface AccountGrantSettings {
  /** The role `grantInference` assigns. @default - Cognitive Services User (built-in) */
  readonly inferenceRole?: IRoleDefinition;
}

/** Network rules of the account's public endpoint. */
export interface NetworkAclsProps {
  /** What happens to traffic no rule matches. */
  readonly defaultAction: 'Allow' | 'Deny';
  /** Public IPv4 addresses or CIDR ranges allowed in. @default - none */
  readonly ipRules?: string[];
  /** Let trusted Azure services through ("AzureServices" or "None"). @default - the provider's default */
  readonly bypass?: 'AzureServices' | 'None';
  /** Subnets allowed in (service endpoint `Microsoft.CognitiveServices` on the subnet). @default - none */
  readonly virtualNetworkRules?: VirtualNetworkRuleProps[];
}

/** A subnet allowed through the account's network rules. */
export interface VirtualNetworkRuleProps {
  /** The subnet's ARM ID. */
  readonly subnetId: string;
  /** Accept the rule before the subnet has the `Microsoft.CognitiveServices` service endpoint. @default false */
  readonly ignoreMissingVnetServiceEndpoint?: boolean;
}

/** A model deployment on the account (`azurerm_cognitive_deployment`). */
export interface ModelDeploymentProps {
  /** Deployment name, the `model` value clients send. */
  readonly name: string;
  /** Model format, e.g. "OpenAI", "Microsoft", "Meta", "Mistral AI", "DeepSeek". */
  readonly format: string;
  /** Model name, e.g. "gpt-4o-mini". */
  readonly modelName: string;
  /** Model version, pinned: Azure fills in a default when none is sent, and azurerm 4.55 then shows a change on every plan. */
  readonly modelVersion: string;
  /** Deployment type. @default "GlobalStandard" */
  readonly skuName?: string;
  /** Capacity in units of the SKU (thousands of tokens per minute for Standard types); at least 1. @default 1 */
  readonly capacity?: number;
  /** Content filter (RAI policy) name; always sent (azurerm 4.55 shows drift otherwise). A policy of this account's `raiPolicies` is referenced by construct. @default "Microsoft.DefaultV2" (Azure's default) */
  readonly raiPolicyName?: string;
  /** Content filter policy, by construct (the deployment is created after it). Give this or `raiPolicyName`. @default - `raiPolicyName` */
  readonly raiPolicy?: IRaiPolicy;
  /** When Azure moves the deployment to another version. @default "OnceCurrentVersionExpired" (the pin holds while the version lives) */
  readonly versionUpgradeOption?: VersionUpgradeOption;
}

/** Properties of an `AiServicesAccount`. */
export interface AiServicesAccountProps extends AccountGrantSettings {
  /** Account name (2 to 64 letters, digits and hyphens). */
  readonly accountName: string;
  /** Resource group to create the account in. */
  readonly resourceGroupName: string;
  /** Azure region (a public-cloud region name such as swedencentral; a typo gets a did-you-mean). */
  readonly location: string;
  /** Accept a `location` newer than the library's region list. @default false */
  readonly locationUnlisted?: boolean;
  /** Subscription of the account; makes built-in role IDs literal. @default - read from the account's ID at plan time */
  readonly subscriptionId?: string;
  /** Custom subdomain, required for Entra ID tokens; a globally unique DNS label in lowercase. @default - the account name in lowercase */
  readonly customSubdomainName?: string;
  /** Pricing tier. @default "S0" */
  readonly skuName?: string;
  /** Turn key-based (local) access on. Needs `localAuthJustification`. @default false */
  readonly localAuthEnabled?: boolean;
  /** Why keys must be on (who needs them, until when). Required when `localAuthEnabled` is true. @default - none */
  readonly localAuthJustification?: string;
  /** Reachable from public networks. @default true */
  readonly publicNetworkAccessEnabled?: boolean;
  /** Network rules for the public endpoint. @default - none (all networks, Entra ID still required) */
  readonly networkAcls?: NetworkAclsProps;
  /** User-assigned identities to add beside the system-assigned one. @default - none */
  readonly userAssignedIdentityIds?: string[];
  /** Resource tags. @default - none */
  readonly tags?: Record<string, string>;
  /** Model deployments, created one after another. @default - none */
  readonly deployments?: ModelDeploymentProps[];
  /** Private endpoints (subresource `account`). With `publicNetworkAccessEnabled: false` they are the only way in. @default - none */
  readonly privateEndpoints?: PrivateEndpointOptions[];
  /**
   * A CanNotDelete lock on the account. Terraform lifts and puts it back when something under the account is removed or
   * replaced (see `ResourceLock`); a deployer then needs `Microsoft.Authorization/locks/*` (Owner or User Access Administrator).
   * @default false
   */
  readonly lock?: boolean;
  /** Content filter policies, created before the deployments that name them. @default - none */
  readonly raiPolicies?: Omit<RaiPolicyProps, 'account'>[];
  /** Custom blocklists. @default - none */
  readonly raiBlocklists?: Omit<RaiBlocklistProps, 'account'>[];
  /** Let the account hold Foundry projects (`project_management_enabled`; needs the identity and custom subdomain it has). @default false */
  readonly projectManagementEnabled?: boolean;
}

/**
 * Splits an existing account's ARM ID into subscription, resource group and name, or throws a
 * `ValidationError` naming `field`. An unresolved ID passes: its parts become plan-time expressions.
 */
export function parseAccountId(scope: IConstruct, field: string, accountId: string): { subscriptionId: string; resourceGroupName: string; accountName: string } {
  requireString(scope, field, accountId, `expected the account's ARM ID (${ACCOUNT_ID_SHAPE})`);
  if (Token.isUnresolved(accountId)) {
    // "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.CognitiveServices/accounts/<name>" split on "/".
    const part = (i: number) => Fn.element(Fn.split('/', accountId), i);
    return { subscriptionId: part(2), resourceGroupName: part(4), accountName: part(8) };
  }
  const problem = accountIdProblem(accountId);
  if (problem) throw new ValidationError(scope, field, accountId, problem);
  const match = ACCOUNT_ARM_ID.exec(accountId)!;
  validateSubscriptionId(scope, `${field} (subscription)`, match[1]);
  validateAccountName(scope, `${field} (account name)`, match[3]);
  return { subscriptionId: match[1], resourceGroupName: match[2], accountName: match[3] };
}

/** True for an account made by this library (`AiServicesAccount`, or `AiServicesAccount.fromAccountId`). */
export function isAiServicesAccount(x: unknown): x is IAiServicesAccount {
  return x instanceof AccountBase;
}

/** What new and imported accounts share: the grants. */
abstract class AccountBase extends Construct implements IAiServicesAccount {
  public abstract readonly accountId: string;
  public abstract readonly accountName: string;
  public abstract readonly resourceGroupName: string;
  public abstract readonly subscriptionId: string;
  public abstract readonly endpoint: string;
  public abstract readonly inferenceEndpoint: string;
  public abstract readonly openAiEndpoint: string;
  public abstract readonly identityPrincipalId?: string;
  public abstract readonly inferenceRole: IRoleDefinition;
  /** The account's ARM ID when known at synth time: identifies the scope and checks assignable scopes. */
  protected abstract readonly knownArmId?: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    guardDefaultProviders(TerraformStack.of(this));
  }

  public get inferenceEndpoints(): InferenceEndpoint[] {
    return endpointsCallableWith(this.inferenceRole.permissions);
  }

  public get tokenScopes(): string[] {
    return [...new Set(this.inferenceEndpoints.flatMap((e) => INFERENCE_ENDPOINTS[e].tokenScopes))];
  }

  public grantInference(principal: IPrincipal, options: GrantOptions = {}): RoleGrant {
    return this.grant(principal, this.inferenceRole, options);
  }

  public grantAdministration(principal: IPrincipal, options: GrantOptions = {}): RoleGrant {
    return this.grant(principal, BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR, options);
  }

  public grantEligibleAdministration(principal: IPrincipal, options: PimGrantOptions): PimRoleGrant {
    return this.grantPim('eligible', principal, BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR, options);
  }

  public grantInferenceUntil(principal: IPrincipal, options: PimGrantOptions): PimRoleGrant {
    return this.grantPim('active', principal, this.inferenceRole, options);
  }

  /** A PIM assignment (eligible, or active with an end) of any role on the account. */
  public grantPim(kind: 'eligible' | 'active', principal: IPrincipal, role: IRoleDefinition, options: PimGrantOptions): PimRoleGrant {
    const { scope, scopeKey, subscriptionId } = this.grantScope;
    return PimRoleGrant.grant(this, { ...options, kind, scope, scopeKey, subscriptionId, role, principal }, 'account');
  }

  public delegateGrants(options: DelegateGrantsOptions): RoleGrant {
    return delegateGrantsAt(this, this.grantScope, options, 'account');
  }

  public grant(principal: IPrincipal, role: IRoleDefinition, options: GrantOptions = {}): RoleGrant {
    return RoleGrant.grant(this, { ...options, ...this.grantScope, role, principal }, 'account');
  }

  private get grantScope(): DelegationScope {
    return grantScopeOf(this, this.accountId, this.knownArmId, this.subscriptionId);
  }
}

/**
 * An Azure AI Services account (`azurerm_cognitive_account`, kind `AIServices`) set up for
 * Entra ID only: keys off, custom subdomain set, system-assigned identity.
 */
export class AiServicesAccount extends AccountBase {
  /** An existing account, by ARM ID. Grants land on it; nothing about the account itself is managed. */
  public static fromAccountId(scope: Construct, id: string, accountId: string, settings: ImportedAccountSettings = {}): IAiServicesAccount {
    return new ImportedAiServicesAccount(scope, id, accountId, settings);
  }

  public readonly accountId: string;
  public readonly accountName: string;
  public readonly resourceGroupName: string;
  public readonly subscriptionId: string;
  public readonly endpoint: string;
  public readonly inferenceEndpoint: string;
  public readonly openAiEndpoint: string;
  public readonly identityPrincipalId: string;
  public readonly inferenceRole: IRoleDefinition;
  /** The custom subdomain. */
  public readonly customSubdomainName: string;
  /** The account's region. */
  public readonly location: string;
  /** Whether the account holds Foundry projects. */
  public readonly projectManagementEnabled: boolean;
  /** The underlying `azurerm_cognitive_account`. */
  public readonly resource: CognitiveAccount;
  /** The model deployments, in creation order. */
  public readonly deployments: CognitiveDeployment[] = [];
  /** The private endpoints, in order. */
  public readonly privateEndpoints: PrivateEndpoint[] = [];
  /** The CanNotDelete lock, when `lock` is true. */
  public readonly lock?: ResourceLock;
  /** Content filter policies defined here, by name. */
  public readonly raiPolicies = new Map<string, RaiPolicy>();
  /** Custom blocklists defined here. */
  public readonly raiBlocklists: RaiBlocklist[] = [];
  private readonly givenSubscriptionId?: string;
  private readonly deploymentNames = new Set<string>();
  /** Policies deployments name by `raiPolicyName` that were not defined on the account yet: checked over the tree. */
  private readonly namedRaiPolicies: Array<{ field: string; name: string }> = [];

  constructor(scope: Construct, id: string, props: AiServicesAccountProps) {
    super(scope, id);
    if (props === null || typeof props !== 'object') throw new ValidationError(this, 'props', props, 'expected the account\'s properties ({ accountName, resourceGroupName, location, ... })');
    validateAccountName(this, 'accountName', props.accountName);
    validateResourceGroupName(this, 'resourceGroupName', props.resourceGroupName);
    validateRegion(this, 'location', props.location, props.locationUnlisted);
    this.customSubdomainName = props.customSubdomainName ?? (Token.isUnresolved(props.accountName) ? props.accountName : defaultSubdomainOf(props.accountName));
    const defaultProblem = props.customSubdomainName === undefined && !Token.isUnresolved(props.accountName) ? defaultSubdomainProblem(props.accountName) : undefined;
    if (defaultProblem) throw new ValidationError(this, 'customSubdomainName', this.customSubdomainName, defaultProblem);
    validateSubdomain(this, 'customSubdomainName', this.customSubdomainName);
    if (props.subscriptionId !== undefined) validateSubscriptionId(this, 'subscriptionId', props.subscriptionId);
    const localAuthEnabled = props.localAuthEnabled ?? false;
    if (localAuthEnabled) {
      validateText(this, 'localAuthJustification', props.localAuthJustification, JUSTIFICATION_MIN_LENGTH.localAuth,
        'key-based access is on (localAuthEnabled: true): give a written justification of at least 20 characters (who needs keys, until when), or turn keys off');
      validateFreeText(this, 'localAuthJustification', props.localAuthJustification);
      Annotations.of(this).addWarning(`Key-based access is ON for ${props.accountName}: ${props.localAuthJustification}. Anyone with Cognitive Services User can list the keys.`);
    }
    validateTags(this, 'tags', props.tags);
    if (props.skuName !== undefined) validateOneOf(this, 'skuName', props.skuName, ACCOUNT_SKUS as readonly string[]);
    this.projectManagementEnabled = props.projectManagementEnabled ?? false;
    if (this.projectManagementEnabled) {
      const problem = projectManagementProblem({ kind: 'AIServices', identity: true, customSubdomainName: this.customSubdomainName });
      if (problem) throw new ValidationError(this, 'projectManagementEnabled', true, problem);
    }
    if (props.networkAcls) {
      validateOneOf(this, 'networkAcls.defaultAction', props.networkAcls.defaultAction, ['Allow', 'Deny']);
      validateIpRules(this, 'networkAcls.ipRules', props.networkAcls.ipRules);
      const unused = Token.isUnresolved(props.publicNetworkAccessEnabled) ? undefined : ipRulesWithoutPublicAccessProblem(props.publicNetworkAccessEnabled, props.networkAcls.ipRules);
      // A warning, not an error: Azure keeps the rules, and public access may be off for a while only.
      if (unused) Annotations.of(this).addWarning(`${this.node.path}: networkAcls.ipRules ${JSON.stringify(props.networkAcls.ipRules)}: ${unused}`);
      if (props.networkAcls.bypass !== undefined) validateOneOf(this, 'networkAcls.bypass', props.networkAcls.bypass, ['AzureServices', 'None']);
      literalItems(props.networkAcls.virtualNetworkRules).forEach((r, i) => {
        if (!Token.isUnresolved(r.subnetId) && !SUBNET_ARM_ID.test(r.subnetId)) {
          throw new ValidationError(this, `networkAcls.virtualNetworkRules[${i}].subnetId`, r.subnetId, 'expected /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<network>/subnets/<subnet>');
        }
      });
    }

    validateUserAssignedIdentityIds(this, 'userAssignedIdentityIds', props.userAssignedIdentityIds);

    this.resource = new CognitiveAccount(this, 'Resource', {
      name: props.accountName,
      kind: 'AIServices',
      skuName: props.skuName ?? 'S0',
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      customSubdomainName: this.customSubdomainName,
      localAuthEnabled,
      publicNetworkAccessEnabled: props.publicNetworkAccessEnabled ?? true,
      networkAcls: props.networkAcls && {
        defaultAction: props.networkAcls.defaultAction,
        ipRules: props.networkAcls.ipRules,
        bypass: props.networkAcls.bypass,
        virtualNetworkRules: props.networkAcls.virtualNetworkRules?.map((r) => ({
          subnetId: r.subnetId,
          ignoreMissingVnetServiceEndpoint: r.ignoreMissingVnetServiceEndpoint ?? false,
        })),
      },
      identity: props.userAssignedIdentityIds?.length
        ? { type: 'SystemAssigned, UserAssigned', identityIds: props.userAssignedIdentityIds }
        : { type: 'SystemAssigned' },
      tags: props.tags,
      projectManagementEnabled: props.projectManagementEnabled,
    });
    // The written justification is the suppression's reason: it lands in the synthesized output.
    if (localAuthEnabled) KeylessGuardrails.suppress(this.resource, 'KAI-AI-001', props.localAuthJustification!);

    this.accountId = this.resource.id;
    this.accountName = props.accountName;
    this.location = props.location;
    this.resourceGroupName = props.resourceGroupName;
    this.subscriptionId = props.subscriptionId ?? Fn.element(Fn.split('/', this.accountId), 2);
    this.givenSubscriptionId = props.subscriptionId;
    this.endpoint = this.resource.endpoint;
    this.inferenceEndpoint = INFERENCE_ENDPOINTS[InferenceEndpoint.MODELS].url(this.customSubdomainName);
    this.openAiEndpoint = INFERENCE_ENDPOINTS[InferenceEndpoint.OPENAI].url(this.customSubdomainName);
    this.identityPrincipalId = this.resource.identity.principalId;
    this.inferenceRole = props.inferenceRole ?? BuiltInRole.COGNITIVE_SERVICES_USER;
    for (const p of props.raiPolicies ?? []) this.addRaiPolicy(p);
    for (const b of props.raiBlocklists ?? []) this.raiBlocklists.push(new RaiBlocklist(this, `RaiBlocklist-${b.name}`, { ...b, account: this }));
    for (const d of props.deployments ?? []) this.addDeployment(d);
    for (const pe of props.privateEndpoints ?? []) this.addPrivateEndpoint(pe);
    // The lock covers the account's own subtree: deployments, grants, endpoints added later included.
    if (props.lock) this.lock = new ResourceLock(this, 'Lock', { scopeId: this.accountId, covers: [this] });
    this.node.addValidation({ validate: () => this.unknownRaiPolicies() });
  }

  /**
   * The ARM ID when its parts are literals. Without `subscriptionId`, the subscription of the stack's default azurerm
   * provider (which creates the account) when that is a literal: grants then check assignable scopes and duplicates at synth.
   */
  protected get knownArmId(): string | undefined {
    const provided = defaultProviderSubscription(TerraformStack.of(this));
    const sub = this.givenSubscriptionId ?? (provided !== undefined && isNonZeroGuid(provided) ? provided : undefined);
    if (sub === undefined || Token.isUnresolved(sub) || Token.isUnresolved(this.resourceGroupName) || Token.isUnresolved(this.accountName)) return undefined;
    return accountArmIdOf(sub, this.resourceGroupName, this.accountName);
  }

  /** Deployments naming a content filter policy the account does not have (Azure refuses them): its own, or a `RaiPolicy` on it anywhere in the stack. */
  private unknownRaiPolicies(): string[] {
    if (this.namedRaiPolicies.length === 0) return [];
    const defined = TerraformStack.of(this).node.findAll().filter((c): c is RaiPolicy => c instanceof RaiPolicy && c.account === this && !Token.isUnresolved(c.name)).map((p) => p.name);
    return this.namedRaiPolicies.flatMap(({ field, name }) => {
      const problem = unknownRaiPolicyProblem(name, defined);
      return problem ? [new ValidationError(this, field, name, `${problem}; for a policy made outside this app, pass raiPolicy: { policyName: ${JSON.stringify(name)} }`).message] : [];
    });
  }

  /** Adds a private endpoint to the account (subresource `account`) in a subnet of any resource group, region or subscription. */
  public addPrivateEndpoint(options: PrivateEndpointOptions): PrivateEndpoint {
    const n = this.privateEndpoints.length;
    const pe = new PrivateEndpoint(this, `PrivateEndpoint${n === 0 ? '' : n + 1}`, {
      ...options,
      name: options.name ?? (n === 0 ? undefined : `pe-${this.accountName}-account-${n + 1}`),
      targetResourceId: this.accountId,
      targetName: this.accountName,
      targetResourceGroupName: this.resourceGroupName,
      targetLocation: this.location,
      subresource: 'account',
      targetSubscriptionId: this.subscriptionId,
    });
    this.privateEndpoints.push(pe);
    return pe;
  }

  /** Adds a content filter policy to the account. */
  public addRaiPolicy(props: Omit<RaiPolicyProps, 'account'>): RaiPolicy {
    if (this.raiPolicies.has(raiPolicyNameKey(props.name))) {
      throw new ValidationError(this, `raiPolicies[${this.raiPolicies.size}].name`, props.name, `a policy with this name is already defined on the account; ${RAI_POLICY_NAME_CLASH}`);
    }
    const policy = new RaiPolicy(this, `RaiPolicy-${props.name}`, { ...props, account: this });
    this.raiPolicies.set(raiPolicyNameKey(props.name), policy);
    return policy;
  }

  /** Adds a model deployment, created after the previous one (Azure rejects parallel deployment operations on one account). */
  public addDeployment(props: ModelDeploymentProps): CognitiveDeployment {
    const field = `deployments[${this.deployments.length}]`;
    if (!Token.isUnresolved(props.name) && !DEPLOYMENT_NAME.test(props.name)) {
      throw new ValidationError(this, `${field}.name`, props.name, 'expected 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
    }
    // Azure compares deployment names case-insensitively: "GPT-4o" and "gpt-4o" are one deployment.
    if (this.deploymentNames.has(deploymentNameKey(props.name))) {
      throw new ValidationError(this, `${field}.name`, props.name, DEPLOYMENT_NAME_CLASH);
    }
    const capacity = props.capacity ?? 1;
    if (!Token.isUnresolved(capacity) && (!Number.isInteger(capacity) || capacity < 1)) {
      throw new ValidationError(this, `${field}.capacity`, capacity, 'expected a whole number of at least 1');
    }
    const skuName = props.skuName ?? 'GlobalStandard';
    validateOneOf(this, `${field}.skuName`, skuName, DEPLOYMENT_SKUS as readonly string[]);
    const versionUpgradeOption = props.versionUpgradeOption ?? DEFAULT_VERSION_UPGRADE_OPTION;
    validateOneOf(this, `${field}.versionUpgradeOption`, versionUpgradeOption, VERSION_UPGRADE_OPTIONS);
    validateText(this, `${field}.format`, props.format, 1, 'expected the model format, e.g. "OpenAI"');
    validateText(this, `${field}.modelName`, props.modelName, 1, 'expected the model name, e.g. "gpt-4o-mini"');
    validateText(this, `${field}.modelVersion`, props.modelVersion, 1, MODEL_VERSION_UNPINNED);
    // Azure matches format, name and version exactly: " 2024-07-18" names no model version (DeploymentModelNotSupported at apply).
    for (const [f, v] of [['format', props.format], ['modelName', props.modelName], ['modelVersion', props.modelVersion]] as const) {
      const problem = Token.isUnresolved(v) ? undefined : surroundingSpaceProblem(v);
      if (problem) throw new ValidationError(this, `${field}.${f}`, v, problem);
    }
    if (props.raiPolicy !== undefined && props.raiPolicyName !== undefined) {
      throw new ValidationError(this, `${field}.raiPolicy`, props.raiPolicyName, 'give raiPolicy (a policy construct) or raiPolicyName, not both');
    }
    if (props.raiPolicy instanceof RaiPolicy && props.raiPolicy.account !== this) {
      throw new ValidationError(this, `${field}.raiPolicy`, props.raiPolicy.node.path, `the policy belongs to another account (${props.raiPolicy.account.node.path}); a deployment can use only its own account's policies`);
    }
    const ownPolicy = props.raiPolicyName !== undefined && !Token.isUnresolved(props.raiPolicyName) ? this.raiPolicies.get(raiPolicyNameKey(props.raiPolicyName)) : undefined;
    if (props.raiPolicyName !== undefined && ownPolicy === undefined && !Token.isUnresolved(props.raiPolicyName)) this.namedRaiPolicies.push({ field: `${field}.raiPolicyName`, name: props.raiPolicyName });
    const raiPolicyName = props.raiPolicy?.policyName ?? ownPolicy?.policyName ?? props.raiPolicyName ?? DEFAULT_RAI_POLICY;
    validateText(this, `${field}.raiPolicyName`, raiPolicyName, 1, `expected a content filter name, or leave it out for ${DEFAULT_RAI_POLICY}`);
    if (versionUpgradeOption === 'OnceNewDefaultVersionAvailable' && !Token.isUnresolved(versionUpgradeOption)) {
      Annotations.of(this).addWarning(`${field} (${props.name}): versionUpgradeOption OnceNewDefaultVersionAvailable with the pinned version ${props.modelVersion}: ` +
        'Azure upgrades the deployment when a new default version ships, and the next plan shows a change back to the pin. Use OnceCurrentVersionExpired (the default) or NoAutoUpgrade.');
    }

    const previous = this.deployments[this.deployments.length - 1];
    const deployment = new CognitiveDeployment(this, `Deployment-${props.name}`, {
      name: props.name,
      cognitiveAccountId: this.accountId,
      model: { format: props.format, name: props.modelName, version: props.modelVersion },
      sku: { name: skuName, capacity },
      raiPolicyName,
      versionUpgradeOption,
      dependsOn: previous ? [previous] : undefined,
    });
    this.deploymentNames.add(deploymentNameKey(props.name));
    this.deployments.push(deployment);
    return deployment;
  }
}

/** Settings of an imported account. */
export interface ImportedAccountSettings extends AccountGrantSettings {
  /**
   * The account's custom subdomain, for its endpoints. Not read from Azure: azurerm's `azurerm_cognitive_account` data
   * source lists the keys whenever they are on (keys in the state, 403 for a read-only identity).
   * @default - none: using an endpoint is then an error naming this field
   */
  readonly customSubdomainName?: string;
  /**
   * Check at plan time that the account exists: a postcondition on an `azurerm_resources` list (id, name, type; Reader is
   * enough, and no key is read). Kind and key state cannot be read at plan time without listing the keys: give
   * `knownSettings` to check them.
   * @default true
   */
  readonly checkAtPlan?: boolean;
  /**
   * What a key-free read of the account says (`az cognitiveservices account show`, recorded by `npm run adopt`): its kind,
   * key state and custom subdomain are checked at synth, and the subdomain is used for the endpoints when
   * `customSubdomainName` is not given.
   * @default - not checked: the stack cannot see the account's kind and key state
   */
  readonly knownSettings?: ExistingAccountFacts;
  /** Why the account's keys may stay on for now: keys on then only warn. @default - keys on is an error */
  readonly localAuthJustification?: string;
  /** How messages name the account (e.g. a configuration file and JSON path). @default - the construct path and the account ID */
  readonly describedAs?: string;
}

/** An account that already exists: only its ID is known. */
class ImportedAiServicesAccount extends AccountBase {
  public readonly accountId: string;
  public readonly accountName: string;
  public readonly resourceGroupName: string;
  public readonly subscriptionId: string;
  public readonly identityPrincipalId?: string = undefined;
  public readonly inferenceRole: IRoleDefinition;
  protected readonly knownArmId?: string;

  constructor(scope: Construct, id: string, given: string, private readonly settings: ImportedAccountSettings) {
    super(scope, id);
    // Grants are scoped to this ID: written as Azure reads it back, or each would be replaced on every plan.
    const accountId = Token.isUnresolved(given) ? given : canonicalAccountArmId(given);
    const match = parseAccountId(this, 'accountId', accountId);
    if (settings.customSubdomainName !== undefined) validateSubdomain(this, 'customSubdomainName', settings.customSubdomainName);
    this.accountId = accountId;
    this.knownArmId = Token.isUnresolved(accountId) ? undefined : accountId;
    this.subscriptionId = match.subscriptionId;
    this.resourceGroupName = match.resourceGroupName;
    this.accountName = match.accountName;
    this.inferenceRole = settings.inferenceRole ?? BuiltInRole.COGNITIVE_SERVICES_USER;
    const at = settings.describedAs ?? `${this.node.path} (${accountId})`;
    if (settings.localAuthJustification !== undefined) {
      validateText(this, 'localAuthJustification', settings.localAuthJustification, JUSTIFICATION_MIN_LENGTH.localAuth, 'give a written justification of at least 20 characters (who needs keys, until when), or leave it out so keys on is an error');
    }
    if (settings.checkAtPlan ?? true) this.addExistenceCheck(at);
    if (settings.knownSettings) this.checkKnownSettings(at, settings.knownSettings, settings.localAuthJustification);
  }

  /**
   * At plan time the account must exist. azurerm 4.55 has no key-free read of an account: its `azurerm_cognitive_account`
   * data source lists the keys whenever they are on (keys in the state, 403 for an identity without listKeys), so the
   * check is a generic ARM list (`azurerm_resources`: id, name, type).
   */
  private addExistenceCheck(at: string): void {
    const found = new DataAzurermResources(this, 'Exists', { name: this.accountName, resourceGroupName: this.resourceGroupName, type: ACCOUNT_RESOURCE_TYPE });
    found.addOverride('lifecycle.postcondition', [{
      condition: '${length(self.resources) == 1}',
      error_message: `${at}: no ${ACCOUNT_RESOURCE_TYPE} named ${this.accountName} in resource group ${this.resourceGroupName} of the azurerm provider's subscription ` +
        `(or the identity cannot read it: it needs Reader on the group); point the account ID at the account. The check reads only the provider's subscription: ` +
        `for an account in subscription ${this.subscriptionId}, give the stack a provider for it, or set checkAtPlan: false.`,
    }]);
  }

  /** Kind, keys and subdomain from a key-free read: wrong ones are errors; keys on with a justification only warn. */
  private checkKnownSettings(at: string, facts: ExistingAccountFacts, justification: string | undefined): void {
    const problems = existingAccountProblems(facts, justification !== undefined);
    if (problems.length > 0) throw new ValidationError(this, 'knownSettings', this.accountId, problems.join('; '));
    if (facts.localAuthEnabled) Annotations.of(this).addWarning(`${at} accepts keys (justified: ${justification}); turn them off when that no longer holds.`);
  }

  public get endpoint(): string {
    return accountEndpoint(this.subdomain());
  }

  public get inferenceEndpoint(): string {
    return INFERENCE_ENDPOINTS[InferenceEndpoint.MODELS].url(this.subdomain());
  }

  public get openAiEndpoint(): string {
    return INFERENCE_ENDPOINTS[InferenceEndpoint.OPENAI].url(this.subdomain());
  }

  private subdomain(): string {
    const subdomain = this.settings.customSubdomainName ?? this.settings.knownSettings?.customSubdomainName ?? undefined;
    if (subdomain === undefined) {
      throw new ValidationError(this, 'customSubdomainName', undefined,
        `the endpoints of the existing account ${this.accountName} need its custom subdomain: set customSubdomainName ` +
        `(az cognitiveservices account show --ids <account-id> --query properties.customSubDomainName). It is not read from Azure: ` +
        'azurerm\'s azurerm_cognitive_account data source lists the keys whenever they are on');
    }
    return subdomain;
  }
}
