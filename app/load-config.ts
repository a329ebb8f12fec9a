import * as fs from 'fs';
import * as path from 'path';
import type { z } from 'zod';
import { ADOPTED_FOLDER, AdoptionRecord, adoptionRecordSchema } from './adoption-record';
import { BootstrapConfig, bootstrapSchema, EnvironmentConfig, environmentSchema } from './config-schema';
import { hintFor, keysAllowedAt, nearestKey, plainMessage, unknownKeyHint } from './config-hints';
import { ConfigWarning, crossCheck, LoadedEnvironment, stateKey } from './cross-checks';
import { findDuplicateKeys, findJsonSyntaxError } from './json-position';
import { jsonShown } from '../constructs/azure/names';
import { accountArmIdOf } from '../constructs/azure/accounts';

/** A configuration problem: names the file, the JSON path, the value and what is expected. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface Configuration {
  /** The bootstrap (state storage) configuration, when `bootstrap.json` exists. */
  readonly bootstrap?: BootstrapConfig;
  /** The bootstrap file's path (whether or not it exists). */
  readonly bootstrapFile?: string;
  /** Environments by name, sorted by name. */
  readonly environments: ReadonlyArray<LoadedEnvironment>;
  /** Things that are allowed but probably not meant (errors under strict mode). @default - none */
  readonly warnings?: ReadonlyArray<ConfigWarning>;
}

export { stateKey };

/** Stack names the app uses itself. */
export const RESERVED_STACK_NAMES = ['bootstrap'];
const ENV_NAME = /^[a-z][a-z0-9-]{0,29}$/;
/** Editor backups, swap files and OS litter: ignored in config/environments/ with a warning. */
const IGNORABLE = /(^\.|~$|\.(swp|swo|bak|orig|rej|tmp)$|^#.*#$|^Thumbs\.db$|^desktop\.ini$)/i;

/**
 * Reads `<dir>/bootstrap.json` and every `<dir>/environments/*.json`, validating each completely
 * before any construct is created, then checks them against each other (app/cross-checks.ts).
 * All problems of all files are reported together.
 */
export function loadConfiguration(dir: string): Configuration {
  const problems: string[] = [];
  const warnings: ConfigWarning[] = [];
  const envDir = path.join(dir, 'environments');
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigError(`${dir}: no such folder: the configuration folder holds bootstrap.json and environments/ (set KEYLESS_CONFIG_DIR to it)`);
  }
  const entries = fs.readdirSync(dir);
  const envStat = fs.statSync(envDir, { throwIfNoEntry: false });
  if (!envStat?.isDirectory()) {
    const near = entries.find((e) => e !== 'environments' && nearestKey(e, ['environments']) === 'environments');
    throw new ConfigError(`${envDir}: ${envStat ? 'not a folder' : 'no such folder'}: put one JSON file per environment there (see config/environments/dev.json)` +
      `${near ? `; found ${JSON.stringify(near)}: rename it to "environments"` : ''}`);
  }
  const bootstrapFile = path.join(dir, 'bootstrap.json');
  const hasBootstrap = fs.existsSync(bootstrapFile);
  const bootstrap = hasBootstrap ? parseFile(bootstrapFile, bootstrapSchema, problems) : undefined;
  // A bootstrap file under another name would be skipped, and every environment told there is none: say which file.
  const misnamed = !hasBootstrap ? entries.find((e) => /^bootstrap\.(json5?|jsonc|ya?ml)$/i.test(e) || (/\.json$/i.test(e) && nearestKey(e.slice(0, -5), ['bootstrap']) === 'bootstrap')) : undefined;
  if (misnamed) problems.push(`${path.join(dir, misnamed)}: not read: the bootstrap configuration is read from bootstrap.json (the name is case-sensitive, JSON only); rename it`);

  const environments: LoadedEnvironment[] = [];
  const files = listEnvironmentFiles(envDir, problems, warnings);
  if (files.length === 0) problems.push(`${envDir}: no environment files (*.json)`);
  for (const f of files) {
    const file = path.join(envDir, f);
    const name = f.slice(0, -'.json'.length);
    if (!ENV_NAME.test(name)) {
      problems.push(`${file}: environment name ${JSON.stringify(name)} (from the file name) is not allowed: expected 1 to 30 lowercase letters, digits and hyphens, starting with a letter`);
      continue;
    }
    if (RESERVED_STACK_NAMES.includes(name)) {
      problems.push(`${file}: environment name ${JSON.stringify(name)} collides with the app's ${name} stack: rename the file`);
      continue;
    }
    const config = parseFile(file, environmentSchema, problems);
    if (config) environments.push({ name, file, config, ...readAdopted(dir, name, config, problems) });
  }
  checkAdoptedFolder(dir, files.map((f) => f.slice(0, -'.json'.length)), problems);
  // Cross-file rules need every file valid on its own: a half-read configuration would report phantom conflicts.
  if (problems.length === 0) crossCheck({ bootstrapFile, bootstrap, environments }, problems, warnings);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}); nothing was synthesized:\n  - ${problems.join('\n  - ')}`);
  }
  return { bootstrap, bootstrapFile, environments, warnings };
}

/** The account an environment's grants are on, as an ARM ID. */
export function environmentAccountId(config: EnvironmentConfig): string {
  return config.existingAccount?.id
    ?? accountArmIdOf(config.subscriptionId, config.resourceGroup.name, config.account!.name);
}

/** `<dir>/adopted/<name>.json`, validated and checked against the environment's account. */
function readAdopted(dir: string, name: string, config: EnvironmentConfig, problems: string[]): { adopted?: AdoptionRecord; adoptedFile?: string } {
  const adoptedFile = path.join(dir, ADOPTED_FOLDER, `${name}.json`);
  if (!fs.existsSync(adoptedFile)) return {};
  const adopted = parseFile(adoptedFile, adoptionRecordSchema, problems);
  if (!adopted) return {};
  const accountId = environmentAccountId(config);
  if (adopted.accountId.toLowerCase() !== accountId.toLowerCase()) {
    problems.push(`${adoptedFile}: $.accountId: got ${JSON.stringify(adopted.accountId)}: adopted from another account than the environment's (${accountId}); run npm run adopt -- ${name} --from <export of that account>, or delete the file`);
    return {};
  }
  return { adopted, adoptedFile };
}

