import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AnnotationMetadataEntryType, Annotations, TerraformResource, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { AiServicesAccount, isAiServicesAccount } from './ai-services-account';
import { accountArmIdOf } from './azure/accounts';
import { GuidKind, isGuid } from './azure/guid';
import { LIMIT_WARNING_SHARE, ROLE_ASSIGNMENTS_PER_SUBSCRIPTION } from './azure/limits';
import { duplicatesOf } from './azure/names';
import { inferenceDataActions } from './azure/role-plane';
import { InferenceRoleDefinition } from './inference-role-definition';
import { PimRoleGrant } from './pim-role-grant';
import { PrincipalType } from './principal';
import { defaultProviderSubscription } from './provider-checks';
import { RoleGrant } from './role-grant';

// Rules over the whole app (every stack of it): each written once, as a function of plain entries that say where they
// come from. `checkApp` feeds them from the construct tree (run by KeylessGuardrails before the first stack is written);
// the configuration path feeds them from its files, with file and JSON path as `where`.

/** A GUID and what it is used as. */
export interface GuidUse {
  readonly guid: string;
  readonly kind: GuidKind;
  /** Where it is used (a construct path and field, or a file and JSON path). */
  readonly where: string;
}

/** A finding of a rule: the entry it is about, and what to say there. */
export interface RuleFinding<T> {
  readonly entry: T;
  readonly message: string;
}

/** One GUID used as two kinds of ID (a tenant ID pasted as an object ID, a client ID as an object ID) cannot be right. */
export function guidKindClashes<T extends GuidUse>(uses: Iterable<T>): RuleFinding<T>[] {
  const list = [...uses];
  return duplicatesOf(list, (use) => use.guid.toLowerCase())
    .filter(([first, repeat]) => list[first].kind !== list[repeat].kind)
    .map(([first, repeat]) => {
      const use = list[repeat];
      return { entry: use, message: `${JSON.stringify(use.guid)} is used here as a ${use.kind} but as a ${list[first].kind} at ${list[first].where}: one GUID cannot be both; check which one was pasted in the wrong place` };
    });
}

/** A custom role's name in a tenant. */
export interface RoleNameUse {
  /** The tenant, when known; entries without one are taken to be in the same tenant as each other. */
  readonly tenantId?: string;
  readonly roleName: string;
  readonly where: string;
  /** How to set another name here. @default "set a distinct role name" */
  readonly fix?: string;
}

/** Custom role names are unique in a tenant; Azure compares them case-insensitively. */
export function roleNameClashes<T extends RoleNameUse>(uses: Iterable<T>): RuleFinding<T>[] {
  const list = [...uses];
  return duplicatesOf(list, (use) => `${use.tenantId?.toLowerCase() ?? ''}|${use.roleName.trim().toLowerCase()}`).map(([first, repeat]) => {
    const use = list[repeat];
    return { entry: use, message: `${JSON.stringify(use.roleName)} is also the custom role of ${list[first].where} in the same tenant: role names are unique per tenant (compared case-insensitively); ${use.fix ?? 'set a distinct role name'}` };
  });
}

/** An account's custom subdomain (`<subdomain>.cognitiveservices.azure.com`). */
export interface SubdomainUse {
  /** The custom subdomain, as given. */
  readonly subdomain: string;
  /** True when the account is created here; false for an existing account it is read from. */
  readonly created: boolean;
  /** Where it is used, for messages (a construct path, or a file and JSON path). */
  readonly where: string;
}

/**
 * A custom subdomain is one global DNS name: two accounts created with it, or one created with the subdomain of an
 * existing account, cannot both exist (Azure refuses the second; DNS compares case-insensitively). Existing accounts
 * named twice are fine (two environments may grant on one account).
 */
