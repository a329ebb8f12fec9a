import { ConfigError } from './load-config';

export const SYNTH_USAGE = `usage: npm run synth -- [--strict] [--hcl] [--help]

Synthesizes one stack per environment (config/environments/*.json) plus the bootstrap stack into cdktf.out
(CDKTF_OUTDIR to change; KEYLESS_CONFIG_DIR reads another configuration folder). Nothing is written when anything fails.

  --strict  warnings fail the synth (for CI); also KEYLESS_STRICT=1
  --hcl     write plain Terraform (cdk.tf) instead of JSON; also SYNTH_HCL_OUTPUT=true (set by \`cdktf synth --hcl\`)
  --help    this text`;

/** What `npm run synth` / `cdktf synth` was asked to do. */
export interface SynthArgs {
  readonly help: boolean;
  readonly strict: boolean;
  readonly hcl: boolean;
  readonly outdir: string;
  readonly configDir: string;
}

/**
 * Reads the synth's arguments and environment. An unknown argument or a switch variable that is neither on nor off is
 * refused: a CI line with `--strikt` or `KEYLESS_STRICT=on` must not synthesize without the strictness it asked for.
 */
export function parseSynthArgs(argv: readonly string[], env: NodeJS.ProcessEnv): SynthArgs {
  let help = false;
  let strict = switchOf(env, 'KEYLESS_STRICT');
  let hcl = switchOf(env, 'SYNTH_HCL_OUTPUT');
  for (const a of argv) {
    if (a === '--help' || a === '-h') help = true;
    else if (a === '--strict') strict = true;
    else if (a === '--hcl') hcl = true;
    else throw new ConfigError(`synth: unknown argument ${JSON.stringify(a)}: nothing was written. The synth takes --strict, --hcl and --help.\n\n${SYNTH_USAGE}`);
  }
  return { help, strict, hcl, outdir: nonEmpty(env, 'CDKTF_OUTDIR') ?? 'cdktf.out', configDir: nonEmpty(env, 'KEYLESS_CONFIG_DIR') ?? 'config' };
}

const ON = /^(1|true|yes|on)$/i;
const OFF = /^(0|false|no|off)?$/i;

function switchOf(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name];
  if (value === undefined) return false;
  if (ON.test(value.trim())) return true;
  if (OFF.test(value.trim())) return false;
  throw new ConfigError(`synth: ${name}=${JSON.stringify(value)} is neither on nor off: set it to 1 (on) or 0 (off), or unset it. Nothing was written.`);
}

/** A variable set to an empty string would make the app write into (or read) the current folder: treat it as unset. */
function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}
