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
import { localStateFile, pinsFor, typesFor, writeLocalBackendOverride } from './offline-workspace';
import { defaultSchemasDir } from './schema-store';

const COMMANDS = ['deploy', 'diff', 'destroy', 'output'];

export const CDKTF_OFFLINE_USAGE = `usage: npm run cdktf:offline -- <${COMMANDS.join('|')}> [stack...] [cdktf options]

Runs the real cdktf CLI against the offline azurerm/azuread providers, with local state in
.offline/cdktf.out/stacks/<stack>/terraform.tfstate and "Azure" in .offline/cdktf-azure-store.json
(OFFLINE_AZURE_STORE to change; edit with npm run offline:portal -- --store <file>).

  npm run cdktf:offline -- deploy dev --auto-approve
  npm run cdktf:offline -- diff dev
  npm run cdktf:offline -- destroy dev --auto-approve

deploy and destroy ask for approval on a terminal; without one (CI, pipes) pass --auto-approve.
Other options are passed to cdktf (npx cdktf <command> --help lists them).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help' || (rest.includes('--help') && !COMMANDS.includes(command))) {
    console.log(CDKTF_OFFLINE_USAGE);
    return 0;
  }
  if (!COMMANDS.includes(command)) throw new Error(command ? `unknown command ${JSON.stringify(command)}\n${CDKTF_OFFLINE_USAGE}` : CDKTF_OFFLINE_USAGE);
  if ((command === 'deploy' || command === 'destroy') && !rest.includes('--auto-approve') && !process.stdin.isTTY) {
    // cdktf would wait for an approval nobody can give.
    throw new Error(`\`${command}\` asks for approval, but there is no terminal to answer it: add --auto-approve, e.g. npm run cdktf:offline -- ${command} ${rest.join(' ') || 'dev'} --auto-approve`);
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
    // Types in the local state too, so a type that left the configuration can be read and deleted.
    types: typesFor(stacks.map((s) => path.join(outdir, 'stacks', s)), stacks.map((s) => localStateFile(path.join(outdir, 'stacks', s)))),
    // "Azure" for this local state; kept across runs like the state itself.
    azureStore: process.env.OFFLINE_AZURE_STORE || path.join(root, '.offline', 'cdktf-azure-store.json'),
    directory: process.env.OFFLINE_DIRECTORY || undefined,
  });
  try {
    const cli = path.join(root, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
    const args = [cli, command, ...rest, '--output', outdir, '--skip-synth'];
    if (command !== 'output') args.push('--skip-provider-lock');
    console.log(`offline providers on ${providers.dir} (pid ${providers.pid}); running cdktf ${args.slice(1).join(' ')}`);
    const onInterrupt = () =>
      console.error(
        `\nInterrupted. Local state: ${path.relative(root, outdir)}/stacks/<stack>/terraform.tfstate (an apply cut short may leave .terraform.tfstate.lock.info there: ` +
          `terraform force-unlock, or delete it when nothing else runs). "Azure": ${path.relative(root, providers.azureStore)}. Stopping the offline providers (pid ${providers.pid}).`,
      );
    process.once('SIGINT', onInterrupt);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: root, env: providers.env(), stdio: 'inherit' });
      child.on('close', (c) => resolve(c ?? 1));
    });
    process.removeListener('SIGINT', onInterrupt);
    if (providers.died) console.error(`cdktf failed because ${providers.died}. Terraform's "Plugin did not respond" errors above all come from that.`);
    return code;
  } finally {
    await providers.stop();
  }
}

if (require.main === module) runCli('cdktf:offline', main);
