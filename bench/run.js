#!/usr/bin/env node
'use strict';
// `npm run bench`: synth time and peak memory of the app against the `cdktf init`-style baseline and
// the floor (Node loading cdktf), a scaling series, the review command (npm run review: base applied and the working
// tree planned offline, every stack) and the test suite's wall time. Writes bench/RESULTS.md.
//
//   node bench/run.js [--skip-tests] [--skip-scale] [--skip-review] [--app-runs N] [--baseline-runs N] [--scale-runs N]
//   node bench/run.js --review-only   # only the review command, printed (RESULTS.md untouched)
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { generateBaseline } = require('./baseline');
const { writeScaleConfig } = require('./scale-config');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(__dirname, '.work');
const RESULTS = path.join(__dirname, 'RESULTS.md');
const SCALE_SIZES = [10, 100, 500, 1000, 5000];

// Unknown options are refused (a mistyped --skip-tests would otherwise run the whole suite for minutes).
const { values: args } = (() => {
  const runs = { type: 'string' };
  const options = { 'skip-tests': { type: 'boolean' }, 'skip-scale': { type: 'boolean' }, 'skip-review': { type: 'boolean' }, 'review-only': { type: 'boolean' }, 'app-runs': runs, 'baseline-runs': runs, 'scale-runs': runs };
  try {
    return require('util').parseArgs({ args: process.argv.slice(2), options });
  } catch (e) {
    console.error(`bench: ${e.message}\nusage: npm run bench -- [--skip-tests] [--skip-scale] [--skip-review] [--review-only] [--app-runs N] [--baseline-runs N] [--scale-runs N]`);
    process.exit(1);
  }
})();
const flag = (name) => args[name.slice(2)] === true;
const option = (name, fallback) => {
  const value = args[name.slice(2)];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: ${name} ${value}: give a whole number of runs, 1 or more`);
    process.exit(1);
  }
  return n;
};
const APP_RUNS = option('--app-runs', 5);
/** The review command's goal on the 2-core machine (issue 20). */
const REVIEW_GOAL_MS = 60_000;
const BASELINE_RUNS = option('--baseline-runs', 3);
const SCALE_RUNS = option('--scale-runs', 3);

// Terraform and cdktf must never reach the network; the app itself does not call them.
const BASE_ENV = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' };

/**
 * Runs a command under GNU time and returns wall time (ms, measured here around the child) and peak
 * resident set size (KB: GNU time's %M, the largest RSS of any process in the command's tree).
 */
function measure(label, cmd, args, { cwd = ROOT, env = {} } = {}) {
  const rssFile = path.join(WORK, 'rss.txt');
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args], {
    cwd, env: { ...BASE_ENV, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) {
    throw new Error(`${label} failed (exit ${r.status}): ${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  }
  const rssKb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return { ms, rssKb, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb) => `${Math.round(kb / 1024)} MB`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
const log = (s) => process.stdout.write(`${s}\n`);

/** Every file under `dir`, relative, sorted. */
function filesOf(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = path.join(rel, e.name);
    return e.isDirectory() ? filesOf(dir, r) : [r];
  }).sort();
}

/** Throws unless both folders hold the same files with the same bytes. Nothing is excluded. */
function assertIdentical(a, b) {
  const fa = filesOf(a);
  const fb = filesOf(b);
  if (JSON.stringify(fa) !== JSON.stringify(fb)) {
    throw new Error(`output file lists differ:\n  app:      ${fa.join(', ')}\n  baseline: ${fb.join(', ')}`);
  }
  for (const f of fa) {
    if (!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))) {
      throw new Error(`output differs from the baseline's: ${f} (compare ${path.join(a, f)} and ${path.join(b, f)})`);
    }
  }
  return fa;
}

/**
 * `npm run review -- --base HEAD` on the example configuration, every stack, from a fresh output folder: the base commit
 * checked out, built and synthesized with its own code, applied offline, the working tree synthesized and planned
 * against that state, plan review and access review. --acknowledge, so a working tree with destructive edits still exits 0.
 */
