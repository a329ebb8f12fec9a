/**
 * `npm run plan:offline -- [stack...] [--skip-synth] [--apply] [--acknowledge] [--outdir cdktf.out]`
 *
 * Synthesizes the app, then for each stack (all when none given) runs the real `terraform init` and
 * `plan` against the offline azurerm/azuread providers with local state in `.offline/<stack>/`, prints
 * the plan, writes `.offline/<stack>/plan.json` (`terraform show -json`) and prints its plan review
 * (tools/access-report/plan-review.ts). With `--apply` it also applies into that local state and plans again, which
 * must show no changes; a plan with destructive changes is applied only with `--acknowledge`.
 * Exit code: 1 when a stack failed, else 2 when destructive changes are not acknowledged, else 0.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readStackFile, reviewPlan } from '@keyless-ai-inference/access-report';
import { assertTerraform, listStacks, repoRoot, runCli, synthApp } from './cli-common';
import { explainTerraformFailure } from './explain';
import { OfflineProviders } from './offline-providers';
import { localStateFile, OfflineWorkspace, pinsFor, summarizePlan, typesFor } from './offline-workspace';
import { defaultSchemasDir } from './schema-store';

export const PLAN_OFFLINE_USAGE = `usage: npm run plan:offline -- [stack...] [--skip-synth] [--apply] [--acknowledge] [--outdir DIR]

Synthesizes the app and runs the real terraform init + plan for each stack (all when none is named) against
the offline azurerm/azuread providers, with local state in .offline/<stack>/ and the plan JSON in
.offline/<stack>/plan.json.

  --apply        also apply into that local state and plan again (must show no changes); a stack whose plan
                 has unacknowledged destructive changes is not applied
  --acknowledge  the plan review's destructive changes are approved (exit 0 instead of 2)
  --skip-synth   use what is already in the outdir
  --outdir DIR   synthesized app (default: cdktf.out)
  --help         this text

"Azure" (what exists) is kept in .offline/azure-store.json (OFFLINE_AZURE_STORE to change); edit it with
npm run offline:portal. OFFLINE_DIRECTORY names a fake Entra ID directory fixture for look-ups.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(PLAN_OFFLINE_USAGE);
    return 0;
  }
  const root = repoRoot();
  let outdir = path.join(root, 'cdktf.out');
  let skipSynth = false;
  let apply = false;
  let acknowledge = false;
  const wanted: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--skip-synth') skipSynth = true;
    else if (a === '--apply') apply = true;
    else if (a === '--acknowledge') acknowledge = true;
    else if (a === '--outdir') outdir = path.resolve(argv[++i] ?? '');
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${PLAN_OFFLINE_USAGE}`);
    else wanted.push(a);
  }
  const tfVersion = await assertTerraform();
  if (!skipSynth) await synthApp(root, outdir);
  const all = listStacks(outdir);
  const stacks = wanted.length > 0 ? wanted : all;
  const missing = stacks.filter((s) => !all.includes(s));
  if (missing.length > 0) throw new Error(`no synthesized stack named ${missing.join(', ')} in ${outdir}/stacks (found: ${all.join(', ') || 'none'})`);

  const schemasDir = defaultSchemasDir();
  const pins = pinsFor(stacks.map((s) => path.join(outdir, 'stacks', s)), schemasDir);
  console.log(`Offline plan with Terraform ${tfVersion}; provider schemas from ${schemasDir}: ${Object.entries(pins).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const logFile = path.join(root, '.offline', 'provider.log');
  fs.rmSync(logFile, { force: true });
  const azureStore = process.env.OFFLINE_AZURE_STORE || path.join(root, '.offline', 'azure-store.json');
  // Types in the local state too: a stack whose last resource of a type left the configuration plans its deletion.
  const types = typesFor(all.map((s) => path.join(outdir, 'stacks', s)), all.map((s) => localStateFile(path.join(root, '.offline', s))));
  const providers = await OfflineProviders.start({ schemasDir, pins, logFile, azureStore, directory: process.env.OFFLINE_DIRECTORY || undefined, types });
  let failed = 0;
  let unacknowledged = 0;
  let current: string | undefined;
  const onInterrupt = () => {
    // Terraform got the same Ctrl-C and finishes writing its state; say what is left where.
    console.error(
      `\nInterrupted.${current ? ` Terraform was working in ${path.relative(process.cwd(), current) || '.'}: its local state is terraform.tfstate there; if it was interrupted mid-apply, a lock (.terraform.tfstate.lock.info) may remain — the next run explains how to remove it.` : ''}` +
        ` Earlier stacks' state: .offline/<stack>/. "Azure": ${path.relative(process.cwd(), azureStore)}. Offline providers (pid ${providers.pid}) stopped.`,
    );
    void providers.stop().then(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  const explain = (text: string) => explainTerraformFailure(text, { workDir: current, serverDied: providers.died });
  try {
    for (const stack of stacks) {
      if (providers.died) {
        console.error(`Skipping ${stack}: ${providers.died}`);
        failed++;
        continue;
      }
      const ws = new OfflineWorkspace({ stackDir: path.join(outdir, 'stacks', stack), workDir: path.join(root, '.offline', stack), providers });
      current = ws.workDir;
      console.log(`\n=== ${stack} (${path.relative(root, ws.workDir)}) ===`);
      const init = await ws.init();
      if (init.code !== 0) {
        console.error(explain(init.stdout + init.stderr));
        failed++;
        continue;
      }
      const plan = await ws.plan();
      process.stdout.write(plan.stdout);
      if (plan.exitCode === 1 || !plan.json) {
        process.stderr.write(explain(plan.stderr) + '\n');
        failed++;
        continue;
      }
      const jsonFile = path.join(ws.workDir, 'plan.json');
      fs.writeFileSync(jsonFile, JSON.stringify(plan.json, null, 2));
      console.log(`Plan JSON: ${path.relative(process.cwd(), jsonFile)}`);
      console.log(`Summary: ${JSON.stringify(summarizePlan(plan.json))}`);
      const review = reviewPlan(plan.json, { stack, acknowledge, planPath: jsonFile, stackFile: readStackFile(jsonFile) });
      console.log(`Plan review:\n${review.text}`);
      if (review.exitCode !== 0) {
        unacknowledged++;
        if (apply) console.log('Not applied: the plan has destructive changes; re-run with --acknowledge to apply them.');
        continue;
      }
      if (apply && plan.exitCode === 2) {
        const applied = await ws.apply();
        process.stdout.write(applied.stdout.split('\n').filter((l) => /Apply complete|Error/.test(l)).join('\n') + '\n');
        if (applied.code !== 0) {
          process.stderr.write(explain(applied.stderr) + '\n');
          failed++;
          continue;
        }
        const again = await ws.plan(undefined, { json: false });
        console.log(again.exitCode === 0 ? 'Second plan: no changes.' : `Second plan is NOT empty:\n${again.stdout}${again.stderr}`);
        if (again.exitCode !== 0) failed++;
      }
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await providers.stop();
  }
  return failed > 0 ? 1 : unacknowledged > 0 ? 2 : 0;
}

if (require.main === module) runCli('plan:offline', main);
