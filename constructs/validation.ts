import { tagProblems } from './azure/tags';
import { TerraformResource, TerraformStack, Token } from 'cdktf';
import { IRoleDefinition } from './azure/built-in-role';
import { IConstruct } from 'constructs';
import { isNonZeroGuid } from './azure/guid';
import { IpRuleTarget, ipRuleProblem } from './azure/ip-rules';
import { USER_ASSIGNED_IDENTITY_ARM_ID } from './azure/arm-id';
import { controlCharacterProblem, jsonShown, resourceGroupNameProblem } from './azure/names';

/**
 * Input checks shared by the constructs. Each throws a `ValidationError` that names the
 * construct path, the field, the rejected value and what is allowed. Unresolved tokens pass:
 * their value is only known to Terraform.
 */
export class ValidationError extends Error {
  /** The construct path (or the name given instead of a construct). */
  public readonly constructPath: string;
  /** What was invalid, e.g. `deployments[0].name`. */
  public readonly field: string;
  /** The rejected value. */
  public readonly value: unknown;
  /** What is allowed, and the fix. */
  public readonly expected: string;

  constructor(scope: IConstruct | string, field: string, value: unknown, expected: string) {
    const where = typeof scope === 'string' ? scope : scope.node.path || '<root>';
    super(`${where}: invalid ${field} ${jsonShown(value)}: ${expected}`);
    this.name = 'ValidationError';
    this.constructPath = where;
    this.field = field;
    this.value = value;
    this.expected = expected;
  }
}

export { isGuid } from './azure/guid';

/** How a message names a value that is not there: the usual causes, from JavaScript or a configuration. */
function missingHint(value: unknown): string {
  return value === undefined || value === null
    ? 'nothing was given: an unset environment variable (process.env.X!) or a missing property?'
    : `a ${Array.isArray(value) ? 'list' : typeof value} was given`;
}

/**
 * Throws a `ValidationError` naming `field` unless `value` is a string (literal or token): the shared validators below test
 * strings with regular expressions, which would read `undefined` as the text "undefined".
 */
export function requireString(scope: IConstruct | string, field: string, value: unknown, expected: string): asserts value is string {
  if (typeof value !== 'string') throw new ValidationError(scope, field, value, `${expected}; ${missingHint(value)}`);
}

/** Throws a `ValidationError` naming `field` unless `value` is a principal (`Principal.*`). */
export function requirePrincipal(scope: IConstruct | string, field: string, value: unknown): void {
  const ok = value !== null && typeof value === 'object' && typeof (value as { principalKey?: unknown }).principalKey === 'string'
    && typeof (value as { objectIdIn?: unknown }).objectIdIn === 'function';
  if (!ok) throw new ValidationError(scope, field, value, `expected a principal (Principal.group(objectId), Principal.userByUpn(upn), ...); ${missingHint(value)}`);
}

/** Throws a `ValidationError` naming `field` unless `value` is a role (`BuiltInRole.*`, an `InferenceRoleDefinition`). */
export function requireRole(scope: IConstruct | string, field: string, value: unknown): void {
  const ok = value !== null && typeof value === 'object' && typeof (value as { roleKey?: unknown }).roleKey === 'string'
    && typeof (value as { roleDefinitionIdIn?: unknown }).roleDefinitionIdIn === 'function';
  if (!ok) throw new ValidationError(scope, field, value, `expected a role (BuiltInRole.COGNITIVE_SERVICES_USER, an InferenceRoleDefinition, ...); ${missingHint(value)}`);
}

/**
 * Shortest written justifications, in characters after trimming: this project's policy (Azure takes any text), so that a
 * review reads who needs it and until when. Keys on an account: 20; a PIM grant (recorded by PIM): 10.
 */
export const JUSTIFICATION_MIN_LENGTH = { localAuth: 20, pim: 10 } as const;

/** The fix when a GUID only has whitespace or braces around it (pasted from a portal or a registry export). */
function trimmedGuidHint(value: string): string {
  const bare = value.trim().replace(/^\{(.*)\}$/, '$1');
  return bare !== value && isNonZeroGuid(bare) ? `; remove what surrounds it: ${JSON.stringify(bare)}` : '';
}

