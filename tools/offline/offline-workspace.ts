import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { OfflineProviders } from './offline-providers';
import { listSchemaFiles, satisfiesConstraint } from './schema-store';

/** Result of one Terraform command. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command and collects its output (never rejects on a non-zero exit). */
export function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error(`\`${command}\` was not found on PATH: install Terraform 1.11 (https://developer.hashicorp.com/terraform/install)`) : e),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The file that switches a stack's backend to local state; Terraform merges `*_override.tf.json` last. */
export const OVERRIDE_FILE = 'offline_override.tf.json';

/** Provider name -> version constraint, from the `required_providers` of every `*.tf.json` in a directory. */
export function requiredProviders(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.tf.json') && x !== OVERRIDE_FILE)) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { terraform?: { required_providers?: Record<string, { version?: string }> } };
    for (const [name, req] of Object.entries(doc.terraform?.required_providers ?? {})) if (req.version) out[name] = req.version;
  }
  return out;
}

/**
 * The schema versions to serve for the given stacks: for each provider, the schema in `schemasDir` that
 * satisfies every stack's pin. Throws a clear error naming the stack, the pin and what is available.
 */
export function pinsFor(stackDirs: readonly string[], schemasDir: string): Record<string, string> {
  const available = listSchemaFiles(schemasDir);
  const pins: Record<string, string> = {};
  for (const dir of stackDirs) {
    for (const [name, constraint] of Object.entries(requiredProviders(dir))) {
      const versions = available.filter((a) => a.name === name).map((a) => a.version);
      if (versions.length === 0) continue; // not a provider the offline server serves
      const ok = versions.filter((v) => satisfiesConstraint(v, constraint));
      if (pins[name] && ok.includes(pins[name])) continue;
      if (ok.length === 0) {
        throw new Error(
          `Stack ${path.basename(dir)} pins ${name} "${constraint}", but the offline schemas in ${schemasDir} are for ${name} ${versions.join(', ')}. ` +
            `The offline plan would check the configuration against the wrong schema: produce the schema for the pinned version with \`npm run schemas\` (needs registry access), or change the pin.`,
        );
      }
      pins[name] = ok[ok.length - 1];
    }
  }
  return pins;
}

/**
 * The resource and data source types the offline server must serve: those the synthesized stacks in `stackDirs` use and
 * those any of `stateFiles` holds. Terraform reads (and upgrades) every resource in state before it plans, so a type that
 * left the configuration but is still in state must be served, or the plan of its deletion fails with "no schema
 * available ... while reading state". State files that do not exist yet are skipped.
 */
export function typesFor(stackDirs: readonly string[], stateFiles: readonly string[] = []): string[] {
  const types = new Set<string>();
  for (const dir of stackDirs) {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as { resource?: object; data?: object };
    for (const t of [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})]) types.add(t);
  }
  for (const t of stateTypes(stateFiles)) types.add(t);
  return [...types].sort();
}

/** The resource and data source types held by the given Terraform state files (missing files skipped). */
export function stateTypes(stateFiles: readonly string[]): string[] {
  const types = new Set<string>();
  for (const file of stateFiles) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    let state: { resources?: { type?: unknown }[] };
    try {
      state = JSON.parse(text) as typeof state;
    } catch (e) {
      throw new Error(`cannot read the Terraform state ${file}: ${(e as Error).message}; restore it from its .backup beside it, or remove it to start from empty state`);
    }
    for (const r of state.resources ?? []) if (typeof r.type === 'string') types.add(r.type);
  }
  return [...types].sort();
}

/** The local state file of a workspace folder (what `writeLocalBackendOverride` points Terraform at). */
export function localStateFile(workDir: string): string {
  return path.join(workDir, 'terraform.tfstate');
}

/** Options of an offline workspace. */
export interface OfflineWorkspaceOptions {
  /** The synthesized stack, e.g. `cdktf.out/stacks/dev`. */
  readonly stackDir: string;
  /** Where to run Terraform (a copy of the stack with local state); created or refreshed. */
  readonly workDir: string;
  /** The running providers. */
  readonly providers: OfflineProviders;
}

