import { DataAzureadClientConfig } from '@cdktf/provider-azuread/lib/data-azuread-client-config';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadServicePrincipal } from '@cdktf/provider-azuread/lib/data-azuread-service-principal';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { isGuid, shortHash, slug, validateObjectId, validateText, ValidationError } from './validation';

/** The `principal_type` of a role assignment. Managed identities are service principals. */
export enum PrincipalType {
  USER = 'User',
  GROUP = 'Group',
  SERVICE_PRINCIPAL = 'ServicePrincipal',
}

/** A security principal that can be granted a role. */
export interface IPrincipal {
  /** Stable identity ("user:oid:<guid>", "group:name:<name>", ...): de-duplicates grants and lookups. */
  readonly principalKey: string;
  /** Sent as the assignment's `principal_type`, so Azure does not have to resolve it (avoids `PrincipalNotFound`). */
  readonly principalType: PrincipalType;
  /** Human-readable description, for messages and reports. */
  readonly label: string;
  /** True only for service principals created in the same deployment (`skip_service_principal_aad_check`). */
  readonly skipAadCheck: boolean;
  /** Your stable key for the Terraform addresses of this principal's grants; undefined: addresses follow `principalKey`. */
  readonly key?: string;
  /** The principal's object ID as seen from `scope`'s stack: a literal, or a lookup's `object_id`. */
  objectIdIn(scope: IConstruct): string;
}

/** Options of every principal. */
export interface PrincipalKeyOptions {
  /**
   * A stable key of yours (unique among the principals of a stack), used for the Terraform addresses of this principal's
   * grants: switching how the principal is identified (object ID or lookup) or renaming its label then changes no address.
   * Adding a key to an existing grant moves its state (a `moved` block); nothing is re-created.
   * @default - addresses follow how the principal is identified
   */
  readonly key?: string;
}

/** Options for principals given by object ID. */
export interface PrincipalOptions extends PrincipalKeyOptions {
  /** Human-readable name, shown in reports and messages. @default - the object ID */
  readonly label?: string;
}

/** Options for service principals and managed identities given by object ID. */
export interface ServicePrincipalOptions extends PrincipalOptions {
  /**
   * The principal is created by this same deployment: skip Azure's directory check, which fails
   * with `PrincipalNotFound` until the new principal has replicated.
   * @default false
   */
  readonly createdInThisDeployment?: boolean;
}

/** Principal keys: short, address-safe, stable. */
const PRINCIPAL_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * How a looked-up principal finds its object ID: one Entra ID data source per stack and principal. Each kind of
 * lookup is written once, next to its factory below: a new way to identify a principal is one factory here (plus,
 * for the configuration, one row of app/principal-kinds.ts).
 */
export interface PrincipalLookup {
  /** Checks the lookup's input where it enters a stack (skips unresolved tokens). */
  validate?(requester: IConstruct): void;
  /** Creates the data source under `scope` with the construct ID `id` and returns its object ID. */
  create(scope: Construct, id: string): string;
}

/** The deploying identity: one data source per stack, whatever the grants call it. */
interface DeployerLookup extends PrincipalLookup {
  readonly deployerType: PrincipalType;
}

const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Principals: by object ID, or looked up in Microsoft Entra ID (one data source per lookup and stack). */
export class Principal implements IPrincipal {
  /** A user, by object ID. */
  public static user(objectId: string, options: PrincipalOptions = {}): IPrincipal {
    return Principal.byObjectId(PrincipalType.USER, 'user', objectId, options, false);
  }

  /** A security group, by object ID. */
  public static group(objectId: string, options: PrincipalOptions = {}): IPrincipal {
    return Principal.byObjectId(PrincipalType.GROUP, 'group', objectId, options, false);
  }

  /** A service principal (an application), by its object ID: not the application (client) ID. */
  public static servicePrincipal(objectId: string, options: ServicePrincipalOptions = {}): IPrincipal {
    return Principal.byObjectId(PrincipalType.SERVICE_PRINCIPAL, 'service-principal', objectId, options, options.createdInThisDeployment ?? false);
  }