/** An Entra ID object ID: a GUID that is not all zeros. */
export function validateObjectId(scope: IConstruct | string, field: string, value: string): void {
  requireString(scope, field, value, 'expected a Microsoft Entra object ID (a GUID)');
  if (Token.isUnresolved(value)) return;
  if (!isNonZeroGuid(value)) {
    throw new ValidationError(scope, field, value,
      'expected a Microsoft Entra object ID (a non-zero GUID such as 11111111-2222-3333-4444-555555555555); ' +
      'use the object ID, not the application (client) ID or a display name' + trimmedGuidHint(value));
  }
}

/** A subscription ID: a non-zero GUID. */
export function validateSubscriptionId(scope: IConstruct | string, field: string, value: string): void {
  requireString(scope, field, value, 'expected an Azure subscription ID (a GUID)');
  if (Token.isUnresolved(value)) return;
  if (!isNonZeroGuid(value)) {
    throw new ValidationError(scope, field, value, 'expected an Azure subscription ID (a non-zero GUID)' + trimmedGuidHint(value));
  }
}

import { ACCOUNT_NAME, subdomainProblem } from './azure/accounts';
import { regionProblem } from './azure/regions';

/** Cognitive Services account name: 2 to 64 letters, digits and hyphens, starting and ending with a letter or digit. */
export function validateAccountName(scope: IConstruct | string, field: string, value: string): void {
  requireString(scope, field, value, 'expected the account name');
  if (Token.isUnresolved(value)) return;
  if (!ACCOUNT_NAME.test(value)) {
    throw new ValidationError(scope, field, value,
      'expected 2 to 64 characters: letters, digits and hyphens, starting and ending with a letter or digit');
  }
}

/** Custom subdomain: a global DNS label of 2 to 63 lowercase letters, digits and hyphens, alphanumeric at both ends. */
export function validateSubdomain(scope: IConstruct | string, field: string, value: string): void {
  requireString(scope, field, value, 'expected the custom subdomain');
  if (Token.isUnresolved(value)) return;
  const problem = subdomainProblem(value);
  if (problem) throw new ValidationError(scope, field, value, problem);
}

/** An Azure public-cloud region (with a did-you-mean); `unlisted` lets a region newer than the list through. */
export function validateRegion(scope: IConstruct | string, field: string, value: string, unlisted = false, unlistedField = 'locationUnlisted'): void {
  requireString(scope, field, value, 'expected an Azure region such as swedencentral');
  if (Token.isUnresolved(value)) return;
  const problem = regionProblem(value, unlisted);
  if (!problem) return;
  if (problem.field === 'locationUnlisted') throw new ValidationError(scope, unlistedField, true, problem.message);
  throw new ValidationError(scope, field, value, problem.message);
}

/**
 * The items of a list to check one by one: none when the list itself is a token (`TerraformVariable.listValue`, a
 * resource's list attribute). Its one item is then `#{TfToken[...]}`, which `Token.isUnresolved` does not recognise.
 */
export function literalItems<T>(list: readonly T[] | undefined): readonly T[] {
  return list === undefined || Token.isUnresolved(list) ? [] : list;
}

/**
 * Throws a `ValidationError` naming `field` when `list` is a token: the construct makes one block (or condition term) per
 * item, so the items must be known at synth (each may still be a reference). `why` says what is made per item.
 */
export function requireLiteralList(scope: IConstruct | string, field: string, list: readonly unknown[] | undefined, why: string): void {
  if (list !== undefined && Token.isUnresolved(list)) {
    throw new ValidationError(scope, field, list, `${why}, so the list must be known at synth: list the items (each one may be a reference)`);
  }
}

/** Network IP rules: public IPv4 addresses or CIDR ranges (storage: none narrower than /30). */
export function validateIpRules(scope: IConstruct | string, field: string, rules: string[] | undefined, target: IpRuleTarget = 'account'): void {
  literalItems(rules).forEach((rule, i) => {
    const problem = Token.isUnresolved(rule) ? undefined : ipRuleProblem(rule, target);
    if (problem) throw new ValidationError(scope, `${field}[${i}]`, rule, problem);
  });
}

