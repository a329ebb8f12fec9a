import { CtyType, CtyValue, isObject, isUnknown, JsonAttribute, JsonBlock, nestedAttributeType, Unknown, valuesEqual } from './cty';

/** A path into a value: attribute names and list/set indexes (map keys are `{ key }`). */
export type PathStep = string | number | { readonly key: string };
export type ValuePath = readonly PathStep[];

/** A diagnostic the server reports to Terraform. */
export interface OfflineDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly path?: ValuePath;
}

/** Reads the value at a path (undefined when the path does not exist). */
export function getPath(v: CtyValue, path: ValuePath): CtyValue | undefined {
  let cur: CtyValue | undefined = v;
  for (const step of path) {
    if (cur === null || cur === undefined || isUnknown(cur)) return undefined;
    if (typeof step === 'number') cur = Array.isArray(cur) ? cur[step] : undefined;
    else if (typeof step === 'string') cur = isObject(cur) ? cur[step] : undefined;
    else cur = isObject(cur) ? cur[step.key] : undefined;
  }
  return cur;
}

function nestedBlockOf(attr: JsonAttribute): JsonBlock | undefined {
  return attr.nested_type ? { attributes: attr.nested_type.attributes } : undefined;
}

function elements(v: CtyValue | undefined): [string | number, CtyValue][] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map((e, i) => [i, e]);
  if (isObject(v)) return Object.entries(v);
  return [];
}

/** Non-computed attributes equal: how a set element of the plan is matched to a prior element. */
function sameArguments(block: JsonBlock, a: CtyValue, b: CtyValue): boolean {
  if (!isObject(a) || !isObject(b)) return false;
  for (const [n, attr] of Object.entries(block.attributes ?? {})) {
    if (attr.computed && !attr.optional && !attr.required) continue;
    if (!valuesEqual(a[n] ?? null, b[n] ?? null)) return false;
  }
  return true;
}

function priorElement(mode: string, block: JsonBlock, prior: CtyValue | undefined, key: string | number, planned: CtyValue): CtyValue | undefined {
  if (prior === null || prior === undefined || isUnknown(prior)) return undefined;
  if (mode === 'set') return Array.isArray(prior) ? prior.find((p) => sameArguments(block, p, planned)) : undefined;
  if (Array.isArray(prior)) return typeof key === 'number' ? prior[key] : undefined;
  if (isObject(prior)) return prior[String(key)];
  return undefined;
}

/**
 * The planned state the way the Azure providers' SDK plans it: the proposed new state, with each
 * computed attribute that is null in config and has no prior value (a create, or a block that is new
 * in this update) marked unknown. Attributes that exist in the prior state keep their values, so an
 * unchanged configuration plans no change.
 */
export function planComputed(block: JsonBlock, config: CtyValue, proposed: CtyValue, prior: CtyValue | undefined): CtyValue {
  if (!isObject(proposed)) return proposed;
  const cfg = isObject(config) ? config : {};
  const pri = prior !== undefined && isObject(prior) ? prior : undefined;
  const out: { [k: string]: CtyValue } = { ...proposed };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const value = proposed[name] ?? null;
    if (attr.computed && (cfg[name] ?? null) === null && value === null && pri === undefined) {
      out[name] = Unknown.PLAIN;
      continue;
    }
    const nested = nestedBlockOf(attr);
    if (nested && value !== null && !isUnknown(value)) {
      out[name] = planNested(attr.nested_type!.nesting_mode, nested, cfg[name] ?? null, value, pri?.[name]);
    }
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const value = proposed[name] ?? null;
    if (value === null || isUnknown(value)) continue;
    out[name] = planNested(bt.nesting_mode, bt.block, cfg[name] ?? null, value, pri?.[name]);
  }
  return out;
}