export function subdomainClashes<T extends SubdomainUse>(uses: Iterable<T>): RuleFinding<T>[] {
  const list = [...uses];
  const findings: RuleFinding<T>[] = [];
  const byName = new Map<string, T[]>();
  for (const use of list) {
    const key = use.subdomain.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), use]);
  }
  for (const group of byName.values()) {
    const creators = group.filter((u) => u.created);
    if (creators.length === 0 || group.length < 2) continue;
    // Each account created with the name clashes with the first other holder of it (an existing account first: it has it now).
    const holder = group.find((u) => !u.created) ?? creators[0];
    for (const use of creators.filter((u) => u !== holder)) {
      findings.push({
        entry: use,
        message: `the custom subdomain ${JSON.stringify(use.subdomain)} is also ${holder.created ? 'the subdomain of the account created at' : 'held by the existing account of'} ${holder.where}: ` +
          'a subdomain is one global DNS name (<subdomain>.cognitiveservices.azure.com), so Azure refuses a second account with it; give this account its own customSubdomainName',
      });
    }
  }
  return findings;
}

/** A resource a stack creates, by ARM ID. */
export interface CreatedResource {
  /** Its ARM ID, in any case. */
  readonly armId: string;
  /** What it is, e.g. "AI Services account", "resource group". */
  readonly what: string;
  /** Where it is created, for messages (a construct path, or a file and JSON path). */
  readonly where: string;
}

/**
 * One Azure resource created by two stacks: ARM IDs compare case-insensitively, so `rg-AI` and `rg-ai` are one group.
 * Each stack would plan to create it (the second fails: it exists) and to delete it on destroy.
 */
export function createdTwiceClashes<T extends CreatedResource>(uses: Iterable<T>): RuleFinding<T>[] {
  const list = [...uses];
  return duplicatesOf(list, (use) => use.armId.toLowerCase()).map(([first, repeat]) => {
    const use = list[repeat];
    return {
      entry: use,
      message: `the ${use.what} ${use.armId} is also created at ${list[first].where} (Azure compares names case-insensitively): one resource is created by one stack; ` +
        `give it another name, or use the existing one${use.what === 'resource group' ? ' (create: false)' : ' (existingAccount)'}`,
    };
  });
}

/** An account in another subscription than its stack's azurerm provider: the provider reads and writes in its own. */
export function subscriptionMismatch(accountSubscription: string, providerSubscription: string): string | undefined {
  if (accountSubscription.toLowerCase() === providerSubscription.toLowerCase()) return undefined;
  return `the account is in subscription ${accountSubscription}, but the azurerm provider of its stack works in ${providerSubscription}: use the same subscription (or give the stack a provider for the account's subscription)`;
}

/** Role assignments an app makes in one subscription. */
export interface SubscriptionCount {
  readonly subscriptionId: string;
  readonly count: number;
  /** Where they are, e.g. "dev: 120, prod: 3100". */
  readonly where: string;
}

/**
 * Azure allows `ROLE_ASSIGNMENTS_PER_SUBSCRIPTION` role assignments per subscription: a warning at 80 %, an error
 * beyond. The app's own assignments are a lower bound (others' count too), so the warning says so.
 */
export function roleAssignmentCountFinding(c: SubscriptionCount, limit = ROLE_ASSIGNMENTS_PER_SUBSCRIPTION): { level: 'error' | 'warning'; message: string } | undefined {
  const advice = 'grant groups instead of individual principals (one assignment per group), and remove assignments nobody uses';
  if (c.count > limit) {
    return { level: 'error', message: `${c.count} role assignments in subscription ${c.subscriptionId} (${c.where}): Azure allows ${limit} per subscription and refuses more (RoleAssignmentLimitExceeded); ${advice}` };
  }
  if (c.count >= limit * LIMIT_WARNING_SHARE) {
    return { level: 'warning', message: `${c.count} role assignments in subscription ${c.subscriptionId} (${c.where}): ${Math.round((100 * c.count) / limit)} % of the ${limit} Azure allows per subscription, before anyone else's; ${advice}` };
  }
  return undefined;
}

/** A warning for an account nobody can call: no grant on it has data actions. */
export const NO_DATA_PLANE_GRANT = 'no principal is granted a role with data actions on this account, so nobody can call its models: ' +
  'grant inference to the people, groups or workload identities that call them (grantInference, grantInferenceUntil; in the configuration: developers or temporaryDevelopers), or ignore this if access is granted at a wider scope';

