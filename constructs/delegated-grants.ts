import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { BuiltInRole, IRoleDefinition } from './azure/built-in-role';
import { FOUNDRY_USER } from './azure/projects';
import { DELEGABLE_PRINCIPAL_TYPES, DelegablePrincipalType, DELEGATION_ROLE, delegationCondition, delegationRefusal } from './azure/delegation';
import { IPrincipal } from './principal';
import { RoleGrant } from './role-grant';
import { requireLiteralList, ValidationError } from './validation';

/** What a delegate may hand out. */
export interface DelegateGrantsOptions {
  /** The delegate (a team lead, a group of leads). */
  readonly to: IPrincipal;
  /** The roles the delegate may assign and remove (data-plane roles only: the inference role, Foundry User, ...). */
  readonly roles: IRoleDefinition[];
  /** The principal types the delegate may assign them to. */
  readonly principalTypes: DelegablePrincipalType[];
  /** Shown in the Azure portal next to the assignment. @default - what the delegate may grant */
  readonly description?: string;
}

/** Where a grant or a delegation lands: what `RoleGrant.grant` needs besides role and principal. */
export interface DelegationScope {
  readonly scope: string;
  readonly scopeKey: string;
  readonly scopeArmId?: string;
  readonly subscriptionId: string;
}

/** The GUID of a role, literal for built-in roles, a plan-time expression for custom roles defined here. */
function roleGuidIn(role: IRoleDefinition, subscriptionId: string): string {
  if (role instanceof BuiltInRole) return role.guid;
  return Fn.element(Fn.reverse(Fn.split('/', role.roleDefinitionIdIn(subscriptionId))), 0);
}

/**
 * Role Based Access Control Administrator for `options.to` at `where`, with the condition Azure documents for delegating
 * role assignment management: writes and deletes only of `roles`, only to `principalTypes`. Refuses roles that grant
 * access or change the account. Called by `IAiServicesAccount.delegateGrants` and `FoundryProject.delegateGrants`.
 */
export function delegateGrantsAt(owner: Construct, where: DelegationScope, options: DelegateGrantsOptions, scopeNoun: string): RoleGrant {
  requireLiteralList(owner, 'delegateGrants.roles', options.roles, 'the condition names each role');
  requireLiteralList(owner, 'delegateGrants.principalTypes', options.principalTypes, 'the condition names each principal type');
  if (options.roles.length === 0) {
    throw new ValidationError(owner, 'delegateGrants.roles', [], 'name at least one role the delegate may assign (e.g. the inference role)');
  }
  options.roles.forEach((role, i) => {
    const refusal = delegationRefusal({ roleName: role.roleName, guid: role instanceof BuiltInRole ? role.guid : undefined, permissions: role.permissions });
    if (refusal) {
      throw new ValidationError(owner, `delegateGrants.roles[${i}]`, role.roleName,
        `${refusal}: a delegate could then grant more than inference; delegate data-plane roles only (the inference role, ${FOUNDRY_USER.roleName})`);
    }
  });
  if (options.principalTypes.length === 0) {
    throw new ValidationError(owner, 'delegateGrants.principalTypes', [], `name the principal types the delegate may assign to: ${DELEGABLE_PRINCIPAL_TYPES.join(', ')}`);
  }
  options.principalTypes.forEach((t, i) => {
    if (!(DELEGABLE_PRINCIPAL_TYPES as readonly string[]).includes(t)) {
      throw new ValidationError(owner, `delegateGrants.principalTypes[${i}]`, t, `expected one of ${DELEGABLE_PRINCIPAL_TYPES.join(', ')}`);
    }
  });
  const guids = [...new Set(options.roles.map((r) => roleGuidIn(r, where.subscriptionId)))];
  const types = [...new Set(options.principalTypes)];
  const grant = RoleGrant.grant(owner, {
    ...where,
    role: DELEGATION_ROLE,
    principal: options.to,
    description: options.description ?? `May assign ${options.roles.map((r) => r.roleName).join(', ')} to ${types.join(', ')} only (keyless-ai-inference delegation)`,
    condition: delegationCondition(guids, types),
    conditionVersion: '2.0',
  }, scopeNoun);
  // For reviewers and the access report: what the delegate may grant, in words.
  grant.assignment.addOverride('//.keyless_delegation', { roles: options.roles.map((r) => r.roleName), principal_types: types });
  return grant;
}
