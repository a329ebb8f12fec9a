import { Construct } from 'constructs';
import { AiServicesAccount, AiServicesAccountProps, IAiServicesAccount, ImportedAccountSettings, parseAccountId } from './ai-services-account';
import { BuiltInRole, IRoleDefinition } from './azure/built-in-role';
import { ALL_INFERENCE_ENDPOINTS, InferenceEndpoint } from './azure/inference-endpoints';
import { missingActions, PIM_DEPLOYER_ROLE_NAMES, PIM_REQUEST_ACTIONS, ROLE_ASSIGNMENT_ACTIONS } from './azure/policy';
import { InferenceRoleDefinition, InferenceRoleDefinitionProps } from './inference-role-definition';
import { IPrincipal, PRINCIPAL_CLASH, principalClashes } from './principal';
import { PimGrantOptions, PimRoleGrant } from './pim-role-grant';
import { describePrincipalsSource } from './duplicate-assignment-checks';
import { RoleGrant } from './role-grant';
import { requirePrincipal, ValidationError } from './validation';

/** Which role developers get. */
export enum InferenceRoleChoice {
  /** A custom role with the data actions of the endpoints developers call only (cannot list keys). */
  CUSTOM = 'custom',
  /** The built-in Cognitive Services User role. */
  COGNITIVE_SERVICES_USER = 'cognitive-services-user',
}

/** Properties of `KeylessInferenceAccess`. */
export interface KeylessInferenceAccessProps {
  /** A new account to create. Give this or `existingAccountId`. @default - none */
  readonly account?: Omit<AiServicesAccountProps, 'inferenceRole'>;
  /** The ARM ID of an account that already exists. Give this or `account`. @default - none */
  readonly existingAccountId?: string;
  /** Settings of the existing account. @default - subdomain read from the account */
  readonly existingAccount?: Omit<ImportedAccountSettings, 'inferenceRole'>;
  /** Role developers get. @default InferenceRoleChoice.CUSTOM */
  readonly inferenceRole?: InferenceRoleChoice;
  /** The endpoints developers call; the custom role covers exactly these. @default - both: models and openai */
  readonly endpoints?: InferenceEndpoint[];
  /** Settings of the custom role. @default - defined at the account's resource group, named after the stack */
  readonly customRole?: Partial<InferenceRoleDefinitionProps>;
  /** Principals that call models (data plane). @default - none */
  readonly developers?: IPrincipal[];
  /** Principals that manage the account (control plane only). @default - none */
  readonly administrators?: IPrincipal[];
  /**
   * Make administrators PIM-eligible (activated just in time) instead of standing; needs Entra ID P2.
   * @default - standing grants
   */
  readonly administratorsJustInTime?: PimGrantOptions;
  /** Developers whose inference grant ends on its own (PIM active assignments). @default - none */
  readonly temporaryDevelopers?: TemporaryGrant[];
  /**
   * The role the deploying identity holds at the account's scope, to refuse at synth what it could not apply (PIM grants
   * need Owner or User Access Administrator). @default - not checked
   */
  readonly deployerRole?: IRoleDefinition;
  /** Where the principals were given, named in plan-time messages (e.g. a configuration file and JSON paths). @default - this construct's path */
  readonly principalsDescribedAs?: string;
}

/** A grant with an end. */
export interface TemporaryGrant extends PimGrantOptions {
  /** Who gets it. */
  readonly principal: IPrincipal;
}

/**
 * The whole key-less setup in one call: the account (new or existing), the optional custom
 * inference role, developer grants (data plane) and administrator grants (control plane).
 */
export class KeylessInferenceAccess extends Construct {
  public readonly account: IAiServicesAccount;
  /** The custom role, when `inferenceRole` is CUSTOM. */
  public readonly customRole?: InferenceRoleDefinition;
  public readonly developerGrants: RoleGrant[];
  /** The endpoints developers use that their role can call: what a stack should hand out. */
  public readonly endpoints: InferenceEndpoint[];
  /** Standing administrator grants (empty when administrators are just in time). */
  public readonly administratorGrants: RoleGrant[];
  /** PIM-eligible administrator grants (when `administratorsJustInTime` is set). */
  public readonly eligibleAdministratorGrants: PimRoleGrant[];
  /** Time-limited developer grants. */
  public readonly temporaryDeveloperGrants: PimRoleGrant[];