function benchReview() {
  const out = path.join(WORK, 'review');
  fs.rmSync(out, { recursive: true, force: true });
  const r = measure('review', 'npm', ['run', '--silent', 'review', '--', '--base', 'HEAD', '--out', out, '--acknowledge']);
  const phases = r.stdout.split('\n').filter((l) => /^(Working tree|Base|Review done)/.test(l)).map((l) => l.trim());
  const stacks = fs.readdirSync(out).filter((d) => fs.existsSync(path.join(out, d, 'plan.json'))).sort();
  return { ms: r.ms, rssKb: r.rssKb, phases, stacks };
}

function main() {
  fs.mkdirSync(WORK, { recursive: true });
  if (flag('--review-only')) {
    const review = benchReview();
    log(`review (every stack: ${review.stacks.join(', ')}): ${sec(review.ms)}, peak RSS ${mb(review.rssKb)}; goal under ${sec(REVIEW_GOAL_MS)}; load ${load()}`);
    for (const p of review.phases) log(`  ${p}`);
    return;
  }
  const started = new Date();
  const loadBefore = load();
  log(`load average before: ${loadBefore}`);

  log('building (npm run build) ...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', env: BASE_ENV });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);

  const baselineDir = path.join(WORK, 'baseline');
  const rewritten = generateBaseline(baselineDir);
  log(`baseline generated in ${path.relative(ROOT, baselineDir)}: ${rewritten.files} files, ${rewritten.rewritten} deep provider imports rewritten to package roots`);

  // 1. Example configuration: floor, app and baseline, alternating.
  const configDir = path.join(ROOT, 'config');
  const appOut = path.join(WORK, 'out', 'app');
  const baselineOut = path.join(WORK, 'out', 'baseline');
  fs.rmSync(path.join(WORK, 'out'), { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'out'));
  const app = () => measure('app', 'node', ['dist/app.js'], { env: { KEYLESS_CONFIG_DIR: configDir, CDKTF_OUTDIR: appOut } });
  const floor = () => measure('floor', 'node', ['-e', "require('cdktf')"]);
  const baseline = () => measure('baseline', 'npx', ['ts-node', 'main.ts'], {
    cwd: baselineDir, env: { KEYLESS_CONFIG_DIR: configDir, CDKTF_OUTDIR: baselineOut },
  });
  // Untimed warm-up: the first process after a build pays for cold file caches.
  app();
  floor();
  const runs = { floor: [], app: [], baseline: [] };
  for (let i = 0; i < Math.max(APP_RUNS, BASELINE_RUNS); i++) {
    if (i < APP_RUNS) runs.floor.push(floor());
    if (i < APP_RUNS) runs.app.push(app());
    if (i < BASELINE_RUNS) runs.baseline.push(baseline());
    log(`  round ${i + 1}: ${Object.entries(runs).map(([k, v]) => (v[i] ? `${k} ${sec(v[i].ms)} ${mb(v[i].rssKb)}` : '')).filter(Boolean).join(' | ')}`);
  }
  const compared = assertIdentical(appOut, baselineOut);
  log(`baseline output is byte-identical to the app's (${compared.length} files)`);
  const stat = (k) => ({ ms: median(runs[k].map((r) => r.ms)), rssKb: median(runs[k].map((r) => r.rssKb)) });
  const ex = { app: stat('app'), floor: stat('floor'), baseline: stat('baseline') };

  // 2. Scaling series: N principals, in environments of at most 2,500 (one subscription each: Azure's 4,000 limit).
  const scale = [];
  if (!flag('--skip-scale')) {
    for (const n of SCALE_SIZES) {
      const { dir, stacks } = writeScaleConfig(path.join(WORK, `scale-config-${n}`), n);
      const out = path.join(WORK, 'out', `scale-${n}`);
      const rs = [];
      for (let i = 0; i < SCALE_RUNS; i++) rs.push(measure(`scale ${n}`, 'node', ['dist/app.js'], { env: { KEYLESS_CONFIG_DIR: dir, CDKTF_OUTDIR: out } }));
      const tfs = stacks.map((s) => JSON.parse(fs.readFileSync(path.join(out, 'stacks', s, 'cdk.tf.json'), 'utf8')));
      const assignments = tfs.reduce((a, tf) => a + Object.keys(tf.resource.azurerm_role_assignment).length, 0);
      const lookups = tfs.reduce((a, tf) => a + Object.values(tf.data ?? {}).reduce((b, d) => b + Object.keys(d).length, 0), 0);
      // n developer grants + 1 administrator grant per stack; half the principals looked up, plus each stack's client config.
      const k = stacks.length;
      if (assignments !== n + k || lookups !== n / 2 + k) throw new Error(`scale ${n}: expected ${n + k} assignments and ${n / 2 + k} data sources, got ${assignments} and ${lookups}`);
      const row = { n, stacks: k, ms: median(rs.map((r) => r.ms)), rssKb: median(rs.map((r) => r.rssKb)), maxRssKb: Math.max(...rs.map((r) => r.rssKb)), runs: rs.map((r) => r.ms) };
      scale.push(row);
      log(`  scale ${n}: ${sec(row.ms)} ${mb(row.rssKb)} (runs: ${rs.map((r) => sec(r.ms)).join(', ')})`);
    }
  }

  // 3. The review command (issue 20), once: it is one long pipeline, not a micro-benchmark.
  let review;
  if (!flag('--skip-review')) {
    log('running npm run review -- --base HEAD ...');
    review = benchReview();
    log(`  review: ${sec(review.ms)} (${review.phases.join('; ')})`);
  }

  // 4. The test suite (the README's command), once.
  let tests;
  if (!flag('--skip-tests')) {
    log('running npm test ...');
    const start = process.hrtime.bigint();
    const r = spawnSync('npm', ['test'], { cwd: ROOT, encoding: 'utf8', env: BASE_ENV, maxBuffer: 256 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const summary = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^(Test Suites|Tests|Snapshots|Time):/.test(l.trim())).map((l) => l.trim());
    tests = { ms, status: r.status, summary };
    log(`  npm test: ${sec(ms)}, exit ${r.status}`);
  }

  const report = writeResults({ started, loadBefore, loadAfter: load(), rewritten, runs, ex, scale, review, tests });
  log('');
  log(report.table);
  log(`\nwrote ${path.relative(ROOT, RESULTS)}`);
  if (!report.allMet) process.exitCode = 1;
}