  /** A managed identity (system- or user-assigned), by its principal ID. */
  public static managedIdentity(principalId: string, options: ServicePrincipalOptions = {}): IPrincipal {
    return Principal.byObjectId(PrincipalType.SERVICE_PRINCIPAL, 'managed-identity', principalId, options, options.createdInThisDeployment ?? false);
  }

  /** A user looked up by user principal name (`azuread_user`). */
  public static userByUpn(userPrincipalName: string, options: PrincipalKeyOptions = {}): IPrincipal {
    return Principal.lookedUp(PrincipalType.USER, `user:upn:${userPrincipalName.toLowerCase()}`, `user ${userPrincipalName} (looked up by UPN)`, options, {
      validate: (requester) => {
        if (!Token.isUnresolved(userPrincipalName) && !UPN.test(userPrincipalName)) {
          throw new ValidationError(requester, 'user principal name', userPrincipalName, 'expected a UPN such as alice@contoso.com');
        }
      },
      create: (scope, id) => new DataAzureadUser(scope, `user-${id}`, { userPrincipalName }).objectId,
    });
  }

  /** A security group looked up by display name (`azuread_group`, security-enabled groups only). */
  public static groupByDisplayName(displayName: string, options: PrincipalKeyOptions = {}): IPrincipal {
    return Principal.lookedUp(PrincipalType.GROUP, `group:name:${displayName.toLowerCase()}`, `group "${displayName}" (looked up by display name)`, options, {
      validate: (requester) => {
        validateText(requester, 'group display name', displayName, 1, 'expected the security group\'s display name');
        if (!Token.isUnresolved(displayName) && displayName.includes("'")) {
          // azuread 3.7 builds `displayName eq '<name>'` without escaping (group_data_source.go:289): the lookup fails.
          throw new ValidationError(requester, 'group display name', displayName,
            'azuread 3.7 cannot look up a group whose name contains an apostrophe (its filter is not escaped): give the group by object ID (Principal.group(objectId, { label }))');
        }
      },
      create: (scope, id) => new DataAzureadGroup(scope, `group-${id}`, { displayName, securityEnabled: true }).objectId,
    });
  }

  /** A service principal looked up by its application (client) ID (`azuread_service_principal`). */
  public static servicePrincipalByClientId(clientId: string, options: PrincipalKeyOptions = {}): IPrincipal {
    return Principal.lookedUp(PrincipalType.SERVICE_PRINCIPAL, `service-principal:client-id:${clientId.toLowerCase()}`,
      `service principal of application ${clientId} (looked up by client ID)`, options, {
        validate: (requester) => {
          if (!Token.isUnresolved(clientId) && !isGuid(clientId)) {
            throw new ValidationError(requester, 'service principal client ID', clientId, 'expected the application (client) ID, a GUID');
          }
        },
        create: (scope, id) => new DataAzureadServicePrincipal(scope, `sp-${id}`, { clientId }).objectId,
      });
  }

  /** A service principal looked up by display name (`azuread_service_principal`). */
  public static servicePrincipalByDisplayName(displayName: string, options: PrincipalKeyOptions = {}): IPrincipal {
    return Principal.lookedUp(PrincipalType.SERVICE_PRINCIPAL, `service-principal:name:${displayName.toLowerCase()}`,
      `service principal "${displayName}" (looked up by display name)`, options, {
        validate: (requester) => validateText(requester, 'service principal display name', displayName, 1, 'expected the service principal\'s display name'),
        create: (scope, id) => new DataAzureadServicePrincipal(scope, `sp-${id}`, { displayName }).objectId,
      });
  }

  /**
   * The identity running the deployment (`azuread_client_config`). Its type cannot be read at plan
   * time, so give it: `User` for an Azure CLI login, `ServicePrincipal` for CI (OIDC, managed identity).
   */
  public static deployer(principalType: PrincipalType, options: PrincipalKeyOptions = {}): IPrincipal {
    const lookup: DeployerLookup = { deployerType: principalType, create: (scope, id) => new DataAzureadClientConfig(scope, id, {}).objectId };
    return Principal.lookedUp(principalType, `deployer:${principalType}`, `the deploying identity (${principalType})`, options, lookup);
  }