const literal = (v: string | undefined): string | undefined => (v !== undefined && !Token.isUnresolved(v) ? v : undefined);
const SUBSCRIPTION_OF = /^\/subscriptions\/([0-9a-f-]{36})(\/|$)/i;
const OBJECT_ID_KIND: Record<string, GuidKind> = {
  [PrincipalType.USER]: 'user object ID',
  [PrincipalType.GROUP]: 'group object ID',
  [PrincipalType.SERVICE_PRINCIPAL]: 'service principal object ID',
};
/** Resources that count towards the per-subscription limit (eligible PIM assignments do not). */
const COUNTED_TYPES = new Set(['azurerm_role_assignment', 'azurerm_pim_active_role_assignment']);

/** Options of `checkApp`. */
export interface AppCheckOptions {
  /** The app's stacks, when the caller has them. @default - found under the root */
  readonly stacks?: TerraformStack[];
  /** Role assignments allowed per subscription. @default ROLE_ASSIGNMENTS_PER_SUBSCRIPTION */
  readonly roleAssignmentLimit?: number;
}

/**
 * Runs the whole-app rules over every stack under `root` and reports findings as annotations on the constructs they
 * concern (errors fail synthesis; warnings are printed, and fail it under strict mode). Reporting twice adds nothing.
 */
