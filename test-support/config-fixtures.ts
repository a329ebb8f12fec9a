import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadConfiguration } from '../app/load-config';

/** The example configuration shipped in config/. */
export const EXAMPLE_CONFIG_DIR = path.join(__dirname, '..', 'config');

export function readExample(file: string): any {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLE_CONFIG_DIR, file), 'utf8'));
}

/**
 * A temporary configuration folder: the example bootstrap plus the given environments
 * (objects are written as JSON, strings as they are).
 */
export function configDir(environments: Record<string, unknown>, bootstrap: unknown = readExample('bootstrap.json')): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-config-'));
  fs.mkdirSync(path.join(dir, 'environments'));
  if (bootstrap !== undefined) fs.writeFileSync(path.join(dir, 'bootstrap.json'), JSON.stringify(bootstrap, null, 2));
  for (const [name, content] of Object.entries(environments)) {
    fs.writeFileSync(path.join(dir, 'environments', name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** The example dev environment with `patch` applied to a deep copy. */
export function devWith(patch: (env: any) => void): any {
  const env = readExample('environments/dev.json');
  patch(env);
  return env;
}

/** Loads a configuration folder, expects a `ConfigError`, and returns its message. */
export function configErrorOf(dir: string): string {
  try {
    loadConfiguration(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}