  /**
   * A principal whose object ID a data source finds. `principalKey` must be unique per lookup (it names the data source);
   * the lookup creates that data source once per stack.
   */
  public static lookedUp(type: PrincipalType, principalKey: string, label: string, options: PrincipalKeyOptions, lookup: PrincipalLookup): IPrincipal {
    return new Principal(type, principalKey, label, false, lookup, undefined, options.key);
  }

  private static byObjectId(type: PrincipalType, kind: string, objectId: string, options: PrincipalOptions, skipAadCheck: boolean): IPrincipal {
    const key = Token.isUnresolved(objectId) ? `${kind}:token:${objectId}` : `${kind}:oid:${objectId.toLowerCase()}`;
    return new Principal(type, key, options.label ?? `${kind} ${objectId}`, skipAadCheck, undefined, objectId, options.key);
  }

  private constructor(
    public readonly principalType: PrincipalType,
    public readonly principalKey: string,
    public readonly label: string,
    public readonly skipAadCheck: boolean,
    private readonly lookup?: PrincipalLookup,
    private readonly objectId?: string,
    public readonly key?: string,
  ) {
    if (key !== undefined && !Token.isUnresolved(key) && !PRINCIPAL_KEY.test(key)) {
      throw new ValidationError(label, 'principal key', key, 'expected 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. "ai-developers"');
    }
  }

  public objectIdIn(scope: IConstruct): string {
    if (this.objectId !== undefined) {
      validateObjectId(scope, `object ID of ${this.label}`, this.objectId);
      return this.objectId;
    }
    return PrincipalLookups.of(scope).objectIdOf(scope, this.principalKey, this.lookup!);
  }
}

/**
 * The Entra ID data sources of one stack, one per looked-up principal however often it is granted.
 * Their construct IDs derive from the lookup itself, so they do not depend on creation order.
 */
class PrincipalLookups extends Construct {
  public static of(scope: IConstruct): PrincipalLookups {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(PrincipalLookups.ID) as PrincipalLookups | undefined) ?? new PrincipalLookups(stack, PrincipalLookups.ID);
  }

  private static readonly ID = 'PrincipalLookups';
  private readonly objectIds = new Map<string, string>();
  private deployerType?: PrincipalType;

  public objectIdOf(requester: IConstruct, key: string, lookup: PrincipalLookup): string {
    const deployerType = (lookup as Partial<DeployerLookup>).deployerType;
    if (deployerType !== undefined) {
      this.checkDeployerType(requester, deployerType);
      key = 'deployer'; // one identity, one data source, whatever the grants call it
    }
    let objectId = this.objectIds.get(key);
    if (objectId === undefined) {
      lookup.validate?.(requester);
      const id = key === 'deployer' ? 'deployer' : `${slug(key.slice(key.indexOf(':') + 1))}-${shortHash(key)}`;
      objectId = lookup.create(this, id);
      this.objectIds.set(key, objectId);
    }
    return objectId;
  }

  /** The deploying identity is one principal: a user or a service principal, the same in every grant of the stack. */
  private checkDeployerType(requester: IConstruct, type: PrincipalType): void {
    if (type !== PrincipalType.USER && type !== PrincipalType.SERVICE_PRINCIPAL) {
      throw new ValidationError(requester, 'deployer principal type', type, 'the deploying identity is a User (Azure CLI login) or a ServicePrincipal (CI, managed identity), never a Group');
    }
    if (this.deployerType !== undefined && this.deployerType !== type) {
      throw new ValidationError(requester, 'deployer principal type', type,
        `the deploying identity is already granted as ${this.deployerType} in this stack; it has one type: use the same principalType everywhere`);
    }
    this.deployerType = type;
  }
}