/** Every file in `<dir>/adopted/` belongs to an environment. */
function checkAdoptedFolder(dir: string, names: string[], problems: string[]): void {
  const folder = path.join(dir, ADOPTED_FOLDER);
  if (!fs.existsSync(folder)) return;
  for (const f of fs.readdirSync(folder)) {
    if (IGNORABLE.test(f) || f === 'README.md') continue;
    if (!f.endsWith('.json') || !names.includes(f.slice(0, -'.json'.length))) {
      problems.push(`${path.join(folder, f)}: no environment ${JSON.stringify(f.replace(/\.json$/, ''))} in ${path.join(dir, 'environments')}: adoption records are named <environment>.json; rename or delete it`);
    }
  }
}

/**
 * The `*.json` files of the environments folder, sorted. Nothing is ignored silently: other files are errors
 * (a `.jsonc`, `.yaml` or `.JSON` file was meant to be read), folders are errors (they are not searched), and
 * editor backups and hidden files are skipped with a warning. Names that differ only by case or Unicode
 * normalisation are errors: on macOS and Windows they are the same file.
 */
function listEnvironmentFiles(envDir: string, problems: string[], warnings: ConfigWarning[]): string[] {
  const files: string[] = [];
  const byFolded = new Map<string, string>();
  for (const entry of fs.readdirSync(envDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const f = entry.name;
    const file = path.join(envDir, f);
    const folded = f.normalize('NFC').toLowerCase();
    const twin = byFolded.get(folded);
    if (twin !== undefined) {
      problems.push(`${file}: the file names ${JSON.stringify(twin)} and ${JSON.stringify(f)} differ only by case or Unicode normalisation: on macOS and Windows they are one file, and Terraform stack names would collide; keep one`);
      continue;
    }
    byFolded.set(folded, f);
    if (IGNORABLE.test(f)) {
      warnings.push({ message: `${file}: ignored (an editor backup, swap or hidden file); only <name>.json files are environments` });
    } else if (f.endsWith('.json')) {
      files.push(f);
    } else if (entry.isDirectory()) {
      problems.push(`${file}: a folder: environments are not read from subfolders; move its files up into ${envDir} or out of it`);
    } else {
      problems.push(`${file}: not an environment file: only <name>.json files are read${/\.json$/i.test(f) ? ' (the extension is case-sensitive: rename it to .json)' : '; rename it to <name>.json or move it out of this folder'}`);
    }
  }
  return files;
}

function parseFile<T>(file: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    problems.push(`${file}: cannot read: ${(e as Error).message}`);
    return undefined;
  }
  // Windows editors and PowerShell's `>` write UTF-16: say so, rather than "unexpected character".
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes[0] === 0 || bytes[1] === 0) {
    problems.push(`${file}: not UTF-8 (it looks like UTF-16, as some Windows editors and PowerShell's > write it): save it as UTF-8`);
    return undefined;
  }
  const text = bytes.toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const at = findJsonSyntaxError(text);
    problems.push(at
      ? `${file}: line ${at.line}, column ${at.column}: not valid JSON: ${at.message}`
      : `${file}: not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
  const duplicates = findDuplicateKeys(text);
  for (const d of duplicates) {
    problems.push(`${file}: line ${d.line}, column ${d.column}: ${jsonPath(d.path)}: the key ${jsonShown(String(d.path.at(-1)))} is written twice in one object (first on line ${d.firstLine}): JSON keeps only the last one silently; keep one`);
  }
  if (duplicates.length > 0) return undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push(`${file}: $: got ${Array.isArray(data) ? 'an array' : jsonShown(data)}: a configuration file holds one JSON object, { ... } with the settings (see config/ for examples)`);
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const at = jsonPath(issue.path);
    const value = valueAt(data, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAllowedAt(schema as never, issue.path, data);
      const present = Object.keys(value as object);
      // One line per key, each with the key it probably meant (or the keys allowed here).
      const hint = hintFor(issue.code, issue.path, issue.keys, value, valueAt(data, issue.path.slice(0, -1)));
      issue.keys.forEach((k, n) => {
        problems.push(`${file}: ${at}: unknown key ${jsonShown(k)} (${unknownKeyHint(k, allowed, present)})${n === 0 ? hint : ''}`);
      });
      continue;
    }
    const missingTwin = value === undefined && issue.code === 'invalid_type' ? misspelledAs(String(issue.path.at(-1)), valueAt(data, issue.path.slice(0, -1))) : undefined;
    const got = `${value === undefined ? 'missing' : CREDENTIAL_SETTINGS.has(String(issue.path.at(-1))) ? 'got a value (not shown: a credential)' : `got ${shortened(jsonShown(value))}`}: ${plainMessage(issue as never, value)}`;
    const hint = hintFor(issue.code, issue.path, undefined, value, valueAt(data, issue.path.slice(0, -1)));
    problems.push(`${file}: ${at}: ${got}${missingTwin ? ` (the file has ${jsonShown(missingTwin)} here: misspelled?)` : ''}${hint}`);
  }
  return undefined;
}

/** The key of `parent` that is probably a misspelling of the missing key `wanted`. */
function misspelledAs(wanted: string, parent: unknown): string | undefined {
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  return Object.keys(parent).find((k) => k !== wanted && nearestKey(k, [wanted]) === wanted);
}

/** A value as messages show it: long ones cut (a whole pasted file would drown the message). */
function shortened(shown: string, max = 200): string {
  return shown.length <= max ? shown : `${shown.slice(0, max)}… (${shown.length} characters)`;
}

/** Settings that would carry a key or token: rejected, and their value never echoed into logs. */
const CREDENTIAL_SETTINGS = new Set(['accessKey', 'access_key', 'sasToken', 'sas_token', 'clientSecret', 'token']);

/** `$.a.b[0]` for a path of keys and indexes. */
export function jsonPath(p: PropertyKey[]): string {
  return '$' + p.map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? `.${String(k)}` : `[${jsonShown(String(k))}]`)).join('');
}

function valueAt(data: unknown, p: PropertyKey[]): unknown {
  let v: any = data;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[k as any];
  }
  return v;
}
