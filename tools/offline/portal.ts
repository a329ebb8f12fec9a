/**
 * `npm run offline:portal -- [--store FILE] <list|show|set|tag|delete> ...`
 *
 * Changes an object "in the portal": edits the offline Azure store (the JSON file the offline providers
 * read back on every refresh) behind Terraform's back, so the next plan shows the drift and its repair.
 *
 *   npm run offline:portal -- list
 *   npm run offline:portal -- set  <ARM ID or name> local_auth_enabled=true
 *   npm run offline:portal -- tag  <ARM ID or name> owner=someone
 *   npm run offline:portal -- delete <ARM ID or name>
 *
 * The store is `--store FILE`, else OFFLINE_AZURE_STORE, else `.offline/azure-store.json` (what
 * plan:offline and cdktf:offline use).
 */
import * as path from 'path';
import { AzureStore, StoredObject } from './azure-store';
import { repoRoot, runCli } from './cli-common';

export const PORTAL_USAGE = `usage: npm run offline:portal -- [--store FILE] <command>

Edits the offline "Azure" (the store the offline providers read back) as a change in the portal would.

  list                         every object: type, ARM ID
  show   <object>              its attributes as JSON
  set    <object> attr=value   set a top-level attribute (value parsed as JSON when it parses: true, 3, "x")
  tag    <object> key=value    add or change a tag
  delete <object>              delete it (as if removed by hand)

<object> is an ARM ID or a unique name (the object's name attribute).
--store FILE   the store (default: OFFLINE_AZURE_STORE, else .offline/azure-store.json)`;

/** Out-of-band changes to the offline Azure store. */
export class Portal {
  private readonly store: AzureStore;

  constructor(storeFile: string) {
    this.store = new AzureStore(storeFile);
  }

  /** Every object by ARM ID. */
  public list(): [string, StoredObject][] {
    return this.store.list();
  }

  /** The ARM ID of an object given by ID or unique name (optionally of one type). */
  public resolve(idOrName: string, type?: string): string {
    const all = this.store.list().filter(([, o]) => !type || o.type === type);
    const byId = all.find(([id]) => id.toLowerCase() === idOrName.toLowerCase());
    if (byId) return byId[0];
    const byName = all.filter(([, o]) => o.attributes.name === idOrName);
    if (byName.length === 1) return byName[0][0];
    if (byName.length > 1) throw new Error(`${byName.length} objects are named ${JSON.stringify(idOrName)}: give the ARM ID (${byName.map(([id]) => id).join(', ')})`);
    throw new Error(`no object ${JSON.stringify(idOrName)} in the offline Azure store ${this.store.file}${all.length ? '' : ' (it is empty: apply something first)'}`);
  }

  /** The attributes of an object. */
  public show(idOrName: string): Record<string, unknown> {
    return this.store.get(this.resolve(idOrName))!.attributes;
  }

  /** Sets top-level attributes, as a portal edit would. */
  public set(idOrName: string, changes: Record<string, unknown>): void {
    const id = this.resolve(idOrName);
    const obj = this.store.get(id)!;
    this.store.put(id, obj.type, { ...obj.attributes, ...changes });
  }

  /** Adds or changes a tag. */
  public tag(idOrName: string, key: string, value: string): void {
    const id = this.resolve(idOrName);
    const obj = this.store.get(id)!;
    const tags = (obj.attributes.tags as Record<string, string> | null | undefined) ?? {};
    this.store.put(id, obj.type, { ...obj.attributes, tags: { ...tags, [key]: value } });
  }

  /** Deletes an object, as if removed by hand. */
  public delete(idOrName: string): void {
    this.store.delete(this.resolve(idOrName));
  }
}

function keyValue(arg: string | undefined): [string, string] {
  const i = arg?.indexOf('=') ?? -1;
  if (!arg || i <= 0) throw new Error(`expected key=value, got ${JSON.stringify(arg ?? '')}\n${PORTAL_USAGE}`);
  return [arg.slice(0, i), arg.slice(i + 1)];
}

function parseValue(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

async function main(argv: string[]): Promise<number> {
  let store = process.env.OFFLINE_AZURE_STORE || path.join(repoRoot(), '.offline', 'azure-store.json');
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      console.log(PORTAL_USAGE);
      return 0;
    }
    if (argv[i] === '--store') store = path.resolve(argv[++i] ?? '');
    else rest.push(argv[i]);
  }
  const [command, target, arg] = rest;
  const portal = new Portal(store);
  switch (command) {
    case 'list':
      for (const [id, o] of portal.list()) console.log(`${o.type}\t${id}`);
      return 0;
    case 'show':
      console.log(JSON.stringify(portal.show(target ?? ''), null, 2));
      return 0;
    case 'set': {
      const [k, v] = keyValue(arg);
      portal.set(target ?? '', { [k]: parseValue(v) });
      console.log(`set ${k} = ${v} on ${portal.resolve(target ?? '')}`);
      return 0;
    }
    case 'tag': {
      const [k, v] = keyValue(arg);
      portal.tag(target ?? '', k, v);
      console.log(`tagged ${portal.resolve(target ?? '')} with ${k}=${v}`);
      return 0;
    }
    case 'delete':
      {
        const id = portal.resolve(target ?? '');
        portal.delete(id);
        console.log(`deleted ${id}`);
      }
      return 0;
    default:
      throw new Error(command ? `unknown command ${JSON.stringify(command)}\n${PORTAL_USAGE}` : PORTAL_USAGE);
  }
}

if (require.main === module) runCli('offline:portal', main);
