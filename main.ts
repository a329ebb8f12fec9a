import { ConfigError } from './app/load-config';
import { assertBuildIsFresh } from './app/stale-build';
import { formatSummary, synthesize } from './app/synthesize';

// `cdktf synth` sets CDKTF_OUTDIR; `npm run synth` uses the same default.
const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
const configDir = process.env.KEYLESS_CONFIG_DIR ?? 'config';

try {
  assertBuildIsFresh(__filename);
  const summaries = synthesize({ configDir, outdir });
  console.log(formatSummary(summaries, outdir));
} catch (e) {
  // Configuration and validation errors are the user's to fix: the message says what and where.
  console.error(e instanceof ConfigError ? e.message : `Synthesis failed; nothing was written.\n${(e as Error).message ?? e}`);
  process.exitCode = 1;
}
