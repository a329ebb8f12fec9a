import { azExportCommands } from '../constructs/azure/az-cli-export';
import { adopt } from './adopt';
import { runAppCli } from './cli';

const USAGE = `usage: npm run adopt -- <environment> --from <folder> [--config <dir>] [--dry-run]

Brings role assignments that already exist on the environment's account under the configuration: reads the
Azure CLI's JSON output saved in <folder>, writes config/adopted/<environment>.json (the stack imports the
matching assignments instead of creating them) and lists the access the configuration does not grant.

Save the export with:
  ${azExportCommands('<account-id>', '<folder>').join('\n  ')}`;

function main(argv: string[]): number {
  let environment: string | undefined;
  let from: string | undefined;
  let configDir = process.env.KEYLESS_CONFIG_DIR ?? 'config';
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') { console.log(USAGE); return 0; }
    if (a === '--from') from = argv[++i];
    else if (a === '--config') configDir = argv[++i];
    else if (a === '--dry-run') write = false;
    else if (!a.startsWith('-') && environment === undefined) environment = a;
    else throw new Error(`unknown argument ${JSON.stringify(a)}\n${USAGE}`);
  }
  if (!environment || !from) throw new Error(USAGE);
  for (const line of adopt({ configDir, environment, from, write }).lines) console.log(line);
  return 0;
}

if (require.main === module) runAppCli('adopt', main);