/** A resource group name (`resourceGroupNameProblem`). */
export function validateResourceGroupName(scope: IConstruct | string, field: string, value: string): void {
  requireString(scope, field, value, 'expected a resource group name');
  if (Token.isUnresolved(value)) return;
  const problem = resourceGroupNameProblem(value);
  if (problem) throw new ValidationError(scope, field, value, problem);
}

/** User-assigned identities to attach: their ARM IDs (azurerm refuses anything else at plan). Unresolved IDs and lists pass. */
export function validateUserAssignedIdentityIds(scope: IConstruct | string, field: string, ids: string[] | undefined): void {
  literalItems(ids).forEach((id, i) => {
    if (!Token.isUnresolved(id) && !USER_ASSIGNED_IDENTITY_ARM_ID.test(id)) {
      throw new ValidationError(scope, `${field}[${i}]`, id,
        'expected a user-assigned identity\'s ARM ID: /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>');
    }
  });
}

/** A non-empty string (after trimming) of at least `min` characters. */
export function validateText(scope: IConstruct | string, field: string, value: string | undefined, min: number, hint: string): void {
  if (value !== undefined && Token.isUnresolved(value)) return;
  if (value === undefined || value.trim().length < min) {
    throw new ValidationError(scope, field, value ?? null, hint);
  }
}

/**
 * Free text that reviews show (a label, display name, UPN, role name, description, justification, tag): no control
 * characters, line breaks or bidirectional controls (`CONTROL_CHARACTER`). Unresolved tokens pass.
 */
export function validateFreeText(scope: IConstruct | string, field: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const problem = controlCharacterProblem(value);
  if (problem) throw new ValidationError(scope, field, value, problem);
}

/** Tag names and values: free text each (`validateFreeText`). */
export function validateTags(scope: IConstruct | string, field: string, tags: Record<string, string> | undefined): void {
  for (const [k, v] of Object.entries(tags ?? {})) {
    validateFreeText(scope, `${field} name`, k);
    validateFreeText(scope, `${field}[${jsonShown(k)}]`, v);
  }
  const literal = Object.fromEntries(Object.entries(tags ?? {}).filter(([k, v]) => !Token.isUnresolved(k) && !Token.isUnresolved(v)));
  const [problem] = tagProblems(literal);
  if (problem) throw new ValidationError(scope, problem.name === undefined ? field : `${field}[${jsonShown(problem.name)}]`, problem.name === undefined ? literal : tags![problem.name], problem.message);
}

/** One of a fixed set of values. */
export function validateOneOf<T extends string>(scope: IConstruct | string, field: string, value: T, allowed: readonly T[]): void {
  if (Token.isUnresolved(value)) return;
  if (!allowed.includes(value)) {
    // Azure's and the providers' fixed values are compared case-sensitively: name the spelling meant.
    const meant = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase()) : undefined;
    throw new ValidationError(scope, field, value, `expected one of ${allowed.join(', ')}${meant ? `; the case matters: write ${JSON.stringify(meant)}` : ''}`);
  }
}

/** Terraform-address-safe slug of free text, for deterministic construct IDs. */
export function slug(value: string, max = 40): string {
  const s = value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '') || 'x';
}

/** Eight hex characters of SHA-256: keeps slugged IDs unique when two values slug alike. */
export function shortHash(value: string): string {
  // Required lazily: keeps `crypto` off the load path of programs that never need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('crypto') as typeof import('crypto')).createHash('sha256').update(value).digest('hex').slice(0, 8);
}

/**
 * A grant's construct ID derives from what it grants: a second grant of the same role to the same principal in `scope` is
 * reported as such, not as a bare construct-ID clash. `what` names it, `scopeNoun` the scope.
 */
export function assertNotGrantedYet(scope: IConstruct, id: string, what: string, scopeNoun: string): void {
  const first = scope.node.tryFindChild(id);
  if (first) {
    throw new ValidationError(scope, 'grant', what, `already granted on this ${scopeNoun} by ${first.node.path}; grant each role to a principal once per scope`);
  }
}

