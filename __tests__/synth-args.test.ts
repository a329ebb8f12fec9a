import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../app/load-config';
import { parseSynthArgs } from '../app/synth-args';

const ROOT = path.join(__dirname, '..');

function errorOf(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseSynthArgs(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseSynthArgs: what npm run synth / cdktf synth was asked', () => {
  test('no arguments: JSON into cdktf.out from config/, warnings allowed', () => {
    expect(parseSynthArgs([], {})).toEqual({ help: false, strict: false, hcl: false, outdir: 'cdktf.out', configDir: 'config' });
  });

  test('--strict, --hcl and --help; the environment as cdktf sets it', () => {
    expect(parseSynthArgs(['--strict', '--hcl'], {})).toMatchObject({ strict: true, hcl: true, help: false });
    expect(parseSynthArgs(['-h'], {}).help).toBe(true);
    expect(parseSynthArgs([], { SYNTH_HCL_OUTPUT: 'true', CDKTF_OUTDIR: 'build/out', KEYLESS_CONFIG_DIR: 'cfg' })).toMatchObject({ hcl: true, outdir: 'build/out', configDir: 'cfg' });
    expect(parseSynthArgs([], { SYNTH_HCL_OUTPUT: 'false' }).hcl).toBe(false);
    for (const on of ['1', 'true', 'TRUE', 'yes', 'on', ' 1 ']) expect(parseSynthArgs([], { KEYLESS_STRICT: on }).strict).toBe(true);
    for (const off of ['0', 'false', 'no', 'off', '']) expect(parseSynthArgs([], { KEYLESS_STRICT: off }).strict).toBe(false);
  });

  test('an empty CDKTF_OUTDIR or KEYLESS_CONFIG_DIR means the default, not the current folder', () => {
    expect(parseSynthArgs([], { CDKTF_OUTDIR: '', KEYLESS_CONFIG_DIR: ' ' })).toMatchObject({ outdir: 'cdktf.out', configDir: 'config' });
  });

  test('a mistyped argument is refused with the ones that exist, not ignored (a CI line with --strikt must not pass leniently)', () => {
    const message = errorOf(['--strict', '--strikt']);
    expect(message).toContain('synth: unknown argument "--strikt": nothing was written. The synth takes --strict, --hcl and --help.');
    expect(message).toContain('usage: npm run synth --');
    expect(errorOf(['dev'])).toContain('unknown argument "dev"');
  });

  test('a switch variable that is neither on nor off names the variable, its value and the values it takes', () => {
    expect(errorOf([], { KEYLESS_STRICT: 'strict' })).toBe('synth: KEYLESS_STRICT="strict" is neither on nor off: set it to 1 (on) or 0 (off), or unset it. Nothing was written.');
    expect(errorOf([], { SYNTH_HCL_OUTPUT: 'hcl' })).toContain('SYNTH_HCL_OUTPUT="hcl"');
  });
});

describe('the synth command on the user path (main.ts)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-synth-args-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
  const synth = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ['-r', './tools/register-ts.js', 'main.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: path.join(out, 'cdktf.out'), ...env } });

  test('--strikt exits 1 with the message and writes nothing; --help prints the usage and writes nothing', () => {
    const typo = synth(['--strikt']);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain('synth: unknown argument "--strikt"');
    const help = synth(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: npm run synth -- [--strict] [--hcl] [--help]');
    const bad = synth([], { KEYLESS_STRICT: 'maybe' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('KEYLESS_STRICT="maybe" is neither on nor off');
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
