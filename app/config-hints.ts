import { CONDITION_SUPPORT } from '../constructs/azure/conditions';
import { editDistance, suggestRegion } from '../constructs/azure/regions';
import { PRINCIPAL_KINDS as KIND_TABLE } from './principal-kinds';

// Extra words for schema problems: which principal kind the keys belong to, which region was meant.

/** Each principal kind and its keys, read from the principal-kind table (not re-typed). */
const PRINCIPAL_KINDS: { kind: string; keys: string[] }[] = Object.entries(KIND_TABLE).map(([kind, row]) => ({
  kind,
  keys: Object.keys(row.shape).filter((k) => k !== 'label'),
}));

const isPrincipalKind = (v: unknown): boolean => typeof v === 'string' && PRINCIPAL_KINDS.some((p) => p.kind === v);

/** A hint for a schema issue at `path` (the value there is `value`, its parent `parent`), or '' when there is none. */
export function hintFor(code: string, path: PropertyKey[], keys: string[] | undefined, value: unknown, parent: unknown): string {
  const last = path[path.length - 1];
  // A condition on a grant: the configuration has no such field because Azure offers none for inference grants.
  if (code === 'unrecognized_keys' && keys?.some((k) => k === 'condition' || k === 'conditionVersion')) {
    return `; grants take no condition: ${CONDITION_SUPPORT}. Narrow access with the custom role's endpoints or a narrower scope instead`;
  }
  // A principal written with another kind's keys: { "kind": "servicePrincipal", "clientId": ... }.
  if (code === 'unrecognized_keys' && keys && isObject(value) && isPrincipalKind(value.kind)) {
    const kinds = PRINCIPAL_KINDS.filter((p) => keys.every((k) => p.keys.includes(k)) && p.kind !== value.kind).map((p) => `"${p.kind}"`);
    if (kinds.length > 0) {
      return `; kind "${value.kind}" takes ${keysOf(value.kind as string)}: ${keys.map((k) => `"${k}"`).join(', ')} belong${keys.length === 1 ? 's' : ''} to kind ${kinds.join(' or ')}, so did you mean "kind": ${kinds[0]}?`;
    }
  }
  // A principal missing its kind's key while holding another kind's: say so on the missing key too.
  if (code === 'invalid_type' && value === undefined && isObject(parent) && isPrincipalKind(parent.kind)) {
    const others = Object.keys(parent).filter((k) => k !== 'kind' && k !== 'label');
    const kinds = PRINCIPAL_KINDS.filter((p) => others.length > 0 && others.every((k) => p.keys.includes(k)) && p.kind !== parent.kind).map((p) => `"${p.kind}"`);
    if (kinds.length > 0) return `; this entry has ${others.map((k) => `"${k}"`).join(', ')}, which kind ${kinds.join(' or ')} takes: did you mean "kind": ${kinds[0]}?`;
  }
  if (last === 'kind' && typeof value === 'string' && !isPrincipalKind(value)) {
    const near = PRINCIPAL_KINDS.map((p) => p.kind).find((k) => editDistance(k.toLowerCase(), value.toLowerCase()) <= 2);
    if (near) return ` (did you mean "${near}"?)`;
  }
  // A name or domain where a GUID goes: say where the GUID is found.
  const guidShaped = typeof value === 'string' && /^[{]?[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}[}]?$/i.test(value.trim());
  if (code === 'invalid_format' && typeof value === 'string' && !guidShaped) {
    if (last === 'subscriptionId') return '; a subscription name is not accepted: `az account show --query id -o tsv` prints the ID of the subscription you are signed in to';
    if (last === 'tenantId') return '; a tenant name or domain is not accepted: `az account show --query tenantId -o tsv` prints the tenant ID';
    if (last === 'objectId' && value.includes('@') && isObject(parent) && parent.kind === 'user') return '; that is a sign-in name: write {"kind": "userByUpn", "upn": "..."} (looked up at plan time), or the user\'s object ID (`az ad user show --id <upn> --query id -o tsv`)';
  }
  if (last === 'location' && typeof value === 'string' && value === value.trim()) {
    const near = suggestRegion(value);
    if (near) return ` (did you mean "${near}"?)`;
  }
  return '';
}

function keysOf(kind: string): string {
  const keys = PRINCIPAL_KINDS.find((p) => p.kind === kind)?.keys ?? [];
  return keys.map((k) => `"${k}"`).join(', ') || 'no other key';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// The keys a strict object of the schema allows, found by walking the schema along the JSON path (the data picks the
// branch of a union), so an unknown key can be answered with the key meant, or the keys allowed there.

type AnySchema = { _zod: { def: Record<string, any> } };

/**
 * Schemas whose shape is chosen in code (a transform over `unknown`): the function that chooses it, for the walk, so the
 * hints follow the branch the parse took.
 */
export const SCHEMA_ALTERNATIVES = new WeakMap<object, (value: unknown) => unknown>();

function unwrap(schema: AnySchema | undefined, value: unknown): AnySchema | undefined {
  for (let s = schema, n = 0; s && n < 20; n++) {
    const def = s._zod.def;
    const shapeOf = SCHEMA_ALTERNATIVES.get(s);
    if (shapeOf) s = shapeOf(value) as AnySchema;
    else if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) s = def.innerType;
    else if (def.type === 'pipe') s = def.in;
    else if (def.type === 'lazy') s = def.getter();
    else if (def.type === 'union') s = bestOption(def.options, value, def.discriminator);
    else return s;
  }
  return undefined;
}