/** A role is assigned only inside its assignable scopes (custom roles); Azure rejects it elsewhere, at apply. */
export function checkAssignableScope(grant: IConstruct, role: IRoleDefinition, scope: string): void {
  const allowed = role.assignableScopes;
  if (!allowed || Token.isUnresolved(scope) || Token.isUnresolved(allowed) || allowed.some((s) => Token.isUnresolved(s))) return;
  const target = scope.toLowerCase();
  const inside = allowed.some((s) => {
    const a = s.toLowerCase().replace(/\/+$/, '');
    return target === a || target.startsWith(`${a}/`);
  });
  if (!inside) {
    throw new ValidationError(grant, 'scope', scope,
      `the role "${role.roleName}" is assignable only at ${allowed.join(', ')}; add this scope to its assignableScopes or grant at a scope inside them`);
  }
}

/**
 * Raised when one principal would get one role on one scope twice, whatever the kinds (standing, eligible, time-limited):
 * a PIM active assignment is an ordinary role assignment while it lasts, so Azure rejects the second (RoleAssignmentExists).
 */
export class DuplicateAssignmentError extends ValidationError {
  constructor(scope: IConstruct, what: string,
    /** The principal's identity (`IPrincipal.principalKey`), for callers that map it back to their entries. */
    public readonly principalKey: string,
    /** Construct paths of the first grant and of this one. */
    public readonly paths: readonly [string, string]) {
    super(scope, 'grant', what, `already granted on the same scope by ${paths[0]}; a principal holds a role on a scope once, ` +
      'whether standing, eligible or time-limited (Azure rejects the second with RoleAssignmentExists): keep one of the two');
    this.name = 'DuplicateAssignmentError';
  }
}

/** Per stack: key "scope|role|principal" of each assignment made so far, with its construct path and kind. */
const assignmentsByStack = new WeakMap<TerraformStack, Map<string, string>>();
/** Per app: the same, for scopes known by ARM ID (the same Azure scope whichever stack names it). */
const assignmentsByApp = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `grant` assigns a role on a scope to a principal (`key`: scope identity, role key and principal key), and
 * refuses a second assignment of the same triple in the stack, whatever its kind. `what` names the grant in the message.
 * A scope known by ARM ID is one Azure scope in every stack: two stacks of one app making the same assignment would both
 * manage it (the second apply fails with RoleAssignmentExists; destroying either stack removes the other's access).
 */
export function recordAssignment(grant: IConstruct, key: string, principalKey: string, what: string): void {
  const stack = TerraformStack.of(grant);
  let seen = assignmentsByStack.get(stack);
  if (!seen) assignmentsByStack.set(stack, (seen = new Map()));
  const first = seen.get(key.toLowerCase());
  if (first !== undefined) throw new DuplicateAssignmentError(grant, what, principalKey, [first, grant.node.path]);
  // The deploying identity is the same words in every stack, but each stack may be deployed by another one (dev and prod pipelines).
  const armScoped = /^\/(subscriptions|providers)\//i.test(key) && !principalKey.startsWith('deployer:');
  let inApp = assignmentsByApp.get(grant.node.root);
  if (!inApp) assignmentsByApp.set(grant.node.root, (inApp = new Map()));
  const elsewhere = armScoped ? inApp.get(key.toLowerCase()) : undefined;
  if (elsewhere !== undefined) throw new DuplicateAssignmentError(grant, what, principalKey, [elsewhere, grant.node.path]);
  seen.set(key.toLowerCase(), grant.node.path);
  if (armScoped) inApp.set(key.toLowerCase(), grant.node.path);
}

/** A Terraform lifecycle precondition. */
export interface Precondition {
  readonly condition: string;
  readonly error_message: string;
}

const preconditions = new WeakMap<TerraformResource, Precondition[]>();

/** Adds a lifecycle precondition to `resource`, keeping those added before (an override would replace them). */
export function addPrecondition(resource: TerraformResource, p: Precondition): void {
  let list = preconditions.get(resource);
  if (!list) preconditions.set(resource, (list = []));
  list.push(p);
  resource.addOverride('lifecycle.precondition', [...list]);
}

/** Removes a precondition added with `addPrecondition` (the others stay). */
export function removePrecondition(resource: TerraformResource, p: Precondition): void {
  const list = (preconditions.get(resource) ?? []).filter((q) => q !== p);
  preconditions.set(resource, list);
  resource.addOverride('lifecycle.precondition', list.length > 0 ? [...list] : undefined);
}
