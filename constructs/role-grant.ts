import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { TerraformElement, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { abacConditionProblem } from './abac-condition';
import { guardDistinctObjectIds, guardResolvedDuplicates, terraformExpressionOf } from './duplicate-assignment-checks';
import { guardDefaultProviders } from './provider-checks';
import { IRoleDefinition } from './azure/built-in-role';
import { CONDITION_SUPPORT, conditionSupported } from './azure/conditions';
import { KEYLESS_UUID_NAMESPACE } from './inference-role-definition';
import { IPrincipal, PrincipalType } from './principal';
import { assertNotGrantedYet, checkAssignableScope, recordAssignment, requirePrincipal, requireRole, shortHash, slug, validateFreeText, validateOneOf, validateSubscriptionId, validateText, ValidationError } from './validation';
import { uuidv5OfJoined } from './uuidv5-of-joined';

/** Optional settings of one role assignment. */
export interface GrantOptions {
  /** Shown in the Azure portal next to the assignment. @default - none */
  readonly description?: string;
  /**
   * An ABAC condition that narrows the assignment. Azure offers conditions only on roles with Storage blob/queue data
   * actions and on role-assignment management; on any other role (inference roles included) it is refused. @default - none
   */
  readonly condition?: string;
  /** Version of the condition language ("1.0" or "2.0"); needs `condition`. @default - "2.0" when a condition is set */
  readonly conditionVersion?: string;
}

/** Properties of a `RoleGrant`. */
export interface RoleGrantProps extends GrantOptions {
  /** The scope of the assignment: an ARM ID or a reference to one. */
  readonly scope: string;
  /** Stable identity of the scope, for de-duplication. @default - `scope` */
  readonly scopeKey?: string;
  /** The scope's ARM ID when it is known at synth time, to check the role's assignable scopes. @default - `scope` when it is a literal */
  readonly scopeArmId?: string;
  /** Subscription in which built-in role IDs are formed (`/subscriptions/<id>/providers/...`). */
  readonly subscriptionId: string;
  /** The role to grant. */
  readonly role: IRoleDefinition;
  /** Who gets it. */
  readonly principal: IPrincipal;
}

const CONDITION_VERSIONS = ['1.0', '2.0'] as const;

/**
 * `moved` blocks from the addresses `resource` would have had under the grant IDs `earlierIds` (oldest first), chained
 * into its address. Only under cdktf's own naming (TerraformStack.allocateLogicalId): a stack that names resources its
 * own way gets none.
 */
function movedChain(resource: TerraformResource, earlierIds: string[]): void {
  const scopes = resource.node.scopes;
  const components = scopes.slice(scopes.findIndex((c) => TerraformStack.isStack(c)) + 1).map((c) => c.node.id);
  // cdktf does not export its naming function from the package root; this is the one it uses for logical IDs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { makeUniqueId } = require('cdktf/lib/private/unique') as { makeUniqueId(c: string[]): string };
  if (makeUniqueId(components) !== resource.friendlyUniqueId) return;
  const address = (grantId: string) => `${resource.terraformResourceType}.${makeUniqueId([...components.slice(0, -2), grantId, components[components.length - 1]])}`;
  const current = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
  const chain = [...earlierIds.map(address), current].filter((a, i, all) => i === all.length - 1 ? true : a !== all[i + 1] && a !== current);
  const blocks = chain.slice(0, -1).map((from, i) => ({ from, to: chain[i + 1] }));
  if (blocks.length > 0) new MovedBlocks(resource, 'Moved', blocks);
}

/**
 * How a grant's address names its principal: `principalKey`, with a reference (a token, numbered in creation order)
 * replaced by the Terraform expression it stands for in `scope`'s stack.
 */
function addressIdentity(principal: IPrincipal, scope: IConstruct | undefined): string {
  if (scope === undefined || !Token.isUnresolved(principal.principalKey)) return principal.principalKey;
  try {
    const resolved = terraformExpressionOf(principal.principalKey, scope);
    return typeof resolved === 'string' && !Token.isUnresolved(resolved) ? resolved : principal.principalKey;
  } catch {
    return principal.principalKey;
  }
}

/** Terraform `moved` blocks, written at the stack's top level. */
class MovedBlocks extends TerraformElement {
  constructor(scope: Construct, id: string, private readonly blocks: { from: string; to: string }[]) {
    super(scope, id);
  }

  public toTerraform(): any {
    return { moved: this.blocks };
  }
}

/**
 * One `azurerm_role_assignment` with the safe settings: principal type always set, the
 * subscription-scoped built-in role ID, and a name that is a UUID v5 of scope, role and principal,
 * so re-applies are idempotent and names do not depend on creation order.
 */
export class RoleGrant extends Construct {
  /**
   * A construct ID for a grant of `role` to `principal`, independent of creation order. It depends on the role's
   * `addressName` (stable across renames) and on the principal's `key`, or without a key on how it is identified. Given
   * `scope` (where the grant is made), a principal given by reference (`Principal.managedIdentity(identity.principalId)`)
   * is identified by the expression it stands for rather than by its token's number, which shifts whenever code elsewhere
   * reads an attribute first.
   */
  public static idFor(role: IRoleDefinition, principal: IPrincipal, scope?: IConstruct): string {
    return RoleGrant.idOf(role.addressName ?? role.roleName, role, principal.key !== undefined ? `key:${principal.key}` : addressIdentity(principal, scope));
  }

  private static idOf(roleName: string, role: IRoleDefinition, identity: string): string {
    return `${slug(roleName, 24)}-${slug(identity, 48)}-${shortHash(`${role.roleKey}|${identity}`)}`;
  }

  /**
   * Grants `props.role` to `props.principal` as a child of `scope`, under the ID `idFor` derives. A second
   * identical grant there is reported as such, not as a bare construct-ID clash. `scopeNoun` names the scope in that message.
   */
  public static grant(scope: Construct, props: RoleGrantProps, scopeNoun = 'scope'): RoleGrant {
    requirePrincipal(scope, 'principal', props.principal);
    requireRole(scope, 'role', props.role);
    const id = RoleGrant.idFor(props.role, props.principal, scope);
    const first = scope.node.tryFindChild(id);
    if (first instanceof RoleGrant && props.principal.key !== undefined && first.principal.principalKey !== props.principal.principalKey) {
      throw new ValidationError(scope, 'principal key', props.principal.key,
        `already the key of ${first.principal.label} (${first.node.path}); a key names one principal: give each principal its own key`);
    }
    assertNotGrantedYet(scope, id, `${props.role.roleName} for ${props.principal.label}`, scopeNoun);
    const grant = new RoleGrant(scope, id, props);
    // Earlier addresses of this grant, oldest first: as 0.1 named it (display name, identification), then before a key was
    // given (a principal by reference: by its token's number). A chain of `moved` blocks carries whichever is in the state
    // to today's address: nothing is re-created.
    const { role, principal } = props;
    // Lookups by a token lowercased its text into their key before: those addresses move too.
    const lowered = Token.isUnresolved(principal.principalKey) && !principal.principalKey.includes(':token:') ? [principal.principalKey.toLowerCase()] : [];
    const earlier = [...lowered, principal.principalKey].flatMap((k) => [
      RoleGrant.idOf(role.roleName, role, k),
      RoleGrant.idOf(role.addressName ?? role.roleName, role, k),
    ]);
    movedChain(grant.assignment, earlier);
    guardDistinctObjectIds(scope, {
      resource: grant.assignment, principalId: grant.assignment.principalIdInput!, label: principal.label,
      roleKey: role.roleKey, roleName: role.roleName, principalType: principal.principalType,
    });
    return grant;
  }

  /** The underlying `azurerm_role_assignment`. */
  public readonly assignment: RoleAssignment;
  public readonly role: IRoleDefinition;
  public readonly principal: IPrincipal;

  constructor(scope: Construct, id: string, props: RoleGrantProps) {
    super(scope, id);
    requirePrincipal(this, 'principal', props.principal);
    requireRole(this, 'role', props.role);
    this.role = props.role;
    this.principal = props.principal;
    validateSubscriptionId(this, 'subscriptionId', props.subscriptionId);
    validateFreeText(this, 'description', props.description);
    if (props.conditionVersion !== undefined && props.condition === undefined) {
      throw new ValidationError(this, 'conditionVersion', props.conditionVersion, 'a condition version needs a condition; set condition or remove conditionVersion');
    }
    if (props.conditionVersion !== undefined) validateOneOf(this, 'conditionVersion', props.conditionVersion, CONDITION_VERSIONS);
    if (props.condition !== undefined) this.checkCondition(props.condition, props.role);
    if (props.principal.skipAadCheck && props.principal.principalType !== PrincipalType.SERVICE_PRINCIPAL) {
      throw new ValidationError(this, 'principal', props.principal.label, 'skip_service_principal_aad_check applies to service principals only');
    }
    checkAssignableScope(this, props.role, props.scopeArmId ?? props.scope);
    recordAssignment(this, `${props.scopeKey ?? props.scope}|${props.role.roleKey}|${props.principal.principalKey}`, props.principal.principalKey,
      `${props.role.roleName} for ${props.principal.label}`);

    guardResolvedDuplicates(TerraformStack.of(this));
    guardDefaultProviders(TerraformStack.of(this));
    const principalId = props.principal.objectIdIn(this);
    const roleDefinitionId = props.role.roleDefinitionIdIn(props.subscriptionId);
    this.assignment = new RoleAssignment(this, 'Default', {
      name: uuidv5OfJoined(KEYLESS_UUID_NAMESPACE, [props.scope, roleDefinitionId, principalId]),
      scope: props.scope,
      roleDefinitionId,
      principalId,
      principalType: props.principal.principalType,
      skipServicePrincipalAadCheck: props.principal.skipAadCheck ? true : undefined,
      description: props.description,
      condition: props.condition,
      conditionVersion: props.condition !== undefined ? (props.conditionVersion ?? '2.0') : undefined,
      // The check matters only when the assignment is created; the resource has no Update, so a later change must not plan one.
      lifecycle: { ignoreChanges: ['skip_service_principal_aad_check'] },
    });
    // Who and what, in words, for reviewers and the access report. A `//` key is a comment to Terraform: renaming a label replaces nothing.
    this.assignment.addOverride('//.keyless_grant', { principal: props.principal.label, role: props.role.roleName });
  }

  private checkCondition(condition: string, role: IRoleDefinition): void {
    validateText(this, 'condition', condition, 1, 'expected an ABAC condition expression, or leave condition out');
    // Roles whose permissions are unknown (BuiltInRole.fromGuid without them) are left to Azure.
    if (role.permissions && !conditionSupported(role.permissions)) {
      throw new ValidationError(this, 'condition', condition, `${role.roleName} takes no condition: ${CONDITION_SUPPORT}. ` +
        'Remove the condition; narrow inference with a custom role (InferenceRoleDefinition, endpoints) or a narrower scope instead');
    }
    if (Token.isUnresolved(condition)) return;
    const problem = abacConditionProblem(condition);
    if (problem) throw new ValidationError(this, 'condition', condition, `not a valid ABAC condition: ${problem}`);
  }
}
