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
  if (last === 'location' && typeof value === 'string') {
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