export function checkApp(root: IConstruct, options: AppCheckOptions = {}): void {
  const stacks = options.stacks ?? root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const guids: Array<GuidUse & { node: IConstruct }> = [];
  const roleNames: Array<RoleNameUse & { node: IConstruct }> = [];
  const subdomains: Array<SubdomainUse & { node: IConstruct }> = [];
  const created: Array<CreatedResource & { node: IConstruct }> = [];
  const counts = new Map<string, { count: number; byStack: Map<string, number>; first: IConstruct }>();
  for (const stack of stacks) {
    const all = stack.node.findAll();
    const azurerm = all.filter((c): c is AzurermProvider => c instanceof AzurermProvider);
    const azuread = all.filter((c): c is AzureadProvider => c instanceof AzureadProvider);
    // With one default provider its subscription is the stack's; with aliases it depends on the resource.
    const defaultRm = azurerm.filter((p) => p.alias === undefined);
    const stackSubscription = defaultProviderSubscription(stack);
    const tenantId = literal(azuread.find((p) => p.alias === undefined)?.tenantId) ?? literal(defaultRm[0]?.tenantId);
    for (const p of azurerm) {
      const sub = literal(p.subscriptionId);
      if (sub && isGuid(sub)) guids.push({ guid: sub, kind: 'subscription ID', where: `${p.node.path} (subscriptionId)`, node: p });
      const tenant = literal(p.tenantId);
      if (tenant && isGuid(tenant)) guids.push({ guid: tenant, kind: 'tenant ID', where: `${p.node.path} (tenantId)`, node: p });
    }
    for (const p of azuread) {
      const tenant = literal(p.tenantId);
      if (tenant && isGuid(tenant)) guids.push({ guid: tenant, kind: 'tenant ID', where: `${p.node.path} (tenantId)`, node: p });
    }
    for (const c of all) {
      if (c instanceof InferenceRoleDefinition && literal(c.roleName)) {
        roleNames.push({ tenantId, roleName: c.roleName, where: c.node.path, fix: 'set a distinct roleName or nameSuffix', node: c });
      } else if (c instanceof RoleGrant || c instanceof PimRoleGrant) {
        const principalId = literal(c instanceof RoleGrant ? c.assignment.principalIdInput : c.resource.principalIdInput);
        if (principalId && isGuid(principalId)) guids.push({ guid: principalId, kind: OBJECT_ID_KIND[c.principal.principalType], where: `${c.node.path} (${c.principal.label})`, node: c });
        const clientId = /^service-principal:client-id:(.+)$/.exec(c.principal.principalKey)?.[1];
        if (clientId && isGuid(clientId)) guids.push({ guid: clientId, kind: 'application (client) ID', where: `${c.node.path} (${c.principal.label})`, node: c });
      } else if (isAiServicesAccount(c)) {
        checkAccount(c, stackSubscription);
        const subdomain = c instanceof AiServicesAccount ? literal(c.customSubdomainName) : undefined;
        if (subdomain) subdomains.push({ subdomain, created: true, where: c.node.path, node: c });
        // Without subscriptionId, the account is created in the subscription of the stack's default azurerm provider.
        const [sub, group, name] = c instanceof AiServicesAccount ? [literal(c.subscriptionId) ?? stackSubscription, literal(c.resourceGroupName), literal(c.accountName)] : [];
        const armId = sub && group && name ? accountArmIdOf(sub, group, name) : undefined;
        if (armId) created.push({ armId, what: 'AI Services account', where: c.node.path, node: c });
      } else if (TerraformResource.isTerraformResource(c) && COUNTED_TYPES.has(c.terraformResourceType)) {
        const r = c as TerraformResource & { scopeInput?: string; roleDefinitionIdInput?: string };
        const scope = literal(r.scopeInput);
        if (scope && /^\/providers\/Microsoft\.Management\/managementGroups\//i.test(scope)) continue; // not counted by Azure
        const sub = SUBSCRIPTION_OF.exec(scope ?? '')?.[1] ?? SUBSCRIPTION_OF.exec(literal(r.roleDefinitionIdInput) ?? '')?.[1] ?? stackSubscription;
        if (!sub) continue;
        const k = sub.toLowerCase();
        let entry = counts.get(k);
        if (!entry) counts.set(k, (entry = { count: 0, byStack: new Map(), first: stack }));
        entry.count++;
        entry.byStack.set(stack.node.id, (entry.byStack.get(stack.node.id) ?? 0) + 1);
      }
    }
  }
  for (const f of guidKindClashes(guids)) report(f.entry.node, 'error', `${f.entry.where}: ${f.message}`);
  for (const f of roleNameClashes(roleNames)) report(f.entry.node, 'error', `${f.entry.where}: ${f.message}`);
  for (const f of subdomainClashes(subdomains)) report(f.entry.node, 'error', `${f.entry.where}: ${f.message}`);
  for (const f of createdTwiceClashes(created)) report(f.entry.node, 'error', `${f.entry.where}: ${f.message}`);
  for (const [subscriptionId, c] of counts) {
    const where = [...c.byStack].map(([s, n]) => `${s}: ${n}`).join(', ');
    const finding = roleAssignmentCountFinding({ subscriptionId, count: c.count, where }, options.roleAssignmentLimit);
    if (finding) report(c.first, finding.level, finding.message);
  }
}

/**
 * An account: in its stack's subscription, and callable by someone. A new account is created in the provider's
 * subscription; an existing one is looked for there (its `azurerm_resources` existence check), but grants alone may cross
 * subscriptions.
 */
function checkAccount(account: IConstruct & { subscriptionId: string }, stackSubscription: string | undefined): void {
  const sub = literal(account.subscriptionId);
  const readsInProvider = account instanceof AiServicesAccount || account.node.tryFindChild('Exists') !== undefined;
  const mismatch = sub && stackSubscription && readsInProvider ? subscriptionMismatch(sub, stackSubscription) : undefined;
  if (mismatch) report(account, 'error', `${account.node.path}: subscriptionId ${JSON.stringify(sub)}: ${mismatch}`);
  const callable = account.node.findAll().some((c) => (c instanceof RoleGrant || c instanceof PimRoleGrant)
    && (c.role.permissions === undefined || inferenceDataActions(c.role.permissions).length > 0));
  if (!callable) report(account, 'warning', `${account.node.path}: ${NO_DATA_PLANE_GRANT}`);
}

/** Adds an annotation unless the same one is there (checks run on every synth). */
function report(node: IConstruct, level: 'error' | 'warning', message: string): void {
  const type = level === 'error' ? AnnotationMetadataEntryType.ERROR : AnnotationMetadataEntryType.WARN;
  if (node.node.metadata.some((m) => m.type === type && m.data === message)) return;
  if (level === 'error') Annotations.of(node).addError(message);
  else Annotations.of(node).addWarning(message);
}
