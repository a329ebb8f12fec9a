import * as fs from 'fs';
import * as path from 'path';
import { run } from './offline-workspace';

export { repoRoot } from './app-root';

/** Builds the app and runs it (the `app` command of cdktf.json) so `outdir` holds fresh stacks. */
export async function synthApp(root: string, outdir: string): Promise<void> {
  const env = { ...process.env, CDKTF_OUTDIR: outdir };
  // The app needs only its bundle, as `npm run synth` does (esbuild, when a source changed; type checking is npm test's).
  // A checkout without scripts/build-app.js (an older commit) builds as its own scripts say.
  const bundleOnly = fs.existsSync(path.join(root, 'scripts', 'build-app.js'));
  const [command, args, shown] = bundleOnly ? ['node', ['scripts/build-app.js'], 'node scripts/build-app.js'] : ['npm', ['run', '--silent', 'build'], 'npm run build'];
  const build = await run(command, args, { cwd: root, env });
  if (build.code !== 0) throw new Error(`build failed (${shown}):\n${build.stdout}${build.stderr}`);
  const app = (JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')) as { app: string }).app;
  const synth = await run('sh', ['-c', app], { cwd: root, env });
  if (synth.code !== 0) throw new Error(`synth failed (${app}):\n${synth.stdout}${synth.stderr}`);
  process.stdout.write(synth.stdout);
}

/** The stacks synthesized into `outdir` (folders under stacks/ with a cdk.tf.json). */
export function listStacks(outdir: string): string[] {
  const dir = path.join(outdir, 'stacks');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((s) => fs.existsSync(path.join(dir, s, 'cdk.tf.json'))).sort();
}

/** Checks that the terraform binary is there, with a message that says how to get it. */
export async function assertTerraform(): Promise<string> {
  const res = await run('terraform', ['version', '-json'], { cwd: process.cwd(), env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' } });
  if (res.code !== 0) throw new Error(`\`terraform version\` failed: ${res.stderr}`);
  return (JSON.parse(res.stdout) as { terraform_version: string }).terraform_version;
}

/** Runs a command-line entry point: its exit code, or 1 with the error's message prefixed by `name`. */
export function runCli(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`${name}: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
