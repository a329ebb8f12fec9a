import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { repoRoot } from './app-root';
import { JsonAttribute, JsonBlock, JsonSchema } from './cty';

/** One provider's schema as `terraform providers schema -json` prints it. */
export interface ProviderSchemaDump {
  readonly provider: JsonSchema;
  readonly resource_schemas?: Record<string, JsonSchema>;
  readonly data_source_schemas?: Record<string, JsonSchema>;
  readonly ephemeral_resource_schemas?: Record<string, JsonSchema>;
}

/** A provider schema loaded from a `<name>-<version>.schema.json.gz` file. */
export interface LoadedProviderSchema {
  /** Provider type name, e.g. `azurerm`. */
  readonly name: string;
  /** Full provider address, e.g. `registry.terraform.io/hashicorp/azurerm`. */
  readonly address: string;
  /** Version taken from the file name. */
  readonly version: string;
  readonly file: string;
  readonly schema: ProviderSchemaDump;
}

/** Default schema directory: the shared, read-only copy next to the repository. */
export function defaultSchemasDir(): string {
  if (process.env.OFFLINE_SCHEMAS_DIR) return path.resolve(process.env.OFFLINE_SCHEMAS_DIR);
  // The app's folder (cdktf.json), above tools/offline/.
  const dir = repoRoot();
  const local = path.join(dir, 'schemas');
  if (fs.existsSync(local) && fs.readdirSync(local).some((f) => f.endsWith('.schema.json.gz'))) return local;
  return path.resolve(dir, '../shared/provider-schemas');
}

const FILE_PATTERN = /^([a-z0-9-]+?)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.schema\.json(\.gz)?$/;

/** Lists the schema files of a directory as {name, version, file}, without reading them. */
export function listSchemaFiles(dir: string): { name: string; version: string; file: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((f) => ({ f, m: FILE_PATTERN.exec(f) }))
    .filter((x) => x.m !== null)
    .map(({ f, m }) => ({ name: m![1], version: m![2], file: path.join(dir, f) }));
}

/**
 * Loads one provider's schema. Throws a clear error when the directory has no schema for it, or
 * only other versions (`wantVersion` given).
 */
export function loadProviderSchema(dir: string, name: string, wantVersion?: string): LoadedProviderSchema {
  const candidates = listSchemaFiles(dir).filter((c) => c.name === name);
  if (candidates.length === 0) {
    throw new Error(
      `No schema for provider "${name}" in ${dir}: expected a file named ${name}-<version>.schema.json.gz. ` +
        'Run `npm run schemas` on a machine with registry access, or point OFFLINE_SCHEMAS_DIR at a directory that has it.',
    );
  }
  const chosen = wantVersion ? candidates.find((c) => c.version === wantVersion) : candidates.sort((a, b) => compareVersions(b.version, a.version))[0];
  if (!chosen) {
    throw new Error(
      `Provider "${name}": the stack pins version ${wantVersion}, but ${dir} only has ${candidates.map((c) => c.version).join(', ')}. ` +
        `Produce the schema of ${name} ${wantVersion} with \`npm run schemas\`, or align the pin with the served schema.`,
    );
  }
  const raw = fs.readFileSync(chosen.file);
  let doc: { provider_schemas: Record<string, ProviderSchemaDump> };
  try {
    const text = chosen.file.endsWith('.gz') ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    doc = JSON.parse(text) as { provider_schemas: Record<string, ProviderSchemaDump> };
  } catch (e) {
    throw new Error(
      `the provider schema file ${chosen.file} is corrupt (${(e as Error).message}). ` +
        'Delete it and produce it again with `npm run schemas` (needs registry access), or point OFFLINE_SCHEMAS_DIR at a good copy.',
    );
  }
  if (!doc || typeof doc !== 'object' || !doc.provider_schemas) {
    throw new Error(`the provider schema file ${chosen.file} is not \`terraform providers schema -json\` output (no provider_schemas); produce it again with \`npm run schemas\``);
  }
  const entries = Object.entries(doc.provider_schemas ?? {});
  const match = entries.find(([addr]) => addr.endsWith(`/${name}`));
  if (!match) throw new Error(`${chosen.file} has no provider_schemas entry for "${name}" (found: ${entries.map(([a]) => a).join(', ')})`);
  return { name, address: match[0], version: chosen.version, file: chosen.file, schema: match[1] };
}

