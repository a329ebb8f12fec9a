import { CognitiveAccountProject } from '@cdktf/provider-azurerm/lib/cognitive-account-project';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AiServicesAccount, IAiServicesAccount } from './ai-services-account';
import { IRoleDefinition } from './azure/built-in-role';
import { FOUNDRY_USER, missingProjectDataActions, PROJECT_MANAGEMENT_OFF, PROJECT_NAME, PROJECT_NAME_CLASH, PROJECT_TOKEN_SCOPE, projectNameKey } from './azure/projects';
import { delegateGrantsAt, DelegateGrantsOptions, DelegationScope } from './delegated-grants';
import { grantScopeOf } from './grant-scope';
import { IPrincipal, Principal } from './principal';
import { GrantOptions, RoleGrant } from './role-grant';
import { validateText, validateUserAssignedIdentityIds, ValidationError } from './validation';

/** Per account: each project's name (`projectNameKey`) with its construct path. */
const projectNamesByAccount = new WeakMap<IAiServicesAccount, Map<string, string>>();

/** Properties of a `FoundryProject`. */
export interface FoundryProjectProps {
  /** The account the project lives in: one with project management on (`projectManagementEnabled`). */
  readonly account: IAiServicesAccount;
  /** Project name (2 to 64 letters, digits, "-", "." or "_", starting with a letter or digit); part of the endpoint. */
  readonly name: string;
  /** Name shown in the Foundry portal. @default - none */
  readonly displayName?: string;
  /** Description shown in the Foundry portal. @default - none */
  readonly description?: string;
  /** Azure region. @default - the account's location (required for an imported account) */
  readonly location?: string;
  /** User-assigned identities to add beside the system-assigned one. @default - none */
  readonly userAssignedIdentityIds?: string[];
  /** The role `grantInference` assigns at the project. @default - Foundry User (53ca6127-db72-4b80-b1b0-d745d6d5456d) */
  readonly inferenceRole?: IRoleDefinition;
  /** Grant the project's own identity Foundry User on the account (what its agents need to call models). @default true */
  readonly grantIdentityOnAccount?: boolean;
  /** Resource tags. @default - none */
  readonly tags?: Record<string, string>;
}

/**
 * A Foundry project (`azurerm_cognitive_account_project`) under an AI Services account: its own endpoint
 * (`https://<subdomain>.services.ai.azure.com/api/projects/<project>`, token audience `https://ai.azure.com/.default` only),
 * its own managed identity, and grants at project scope.
 */
export class FoundryProject extends Construct {
  /** The underlying `azurerm_cognitive_account_project`. */
  public readonly resource: CognitiveAccountProject;
  /** The project's ARM ID (`<account ID>/projects/<name>`): the scope of its grants. */
  public readonly projectId: string;
  public readonly projectName: string;
  public readonly account: IAiServicesAccount;
  /** The project endpoint. */
  public readonly endpoint: string;
  /** The token scope clients request for the project endpoint (the only one it accepts). */
  public readonly tokenScope = PROJECT_TOKEN_SCOPE;
  /** The project's system-assigned identity. */
  public readonly identityPrincipalId: string;
  /** The role `grantInference` assigns. */
  public readonly inferenceRole: IRoleDefinition;
  /** The project identity's grant on the account, unless turned off. */
  public readonly identityGrant?: RoleGrant;
  private readonly knownArmId?: string;

