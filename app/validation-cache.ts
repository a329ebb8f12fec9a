import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const FORMAT = 1;

/**
 * Remembers configuration files that passed schema validation, keyed by a hash of the file's bytes,
 * the schema's name, the schema module's source and the zod version: validation is a pure function of
 * those, so a hit returns exactly what validating again would. Loading zod costs about a fifth of a
 * synth of the example configuration, and most synths (diff, deploy, tests) run on unchanged files.
 * Only successes are remembered; a changed file, schema or zod version is validated again.
 * Best effort: an unreadable or corrupt cache file is ignored, a failed write is not an error.
 */
export class ValidationCache {
  private readonly previous: Record<string, unknown>;
  private readonly used: Record<string, unknown> = {};
  private salt?: string;

  constructor(private readonly file: string, private readonly schemaModule: string) {
    this.previous = readEntries(file);
  }

  /** The key of `text` validated against the schema export `schemaName`. */
  public keyFor(schemaName: string, text: string): string {
    this.salt ??= `${FORMAT}\0${zodVersion()}\0${fs.readFileSync(this.schemaModule, 'utf8')}`;
    return crypto.createHash('sha256').update(this.salt).update(`\0${schemaName}\0`).update(text).digest('hex');
  }

  /** The validated value, or undefined when this key has not passed validation before. */
  public get(key: string): unknown {
    if (!Object.prototype.hasOwnProperty.call(this.previous, key)) return undefined;
    return (this.used[key] = this.previous[key]);
  }

  public set(key: string, value: unknown): void {
    this.used[key] = value;
  }

  /** Writes the entries used by this run (so the file does not grow), atomically. */
  public save(): void {
    const keys = Object.keys(this.used);
    if (keys.length === Object.keys(this.previous).length && keys.every((k) => Object.prototype.hasOwnProperty.call(this.previous, k))) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}`;
      fs.writeFileSync(tmp, JSON.stringify({ format: FORMAT, entries: this.used }));
      fs.renameSync(tmp, this.file);
    } catch {
      // A read-only tree only loses the speed-up.
    }
  }
}

function readEntries(file: string): Record<string, unknown> {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    return data?.format === FORMAT && data.entries && typeof data.entries === 'object' ? data.entries : {};
  } catch {
    return {};
  }
}

function zodVersion(): string {
  return (JSON.parse(fs.readFileSync(require.resolve('zod/package.json'), 'utf8')) as { version: string }).version;
}
