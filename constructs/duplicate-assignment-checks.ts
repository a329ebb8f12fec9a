import { DefaultTokenResolver, Fn, Lazy, Op, StringConcat, TerraformResource, TerraformStack, Token, Tokenization } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { addPrecondition, Precondition, removePrecondition } from './validation';

/** One grant, standing or PIM, as the plan-time duplicate check sees it. */
export interface GrantedAssignment {
  /** The resource that makes the assignment (`azurerm_role_assignment` or a PIM assignment). */
  readonly resource: TerraformResource;
  /** The principal's object ID as the resource gets it (a token for a lookup). */
  readonly principalId: string;
  /** The principal and the grant's kind, in words. */
  readonly label: string;
  readonly roleKey: string;
  readonly roleName: string;
  readonly principalType: string;
}

/** Grants of each scope construct, by role and principal type, with the precondition and the grant that carries it. */
const groupsByScope = new WeakMap<Construct, Map<string, { grants: GrantedAssignment[]; check?: { carrier: TerraformResource; precondition: Precondition } }>>();
/** How plan-time messages name where the principals below a construct were given (see `describePrincipalsSource`). */
const principalSources = new WeakMap<Construct, string>();

/**
 * Names, in plan-time messages about the grants below `scope`, where their principals were given (e.g. a configuration
 * file and its JSON paths). `KeylessInferenceAccess` sets it from its `principalsDescribedAs` prop.
 */
export function describePrincipalsSource(scope: Construct, text: string): void {
  principalSources.set(scope, text);
}

/**
 * Two grants of one role on one scope whose principals resolve to the same Entra object (a group by display name and the
 * same group by object ID, a service principal by client ID and by name), of any kinds (standing, eligible, time-limited),
 * would make the same assignment twice; Azure rejects the second (RoleAssignmentExists). Literal object IDs are compared at
 * synth (`recordAssignment`); where a lookup is involved, one precondition per scope, role and principal type (objects of
 * different types are never the same object) checks at plan time that the object IDs are distinct. It sits on the group's
 * last grant and lists the group as it is at synth: linear in the number of grants.
 * Every grant construct calls this as it is made, so an embedding app gets the check without asking for it.
 */
export function guardDistinctObjectIds(scope: Construct, grant: GrantedAssignment): void {
  let groups = groupsByScope.get(scope);
  if (!groups) groupsByScope.set(scope, (groups = new Map()));
  const key = `${grant.roleKey}|${grant.principalType}`;
  let group = groups.get(key);
  if (!group) groups.set(key, (group = { grants: [] }));
  const grants = group.grants;
  grants.push(grant);
  if (grants.length < 2 || !grants.some((g) => Token.isUnresolved(g.principalId))) return;
  // One precondition per group, on its last grant (moved there as the group grows), listing the group as it is at synth.
  if (group.check) removePrecondition(group.check.carrier, group.check.precondition);
  const precondition: Precondition = {
    condition: Lazy.stringValue({ produce: () => Token.asString(Op.eq(Fn.lengthOf(Fn.distinct(grants.map((g) => g.principalId))), grants.length)) }),
    error_message: Lazy.stringValue({
      produce: () => {
        const names = grants.map((g) => g.label);
        const shown = names.length > 12 ? `${names.slice(0, 12).join('; ')}; and ${names.length - 12} more` : names.join('; ');
        const source = scope.node.scopes.map((c) => principalSources.get(c as Construct)).filter((t) => t !== undefined).pop();
        return `Two of the ${grant.principalType} principals that get ${grant.roleName} on this scope are the same Microsoft Entra object ` +
          `(${shown}): Azure would reject the second, identical role assignment (RoleAssignmentExists), whether standing, eligible or time-limited. ` +
          `List the principal once${source ? ` in ${source}` : ` (grants of ${scope.node.path})`}.`;
      },
    }),
  };
  addPrecondition(grant.resource, precondition);
  group.check = { carrier: grant.resource, precondition };
}

/** Resource types that make a role assignment (a PIM assignment is one while it lasts). */
const ASSIGNMENT_TYPES = new Set(['azurerm_role_assignment', 'azurerm_pim_active_role_assignment', 'azurerm_pim_eligible_role_assignment']);
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** `value` with its tokens replaced by the Terraform expressions they stand for in `scope`'s stack (as synth writes them). */
export function terraformExpressionOf(value: unknown, scope: IConstruct): unknown {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER });
}
const watchedStacks = new WeakSet<TerraformStack>();

/**
 * Checks, when `stack` is synthesized, that no two role assignments in it (this library's grants, PIM grants or raw
 * `azurerm_role_assignment`s) have the same scope, role and principal as Terraform will evaluate them. Synth-time keys see
 * literal values only; this compares the expressions, so the same reference given twice is caught (one managed identity's
 * `principalId` read twice, a variable, a grant made with `RoleGrant` next to `grantInference` on the same account).
 * Idempotent per stack; every grant construct calls it.
 */
export function guardResolvedDuplicates(stack: TerraformStack): void {
  if (watchedStacks.has(stack)) return;
  watchedStacks.add(stack);
  stack.node.addValidation({ validate: () => resolvedDuplicateAssignments(stack) });
}

/** The assignment's scope, role and principal as Terraform will see them, or undefined when not all are set (or repeated by count / for_each). */
function assignmentTriple(resource: TerraformResource, cache: Map<string, unknown>): { scope: string; role: string; principal: string } | undefined {
  // The inputs, not `toTerraform()` (which builds the whole body: a tenth of a synth with a thousand grants).
  const r = resource as TerraformResource & { scopeInput?: unknown; roleDefinitionIdInput?: unknown; roleDefinitionNameInput?: unknown; principalIdInput?: unknown };
  if (resource.count !== undefined || resource.forEach !== undefined) return undefined;
  // One stack: a token's text resolves to one expression (grants of one account share its ID's token).
  const resolve = (value: unknown): unknown => {
    if (typeof value !== 'string') return value === undefined ? undefined : terraformExpressionOf(value, resource);
    if (!Token.isUnresolved(value)) return value;
    if (!cache.has(value)) cache.set(value, terraformExpressionOf(value, resource));
    return cache.get(value);
  };
  const scope = resolve(r.scopeInput);
  const role = resolve(r.roleDefinitionIdInput ?? r.roleDefinitionNameInput);
  const principal = resolve(r.principalIdInput);
  if (typeof scope !== 'string' || typeof role !== 'string' || typeof principal !== 'string') return undefined;
  // A role definition ID and its GUID alone name one role.
  const roleGuid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(role)?.[1];
  return { scope, role: roleGuid ?? role, principal };
}

function resolvedDuplicateAssignments(stack: TerraformStack): string[] {
  const seen = new Map<string, TerraformResource>();
  const cache = new Map<string, unknown>();
  const problems: string[] = [];
  for (const c of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(c) || !ASSIGNMENT_TYPES.has(c.terraformResourceType)) continue;
    const triple = assignmentTriple(c, cache);
    if (!triple) continue;
    const key = `${triple.scope}|${triple.role}|${triple.principal}`.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, c);
      continue;
    }
    problems.push(`${c.node.path}: the same role assignment as ${first.node.path} (scope ${triple.scope}, role ${triple.role}, principal ${triple.principal}, ` +
      'as Terraform will evaluate them): Azure holds one assignment per scope, role and principal, so the second fails with RoleAssignmentExists ' +
      '(or both resources manage one assignment, and destroying either removes it). Grant the principal this role on this scope once: keep one of the two');
  }
  return problems;
}
