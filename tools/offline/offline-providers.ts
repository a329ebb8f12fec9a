import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { keylessNow } from 'keyless-ai-inference/azure';
import { defaultSchemasDir } from './schema-store';

/** Options for starting the offline providers. */
export interface OfflineProvidersOptions {
  /** Directory of `<provider>-<version>.schema.json.gz` files. @default - OFFLINE_SCHEMAS_DIR, ./schemas, or ../shared/provider-schemas */
  readonly schemasDir?: string;
  /** Exact provider versions to serve, e.g. `{ azurerm: '4.55.0' }`. @default - the newest schema of each provider */
  readonly pins?: Record<string, string>;
  /** File the server logs every RPC to. @default - no log */
  readonly logFile?: string;
  /** Extra environment for the server (stands in for the provider's ARM_* variables). @default - none */
  readonly env?: NodeJS.ProcessEnv;
  /** JSON file of the "Azure" objects (kept across server restarts). @default - OFFLINE_AZURE_STORE, else a file in the server's folder, removed on stop */
  readonly azureStore?: string;
  /** Fake Entra ID directory fixture for look-ups. @default - OFFLINE_DIRECTORY, else deterministic fake IDs */
  readonly directory?: string;
  /** Serve only these resource and data source types (see `typesFor`); every command is about twice as fast. @default - all types */
  readonly types?: readonly string[];
}

/** The file in the server's folder that setClock() writes. */
const CLOCK_FILE = 'clock';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort: whatever ends this process (a failing test, an exception), the servers go with it.
  process.on('exit', () => {
    for (const child of live) if (child.pid) try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
  });
}

/** How node runs the server: compiled JS from dist/, or the TypeScript source through the swc hook. */
function serverCommand(): string[] {
  const js = path.join(__dirname, 'serve.js');
  if (fs.existsSync(js) && __filename.endsWith('.js')) return [js];
  return ['-r', path.join(__dirname, '..', 'register-ts.js'), path.join(__dirname, 'serve.ts')];
}

/**
 * The offline azurerm and azuread providers, running in a child process on unix sockets in a private
 * temporary directory. Start once, run any number of Terraform commands with `env()`, then `stop()`.
 */
export class OfflineProviders {
  /** Starts the server and waits until both providers listen. */
  public static async start(options: OfflineProvidersOptions = {}): Promise<OfflineProviders> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfoff-'));
    const args = [...serverCommand(), '--dir', dir, '--schemas', options.schemasDir ?? defaultSchemasDir(), '--parent-pid', String(process.pid), '--exit-with-stdin'];
    for (const [k, v] of Object.entries(options.pins ?? {})) args.push('--pin', `${k}=${v}`);
    if (options.logFile) args.push('--log', options.logFile);
    const azureStore = options.azureStore ?? (process.env.OFFLINE_AZURE_STORE || path.join(dir, 'azure-store.json'));
    args.push('--azure-store', azureStore);
    if (options.directory) args.push('--directory', options.directory);
    if (options.types) args.push('--types', options.types.join(','));
    // Absent until setClock() writes it: until then the server's clock is its KEYLESS_NOW.
    args.push('--clock-file', path.join(dir, CLOCK_FILE));
    installExitHook();
    // Its own process group: a Ctrl-C in the terminal reaches Terraform, not the server (the launcher stops it).
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env }, detached: true });
    live.add(child);
    child.on('exit', () => live.delete(child));
    try {
      const reattach = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        const timer = setTimeout(() => reject(new Error(`offline provider server did not start within 30 s.\n${err}`)), 30_000);
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^TF_REATTACH_PROVIDERS=(.*)$/m.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`offline provider server exited (code ${code}) before it was ready:\n${err.trim()}`));
        });
      });
      return new OfflineProviders(child, dir, reattach, azureStore, ({ ...process.env, ...options.env }).KEYLESS_NOW || undefined);
    } catch (e) {
      if (child.pid && child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  private stopping = false;
  private deathReason: string | undefined;

  private constructor(
    private readonly child: ChildProcess,
    public readonly dir: string,
    public readonly reattach: string,
    /** The JSON file holding the "Azure" objects (edit it with npm run offline:portal). */
    public readonly azureStore: string,
    private currentClock?: string,
  ) {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      // Said once, in plain words: Terraform would otherwise repeat "Plugin did not respond" per resource.
      this.deathReason = `offline provider server (pid ${child.pid}) ended unexpectedly with ${signal ? `signal ${signal}` : `exit code ${code}`}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
      process.stderr.write(`${this.deathReason}\n`);
    });
  }

  /** The server's clock (`KEYLESS_NOW`), when set: Terraform gets the same one for the plan-time checks of grant ends. */
  public get clock(): string | undefined {
    return this.currentClock;
  }

  /**
   * Moves the clock of the running server (and of the Terraform commands run with `env()`) to `now`, an RFC 3339 UTC time,
   * as a restart with `KEYLESS_NOW=now` would, without the restart ("Azure" is kept in its store file either way).
   */
  public setClock(now: string): void {
    keylessNow({ KEYLESS_NOW: now }); // throws, naming the variable, on a malformed time
    const file = path.join(this.dir, CLOCK_FILE);
    fs.writeFileSync(`${file}.tmp`, `${now}\n`);
    fs.renameSync(`${file}.tmp`, file);
    this.currentClock = now;
  }

  /** Why the server ended by itself (undefined while it runs or after stop()). */
  public get died(): string | undefined {
    return this.deathReason;
  }

  /** The server's process ID. */
  public get pid(): number {
    return this.child.pid!;
  }

  /** Environment for Terraform / cdktf commands that use these providers (no CLI config, no checkpoint calls). */
  public env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    // One clock: the stacks' `keyless_now` variable (compared with grant ends in preconditions) follows the providers' KEYLESS_NOW.
    const clock = this.clock ? { TF_VAR_keyless_now: this.clock } : {};
    // Terraform collects garbage often for its small heap: off until 1 GiB, a third less CPU per offline command
    // (0.24 -> 0.16 s user for the example's plan). A GOGC or GOMEMLIMIT of the caller wins.
    const gc = base.GOGC === undefined && base.GOMEMLIMIT === undefined ? { GOGC: 'off', GOMEMLIMIT: '1GiB' } : {};
    return { ...base, ...gc, ...clock, TF_REATTACH_PROVIDERS: this.reattach, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  }

  /** Ends the server by its PID (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
  public async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(this.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(this.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    child.stdin?.destroy();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
