import * as fs from 'fs';

/** Attribute values by Terraform address (`data.azuread_user.x`, `azurerm_role_assignment.y`), from a plan or state. */
export type PlanValues = ReadonlyMap<string, Record<string, unknown>>;

interface JsonModule {
  readonly resources?: { address?: string; values?: Record<string, unknown> }[];
  readonly child_modules?: JsonModule[];
}

function collect(module: JsonModule | undefined, into: Map<string, Record<string, unknown>>): void {
  if (!module) return;
  for (const r of module.resources ?? []) {
    if (typeof r.address !== 'string' || !r.values || typeof r.values !== 'object') continue;
    const previous = into.get(r.address) ?? {};
    // Later sources (planned values) win, but never erase a value an earlier source knew.
    const merged: Record<string, unknown> = { ...previous };
    for (const [k, v] of Object.entries(r.values)) if (v !== null && v !== undefined) merged[k] = v;
    into.set(r.address, merged);
    // `x[0]` / `x["k"]` of a counted resource: also reachable by its base address when it is the only one.
    const base = r.address.replace(/\[[^\]]*\]$/, '');
    if (base !== r.address && !into.has(base)) into.set(base, merged);
  }
  for (const child of module.child_modules ?? []) collect(child, into);
}

/**
 * Reads the values of a `terraform show -json` plan (prior state, then planned values) or state
 * (`values`): a real plan or the offline planner's. Throws a clear error for anything else.
 */
export function planValuesFromJson(json: unknown, source = 'plan'): PlanValues {
  if (!json || typeof json !== 'object') throw new Error(`${source}: expected the JSON of \`terraform show -json <plan>\`, got ${typeof json}`);
  const j = json as { prior_state?: { values?: { root_module?: JsonModule } }; planned_values?: { root_module?: JsonModule }; values?: { root_module?: JsonModule } };
  if (!j.prior_state && !j.planned_values && !j.values) {
    throw new Error(`${source}: no "prior_state", "planned_values" or "values": expected the JSON of \`terraform show -json <planfile>\` (or of a state)`);
  }
  const into = new Map<string, Record<string, unknown>>();
  collect(j.values?.root_module, into);
  collect(j.prior_state?.values?.root_module, into);
  collect(j.planned_values?.root_module, into);
  return into;
}

/** Reads a plan JSON file as parsed JSON, with errors that say how to write one. */
export function readPlanJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`--plan ${file}: cannot read the file (${(e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`--plan ${file}: not JSON (${(e as Error).message}); write it with \`terraform show -json <planfile> > plan.json\``);
  }
  return json;
}