/**
 * A working copy of one synthesized stack whose backend is replaced by local state, so the real
 * `terraform` binary can init, validate, plan and apply it against the offline providers.
 */
export class OfflineWorkspace {
  public readonly stackDir: string;
  public readonly workDir: string;
  private readonly providers: OfflineProviders;

  constructor(options: OfflineWorkspaceOptions) {
    this.stackDir = path.resolve(options.stackDir);
    this.workDir = path.resolve(options.workDir);
    this.providers = options.providers;
    this.sync();
  }

  /** Copies the stack's Terraform files into the working directory (keeping .terraform and state) and writes the backend override. */
  public sync(): void {
    fs.mkdirSync(this.workDir, { recursive: true });
    for (const f of fs.readdirSync(this.workDir)) if (f.endsWith('.tf.json') || f.endsWith('.tf')) fs.rmSync(path.join(this.workDir, f));
    for (const entry of fs.readdirSync(this.stackDir, { withFileTypes: true })) {
      if (entry.name === '.terraform' || entry.name.includes('.tfstate') || entry.name.endsWith('.tfplan') || entry.name === '.terraform.lock.hcl') continue;
      fs.cpSync(path.join(this.stackDir, entry.name), path.join(this.workDir, entry.name), { recursive: true });
    }
    writeLocalBackendOverride(this.workDir);
  }

  /** Runs `terraform <args>` in the working directory with the offline providers. */
  public terraform(...args: string[]): Promise<TerraformResult> {
    return run('terraform', args, { cwd: this.workDir, env: this.providers.env() });
  }

  /** `terraform init` (no registry access: both providers are reattached). */
  public init(): Promise<TerraformResult> {
    return this.terraform('init', '-input=false', '-no-color', '-reconfigure');
  }

  public validate(): Promise<TerraformResult> {
    return this.terraform('validate', '-no-color');
  }

  /**
   * `terraform plan` saving the plan; `json` is `terraform show -json` of it when the plan succeeded, unless
   * `options.json` is false (a caller that only needs the exit code or the output saves one Terraform command).
   */
  public async plan(planFile = 'offline.tfplan', options: { readonly json?: boolean } = {}): Promise<TerraformResult & { json?: PlanJson; exitCode: number }> {
    const res = await this.terraform('plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${planFile}`);
    if (res.code === 1 || options.json === false) return { ...res, exitCode: res.code };
    const show = await this.terraform('show', '-json', planFile);
    if (show.code !== 0) return { ...show, exitCode: 1 };
    return { ...res, exitCode: res.code, json: JSON.parse(show.stdout) as PlanJson };
  }

  /** Applies a saved plan into local state. */
  public apply(planFile = 'offline.tfplan'): Promise<TerraformResult> {
    return this.terraform('apply', '-input=false', '-no-color', '-auto-approve', planFile);
  }
}

/** Writes the override that replaces any backend (azurerm with Entra auth, typically) by local state. */
export function writeLocalBackendOverride(dir: string): void {
  fs.writeFileSync(path.join(dir, OVERRIDE_FILE), JSON.stringify({ terraform: { backend: { local: { path: 'terraform.tfstate' } } } }, null, 2) + '\n');
}

/** The parts of `terraform show -json <plan>` the tools read. */
export interface PlanJson {
  readonly resource_changes?: {
    readonly address: string;
    readonly type: string;
    readonly mode: 'managed' | 'data';
    readonly change: { readonly actions: string[]; readonly before: unknown; readonly after: Record<string, unknown> | null; readonly after_unknown?: Record<string, unknown>; readonly replace_paths?: unknown[][] };
  }[];
}

/** Managed resource changes counted by action (create, update, delete, replace, no-op) and type. */
export function summarizePlan(plan: PlanJson): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== 'managed') continue;
    const a = rc.change.actions;
    const action = a.length === 2 ? 'replace' : a[0] === 'no-op' ? 'no-op' : a[0];
    out[action] = out[action] ?? {};
    out[action][rc.type] = (out[action][rc.type] ?? 0) + 1;
  }
  return out;
}
