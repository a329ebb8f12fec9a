import { DataAzureadClientConfig } from '@cdktf/provider-azuread/lib/data-azuread-client-config';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadServicePrincipal } from '@cdktf/provider-azuread/lib/data-azuread-service-principal';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { DataAzurermUserAssignedIdentity } from '@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity';
import { Fn, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { duplicatesOf, surroundingSpaceProblem, EMPLOYEE_ID, MAIL_ADDRESS, MAIL_NICKNAME, PRINCIPAL_KEY, RESOURCE_GROUP_NAME, RESOURCE_GROUP_NAME_RULE, USER_ASSIGNED_IDENTITY_NAME, USER_PRINCIPAL_NAME } from './azure/names';
import { canonicalGuid } from './azure/guid';
import { identityHolderSuffix, RESOURCE_ARM_ID, RESOURCE_TYPE, USER_ASSIGNED_IDENTITY_ARM_ID } from './azure/arm-id';
import { isGuid, requireString, shortHash, slug, validateFreeText, validateObjectId, validateText, ValidationError } from './validation';

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


/** A resource that holds a system-assigned identity, by type, name and resource group (in any subscription of the tenant). */
export interface IdentityHolder {
  /** The resource type with its namespace, e.g. `Microsoft.Web/sites`, `Microsoft.App/containerApps`. */
  readonly resourceType: string;
  /** The resource's name. */
  readonly name: string;
  /** The resource group's name. */
  readonly resourceGroupName: string;
}

/**
 * The factories read their input at once (keys compare it lowercased): a missing value is reported here, by factory and
 * argument, rather than as a TypeError.
 */
function given(factory: string, argument: string, value: unknown, expected: string): void {
  requireString(`Principal.${factory}`, argument, value, expected);
}

/**
 * `value` lowercased for a key; a token as it is (lowercasing its text would make it plain text: the key would carry the
 * token's number, and the grant's address with it, instead of the expression it stands for).
 */
function lowerKey(value: string): string {
  return Token.isUnresolved(value) ? value : value.toLowerCase();
}

/** `value` lowercased as an HCL expression inside `${...}`: a literal at synth, a token by Terraform's `lower()` (cdktf writes a token there as a bare reference). */
function lowerHcl(value: string): string {
  return Token.isUnresolved(value) ? `lower(${value})` : JSON.stringify(value.toLowerCase());
}

/** `identityHolderSuffix` as an HCL expression inside `${...}`: joined and lowercased by Terraform when a part is a token. */
function holderSuffixHcl(holder: IdentityHolder): string {
  const parts = [holder.resourceGroupName, holder.resourceType, holder.name];
  if (!parts.some((p) => Token.isUnresolved(p))) return JSON.stringify(identityHolderSuffix(holder.resourceGroupName, holder.resourceType, holder.name));
  const pieces = ['/resourcegroups/', parts[0], '/providers/', parts[1], '/', parts[2]].map((p) => (Token.isUnresolved(p) ? p : JSON.stringify(p)));
  return `lower(join("", [${pieces.join(', ')}]))`;
}

/** Segment `i` of an ARM ID known only to Terraform (`/subscriptions/<s>/resourceGroups/<g>/providers/<ns>/<type>/<name>`: 4 the group, 8 the name). */
function idSegment(id: string, i: number): string {
  return Fn.element(Fn.split('/', id), i);
}

/** Throws unless `value` (when resolved) matches `pattern`. */
function check(requester: IConstruct, field: string, value: string, pattern: RegExp, fix: string): void {
  if (!Token.isUnresolved(value) && !pattern.test(value)) throw new ValidationError(requester, field, value, fix);
}

/**
 * The service principal of a system-assigned identity: `azuread_service_principal` by display name (Entra ID names
 * it after the resource), checked by a postcondition against the resource ID Entra ID keeps in `alternative_names`,
 * so an application or another resource of the same name is never granted instead.
 */
function systemAssignedLookup(holder: IdentityHolder, resourceId: string | undefined, describe: string): PrincipalLookup {
  const expected = resourceId !== undefined ? lowerHcl(resourceId) : holderSuffixHcl(holder);
  return {
    validate: (requester) => {
      if (resourceId !== undefined) {
        check(requester, 'resource ID', resourceId, RESOURCE_ARM_ID,
          'expected /subscriptions/<guid>/resourceGroups/<group>/providers/<Namespace>/<type>/<name> of a top-level resource (for a child resource such as a web app slot, give its identity\'s principal ID: Principal.managedIdentity(principalId, { label }))');
        return;
      }
      check(requester, 'resource type', holder.resourceType, RESOURCE_TYPE, 'expected a resource type with its namespace, e.g. Microsoft.Web/sites');
      validateText(requester, 'resource name', holder.name, 1, 'expected the name of the resource that holds the identity');
      check(requester, 'resource group name', holder.resourceGroupName, RESOURCE_GROUP_NAME, RESOURCE_GROUP_NAME_RULE);
    },
    create: (scope, id) => {
      return new DataAzureadServicePrincipal(scope, `sp-${id}`, {
        displayName: holder.name,
        lifecycle: {
          postcondition: [{
            condition: `\${anytrue([for n in self.alternative_names : endswith(lower(n), ${expected})])}`,
            errorMessage: `The service principal named "${holder.name}" is not the system-assigned identity of ${describe}: the resource has no system-assigned identity, or another object has that display name. Give the identity's principal ID instead (kind managedIdentity).`,
          }],
        },
      }).objectId;
    },
  };
}

/** Principals: by object ID, or looked up in Microsoft Entra ID (one data source per lookup and stack). */
export class Principal implements IPrincipal {
  /** A user, by object ID. */
  public static user(objectId: string, options: PrincipalOptions = {}): IPrincipal {
    given('user', 'objectId', objectId, 'expected the user\'s object ID');
    return Principal.byObjectId(PrincipalType.USER, 'user', objectId, options, false);
  }

  /** A security group, by object ID. */
  public static group(objectId: string, options: PrincipalOptions = {}): IPrincipal {
    given('group', 'objectId', objectId, 'expected the group\'s object ID');
    return Principal.byObjectId(PrincipalType.GROUP, 'group', objectId, options, false);
  }

  /** A service principal (an application), by its object ID: not the application (client) ID. */
  public static servicePrincipal(objectId: string, options: ServicePrincipalOptions = {}): IPrincipal {
    given('servicePrincipal', 'objectId', objectId, 'expected the service principal\'s object ID');
    return Principal.byObjectId(PrincipalType.SERVICE_PRINCIPAL, 'service-principal', objectId, options, options.createdInThisDeployment ?? false);
  }

  /** A managed identity (system- or user-assigned), by its principal ID. */
  public static managedIdentity(principalId: string, options: ServicePrincipalOptions = {}): IPrincipal {
    given('managedIdentity', 'principalId', principalId, 'expected the identity\'s principal ID');
    return Principal.byObjectId(PrincipalType.SERVICE_PRINCIPAL, 'managed-identity', principalId, options, options.createdInThisDeployment ?? false);
  }

  /** A user looked up by user principal name (`azuread_user`). */
  public static userByUpn(userPrincipalName: string, options: PrincipalKeyOptions = {}): IPrincipal {
    given('userByUpn', 'userPrincipalName', userPrincipalName, 'expected a UPN such as alice@contoso.com');
    return Principal.lookedUp(PrincipalType.USER, `user:upn:${lowerKey(userPrincipalName)}`, `user ${userPrincipalName} (looked up by UPN)`, options, {
      validate: (requester) => {
        if (!Token.isUnresolved(userPrincipalName) && !USER_PRINCIPAL_NAME.test(userPrincipalName)) {
          throw new ValidationError(requester, 'user principal name', userPrincipalName, 'expected a UPN such as alice@contoso.com');
        }
      },
      create: (scope, id) => new DataAzureadUser(scope, `user-${id}`, { userPrincipalName }).objectId,
    });
  }

  /** A security group looked up by display name (`azuread_group`, security-enabled groups only). */
  public static groupByDisplayName(displayName: string, options: PrincipalKeyOptions = {}): IPrincipal {
    given('groupByDisplayName', 'displayName', displayName, 'expected the security group\'s display name');
    return Principal.lookedUp(PrincipalType.GROUP, `group:name:${lowerKey(displayName)}`, `group "${displayName}" (looked up by display name)`, options, {
      validate: (requester) => {
        validateText(requester, 'group display name', displayName, 1, 'expected the security group\'s display name');
        validateLookupKey(requester, 'group display name', displayName);
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
    given('servicePrincipalByClientId', 'clientId', clientId, 'expected the application (client) ID');
    return Principal.lookedUp(PrincipalType.SERVICE_PRINCIPAL, `service-principal:client-id:${lowerKey(clientId)}`,
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
    given('servicePrincipalByDisplayName', 'displayName', displayName, 'expected the service principal\'s display name');
    return Principal.lookedUp(PrincipalType.SERVICE_PRINCIPAL, `service-principal:name:${lowerKey(displayName)}`,
      `service principal "${displayName}" (looked up by display name)`, options, {
        validate: (requester) => {
          validateText(requester, 'service principal display name', displayName, 1, 'expected the service principal\'s display name');
          validateLookupKey(requester, 'service principal display name', displayName);
        },
        create: (scope, id) => new DataAzureadServicePrincipal(scope, `sp-${id}`, { displayName }).objectId,
      });
  }

  /** A user looked up by mail address (`azuread_user.mail`; one user must have it). */
  public static userByMail(mail: string, options: PrincipalKeyOptions = {}): IPrincipal {
    given('userByMail', 'mail', mail, 'expected a mail address');
    return Principal.lookedUp(PrincipalType.USER, `user:mail:${lowerKey(mail)}`, `user by mail ${mail}`, options, {
      validate: (requester) => check(requester, 'user mail', mail, MAIL_ADDRESS, 'expected a mail address such as alice@contoso.com'),
      create: (scope, id) => new DataAzureadUser(scope, `user-${id}`, { mail }).objectId,
    });
  }

  /** A user looked up by mail nickname, the alias before the @ (`azuread_user.mail_nickname`). */
  public static userByMailNickname(mailNickname: string, options: PrincipalKeyOptions = {}): IPrincipal {
    given('userByMailNickname', 'mailNickname', mailNickname, 'expected the alias before the @');
    return Principal.lookedUp(PrincipalType.USER, `user:mail-nickname:${lowerKey(mailNickname)}`, `user by mail nickname ${mailNickname}`, options, {
      validate: (requester) => check(requester, 'user mail nickname', mailNickname, MAIL_NICKNAME,
        'expected the alias before the @ (1 to 64 characters, no spaces or @ ( ) \\ [ ] " ; : < > ,), e.g. alice'),
      create: (scope, id) => new DataAzureadUser(scope, `user-${id}`, { mailNickname }).objectId,
    });
  }

  /** A user looked up by the employee ID the organization assigned (`azuread_user.employee_id`). */
  public static userByEmployeeId(employeeId: string, options: PrincipalKeyOptions = {}): IPrincipal {
    given('userByEmployeeId', 'employeeId', employeeId, 'expected the employee ID');
    return Principal.lookedUp(PrincipalType.USER, `user:employee-id:${lowerKey(employeeId)}`, `user by employee ID ${employeeId}`, options, {
      validate: (requester) => check(requester, 'user employee ID', employeeId, EMPLOYEE_ID,
        'expected the employee ID as recorded in Entra ID: 1 to 16 characters, without surrounding spaces'),
      create: (scope, id) => new DataAzureadUser(scope, `user-${id}`, { employeeId }).objectId,
    });
  }

  /** A security group looked up by mail nickname (`azuread_group.mail_nickname`, security-enabled groups only). */
  public static groupByMailNickname(mailNickname: string, options: PrincipalKeyOptions = {}): IPrincipal {
    given('groupByMailNickname', 'mailNickname', mailNickname, 'expected the group\'s mail nickname');
    return Principal.lookedUp(PrincipalType.GROUP, `group:mail-nickname:${lowerKey(mailNickname)}`, `group by mail nickname ${mailNickname}`, options, {
      validate: (requester) => {
        check(requester, 'group mail nickname', mailNickname, MAIL_NICKNAME, 'expected the group\'s mail nickname (1 to 64 characters, no spaces or @ ( ) \\ [ ] " ; : < > ,)');
        if (!Token.isUnresolved(mailNickname) && mailNickname.includes("'")) {
          // azuread 3.7 builds `mailNickname eq '<nickname>'` without escaping (group_data_source.go:320).
          throw new ValidationError(requester, 'group mail nickname', mailNickname,
            'azuread 3.7 cannot look up a group whose mail nickname contains an apostrophe (its filter is not escaped): give the group by object ID (Principal.group(objectId, { label }))');
        }
      },
      create: (scope, id) => new DataAzureadGroup(scope, `group-${id}`, { mailNickname, securityEnabled: true }).objectId,
    });
  }

  /**
   * The system-assigned identity of an Azure resource, by the resource's ARM ID (a top-level resource). Found by
   * `azuread_service_principal` (display name = resource name), verified against the resource ID; needs Graph read
   * access (Application.Read.All), no access to the resource.
   */
  public static systemAssignedIdentity(resourceId: string, options: PrincipalKeyOptions = {}): IPrincipal {
    given('systemAssignedIdentity', 'resourceId', resourceId, 'expected the resource\'s ARM ID');
    const m = Token.isUnresolved(resourceId) ? null : RESOURCE_ARM_ID.exec(resourceId);
    // An ID known only to Terraform: the display name is its last segment, taken at plan time.
    const holder: IdentityHolder = m ? { resourceGroupName: m[2], resourceType: m[3], name: m[4] }
      : { resourceGroupName: '', resourceType: '', name: Token.isUnresolved(resourceId) ? idSegment(resourceId, 8) : resourceId };
    const describe = m ? `${m[3]} ${m[4]} in ${m[2]}` : resourceId;
    return Principal.lookedUp(PrincipalType.SERVICE_PRINCIPAL, `managed-identity:resource:${lowerKey(resourceId)}`,
      `system-assigned identity of ${describe}`, options, systemAssignedLookup(holder, resourceId, describe));
  }

  /** The system-assigned identity of an Azure resource, by its type, name and resource group (see `systemAssignedIdentity`). */
  public static systemAssignedIdentityOf(holder: IdentityHolder, options: PrincipalKeyOptions = {}): IPrincipal {
    for (const k of ['resourceType', 'name', 'resourceGroupName'] as const) given('systemAssignedIdentityOf', `holder.${k}`, holder?.[k], 'expected the resource type, name and resource group of the resource that holds the identity');
    const describe = `${holder.resourceType} ${holder.name} in ${holder.resourceGroupName}`;
    return Principal.lookedUp(PrincipalType.SERVICE_PRINCIPAL,
      `managed-identity:resource:/resourcegroups/${lowerKey(holder.resourceGroupName)}/providers/${lowerKey(holder.resourceType)}/${lowerKey(holder.name)}`,
      `system-assigned identity of ${describe}`, options, systemAssignedLookup(holder, undefined, describe));
  }

  /**
   * A user-assigned identity, by name and resource group in the provider's subscription
   * (`azurerm_user_assigned_identity`; needs Reader on the identity, no Graph access).
   */
  public static userAssignedIdentity(name: string, resourceGroupName: string, options: PrincipalKeyOptions = {}): IPrincipal {
    given('userAssignedIdentity', 'name', name, 'expected the identity\'s name');
    given('userAssignedIdentity', 'resourceGroupName', resourceGroupName, 'expected the identity\'s resource group');
    return Principal.lookedUp(PrincipalType.SERVICE_PRINCIPAL, `managed-identity:user-assigned:${lowerKey(resourceGroupName)}/${lowerKey(name)}`,
      `user-assigned identity ${name} in ${resourceGroupName}`, options, {
        validate: (requester) => {
          check(requester, 'user-assigned identity name', name, USER_ASSIGNED_IDENTITY_NAME, 'expected the identity\'s name, 3 to 128 characters');
          check(requester, 'resource group name', resourceGroupName, RESOURCE_GROUP_NAME, RESOURCE_GROUP_NAME_RULE);
        },
        create: (scope, id) => new DataAzurermUserAssignedIdentity(scope, `uai-${id}`, { name, resourceGroupName }).principalId,
      });
  }

  /**
   * A user-assigned identity, by ARM ID. The azurerm data source reads in the provider's subscription, so the ID's
   * subscription must be that one: a postcondition compares the whole ID at plan time.
   */
  public static userAssignedIdentityById(resourceId: string, options: PrincipalKeyOptions = {}): IPrincipal {
    given('userAssignedIdentityById', 'resourceId', resourceId, 'expected the identity\'s ARM ID');
    const m = Token.isUnresolved(resourceId) ? null : USER_ASSIGNED_IDENTITY_ARM_ID.exec(resourceId);
    const [name, resourceGroupName] = m ? [m[3], m[2]] : Token.isUnresolved(resourceId) ? [idSegment(resourceId, 8), idSegment(resourceId, 4)] : [resourceId, ''];
    return Principal.lookedUp(PrincipalType.SERVICE_PRINCIPAL, `managed-identity:user-assigned-id:${lowerKey(resourceId)}`,
      m ? `user-assigned identity ${name} in ${resourceGroupName}` : `user-assigned identity ${resourceId}`, options, {
        validate: (requester) => check(requester, 'user-assigned identity ID', resourceId, USER_ASSIGNED_IDENTITY_ARM_ID,
          'expected /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>'),
        create: (scope, id) => new DataAzurermUserAssignedIdentity(scope, `uai-${id}`, {
          name, resourceGroupName,
          lifecycle: {
            postcondition: [{
              condition: `\${lower(self.id) == ${lowerHcl(resourceId)}}`,
              errorMessage: `The user-assigned identity ${resourceId} is in another subscription than the azurerm provider's: the data source reads only the provider's subscription. Give the identity's principal ID instead (kind managedIdentity).`,
            }],
          },
        }).principalId,
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

  private static byObjectId(type: PrincipalType, kind: string, given: string, options: PrincipalOptions, skipAadCheck: boolean): IPrincipal {
    // Written as Azure reads it back: a capitalised ID would replace its role assignments on every plan.
    const objectId = Token.isUnresolved(given) ? given : canonicalGuid(given);
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
    // The label holds what the principal was given by (UPN, display name, mail, nickname) or its label: reviews show it.
    validateFreeText('Principal', 'label or identifier', label);
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
    const clash = deployerTypeClash(this.deployerType, type);
    if (clash) throw new ValidationError(requester, 'deployer principal type', type, `${clash} in this stack; ${DEPLOYER_TYPE_FIX}`);
    this.deployerType = type;
  }
}

/** The fix when the deploying identity is given two types. */
export const DEPLOYER_TYPE_FIX = 'it has one type: use the same principalType everywhere';

/** Why the deploying identity cannot be `type` when it was `earlier` (it is one identity), or undefined. */
export function deployerTypeClash(earlier: string | undefined, type: string): string | undefined {
  return earlier !== undefined && earlier !== type ? `the deploying identity is already granted as ${earlier}` : undefined;
}

/**
 * The deployer entries (their principal types, in order) that give the deploying identity another type than the first:
 * `[first, clashing]` index pairs (`deployerTypeClash`).
 */
export function deployerTypeClashes(types: readonly string[]): Array<[number, number]> {
  return types.flatMap((t, i) => (deployerTypeClash(types[0], t) ? [[0, i] as [number, number]] : []));
}

/** Principals listed twice in one list (`principalKey`: IDs, UPNs and display names compare case-insensitively, as Entra ID does): `[first, repeat]` index pairs. */
export function principalClashes(principals: readonly IPrincipal[]): Array<[number, number]> {
  return duplicatesOf(principals, (p) => p.principalKey);
}

/** Why a principal listed twice is refused, with the fix. */
export const PRINCIPAL_CLASH = 'compared case-insensitively, as Entra ID does; list each principal once';

/** A look-up key (a display name) with spaces around it finds nothing: refused with the value meant. */
function validateLookupKey(requester: IConstruct, field: string, value: string): void {
  const problem = Token.isUnresolved(value) ? undefined : surroundingSpaceProblem(value);
  if (problem) throw new ValidationError(requester, field, value, problem);
}
