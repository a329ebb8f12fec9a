import { ConfigError, loadConfiguration } from './load-config';
import { environmentsInPromotionOrder } from './promotion-order';
import { runAppCli } from './cli';

const USAGE = `usage: npm run --silent environments -- [--json] [--config <dir>]

Prints the environments in promotion order (promotionOrder in bootstrap.json), read by the same loader as synth:
one name per line, or with --json one JSON array (the workflows' matrix). Exits 1 on an invalid configuration.`;

export function main(argv: string[], out: (line: string) => void = console.log): number {
  let json = false;
  let configDir = process.env.KEYLESS_CONFIG_DIR ?? 'config';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') { out(USAGE); return 0; }
    if (a === '--json') json = true;
    else if (a === '--config' && argv[i + 1] !== undefined) configDir = argv[++i];
    else throw new ConfigError(`unknown argument ${JSON.stringify(a)}\n${USAGE}`);
  }
  const names = environmentsInPromotionOrder(loadConfiguration(configDir));
  if (json) out(JSON.stringify(names));
  else names.forEach((n) => out(n));
  return 0;
}

if (require.main === module) runAppCli('environments', main);