/**
 * The schema with only the given resource and data source types (all when `types` is undefined). Terraform decodes the
 * whole provider schema on every command: for the few types a stack uses that is about half of a plan's time offline.
 * A type the stacks do not use is then "not supported" offline, as it is for a real provider that lacks it.
 */
export function onlyTypes(loaded: LoadedProviderSchema, types: readonly string[] | undefined): LoadedProviderSchema {
  if (!types) return loaded;
  const keep = new Set(types);
  const pick = <T>(m: Record<string, T> | undefined) => m && Object.fromEntries(Object.entries(m).filter(([k]) => keep.has(k)));
  const s = loaded.schema;
  return { ...loaded, schema: { ...s, resource_schemas: pick(s.resource_schemas), data_source_schemas: pick(s.data_source_schemas) } };
}

/** Compares dotted numeric versions. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `version` satisfies a Terraform version constraint such as `4.55.0`, `= 4.55.0`, `~> 4.55`, `>= 4.0, < 5.0`. */
export function satisfiesConstraint(version: string, constraint: string): boolean {
  return constraint
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c.length > 0)
    .every((c) => {
      const m = /^(=|!=|>=|<=|>|<|~>)?\s*([0-9][0-9A-Za-z.-]*)$/.exec(c);
      if (!m) return false;
      const op = m[1] ?? '=';
      const want = m[2];
      const cmp = compareVersions(version, want);
      switch (op) {
        case '=':
          return cmp === 0;
        case '!=':
          return cmp !== 0;
        case '>':
          return cmp > 0;
        case '>=':
          return cmp >= 0;
        case '<':
          return cmp < 0;
        case '<=':
          return cmp <= 0;
        default: {
          // ~> X.Y allows X.*, ~> X.Y.Z allows X.Y.*; both require >= the given version.
          const parts = want.split('.');
          const prefix = parts.slice(0, Math.max(1, parts.length - 1));
          const vparts = version.split('.');
          return cmp >= 0 && prefix.every((p, i) => vparts[i] === p);
        }
      }
    });
}

const BLOCK_NESTING: Record<string, number> = { single: 1, list: 2, set: 3, map: 4, group: 5 };
const OBJECT_NESTING: Record<string, number> = { single: 1, list: 2, set: 3, map: 4 };

function attributeToProto(name: string, a: JsonAttribute): object {
  return {
    name,
    type: a.type !== undefined ? Buffer.from(JSON.stringify(a.type)) : Buffer.alloc(0),
    nested_type: a.nested_type
      ? {
          attributes: Object.entries(a.nested_type.attributes).map(([n, x]) => attributeToProto(n, x)),
          nesting: OBJECT_NESTING[a.nested_type.nesting_mode] ?? 0,
        }
      : undefined,
    required: !!a.required,
    optional: !!a.optional,
    computed: !!a.computed,
    sensitive: !!a.sensitive,
    deprecated: !!a.deprecated,
    write_only: !!a.write_only,
  };
}

function blockToProto(b: JsonBlock): object {
  // Descriptions are left out: Terraform does not need them, and they are most of the bytes.
  return {
    attributes: Object.entries(b.attributes ?? {}).map(([n, a]) => attributeToProto(n, a)),
    block_types: Object.entries(b.block_types ?? {}).map(([n, bt]) => ({
      type_name: n,
      block: blockToProto(bt.block),
      nesting: BLOCK_NESTING[bt.nesting_mode] ?? 0,
      min_items: bt.min_items ?? 0,
      max_items: bt.max_items ?? 0,
    })),
    deprecated: !!b.deprecated,
  };
}

/** Converts a JSON schema to the protocol's Schema message (as a plain object for proto-loader). */
export function schemaToProto(s: JsonSchema): object {
  return { version: s.version ?? 0, block: blockToProto(s.block) };
}