/** The option of a union the value was meant for: by its discriminator, else the object sharing most keys with it. */
function bestOption(options: AnySchema[], value: unknown, discriminator?: string): AnySchema | undefined {
  const v = isObject(value) ? value : {};
  if (discriminator) {
    return options.find((o) => unwrap(o, v)?._zod.def.shape?.[discriminator]?._zod.def.values?.includes(v[discriminator]));
  }
  let best: AnySchema | undefined;
  let score = -1;
  for (const o of options) {
    const shape = unwrap(o, v)?._zod.def.shape;
    if (!shape) continue;
    const common = Object.keys(v).filter((k) => k in shape).length;
    if (common > score) [best, score] = [o, common];
  }
  return best;
}

/** The keys the schema allows in the object at `path` of `data`, or undefined when the walk cannot tell. */
export function keysAllowedAt(schema: AnySchema, path: PropertyKey[], data: unknown): string[] | undefined {
  let s: AnySchema | undefined = schema;
  let v: unknown = data;
  for (const k of path) {
    s = unwrap(s, v);
    const def = s?._zod.def;
    if (def?.type === 'object') s = def.shape[k as string];
    else if (def?.type === 'array') s = def.element;
    else if (def?.type === 'record') s = def.valueType;
    else return undefined;
    v = isObject(v) || Array.isArray(v) ? (v as any)[k as any] : undefined;
  }
  const shape = unwrap(s, v)?._zod.def.shape;
  // Keys that exist only to be refused (credentials: z.never) are not offered.
  return shape ? Object.keys(shape).filter((k) => unwrap(shape[k], undefined)?._zod.def.type !== 'never') : undefined;
}

/** The allowed key an unknown key was probably meant to be: same letters in another case, or one or two typos away. */
export function nearestKey(unknown: string, allowed: readonly string[]): string | undefined {
  const u = unknown.toLowerCase().replace(/[-_ ]/g, '');
  const scored = allowed.map((k) => ({ k, d: editDistance(k.toLowerCase(), u) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  if (best && best.d <= (u.length >= 6 ? 2 : 1)) return best.k;
  // A key cut short ("storageAccount" for "storageAccountName").
  const longer = allowed.filter((k) => u.length >= 5 && k.toLowerCase().startsWith(u));
  return longer.length === 1 ? longer[0] : undefined;
}

/** What to say about an unknown key: the key meant, or the keys allowed here. */
export function unknownKeyHint(unknown: string, allowed: readonly string[] | undefined, present: readonly string[]): string {
  if (!allowed) return 'check the spelling; allowed keys are listed in the README\'s configuration reference';
  const near = nearestKey(unknown, allowed.filter((k) => k !== unknown));
  if (near && present.includes(near)) return `a misspelling of "${near}", which is set too? remove one`;
  if (near) return `did you mean "${near}"?`;
  return `allowed here: ${allowed.map((k) => `"${k}"`).join(', ')}`;
}

/** Zod's default wording for a missing key, a wrong type, an empty string or an unknown option, said for this file. */
export function plainMessage(issue: { code: string; message: string; expected?: string; values?: readonly unknown[]; minimum?: unknown; origin?: string }, value: unknown): string {
  const a = (t: string | undefined) => (t === 'array' ? 'a list' : t === 'object' ? 'an object { ... }' : t === 'string' ? 'a string' : t === 'number' ? 'a number' : t === 'boolean' ? 'true or false' : t ?? 'a value');
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input: expected')) {
    if (value === undefined) return `required: add it (${a(issue.expected)})`;
    if (value === null) return `expected ${a(issue.expected)}; null is not accepted: to leave an optional setting out, remove the key`;
    const unquoted = typeof value === 'string' && ((issue.expected === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) || (issue.expected === 'boolean' && /^(true|false)$/.test(value.trim())));
    const quoted = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? `: write it in quotes, "${String(value)}"` : '';
    return `expected ${a(issue.expected)}, not ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}${unquoted ? `: write ${value.trim()} without quotes` : quoted}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1 && issue.message.startsWith('Too small')) {
    return 'expected a non-empty string, or leave the key out when it is optional';
  }
  if (issue.code === 'invalid_value' && issue.values) {
    const values = issue.values.map(String);
    const sameLetters = typeof value === 'string' ? values.find((o) => o.toLowerCase() === value.trim().toLowerCase()) : undefined;
    const hint = sameLetters ? ` (did you mean "${sameLetters}"? values are case-sensitive)` : '';
    return issue.message.startsWith('Invalid option') ? `expected one of ${values.map((o) => `"${o}"`).join(', ')}${hint}` : `${issue.message}${hint}`;
  }
  return issue.message;
}
