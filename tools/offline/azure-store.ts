import * as fs from 'fs';
import * as path from 'path';
import { DirectoryEntry } from './azure-rules';
import { directoryFromAzExport, isAzExportFolder } from './azure-seed';
import { OfflineDiagnostic } from './planner';

/** One object "in Azure": its resource type and the attributes the provider reads back. */
export interface StoredObject {
  readonly type: string;
  readonly attributes: Record<string, unknown>;
}

interface StoreFile {
  readonly objects: Record<string, StoredObject>;
}

/**
 * "Azure" for the offline providers: objects by ARM ID, separate from Terraform state, persisted in a
 * JSON file so it survives across Terraform runs (and can be edited "in the portal", see portal.ts).
 * ARM IDs compare case-insensitively, as in Azure. The file is re-read when it changes on disk.
 */
export class AzureStore {
  private objects: Record<string, StoredObject> = {};
  private stamp = '';

  /** @param file the JSON file; without one the store lives in memory only. */
  constructor(public readonly file?: string) {}

  /** The object with this ARM ID, if it exists. */
  public get(id: string): StoredObject | undefined {
    this.load();
    const key = this.keyOf(id);
    return key === undefined ? undefined : this.objects[key];
  }

  /** Every object, with its ID. */
  public list(): [string, StoredObject][] {
    this.load();
    return Object.entries(this.objects);
  }

  /** Creates or replaces an object. */
  public put(id: string, type: string, attributes: Record<string, unknown>): void {
    this.load();
    const key = this.keyOf(id);
    if (key !== undefined && key !== id) delete this.objects[key];
    this.objects[id] = { type, attributes };
    this.save();
  }

  /** Deletes an object (no error when it is gone already). */
  public delete(id: string): boolean {
    this.load();
    const key = this.keyOf(id);
    if (key === undefined) return false;
    delete this.objects[key];
    this.save();
    return true;
  }

  private keyOf(id: string): string | undefined {
    const lower = id.toLowerCase();
    return Object.keys(this.objects).find((k) => k.toLowerCase() === lower);
  }

  private load(): void {
    if (!this.file) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      this.objects = {};
      this.stamp = '';
      return;
    }
    const stamp = `${stat.mtimeMs}:${stat.size}`;
    if (stamp === this.stamp) return;
    const text = fs.readFileSync(this.file, 'utf8');
    try {
      this.objects = text.trim() === '' ? {} : ((JSON.parse(text) as StoreFile).objects ?? {});
    } catch (e) {
      throw new Error(`the offline Azure store ${this.file} is not valid JSON (${(e as Error).message}); fix or delete it`);
    }
    this.stamp = stamp;
  }

  private save(): void {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ objects: this.objects } satisfies StoreFile, null, 2) + '\n');
    fs.renameSync(tmp, this.file);
    const stat = fs.statSync(this.file);
    this.stamp = `${stat.mtimeMs}:${stat.size}`;
  }
}

/** The fixture file of the fake directory (OFFLINE_DIRECTORY / `--directory`); a folder there is an Azure CLI export (offline/azure-seed.ts). */
export interface DirectoryFixture {
  /** Users: `userPrincipalName`, `mail`, `mailNickname`, `employeeId`, `displayName`, `objectId`. */
  readonly users?: readonly DirectoryEntry[];
  /** Groups: `displayName`, `mailNickname`, `objectId`. */
  readonly groups?: readonly DirectoryEntry[];
  /**
   * Service principals and managed identities: `clientId`, `displayName`, `objectId`; for a system-assigned identity
   * `resourceId`, the ARM ID of its resource (returned in `alternative_names`, type `ManagedIdentity`).
   */
  readonly servicePrincipals?: readonly DirectoryEntry[];
  /** User-assigned identities (`azurerm_user_assigned_identity`): `name`, `resourceGroupName`, `objectId` (principal ID), `clientId`. */
  readonly userAssignedIdentities?: readonly DirectoryEntry[];
  /** Fail look-ups of objects that are not listed, as Entra ID does. @default false - unlisted objects get deterministic fake IDs */
  readonly strict?: boolean;
}

const LOOKUP_KEYS: Record<string, { list: keyof DirectoryFixture; keys: [string, string][] }> = {
  // [data source argument, fixture field]
  azuread_user: { list: 'users', keys: [['user_principal_name', 'userPrincipalName'], ['object_id', 'objectId'], ['mail', 'mail'], ['mail_nickname', 'mailNickname'], ['employee_id', 'employeeId']] },
  azuread_group: { list: 'groups', keys: [['display_name', 'displayName'], ['object_id', 'objectId'], ['mail_nickname', 'mailNickname']] },
  azuread_service_principal: { list: 'servicePrincipals', keys: [['client_id', 'clientId'], ['display_name', 'displayName'], ['object_id', 'objectId']] },
};