function planNested(mode: string, block: JsonBlock, config: CtyValue, value: CtyValue, prior: CtyValue | undefined): CtyValue {
  if (mode === 'single' || mode === 'group') return planComputed(block, config, value, prior ?? undefined);
  const cfgElems = new Map(elements(config));
  if (Array.isArray(value)) {
    return value.map((e, i) => {
      // Set elements are matched by value; config and plan list them in the same order.
      const cfgE = cfgElems.get(i) ?? null;
      return planComputed(block, cfgE, e, priorElement(mode, block, prior, i, e));
    });
  }
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, e]) => [k, planComputed(block, cfgElems.get(k) ?? null, e, priorElement(mode, block, prior, k, e))]),
    );
  }
  return value;
}

/** Picks the value for an unknown (apply) or null computed (data source) attribute; undefined means "use the default". */
export type ValuePicker = (path: ValuePath, name: string, type: CtyType) => CtyValue | undefined;

/** A plausible empty value of a type. */
export function defaultForType(type: CtyType): CtyValue {
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return '';
      case 'number':
        return 0;
      case 'bool':
        return false;
      default:
        return null;
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set':
      return [];
    case 'map':
      return {};
    case 'tuple':
      return (type[1] as CtyType[]).map(defaultForType);
    default:
      return Object.fromEntries(Object.entries(type[1] as Record<string, CtyType>).map(([k, t]) => [k, defaultForType(t)]));
  }
}

/** Replaces every unknown inside a value of a type with a default. */
function knownDeep(type: CtyType, v: CtyValue): CtyValue {
  if (isUnknown(v)) return defaultForType(type);
  if (v === null || typeof type === 'string') return v;
  switch (type[0]) {
    case 'list':
    case 'set':
      return (v as CtyValue[]).map((e) => knownDeep(type[1] as CtyType, e));
    case 'map':
      return Object.fromEntries(Object.entries(v as object).map(([k, e]) => [k, knownDeep(type[1] as CtyType, e as CtyValue)]));
    case 'tuple':
      return (v as CtyValue[]).map((e, i) => knownDeep((type[1] as CtyType[])[i], e));
    default: {
      const o = v as { [k: string]: CtyValue };
      return Object.fromEntries(Object.entries(type[1] as Record<string, CtyType>).map(([k, t]) => [k, knownDeep(t, o[k] ?? null)]));
    }
  }
}

/**
 * Fills attributes: `which` decides which values get a new one (unknowns after apply, computed nulls
 * for data sources), `pick` supplies it (or the type's default is used).
 */
export function fillValues(block: JsonBlock, value: CtyValue, which: (v: CtyValue, attr: JsonAttribute) => boolean, pick: ValuePicker, path: ValuePath = []): CtyValue {
  if (!isObject(value)) return value;
  const out: { [k: string]: CtyValue } = { ...value };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const type = nestedAttributeType(attr);
    const v = value[name] ?? null;
    const p = [...path, name];
    if (which(v, attr)) {
      const picked = pick(p, name, type);
      out[name] = picked === undefined ? defaultForType(type) : picked;
    } else if (attr.nested_type && v !== null) {
      const nested = nestedBlockOf(attr)!;
      out[name] = fillNested(attr.nested_type.nesting_mode, nested, v, which, pick, p);
    } else {
      out[name] = knownDeep(type, v);
    }
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const v = value[name] ?? null;
    if (v === null) continue;
    out[name] = fillNested(bt.nesting_mode, bt.block, v, which, pick, [...path, name]);
  }
  return out;
}

function fillNested(mode: string, block: JsonBlock, v: CtyValue, which: (v: CtyValue, attr: JsonAttribute) => boolean, pick: ValuePicker, path: ValuePath): CtyValue {
  if (mode === 'single' || mode === 'group') return fillValues(block, v, which, pick, path);
  if (Array.isArray(v)) return v.map((e, i) => fillValues(block, e, which, pick, [...path, i]));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, fillValues(block, e, which, pick, [...path, { key: k }])]));
  return v;
}
