import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OfflineProviders } from '../offline-providers';
import { OfflineWorkspace, PlanJson } from '../offline-workspace';
import { defaultSchemasDir, listSchemaFiles } from '../schema-store';

/** Why the offline Terraform tests cannot run here, or undefined when they can. */
export function offlineUnavailableReason(): string | undefined {
  const tf = spawnSync('terraform', ['version'], { env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' } });
  if (tf.error || tf.status !== 0) return 'terraform is not on PATH (install Terraform 1.11)';
  const dir = defaultSchemasDir();
  const names = new Set(listSchemaFiles(dir).map((f) => f.name));
  const missing = ['azurerm', 'azuread'].filter((n) => !names.has(n));
  if (missing.length > 0) return `no provider schemas for ${missing.join(', ')} in ${dir} (run \`npm run schemas\` with registry access, or set OFFLINE_SCHEMAS_DIR)`;
  return undefined;
}

/**
 * `describe` for tests that run the real terraform against the offline providers. Without terraform
 * or schemas they are skipped with a printed notice locally, and fail on CI (`CI=true`).
 */
export function describeOffline(name: string, fn: () => void): void {
  const reason = offlineUnavailableReason();
  if (!reason) {
    describe(name, fn);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      test('offline Terraform prerequisites are present on CI', () => {
        throw new Error(`offline Terraform tests cannot run: ${reason}`);
      });
    });
  } else {
    console.warn(`NOTICE: skipping offline Terraform tests "${name}": ${reason}. On CI (CI=true) this fails instead.`);
    // Not `describe.skip(name, fn)`: jest would still run `fn` to collect its tests (and synthesize).
    describe(name, () => {
      test.skip(`skipped: ${reason}`, () => undefined);
    });
  }
}

/** A temporary directory removed by `cleanup`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a synthesized stack JSON as `<dir>/<name>/cdk.tf.json` and returns the stack folder. */
export function writeStack(dir: string, name: string, json: string | object): string {
  const stackDir = path.join(dir, name);
  fs.mkdirSync(stackDir, { recursive: true });
  fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), typeof json === 'string' ? json : JSON.stringify(json, null, 2));
  return stackDir;
}

/** A workspace over a stack folder, in its own working folder below `root`. */
export async function initWorkspace(providers: OfflineProviders, stackDir: string, root: string): Promise<OfflineWorkspace> {
  const ws = new OfflineWorkspace({ stackDir, workDir: path.join(root, 'work', path.basename(stackDir)), providers });
  const init = await ws.init();
  if (init.code !== 0) throw new Error(`terraform init failed in ${ws.workDir}:\n${init.stdout}${init.stderr}`);
  return ws;
}

/** Managed resources of the synthesized JSON counted by type. */
export function countResources(json: { resource?: Record<string, Record<string, unknown>> }): Record<string, number> {
  return Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length]));
}

/** Planned changes with a given action sequence (e.g. ['create'] or ['delete','create']) counted by type. */
export function countChanges(plan: PlanJson, actions: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'managed' && rc.change.actions.join() === actions.join()) out[rc.type] = (out[rc.type] ?? 0) + 1;
  }
  return out;
}

/** Resource instances in the local state of a workspace. */
export function stateResources(workDir: string): { type: string; name: string; values: Record<string, unknown> }[] {
  const state = JSON.parse(fs.readFileSync(path.join(workDir, 'terraform.tfstate'), 'utf8')) as {
    resources: { mode: string; type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
  };
  return state.resources.filter((r) => r.mode === 'managed').flatMap((r) => r.instances.map((i) => ({ type: r.type, name: r.name, values: i.attributes })));
}

/** PIDs of live processes whose command line contains `needle`. */
export function processesMatching(needle: string): number[] {
  const res = spawnSync('pgrep', ['-f', '--', needle], { encoding: 'utf8' });
  return (res.stdout ?? '')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map(Number)
    .filter((pid) => pid !== process.pid);
}
