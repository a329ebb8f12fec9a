import { PlanValues } from './plan-values';

/** A whole-string Terraform reference such as `${data.azuread_user.x.object_id}`, split up. */
export interface Reference {
  /** `data.<type>.<name>` or `<type>.<name>` (also `var.<name>`, `local.<name>`). */
  readonly address: string;
  readonly mode: 'data' | 'managed';
  readonly type: string;
  readonly name: string;
  /** Attribute path after the address: `identity[0].principal_id` gives ["identity", 0, "principal_id"]. */
  readonly path: (string | number)[];
}

const WHOLE_EXPRESSION = /^\$\{([^{}]+)\}$/;
const REFERENCE = /^(data\.)?([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+|\[\d+\])*)$/;

/** The reference a value is, if the whole value is one reference expression. */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== 'string') return undefined;
  const whole = WHOLE_EXPRESSION.exec(value.trim());
  return whole ? parseReferenceText(whole[1].trim()) : undefined;
}

function parseReferenceText(text: string): Reference | undefined {
  const m = REFERENCE.exec(text);
  if (!m) return undefined;
  const path: (string | number)[] = [];
  for (const step of m[4].match(/\.[A-Za-z0-9_-]+|\[\d+\]/g) ?? []) {
    const s = step.startsWith('[') ? step.slice(1, -1) : step.slice(1);
    path.push(/^\d+$/.test(s) ? Number(s) : s);
  }
  const mode = m[1] ? 'data' : 'managed';
  return { address: `${m[1] ?? ''}${m[2]}.${m[3]}`, mode, type: m[2], name: m[3], path };
}

/** True for a string that holds a Terraform expression. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Walks an attribute path through configuration or state. A single block synthesized as an object accepts index 0. */
export function walk(value: unknown, path: (string | number)[]): unknown {
  let cur: unknown = value;
  for (const step of path) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof step === 'number') cur = Array.isArray(cur) ? cur[step] : (step === 0 && typeof cur === 'object' ? cur : undefined);
    else if (Array.isArray(cur)) cur = cur.length === 1 && typeof cur[0] === 'object' ? (cur[0] as Record<string, unknown>)[step] : undefined;
    else cur = typeof cur === 'object' ? (cur as Record<string, unknown>)[step] : undefined;
  }
  return cur;
}

type Block = Record<string, unknown>;

/**
 * A synthesized stack (`cdk.tf.json`) with the values of a plan, if given: finds resources and data
 * sources by address and resolves references to literal values where the configuration or the
 * plan knows them.
 */
export class StackIndex {
  private readonly resources: Record<string, Record<string, Block>>;
  private readonly dataSources: Record<string, Record<string, Block>>;

  constructor(public readonly json: Record<string, unknown>, private readonly plan?: PlanValues) {
    this.resources = (json.resource ?? {}) as Record<string, Record<string, Block>>;
    this.dataSources = (json.data ?? {}) as Record<string, Record<string, Block>>;
  }

  /** All resources of a type, by name, sorted by name. */
  public resourcesOf(type: string): [string, Block][] {
    return Object.entries(this.resources[type] ?? {}).sort(([a], [b]) => a.localeCompare(b));
  }

  /** All data sources of a type, by name, sorted by name. */
  public dataSourcesOf(type: string): [string, Block][] {
    return Object.entries(this.dataSources[type] ?? {}).sort(([a], [b]) => a.localeCompare(b));
  }

  /** The configuration block of a referenced resource or data source. */
  public blockOf(ref: Pick<Reference, 'mode' | 'type' | 'name'>): Block | undefined {
    return (ref.mode === 'data' ? this.dataSources : this.resources)[ref.type]?.[ref.name];
  }

  /** The values a plan gives for an address. */
  public planned(address: string): Record<string, unknown> | undefined {
    return this.plan?.get(address);
  }

  /** True when a plan was given. */
  public get hasPlan(): boolean {
    return this.plan !== undefined;
  }

  /** The `subscription_id` of the azurerm provider a block uses (by its `provider` alias), when literal. */
  public subscriptionOf(block: Block | undefined): string | undefined {
    const providers = (this.json.provider as Record<string, unknown> | undefined)?.azurerm;
    const list = (Array.isArray(providers) ? providers : providers ? [providers] : []) as Block[];
    const alias = typeof block?.provider === 'string' && block.provider.includes('.') ? block.provider.split('.')[1] : undefined;
    const p = list.find((x) => (alias === undefined ? x.alias === undefined : x.alias === alias));
    const sub = this.resolve(p?.subscription_id);
    return sub !== undefined ? sub.toLowerCase() : undefined;
  }

  /** A literal string for a value: itself, or what a reference or simple template resolves to. */
  public resolve(value: unknown, depth = 0): string | undefined {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') return undefined;
    if (!value.includes('${')) return value;
    if (depth > 8) return undefined;
    const ref = parseReference(value);
    if (ref) return this.resolveReference(ref, depth);
    // A template of plain references, such as "${data.azurerm_subscription.current.id}/resourceGroups/rg".
    let unresolved = false;
    const out = value.replace(/\$\{([^{}]+)\}/g, (_m, inner: string) => {
      const r = parseReferenceText(inner.trim());
      const v = r ? this.resolveReference(r, depth) : undefined;
      if (v === undefined) unresolved = true;
      return v ?? '';
    });
    return unresolved || out.includes('${') ? undefined : out;
  }

  /** A literal boolean for a value, when it is one or resolves to one. */
  public resolveBoolean(value: unknown): boolean | undefined {
    if (typeof value === 'boolean') return value;
    const s = this.resolve(value);
    return s === 'true' ? true : s === 'false' ? false : undefined;
  }

  private resolveReference(ref: Reference, depth: number): string | undefined {
    if (ref.type === 'var' || ref.type === 'local') return undefined;
    const fromPlan = walk(this.planned(ref.address), ref.path);
    if (typeof fromPlan === 'string' || typeof fromPlan === 'number' || typeof fromPlan === 'boolean') return String(fromPlan);
    const block = this.blockOf(ref);
    if (!block) return undefined;
    const attr = ref.path[0];
    if (attr === 'id' && ref.path.length === 1) return this.armIdOf(ref, block, depth);
    if (ref.type === 'azurerm_client_config' && attr === 'subscription_id') return this.subscriptionOf(block);
    if (ref.type === 'azurerm_subscription' && attr === 'subscription_id') {
      return this.resolve(block.subscription_id, depth + 1) ?? this.subscriptionOf(block);
    }
    const fromConfig = walk(block, ref.path);
    return this.resolve(fromConfig, depth + 1);
  }

  /** The ARM ID of a resource group, subscription or account, formed from its arguments. */
  private armIdOf(ref: Reference, block: Block, depth: number): string | undefined {
    const sub = (ref.type === 'azurerm_subscription' ? this.resolve(block.subscription_id, depth + 1) : undefined) ?? this.subscriptionOf(block);
    if (!sub) return undefined;
    if (ref.type === 'azurerm_subscription') return `/subscriptions/${sub}`;
    const name = this.resolve(block.name, depth + 1);
    if (ref.type === 'azurerm_resource_group') return name && `/subscriptions/${sub}/resourceGroups/${name}`;
    const rg = this.resolve(block.resource_group_name, depth + 1);
    if (!name || !rg) return undefined;
    if (ref.type === 'azurerm_cognitive_account' || ref.type === 'azurerm_ai_services') {
      return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.CognitiveServices/accounts/${name}`;
    }
    if (ref.type === 'azurerm_user_assigned_identity') {
      return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    }
    return undefined;
  }
}
