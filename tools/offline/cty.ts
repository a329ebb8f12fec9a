import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';

/** A cty type as it appears in `terraform providers schema -json` (and in the protocol's `type` bytes). */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | ['list' | 'set' | 'map', CtyType]
  | ['object', Record<string, CtyType>, string[]?]
  | ['tuple', CtyType[]];

/** Nesting modes of blocks and nested attribute types in the JSON schema dump. */
export type NestingMode = 'single' | 'list' | 'set' | 'map' | 'group';

/** An attribute of a block in the JSON schema dump. */
export interface JsonAttribute {
  readonly type?: CtyType;
  readonly nested_type?: { readonly attributes: Record<string, JsonAttribute>; readonly nesting_mode: NestingMode };
  readonly description?: string;
  readonly description_kind?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly write_only?: boolean;
}

/** A nested block type in the JSON schema dump. */
export interface JsonBlockType {
  readonly nesting_mode: NestingMode;
  readonly block: JsonBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A block in the JSON schema dump. */
export interface JsonBlock {
  readonly attributes?: Record<string, JsonAttribute>;
  readonly block_types?: Record<string, JsonBlockType>;
  readonly description?: string;
  readonly deprecated?: boolean;
}

/** A schema (block plus version) in the JSON schema dump. */
export interface JsonSchema {
  readonly version: number;
  readonly block: JsonBlock;
}

/**
 * A value that is not known yet. Keeps the raw extension payload so that refined unknowns
 * (extension type 12) travel back to Terraform unchanged.
 */
export class Unknown {
  /** The plain unknown value (msgpack extension type 0), as cty writes it. */
  public static readonly PLAIN = new Unknown(0, new Uint8Array([0]));

  constructor(public readonly code: number, public readonly data: Uint8Array) {}
}

/** A decoded cty value: null, scalars, arrays (list/set/tuple), objects (object/map) or Unknown. */
export type CtyValue = null | string | number | boolean | Uint8Array | Unknown | CtyValue[] | { [key: string]: CtyValue };

const codec = new ExtensionCodec();
for (const code of [0, 12]) {
  codec.register({
    type: code,
    encode: (input: unknown) => (input instanceof Unknown && input.code === code ? input.data : null),
    decode: (data: Uint8Array) => new Unknown(code, data),
  });
}

/** Decodes a DynamicValue's msgpack bytes (empty bytes mean null). */
export function decodeValue(bytes: Uint8Array | undefined | null): CtyValue {
  if (!bytes || bytes.length === 0) return null;
  return decode(bytes, { extensionCodec: codec, useBigInt64: false }) as CtyValue;
}

/** Encodes a value as msgpack for a DynamicValue. */
export function encodeValue(value: CtyValue): Buffer {
  const bytes = encode(value, { extensionCodec: codec, ignoreUndefined: false, forceFloat32: false });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function isUnknown(v: CtyValue): v is Unknown {
  return v instanceof Unknown;
}

export function isObject(v: CtyValue): v is { [key: string]: CtyValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof Uint8Array);
}

/** True when the value and everything inside it is known. */
export function isWhollyKnown(v: CtyValue): boolean {
  if (isUnknown(v)) return false;
  if (Array.isArray(v)) return v.every(isWhollyKnown);
  if (isObject(v)) return Object.values(v).every(isWhollyKnown);
  return true;
}

/** Structural equality; unknown values never equal anything. */
export function valuesEqual(a: CtyValue, b: CtyValue): boolean {
  if (isUnknown(a) || isUnknown(b)) return false;
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!valuesEqual(a[k] ?? null, b[k] ?? null)) return false;
    return true;
  }
  return false;
}

/** The object type implied by a nested attribute type (protocol 6 `nested_type`). */
export function nestedAttributeType(attr: JsonAttribute): CtyType {
  if (attr.type) return attr.type;
  const nt = attr.nested_type!;
  const obj: CtyType = ['object', Object.fromEntries(Object.entries(nt.attributes).map(([k, a]) => [k, nestedAttributeType(a)]))];
  switch (nt.nesting_mode) {
    case 'list':
      return ['list', obj];
    case 'set':
      return ['set', obj];
    case 'map':
      return ['map', obj];
    default:
      return obj;
  }
}

/**
 * Converts a JSON value (from state JSON) to a cty value of the given type: objects get every
 * attribute (missing ones null), unknown keys are dropped, so the msgpack decodes on Terraform's side.
 */
export function fromJson(type: CtyType, v: unknown): CtyValue {
  if (v === null || v === undefined) return null;
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return typeof v === 'string' ? v : String(v);
      case 'number':
        return typeof v === 'number' ? v : Number(v);
      case 'bool':
        return typeof v === 'boolean' ? v : v === 'true';
      default:
        // Dynamic values are stored as {value, type}; this project's schemas have none.
        return null;
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set':
      return (v as unknown[]).map((e) => fromJson(type[1] as CtyType, e));
    case 'map':
      return Object.fromEntries(Object.entries(v as object).map(([k, e]) => [k, fromJson(type[1] as CtyType, e)]));
    case 'tuple':
      return (type[1] as CtyType[]).map((t, i) => fromJson(t, (v as unknown[])[i]));
    case 'object': {
      const attrs = type[1] as Record<string, CtyType>;
      return Object.fromEntries(Object.entries(attrs).map(([k, t]) => [k, fromJson(t, (v as Record<string, unknown>)[k])]));
    }
  }
  return null;
}

/** Converts a JSON state object to a cty object value conforming to a block schema. */
export function blockFromJson(block: JsonBlock, v: unknown): CtyValue {
  if (v === null || v === undefined) return null;
  const src = v as Record<string, unknown>;
  const out: { [key: string]: CtyValue } = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) out[name] = fromJson(nestedAttributeType(attr), src[name]);
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const raw = src[name];
    switch (bt.nesting_mode) {
      case 'list':
      case 'set':
        out[name] = ((raw as unknown[]) ?? []).map((e) => blockFromJson(bt.block, e));
        break;
      case 'map':
        out[name] = Object.fromEntries(Object.entries((raw as object) ?? {}).map(([k, e]) => [k, blockFromJson(bt.block, e)]));
        break;
      case 'group':
        out[name] = blockFromJson(bt.block, raw ?? {});
        break;
      default:
        out[name] = blockFromJson(bt.block, raw);
    }
  }
  return out;
}
