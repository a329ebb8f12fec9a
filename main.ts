import { formatWarnings } from './constructs/synthesize-atomically';
import { ConfigError } from './app/load-config';
import { assertBuildIsFresh } from './app/stale-build';
import { formatSummary, synthesize } from './app/synthesize';

// `cdktf synth` sets CDKTF_OUTDIR; `npm run synth` uses the same default.
const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
const configDir = process.env.KEYLESS_CONFIG_DIR ?? 'config';
// Strict (CI): warnings fail the synth. `npm run synth -- --strict`, or KEYLESS_STRICT=1 (also under `cdktf synth`).
const strict = process.argv.includes('--strict') || /^(1|true|yes)$/i.test(process.env.KEYLESS_STRICT ?? '');

// Plain Terraform (HCL) instead of JSON, for use without CDKTF: `npm run synth -- --hcl`, or `cdktf synth --hcl` (it sets
// SYNTH_HCL_OUTPUT). Written by app/hcl.ts from the JSON: cdktf's own renderer is switched off, its output fails validate.
const hcl = process.argv.includes('--hcl') || /^(1|true)$/.test(process.env.SYNTH_HCL_OUTPUT ?? '');
delete process.env.SYNTH_HCL_OUTPUT;

try {
  assertBuildIsFresh(__filename);
  const report = synthesize({ configDir, outdir, strict, hcl });
  console.log(formatSummary(report.summaries, outdir));
  if (hcl) console.log(`Written as HCL: ${outdir}/stacks/<stack>/cdk.tf (README, "Leaving CDKTF").`);
  if (report.warnings.length > 0) console.warn(formatWarnings(report.warnings));
} catch (e) {
  // Configuration and validation errors are the user's to fix: the message says what and where.
  console.error(e instanceof ConfigError ? e.message : `Synthesis failed; nothing was written.\n${(e as Error).message ?? e}`);
  process.exitCode = 1;
}
