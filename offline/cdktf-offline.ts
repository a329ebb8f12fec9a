/**
 * `npm run cdktf:offline -- <deploy|diff|destroy|output> [stack...] [cdktf options]`
 *
 * Runs the real cdktf CLI (and through it the real `terraform`) against the offline providers:
 * synthesizes the app into `.offline/cdktf.out` (never the real `cdktf.out`), replaces every stack's
 * backend with local state there, starts the providers, and runs
 * `cdktf <command> --output .offline/cdktf.out --skip-synth --skip-provider-lock ...`.
 * State lives in `.offline/cdktf.out/stacks/<stack>/terraform.tfstate` and survives re-synthesis.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { assertTerraform, listStacks, repoRoot, runCli, synthApp } from './cli-common';
import { OfflineProviders } from './offline-providers';
import { pinsFor, writeLocalBackendOverride } from './offline-workspace';
import { defaultSchemasDir } from './schema-store';

const COMMANDS = ['deploy', 'diff', 'destroy', 'output'];

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!COMMANDS.includes(command)) {
    throw new Error(`usage: npm run cdktf:offline -- <${COMMANDS.join('|')}> [stack...] [cdktf options], e.g. npm run cdktf:offline -- deploy dev --auto-approve`);
  }
  const root = repoRoot();
  const outdir = path.join(root, '.offline', 'cdktf.out');
  await assertTerraform();
  await synthApp(root, outdir);
  const stacks = listStacks(outdir);
  for (const s of stacks) writeLocalBackendOverride(path.join(outdir, 'stacks', s));
  const schemasDir = defaultSchemasDir();
  const providers = await OfflineProviders.start({
    schemasDir,
    pins: pinsFor(stacks.map((s) => path.join(outdir, 'stacks', s)), schemasDir),
    // "Azure" for this local state; kept across runs like the state itself.
    azureStore: process.env.OFFLINE_AZURE_STORE || path.join(root, '.offline', 'cdktf-azure-store.json'),
    directory: process.env.OFFLINE_DIRECTORY || undefined,
  });
  try {
    const cli = path.join(root, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
    const args = [cli, command, ...rest, '--output', outdir, '--skip-synth'];
    if (command !== 'output') args.push('--skip-provider-lock');
    console.log(`offline providers on ${providers.dir} (pid ${providers.pid}); running cdktf ${args.slice(1).join(' ')}`);
    return await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: root, env: providers.env(), stdio: 'inherit' });
      child.on('close', (code) => resolve(code ?? 1));
    });
  } finally {
    await providers.stop();
  }
}

if (require.main === module) runCli('cdktf:offline', main);
