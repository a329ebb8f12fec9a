/**
 * Entry point of the offline provider process: serves azurerm and azuread (one unix socket each) and
 * prints the TF_REATTACH_PROVIDERS value Terraform needs.
 *
 *   node -r ./tools/register-ts.js tools/offline/serve.ts [--schemas DIR] [--dir SOCKET_DIR] [--pin azurerm=4.55.0] [--azure-store FILE] [--directory FILE]
 *                              [--parent-pid PID] [--exit-with-stdin] [--log FILE] [--clock-file FILE]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isAzExportFolder, seedStoreFromAzExport } from './azure-seed';
import { AzureStore, FakeDirectory } from './azure-store';
import { OfflineProviderServer } from './provider-server';
import { defaultSchemasDir, loadProviderSchema, onlyTypes } from './schema-store';

/** The providers this project uses, by type name. */
export const OFFLINE_PROVIDERS = ['azurerm', 'azuread'] as const;

interface Args {
  schemas: string;
  dir?: string;
  pins: Record<string, string>;
  parentPid?: number;
  exitWithStdin: boolean;
  log?: string;
  azureStore?: string;
  directory?: string;
  types?: string[];
  clockFile?: string;
}

export const SERVE_USAGE = `usage: node -r ./tools/register-ts.js tools/offline/serve.ts [options]

Serves the offline azurerm and azuread providers on unix sockets and prints TF_REATTACH_PROVIDERS=...

  --schemas DIR        provider schema files (<provider>-<version>.schema.json.gz) (default: OFFLINE_SCHEMAS_DIR, ./schemas, ../shared/provider-schemas)
  --dir DIR            folder for the sockets, server.pid and reattach.json (default: a new private temporary folder)
  --pin NAME=VERSION   serve this schema version of a provider, e.g. --pin azurerm=4.55.0
  --azure-store FILE   "Azure": the objects that exist, as JSON; survives restarts (default: OFFLINE_AZURE_STORE, else DIR/azure-store.json)
  --directory FILE     fake Entra ID directory fixture for azuread look-ups, or a folder with an Azure CLI export
  --types A,B,...      serve only these resource and data source types (the ones the stacks use): Terraform decodes
                       a schema of a few types in a fraction of the time it takes for all 1,100 azurerm types
                       (role-assignments.json, account.json, principals/): its principals, and "Azure" seeded with
                       its account and role assignments (default: OFFLINE_DIRECTORY, else deterministic fake IDs)
  --clock-file FILE    the clock (a KEYLESS_NOW value) read from FILE at each use while it exists, so a test can move it
                       without a restart (default: KEYLESS_NOW, else the system clock)
  --parent-pid PID     exit when this process is gone
  --exit-with-stdin    exit when stdin closes
  --log FILE           log every RPC with its duration
  --help               this text`;

function parseArgs(argv: string[]): Args {
  const args: Args = { schemas: defaultSchemasDir(), pins: {}, exitWithStdin: false, azureStore: process.env.OFFLINE_AZURE_STORE || undefined, directory: process.env.OFFLINE_DIRECTORY || undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--schemas') args.schemas = path.resolve(next());
    else if (a === '--dir') args.dir = path.resolve(next());
    else if (a === '--pin') {
      const [k, v] = next().split('=');
      args.pins[k] = v;
    } else if (a === '--parent-pid') args.parentPid = Number(next());
    else if (a === '--exit-with-stdin') args.exitWithStdin = true;
    else if (a === '--log') args.log = path.resolve(next());
    else if (a === '--azure-store') args.azureStore = path.resolve(next());
    else if (a === '--directory') args.directory = path.resolve(next());
    else if (a === '--types') args.types = next().split(',').filter((t) => t.length > 0);
    else if (a === '--clock-file') args.clockFile = path.resolve(next());
    else if (a === '--help' || a === '-h') {
      process.stdout.write(SERVE_USAGE + '\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${SERVE_USAGE}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // A private directory (0700) for the sockets: only this user can talk to the providers.
  const dir = args.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tfoff-'));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (args.log) fs.mkdirSync(path.dirname(args.log), { recursive: true });
  const logStream = args.log ? fs.createWriteStream(args.log, { flags: 'a' }) : undefined;
  logStream?.on('error', (e) => process.stderr.write(`offline provider: cannot write log ${args.log}: ${e.message}\n`));
  const log = (line: string) => logStream?.write(`${new Date().toISOString()} ${line}\n`);

  const store = new AzureStore(args.azureStore ?? path.join(dir, 'azure-store.json'));
  const directory = new FakeDirectory(args.directory);
  // An Azure CLI export as the directory is also what exists: the account and its role assignments.
  if (args.directory && isAzExportFolder(args.directory)) {
    const added = seedStoreFromAzExport(store, args.directory);
    log(`seeded ${added} object(s) from the Azure CLI export ${args.directory}`);
  }
  const servers: OfflineProviderServer[] = [];
  const sockets: string[] = [];
  const reattach: Record<string, object> = {};
  for (const name of OFFLINE_PROVIDERS) {
    const schema = onlyTypes(loadProviderSchema(args.schemas, name, args.pins[name]), args.types);
    const server = new OfflineProviderServer({ schema, store, directory, clockFile: args.clockFile, log: (l) => log(`[${name}] ${l}`) });
    const socket = path.join(dir, `${name}.sock`);
    if (fs.existsSync(socket)) fs.unlinkSync(socket);
    await server.listen(`unix:${socket}`);
    servers.push(server);
    sockets.push(socket);
    reattach[schema.address] = { Protocol: 'grpc', ProtocolVersion: 6, Pid: process.pid, Test: true, Addr: { Network: 'unix', String: socket } };
    log(`serving ${schema.address} ${schema.version} from ${schema.file} on ${socket}`);
  }

  const pidFile = path.join(dir, 'server.pid');
  const reattachFile = path.join(dir, 'reattach.json');
  fs.writeFileSync(pidFile, `${process.pid}\n`);
  fs.writeFileSync(reattachFile, JSON.stringify(reattach));

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping: ${why}`);
    for (const s of servers) s.stop();
    for (const f of [...sockets, pidFile, reattachFile]) fs.rmSync(f, { force: true });
    if (!args.azureStore || path.dirname(store.file!) === dir) fs.rmSync(store.file!, { force: true });
    // The directory goes too when nothing else is in it (the launcher may have died before cleaning up).
    try {
      fs.rmdirSync(dir);
    } catch {
      /* not empty, or already gone */
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  if (args.exitWithStdin) {
    // The parent holds our stdin open; when it dies, however it dies, stdin ends and we go too.
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('error', () => stop('stdin error'));
    process.stdin.resume();
  }
  if (args.parentPid) {
    const parent = args.parentPid;
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        stop(`parent ${parent} is gone`);
      }
    }, 1000).unref();
  }

  process.stdout.write(`TF_REATTACH_PROVIDERS=${JSON.stringify(reattach)}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`offline provider: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