  constructor(scope: Construct, id: string, props: KeylessInferenceAccessProps) {
    super(scope, id);
    if ((props.account === undefined) === (props.existingAccountId === undefined)) {
      throw new ValidationError(this, 'account / existingAccountId', { account: props.account?.accountName, existingAccountId: props.existingAccountId },
        'give exactly one: account (to create one) or existingAccountId (the ARM ID of an existing account)');
    }
    for (const [field, list] of [['developers', props.developers], ['administrators', props.administrators]] as const) {
      (list ?? []).forEach((p, i) => requirePrincipal(this, `${field}[${i}]`, p));
      for (const [first, repeat] of principalClashes(list ?? [])) {
        throw new ValidationError(this, `${field}[${repeat}]`, list![repeat].label, `the same principal as ${field}[${first}] (${PRINCIPAL_CLASH})`);
      }
    }
    describePrincipalsSource(this, props.principalsDescribedAs ?? `the developers and administrators of ${this.node.path}`);
    const choice = props.inferenceRole ?? InferenceRoleChoice.CUSTOM;
    let role: IRoleDefinition = BuiltInRole.COGNITIVE_SERVICES_USER;
    if (choice === InferenceRoleChoice.CUSTOM) {
      const roleScope = props.customRole?.scope ?? this.defaultRoleScope(props);
      this.customRole = new InferenceRoleDefinition(this, 'InferenceRole', { endpoints: props.endpoints, ...props.customRole, scope: roleScope });
      role = this.customRole;
    }
    this.account = props.account
      ? new AiServicesAccount(this, 'Account', { ...props.account, inferenceRole: role })
      : AiServicesAccount.fromAccountId(this, 'Account', props.existingAccountId!, { ...props.existingAccount, inferenceRole: role });
    const wanted = props.endpoints ?? ALL_INFERENCE_ENDPOINTS;
    this.endpoints = this.account.inferenceEndpoints.filter((e) => wanted.includes(e));
    this.developerGrants = (props.developers ?? []).map((p) => this.account.grantInference(p));
    const jit = props.administratorsJustInTime;
    this.administratorGrants = jit ? [] : (props.administrators ?? []).map((p) => this.account.grantAdministration(p));
    this.eligibleAdministratorGrants = jit ? (props.administrators ?? []).map((p) => this.account.grantEligibleAdministration(p, jit)) : [];
    this.temporaryDeveloperGrants = (props.temporaryDevelopers ?? []).map(({ principal, ...options }) => this.account.grantInferenceUntil(principal, options));
    if (props.deployerRole) this.checkDeployerRole(props.deployerRole);
  }

  /** The deployer must be able to make every assignment of this construct; PIM requests need more than role assignments. */
  private checkDeployerRole(role: IRoleDefinition): void {
    if (!role.permissions) return;
    const pim = this.eligibleAdministratorGrants.length + this.temporaryDeveloperGrants.length > 0;
    const standing = missingActions(role.permissions, ROLE_ASSIGNMENT_ACTIONS);
    if (standing.length > 0) {
      throw new ValidationError(this, 'deployerRole', role.roleName,
        `the deploying identity cannot make role assignments with it (lacks ${standing.join(', ')}): give it Owner, User Access Administrator or Role Based Access Control Administrator at the account's scope`);
    }
    const missing = pim ? missingActions(role.permissions, PIM_REQUEST_ACTIONS) : [];
    if (missing.length > 0) {
      throw new ValidationError(this, 'deployerRole', role.roleName,
        `just-in-time grants (administratorsJustInTime, temporaryDevelopers) are PIM schedule requests, and ${role.roleName} lacks ${missing.join(' and ')}: ` +
        `give the deploying identity ${PIM_DEPLOYER_ROLE_NAMES.join(' or ')} at the account's scope, or make these grants standing`);
    }
  }

  private defaultRoleScope(props: KeylessInferenceAccessProps): string {
    if (props.existingAccountId !== undefined) {
      const id = parseAccountId(this, 'existingAccountId', props.existingAccountId);
      return `/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroupName}`;
    }
    const a = props.account;
    if (a?.subscriptionId !== undefined) return `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroupName}`;
    throw new ValidationError(this, 'customRole.scope', undefined,
      'the custom role needs a scope: set customRole.scope (a subscription or resource group ID) or account.subscriptionId');
  }
}
