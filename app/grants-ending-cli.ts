import * as path from 'path';
import { daysLeftUntil, GrantEnd, grantEndsOf, grantsEnding, listStacks, renderGrantsEnding } from '@keyless-ai-inference/access-report';
import { GRANT_END_WARNING_DAYS, keylessNow } from '../constructs/azure/grant-ends';
import { loadConfiguration } from './load-config';
import { principalFromConfig } from './principals';
import { runAppCli } from './cli';

const USAGE = `usage: npm run grants-ending -- [--within <days>] [--json] [--github] [--input <cdktf.out | cdk.tf.json>] [--config <dir>]

Lists every time-limited grant and eligibility that ends within <days> (default ${GRANT_END_WARNING_DAYS}), and those that have
ended: of the synthesized stacks (--input, default cdktf.out), or of the configuration (--config <dir>, which needs no
synth and also reads a configuration whose grants have ended). --github prints GitHub Actions ::warning annotations.
Now is KEYLESS_NOW when set (tests), else the system clock. Exit 0; 1 on bad input.`;

/** The PIM grants a configuration declares, with their ends (what the stacks would synthesize). */
function grantEndsOfConfiguration(dir: string, now: Date): GrantEnd[] {
  const out: GrantEnd[] = [];
  for (const env of loadConfiguration(dir).environments) {
    const file = path.relative(process.cwd(), env.file) || env.file;
    (env.config.temporaryDevelopers ?? []).forEach((t, i) => out.push({
      stack: env.name, kind: 'time-limited', principal: principalFromConfig(t.principal).label, role: 'inference role',
      source: `${file} $.temporaryDevelopers[${i}]`, end: t.expiresOn, expires: t.expiresOn, daysLeft: daysLeftUntil(t.expiresOn, now),
    }));
    const jit = env.config.justInTimeAdministrators;
    if (jit?.enabled && jit.durationDays !== undefined) {
      env.config.administrators.forEach((p, i) => out.push({
        stack: env.name, kind: 'eligible', principal: principalFromConfig(p).label, role: 'Cognitive Services Contributor',
        source: `${file} $.administrators[${i}] ($.justInTimeAdministrators.durationDays)`, expires: `${jit.durationDays} days after creation`,
      }));
    }
  }
  return out;
}

/** Runs the command; returns the exit code and what to print. */
export function run(argv: string[], env: NodeJS.ProcessEnv = process.env): { code: number; out: string } {
  let within = GRANT_END_WARNING_DAYS;
  let format: 'text' | 'json' | 'github' = 'text';
  let input = 'cdktf.out';
  let configDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a}: missing value\n\n${USAGE}`);
      return v;
    };
    if (a === '--help' || a === '-h') return { code: 0, out: USAGE };
    else if (a === '--within') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new Error(`--within ${JSON.stringify(v)}: expected a whole number of days\n\n${USAGE}`);
      within = Number(v);
    } else if (a === '--json') format = 'json';
    else if (a === '--github') format = 'github';
    else if (a === '--input') input = value();
    else if (a === '--config') configDir = value();
    else throw new Error(`unknown argument ${JSON.stringify(a)}\n\n${USAGE}`);
  }
  const now = keylessNow(env);
  const all = configDir !== undefined ? grantEndsOfConfiguration(configDir, now) : listStacks(input).flatMap((s) => grantEndsOf(s, now));
  return { code: 0, out: renderGrantsEnding(grantsEnding(all, now, within), format) };
}

if (require.main === module) {
  runAppCli('grants-ending', (argv) => {
    const { code, out } = run(argv);
    if (out) console.log(out);
    return code;
  });
}