function writeResults({ started, loadBefore, loadAfter, rewritten, runs, ex, scale, review, tests }) {
  const speedup = ex.baseline.ms / ex.app.ms;
  const memRatio = ex.baseline.rssKb / ex.app.rssKb;
  const overFloor = ex.app.ms / ex.floor.ms;
  const at = (n) => scale.find((s) => s.n === n);
  const growth = at(5000) && at(500) ? at(5000).ms / at(500).ms : undefined;
  const targets = [
    ['example: app at least 15x faster than the baseline', `${speedup.toFixed(1)}x`, speedup >= 15],
    ['example: app at least 8x less peak memory than the baseline', `${memRatio.toFixed(1)}x`, memRatio >= 8],
    ['example: app within 1.5x of the floor (node loading cdktf)', `${overFloor.toFixed(2)}x`, overFloor <= 1.5],
  ];
  if (growth !== undefined) {
    targets.push(['scale: time(5,000) / time(500) at most 12', growth.toFixed(1), growth <= 12]);
    targets.push(['scale: peak memory at 5,000 principals under 1 GB', mb(at(5000).maxRssKb), at(5000).maxRssKb < 1024 * 1024]);
  }
  if (review) targets.push(['review: every stack, base applied and the working tree planned offline, under 60 s', sec(review.ms), review.ms < REVIEW_GOAL_MS]);
  const allMet = targets.every((t) => t[2]);
  const pkg = (p) => require(path.join(ROOT, 'node_modules', p, 'package.json')).version;
  const cpus = os.cpus();

  const table = [
    '| run | median wall time | median peak RSS |',
    '|---|---|---|',
    `| floor: \`node -e "require('cdktf')"\` (${runs.floor.length} runs) | ${sec(ex.floor.ms)} | ${mb(ex.floor.rssKb)} |`,
    `| app: \`node dist/app.js\`, example configuration (${runs.app.length} runs) | ${sec(ex.app.ms)} | ${mb(ex.app.rssKb)} |`,
    `| baseline: \`npx ts-node main.ts\`, root imports (${runs.baseline.length} runs) | ${sec(ex.baseline.ms)} | ${mb(ex.baseline.rssKb)} |`,
    `| **baseline / app** | **${speedup.toFixed(1)}x** | **${memRatio.toFixed(1)}x** |`,
    `| **app / floor** | **${overFloor.toFixed(2)}x** | ${(ex.app.rssKb / ex.floor.rssKb).toFixed(2)}x |`,
  ].join('\n');
  const scaleTable = scale.length === 0 ? '_skipped (--skip-scale)_' : [
    '| principals | role assignments | Entra ID lookups | median wall time | median peak RSS | max peak RSS | time / time(previous) | runs |',
    '|---:|---:|---:|---:|---:|---:|---:|---|',
    ...scale.map((s, i) => `| ${s.n} | ${s.n + s.stacks} | ${s.n / 2 + s.stacks} | ${sec(s.ms)} | ${mb(s.rssKb)} | ${mb(s.maxRssKb)} | ${i ? `${(s.ms / scale[i - 1].ms).toFixed(2)} (size x${s.n / scale[i - 1].n})` : ''} | ${s.runs.map(sec).join(', ')} |`),
  ].join('\n');
  const targetTable = ['| target | measured | met |', '|---|---|---|', ...targets.map(([t, v, ok]) => `| ${t} | ${v} | ${ok ? 'yes' : '**no**'} |`)].join('\n');
  const rounds = runs.app.map((_, i) => `| ${i + 1} | ${sec(runs.floor[i].ms)} / ${mb(runs.floor[i].rssKb)} | ${sec(runs.app[i].ms)} / ${mb(runs.app[i].rssKb)} | ${runs.baseline[i] ? `${sec(runs.baseline[i].ms)} / ${mb(runs.baseline[i].rssKb)}` : ''} |`);

  const md = `# Benchmark results

Generated by \`npm run bench\` (\`node bench/run.js\`) on ${started.toISOString()}. Do not edit by hand, except the "Dev loop" section at the end (measured with hyperfine; kept by \`npm run bench\`).

## Example configuration (\`config/\`: bootstrap, dev, prod)

${table}

Rounds (floor, app and baseline alternate within each round; wall time / peak RSS):

| round | floor | app | baseline |
|---|---|---|---|
${rounds.join('\n')}

The baseline's \`cdktf.out\` was compared with the app's byte for byte, every file including \`manifest.json\`, nothing excluded: identical.

## Scaling: N principals (environments of at most 2,500, one subscription each)

Mixed types (users, groups, service principals, managed identities), half given by object ID and half looked up in
Entra ID (by UPN, group display name, client ID, service principal display name); each principal gets the inference
role, plus one administrator grant to the deploying identity. App command as above, ${SCALE_RUNS} runs per size.

${scaleTable}

## Review command

${review ? `\`npm run review -- --base HEAD --acknowledge\` from a fresh output folder (every stack: ${review.stacks.join(', ')}; the base commit
checked out in a git worktree, built and synthesized with its own code, applied offline; the working tree synthesized and
planned against that state; plan review, access review, summary), run once: **${sec(review.ms)}**, peak RSS ${mb(review.rssKb)}.

\`\`\`
${review.phases.join('\n')}
\`\`\`` : '_skipped (--skip-review)_'}

