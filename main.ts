import { formatWarnings } from './constructs/synthesize-atomically';
import { ConfigError } from './app/load-config';
import { assertBuildIsFresh } from './app/stale-build';
import { parseSynthArgs, SYNTH_USAGE } from './app/synth-args';
import { formatSummary, synthesize } from './app/synthesize';

try {
  // `cdktf synth` sets CDKTF_OUTDIR (and SYNTH_HCL_OUTPUT for --hcl); `npm run synth` uses the same defaults. Strict (CI):
  // warnings fail the synth. HCL: written by app/hcl.ts from the JSON (cdktf's own renderer is switched off: its output
  // fails validate).
  const args = parseSynthArgs(process.argv.slice(2), process.env);
  delete process.env.SYNTH_HCL_OUTPUT;
  if (args.help) {
    console.log(SYNTH_USAGE);
  } else {
    assertBuildIsFresh(__filename);
    const report = synthesize(args);
    console.log(formatSummary(report.summaries, args.outdir));
    if (args.hcl) console.log(`Written as HCL: ${args.outdir}/stacks/<stack>/cdk.tf (README, "Leaving CDKTF").`);
    if (report.warnings.length > 0) console.warn(formatWarnings(report.warnings));
  }
} catch (e) {
  // Configuration and validation errors are the user's to fix: the message says what and where.
  console.error(e instanceof ConfigError ? e.message : `Synthesis failed; nothing was written.\n${(e as Error).message ?? e}`);
  process.exitCode = 1;
}
