import * as fs from 'fs';
import * as path from 'path';
import type { z } from 'zod';
import { BootstrapConfig, bootstrapSchema, EnvironmentConfig, environmentSchema } from './config-schema';

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
  /** Environments by name, sorted by name. */
  readonly environments: ReadonlyArray<{ readonly name: string; readonly file: string; readonly config: EnvironmentConfig }>;
}

/** Stack names the app uses itself. */
export const RESERVED_STACK_NAMES = ['bootstrap'];
const ENV_NAME = /^[a-z][a-z0-9-]{0,29}$/;

/**
 * Reads `<dir>/bootstrap.json` and every `<dir>/environments/*.json`, validating each completely
 * before any construct is created. All problems of all files are reported together.
 */
export function loadConfiguration(dir: string): Configuration {
  const problems: string[] = [];
  const envDir = path.join(dir, 'environments');
  if (!fs.existsSync(envDir)) {
    throw new ConfigError(`${envDir}: no such folder: put one JSON file per environment there (see config/environments/dev.json)`);
  }
  const bootstrapFile = path.join(dir, 'bootstrap.json');
  const bootstrap = fs.existsSync(bootstrapFile) ? parseFile(bootstrapFile, bootstrapSchema, problems) : undefined;

  const environments: { name: string; file: string; config: EnvironmentConfig }[] = [];
  const files = fs.readdirSync(envDir).filter((f) => f.endsWith('.json')).sort();
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
    if (config) environments.push({ name, file, config });
  }
  checkStateKeys(environments, problems);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}); nothing was synthesized:\n  - ${problems.join('\n  - ')}`);
  }
  return { bootstrap, environments };
}

/** Two environments writing the same state blob would overwrite each other's state. */
function checkStateKeys(envs: { name: string; file: string; config: EnvironmentConfig }[], problems: string[]): void {
  const byBlob = new Map<string, string>();
  for (const e of envs) {
    const s = e.config.state;
    const blob = `${s.storageAccountName}/${s.containerName}/${stateKey(e.name, e.config)}`;
    const other = byBlob.get(blob);
    if (other) problems.push(`${e.file}: $.state.key: ${JSON.stringify(stateKey(e.name, e.config))} is also the state of ${other}: give each environment its own key`);
    byBlob.set(blob, e.file);
  }
}

/** The environment's state blob name. */
export function stateKey(name: string, config: EnvironmentConfig): string {
  return config.state.key ?? `${name}.tfstate`;
}

function parseFile<T>(file: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`${file}: cannot read: ${(e as Error).message}`);
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    problems.push(`${file}: not valid JSON: ${(e as Error).message}${lineOf(text, (e as Error).message)}`);
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const at = jsonPath(issue.path);
    const value = valueAt(data, issue.path);
    const got = issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (check the spelling; allowed keys are listed in the README's configuration reference)`
      : `${value === undefined ? 'missing' : `got ${JSON.stringify(value)}`}: ${issue.message}`;
    problems.push(`${file}: ${at}: ${got}`);
  }
  return undefined;
}

function jsonPath(p: PropertyKey[]): string {
  return '$' + p.map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? `.${String(k)}` : `[${JSON.stringify(String(k))}]`)).join('');
}

function valueAt(data: unknown, p: PropertyKey[]): unknown {
  let v: any = data;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[k as any];
  }
  return v;
}

function lineOf(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${Number(m[1]) - before.lastIndexOf('\n')})`;
}