  constructor(scope: Construct, id: string, props: FoundryProjectProps) {
    super(scope, id);
    const { account } = props;
    if (!Token.isUnresolved(props.name) && !PROJECT_NAME.test(props.name)) {
      throw new ValidationError(this, 'name', props.name, 'expected 2 to 64 letters, digits, "-", "." or "_", starting with a letter or digit');
    }
    if (props.displayName !== undefined) validateText(this, 'displayName', props.displayName, 1, 'expected a non-empty display name, or leave it out');
    if (props.description !== undefined) validateText(this, 'description', props.description, 1, 'expected a non-empty description, or leave it out');
    if (account instanceof AiServicesAccount && !account.projectManagementEnabled) {
      throw new ValidationError(this, 'account', account.node.path, `${PROJECT_MANAGEMENT_OFF} (AiServicesAccount has the identity and custom subdomain projects need)`);
    }
    const location = props.location ?? (account instanceof AiServicesAccount ? account.location : undefined);
    if (location === undefined) {
      throw new ValidationError(this, 'location', undefined, 'an imported account\'s region is not known here: set location (the account\'s region)');
    }
    this.inferenceRole = props.inferenceRole ?? FOUNDRY_USER;
    const missing = missingProjectDataActions(this.inferenceRole.permissions);
    if (missing.length > 0) {
      throw new ValidationError(this, 'inferenceRole', this.inferenceRole.roleName,
        `does not cover what project endpoints call (missing ${missing.join(', ')}); use Foundry User (the default) or a role with these data actions`);
    }
    validateUserAssignedIdentityIds(this, 'userAssignedIdentityIds', props.userAssignedIdentityIds);
    // Last of the checks: a project refused above does not hold its name.
    if (!Token.isUnresolved(props.name)) {
      const names = projectNamesByAccount.get(account) ?? new Map<string, string>();
      const first = names.get(projectNameKey(props.name));
      if (first !== undefined) throw new ValidationError(this, 'name', props.name, `already the name of ${first} on the same account; ${PROJECT_NAME_CLASH}`);
      names.set(projectNameKey(props.name), this.node.path);
      projectNamesByAccount.set(account, names);
    }

    this.account = account;
    this.projectName = props.name;
    this.resource = new CognitiveAccountProject(this, 'Resource', {
      name: props.name,
      cognitiveAccountId: account.accountId,
      location,
      displayName: props.displayName,
      description: props.description,
      identity: props.userAssignedIdentityIds?.length
        ? { type: 'SystemAssigned, UserAssigned', identityIds: props.userAssignedIdentityIds }
        : { type: 'SystemAssigned' },
      tags: props.tags,
    });
    this.projectId = this.resource.id;
    const accountArmId = (account as unknown as { knownArmId?: string }).knownArmId;
    this.knownArmId = accountArmId && !Token.isUnresolved(props.name) ? `${accountArmId}/projects/${props.name}` : undefined;
    this.identityPrincipalId = this.resource.identity.principalId;
    // The account's model endpoint is https://<subdomain>.services.ai.azure.com/models; the project's shares its host.
    const models = account.inferenceEndpoint;
    this.endpoint = Token.isUnresolved(models)
      ? Fn.replace(models, '/models', `/api/projects/${props.name}`)
      : models.replace(/\/models$/, `/api/projects/${props.name}`);
    if (props.grantIdentityOnAccount ?? true) {
      // Under the project, not the account: a stable address (the identity's ID is only known after apply) and no history to move.
      const identity = Principal.managedIdentity(this.identityPrincipalId, { label: `Foundry project ${props.name} (system-assigned identity)`, createdInThisDeployment: true });
      this.identityGrant = new RoleGrant(this, 'identity-on-account', {
        ...grantScopeOf(account, account.accountId, accountArmId, account.subscriptionId),
        role: FOUNDRY_USER,
        principal: identity,
        description: `Foundry project ${props.name}: its identity calls the account's models`,
      });
    }
  }

  /** Grants use of the project (its endpoint, its models) at project scope. */
  public grantInference(principal: IPrincipal, options: GrantOptions = {}): RoleGrant {
    return this.grant(principal, this.inferenceRole, options);
  }

  /** Grants any role at project scope. */
  public grant(principal: IPrincipal, role: IRoleDefinition, options: GrantOptions = {}): RoleGrant {
    return RoleGrant.grant(this, { ...options, ...this.grantScope, role, principal }, 'project');
  }

  /** Lets `options.to` assign and remove `options.roles` at the project, to `options.principalTypes` only (a conditioned RBAC Administrator). */
  public delegateGrants(options: DelegateGrantsOptions): RoleGrant {
    return delegateGrantsAt(this, this.grantScope, options, 'project');
  }

  private get grantScope(): DelegationScope {
    return grantScopeOf(this, this.projectId, this.knownArmId, this.account.subscriptionId);
  }
}