## Test suite

${tests ? `\`npm test\` (type check, then jest), run once: **${sec(tests.ms)}**, exit status ${tests.status}${tests.status === 0 ? '' : ' (failing; other engineers\' work in progress may be part of it)'}.
${tests.summary.length ? `\n\`\`\`\n${tests.summary.join('\n')}\n\`\`\`` : ''}` : '_skipped (--skip-tests)_'}

## Targets

${targetTable}

## Machine

- ${cpus.length} CPUs (\`nproc\` ${os.availableParallelism ? os.availableParallelism() : cpus.length}), ${cpus[0]?.model ?? 'unknown model'}; ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory; ${os.type()} ${os.release()}
- Node ${process.version}; cdktf ${pkg('cdktf')}, @cdktf/provider-azurerm ${pkg('@cdktf/provider-azurerm')}, @cdktf/provider-azuread ${pkg('@cdktf/provider-azuread')}, constructs ${pkg('constructs')}, zod ${pkg('zod')}, ts-node ${pkg('ts-node')}, typescript ${pkg('typescript')}
- Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAfter}. The machine is shared: other engineers' jobs
  (tests, builds) may have run at the same time, so single runs are noisy; the figures are medians.

## Method

- \`npm run build\` first, then an untimed warm-up run of the app and of the floor.
- **App**: \`node dist/app.js\` (the \`app\` of cdktf.json: \`main.ts\` with its dependencies, cdktf and the provider classes it
  imports, bundled into one file by esbuild in \`npm run build\`, so Node resolves and reads one file instead of about 400) with \`KEYLESS_CONFIG_DIR=config\` and \`CDKTF_OUTDIR=bench/.work/out/app\`;
  the output folder persists between runs, as in a user's repeated synth.
- **Baseline**: generated at run time by \`bench/baseline.js\` from the project's own \`main.ts\`, \`app/\` and \`constructs/\`
  (${rewritten.files} files) into \`bench/.work/baseline/\`, with each of the ${rewritten.rewritten} deep provider imports
  (\`@cdktf/provider-azurerm/lib/role-assignment\`) rewritten to an import of its namespace (\`roleAssignment\`) from the package root,
  the project's strict tsconfig, and run the way \`cdktf init --template=typescript\` projects run it: \`npx ts-node main.ts\`
  (type-checking ts-node, no precompilation).
- **Floor**: \`node -e "require('cdktf')"\`.
- Rounds alternate floor, app and baseline; ${runs.app.length} app and floor runs, ${runs.baseline.length} baseline runs (the baseline is slow).
  Figures are medians.
- **Wall time**: measured by the benchmark around each child process (\`process.hrtime\`).
- **Peak memory**: GNU \`/usr/bin/time -f %M\`, the maximum resident set size of the largest process in the command's tree
  (for the baseline, the ts-node process that npx starts).
- **Scaling**: configurations written by \`bench/scale-config.js\` into \`bench/.work/\`; the benchmark checks each output holds
  N+1 role assignments and N/2+1 data sources.
- Reproduce: \`npm run bench\` (options: \`--skip-tests\`, \`--skip-scale\`, \`--skip-review\`, \`--review-only\`, \`--app-runs N\`, \`--baseline-runs N\`, \`--scale-runs N\`).
`;
  // The "Dev loop" section is measured separately (hyperfine, see its text) and kept across runs.
  const previous = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : '';
  const devLoop = previous.match(/\n## Dev loop\n[\s\S]*?(?=\n## |$)/);
  fs.writeFileSync(RESULTS, devLoop ? `${md.trimEnd()}\n${devLoop[0].trimEnd()}\n` : md);
  const short = [
    `example  floor ${sec(ex.floor.ms)} ${mb(ex.floor.rssKb)} | app ${sec(ex.app.ms)} ${mb(ex.app.rssKb)} | baseline ${sec(ex.baseline.ms)} ${mb(ex.baseline.rssKb)}`,
    `         baseline/app ${speedup.toFixed(1)}x time, ${memRatio.toFixed(1)}x memory; app/floor ${overFloor.toFixed(2)}x`,
    ...scale.map((s) => `scale ${String(s.n).padStart(5)}  ${sec(s.ms).padStart(8)}  ${mb(s.rssKb).padStart(7)}`),
    ...(tests ? [`npm test ${sec(tests.ms)} (exit ${tests.status})`] : []),
    ...targets.map(([t, v, ok]) => `${ok ? 'met    ' : 'NOT MET'} ${t}: ${v}`),
  ].join('\n');
  return { table: short, allMet };
}

try {
  main();
} catch (e) {
  console.error(`bench failed: ${e.message}`);
  process.exitCode = 2;
} finally {
  // The generated baseline imports provider packages from their roots on purpose; leave none of it behind.
  fs.rmSync(WORK, { recursive: true, force: true });
}