/** Not-found errors in the azuread provider's wording (ad: users/user_data_source.go:349-392, groups/group_data_source.go:300-345, serviceprincipals/service_principal_data_source.go:298-352). */
function notFound(type: string, arg: string, value: string): OfflineDiagnostic {
  const q = JSON.stringify(value);
  switch (type) {
    case 'azuread_user':
      if (arg === 'user_principal_name') return { severity: 'error', summary: `User with UPN ${q} was not found`, path: [arg] };
      if (arg === 'object_id') return { severity: 'error', summary: `User not found with object ID: ${q}`, path: [arg] };
      // :384-386: the mail branch formats the (empty) UPN, not the mail address.
      if (arg === 'mail') return { severity: 'error', summary: 'User not found with mail: ""', path: [arg] };
      if (arg === 'mail_nickname') return { severity: 'error', summary: `User not found with email alias: ${q}`, path: [arg] };
      if (arg === 'employee_id') return { severity: 'error', summary: `User not found with employee ID: ${q}`, path: [arg] };
      return { severity: 'error', summary: `User not found with ${arg.replace(/_/g, ' ')}: ${q}`, path: [arg] };
    case 'azuread_group': {
      const field = arg === 'display_name' ? 'displayName' : arg === 'mail_nickname' ? 'mailNickname' : 'id';
      return { severity: 'error', summary: `No group found matching specified filter (${field} eq '${value}')`, path: [arg] };
    }
    default:
      return { severity: 'error', summary: 'Service principal not found', detail: `no service principals found matching filter: ${q}` };
  }
}

/** A fake Entra ID directory, seeded from a fixture file; unlisted objects get deterministic IDs unless `strict`. */
export class FakeDirectory {
  private readonly fixture: DirectoryFixture;

  constructor(public readonly file?: string) {
    if (!file) {
      this.fixture = {};
      return;
    }
    if (isAzExportFolder(file)) {
      // An Azure CLI export (the "already in Azure" fixture): the principals it names.
      this.fixture = { ...directoryFromAzExport(file), strict: false };
      return;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`cannot read the offline directory fixture ${file} (OFFLINE_DIRECTORY / --directory): ${(e as Error).message}`);
    }
    try {
      this.fixture = JSON.parse(text) as DirectoryFixture;
    } catch (e) {
      throw new Error(`the offline directory fixture ${file} is not valid JSON: ${(e as Error).message}`);
    }
  }

  /** Looks up the object a data source configuration names. */
  public lookup(type: string, config: Record<string, unknown>): { entry?: DirectoryEntry; diagnostics: OfflineDiagnostic[] } {
    if (type === 'azurerm_user_assigned_identity') return this.userAssignedIdentity(config);
    const spec = LOOKUP_KEYS[type];
    if (!spec) return { diagnostics: [] };
    const entries = (this.fixture[spec.list] as readonly DirectoryEntry[] | undefined) ?? [];
    for (const [arg, key] of spec.keys) {
      const want = config[arg];
      if (typeof want !== 'string') continue;
      const entry = entries.find((e) => typeof e[key] === 'string' && (e[key] as string).toLowerCase() === want.toLowerCase());
      if (entry) return { entry, diagnostics: [] };
      return { diagnostics: this.fixture.strict ? [notFound(type, arg, want)] : [] };
    }
    return { diagnostics: [] };
  }

  /** A user-assigned identity by name and resource group (both compared case-insensitively, as ARM does). */
  private userAssignedIdentity(config: Record<string, unknown>): { entry?: DirectoryEntry; diagnostics: OfflineDiagnostic[] } {
    const { name, resource_group_name: rg } = config;
    if (typeof name !== 'string' || typeof rg !== 'string') return { diagnostics: [] };
    const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
    const entry = (this.fixture.userAssignedIdentities ?? []).find((e) => same(e.name, name) && same(e.resourceGroupName, rg));
    if (entry || !this.fixture.strict) return { entry, diagnostics: [] };
    // rm: user_assigned_identity_data_source.go:69-71 (`%s was not found` of commonids.UserAssignedIdentityId).
    return { diagnostics: [{ severity: 'error', summary: `User Assigned Identity (Subscription: "<the provider's>"\nResource Group Name: ${JSON.stringify(rg)}\nUser Assigned Identity Name: ${JSON.stringify(name)}) was not found` }] };
  }

  /** The principal type of an object ID listed in the fixture. */
  public principalType(objectId: string): 'User' | 'Group' | 'ServicePrincipal' | undefined {
    const has = (l?: readonly DirectoryEntry[]) => (l ?? []).some((e) => e.objectId.toLowerCase() === objectId.toLowerCase());
    if (has(this.fixture.users)) return 'User';
    if (has(this.fixture.groups)) return 'Group';
    if (has(this.fixture.servicePrincipals) || has(this.fixture.userAssignedIdentities)) return 'ServicePrincipal';
    return undefined;
  }
}
