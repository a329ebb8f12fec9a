import { AdoptionRecord } from './adoption-record';
import { AZURE_PUBLIC_REGIONS, isKnownRegion, suggestRegion } from '../constructs/azure/regions';
import { ACCOUNT_ARM_ID } from '../constructs/azure/guid';
import { GuidKind, principalGuids } from './principal-kinds';
import { AzurermStateConfig, BootstrapConfig, EnvironmentConfig, PrincipalConfig } from './config-schema';
import { principalFromConfig } from './principals';

// Rules that span files, or that only Azure would enforce, checked on configurations that passed their schema.
// Each problem names the file and the JSON path; warnings too, and name the stack they belong to.

/** One environment file that passed its schema. */
export interface LoadedEnvironment {
  readonly name: string;
  readonly file: string;
  readonly config: EnvironmentConfig;
  /** `adopted/<name>.json`: existing role assignments the stack imports (written by `npm run adopt`). @default - none */
  readonly adopted?: AdoptionRecord;
  /** That file's path, when it exists. */
  readonly adoptedFile?: string;
}

/** A configuration warning: printed with the stack's warnings (or under "configuration"), an error under `--strict`. */
export interface ConfigWarning {
  /** The stack it concerns. @default - the configuration as a whole */
  readonly stack?: string;
  /** File, JSON path and what to do. */
  readonly message: string;
}

/** The bootstrap stack's own state blob (app/bootstrap-stack.ts writes it under this name). */
export const BOOTSTRAP_STATE_KEY = 'bootstrap.tfstate';
/** The custom role's name when `customRole.name` is not set (InferenceRoleDefinition's default with the environment as suffix). */
export const defaultCustomRoleName = (environment: string) => `AI Model Inference User (${environment})`;

/** The environment's state blob name (azurerm backend). */
export function stateKey(name: string, state: AzurermStateConfig): string {
  return state.key ?? `${name}.tfstate`;
}

export interface CrossCheckInput {
  readonly bootstrapFile: string;
  readonly bootstrap?: BootstrapConfig;
  readonly environments: readonly LoadedEnvironment[];
}

/** Runs every cross-file and Azure-side rule; appends to `problems` and `warnings`. */
export function crossCheck(input: CrossCheckInput, problems: string[], warnings: ConfigWarning[]): void {
  const { bootstrap, bootstrapFile, environments } = input;
  if (bootstrap) checkLocation(bootstrapFile, bootstrap.location, bootstrap.locationUnlisted, problems);
  for (const e of environments) {
    checkLocation(e.file, e.config.location, e.config.locationUnlisted, problems);
    checkStateAgainstBootstrap(e, input, problems);
    checkDeploymentNames(e, problems);
    checkPrincipalLists(e.file, [['developers', e.config.developers], ['administrators', e.config.administrators]], problems);
    checkDeployerTypes(e, problems);
    checkExistingAccountSubscription(e, problems);
    if (e.config.developers.length === 0) {
      warnings.push({ stack: e.name, message: `${e.file}: $.developers: empty: nobody can call the models of this account; list the people, groups or workload identities that call them` });
    }
    if (e.config.administrators.length === 0) {
      warnings.push({ stack: e.name, message: `${e.file}: $.administrators: empty: nobody administers the account (deployments, network rules) except holders of Owner or Contributor above it; list at least one group` });
    }
  }
  if (bootstrap) checkPrincipalLists(bootstrapFile, [['stateAccess', bootstrap.stateAccess]], problems);
  checkStateBlobs(input, problems);
  checkCustomRoleNames(environments, problems);
  checkGuidKinds(input, problems);
}

function checkLocation(file: string, location: string, unlisted: boolean | undefined, problems: string[]): void {
  if (isKnownRegion(location)) {
    if (unlisted) problems.push(`${file}: $.locationUnlisted: got true: ${JSON.stringify(location)} is a listed region; remove locationUnlisted`);
    return;
  }
  if (unlisted) return;
  const near = suggestRegion(location);
  problems.push(`${file}: $.location: got ${JSON.stringify(location)}: not an Azure public-cloud region${near ? ` (did you mean "${near}"?)` : ` (${AZURE_PUBLIC_REGIONS.length} known, e.g. swedencentral, eastus2)`}; ` +
    'for a region newer than this list, add "locationUnlisted": true');
}

/** Same storage account, container, resource group, subscription and tenant as the bootstrap, unless declared external. */
function checkStateAgainstBootstrap(e: LoadedEnvironment, input: CrossCheckInput, problems: string[]): void {
  const s = e.config.state;
  // State in HCP Terraform / Terraform Enterprise is not in the bootstrap's storage by design.
  if ('cloud' in s || s.external !== undefined) return;
  const b = input.bootstrap;
  const fix = `or, if this state lives in storage the bootstrap does not manage, say why in "state.external"`;
  if (!b) {
    problems.push(`${e.file}: $.state: there is no ${input.bootstrapFile} creating the state storage: add it, ${fix}`);
    return;
  }
  const same = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();
  const compare = (field: string, got: string, want: string, bootstrapPath: string, givenAt = `$.state.${field}`) => {
    if (!same(got, want)) {
      problems.push(`${e.file}: ${givenAt}: got ${JSON.stringify(got)}: the bootstrap (${input.bootstrapFile} ${bootstrapPath}) creates the state storage with ${JSON.stringify(want)}: use that, ${fix}`);
    }
  };
  compare('storageAccountName', s.storageAccountName, b.storageAccountName, '$.storageAccountName');
  compare('containerName', s.containerName, b.containerName, '$.containerName');
  compare('resourceGroupName', s.resourceGroupName, b.resourceGroupName, '$.resourceGroupName');
  compare('subscriptionId', s.subscriptionId ?? e.config.subscriptionId, b.subscriptionId, '$.subscriptionId',
    s.subscriptionId === undefined ? '$.state.subscriptionId (missing, so $.subscriptionId)' : '$.state.subscriptionId');
  if (!same(e.config.tenantId, b.tenantId)) {
    problems.push(`${e.file}: $.tenantId: got ${JSON.stringify(e.config.tenantId)}: the backend signs in to this tenant, but the state storage is in tenant ${JSON.stringify(b.tenantId)} (${input.bootstrapFile} $.tenantId): ${fix}`);
  }
}

/** No two stacks write one blob; no environment writes the bootstrap's own state. Blob names are case-sensitive, account and container names lowercase. */
function checkStateBlobs(input: CrossCheckInput, problems: string[]): void {
  const byBlob = new Map<string, string>();
  const b = input.bootstrap;
  if (b) byBlob.set(`${b.storageAccountName}/${b.containerName}/${BOOTSTRAP_STATE_KEY}`, `the bootstrap stack (${input.bootstrapFile})`);
  const byWorkspace = new Map<string, string>();
  for (const e of input.environments) {
    const s = e.config.state;
    if ('cloud' in s) {
      const c = s.cloud;
      // Workspace names are case-insensitive in HCP Terraform.
      const workspace = `${(c.hostname ?? 'app.terraform.io').toLowerCase()}/${c.organization.toLowerCase()}/${c.workspace.toLowerCase()}`;
      const other = byWorkspace.get(workspace);
      if (other) {
        problems.push(`${e.file}: $.state.cloud.workspace: ${JSON.stringify(c.workspace)} is also the workspace of ${other}: give each environment its own workspace; two stacks in one workspace overwrite each other's state`);
      } else byWorkspace.set(workspace, e.file);
      continue;
    }
    const key = stateKey(e.name, s);
    const blob = `${s.storageAccountName}/${s.containerName}/${key}`;
    const other = byBlob.get(blob);
    if (other) {
      problems.push(`${e.file}: $.state.key: ${JSON.stringify(key)}${s.key === undefined ? ' (the default)' : ''} is also the state of ${other}: give each stack its own key; two stacks on one blob overwrite each other's state`);
    } else byBlob.set(blob, e.file);
  }
}

/** Custom role names are unique in a tenant; Azure compares them case-insensitively. */
function checkCustomRoleNames(environments: readonly LoadedEnvironment[], problems: string[]): void {
  const byTenantAndName = new Map<string, string>();
  for (const e of environments) {
    if (!e.config.customRole.enabled) continue;
    const name = e.config.customRole.name ?? defaultCustomRoleName(e.name);
    const k = `${e.config.tenantId.toLowerCase()}|${name.trim().toLowerCase()}`;
    const first = byTenantAndName.get(k);
    if (first) {
      const at = e.config.customRole.name === undefined ? '$.customRole.name (missing, so the default)' : '$.customRole.name';
      problems.push(`${e.file}: ${at}: ${JSON.stringify(name)} is also the custom role of ${first} in the same tenant: role names are unique per tenant (compared case-insensitively); set a distinct customRole.name`);
    } else byTenantAndName.set(k, e.file);
  }
}

/** Deployment names are unique per account, compared case-insensitively (as Azure does). */
function checkDeploymentNames(e: LoadedEnvironment, problems: string[]): void {
  const seen = new Map<string, number>();
  (e.config.account?.deployments ?? []).forEach((d, i) => {
    const first = seen.get(d.name.toLowerCase());
    if (first !== undefined) {
      problems.push(`${e.file}: $.account.deployments[${i}].name: got ${JSON.stringify(d.name)}: the same deployment as $.account.deployments[${first}] (Azure compares deployment names case-insensitively); rename one`);
    } else seen.set(d.name.toLowerCase(), i);
  });
}

/** A principal listed twice in one list would be granted the same role twice (UPNs, display names and IDs compare case-insensitively). */
function checkPrincipalLists(file: string, lists: [string, PrincipalConfig[]][], problems: string[]): void {
  for (const [key, list] of lists) {
    const seen = new Map<string, number>();
    list.forEach((p, i) => {
      const k = principalFromConfig(p).principalKey;
      const first = seen.get(k);
      if (first !== undefined) {
        problems.push(`${file}: $.${key}[${i}]: got ${JSON.stringify(p)}: the same principal as $.${key}[${first}] (compared case-insensitively, as Entra ID does); list each principal once`);
      } else seen.set(k, i);
    });
  }
}

/** The deploying identity is one principal with one type. */
function checkDeployerTypes(e: LoadedEnvironment, problems: string[]): void {
  let first: { path: string; type: string } | undefined;
  for (const key of ['developers', 'administrators'] as const) {
    e.config[key].forEach((p, i) => {
      if (p.kind !== 'deployer') return;
      if (first && first.type !== p.principalType) {
        problems.push(`${e.file}: $.${key}[${i}].principalType: got ${JSON.stringify(p.principalType)}: ${first.path} says the deploying identity is a ${first.type}; it is one identity: use the same principalType`);
      }
      first ??= { path: `$.${key}[${i}].principalType`, type: p.principalType };
    });
  }
}

/** An existing account in another subscription than the environment's is a likely copy-paste slip: the provider works in $.subscriptionId. */
function checkExistingAccountSubscription(e: LoadedEnvironment, problems: string[]): void {
  const id = e.config.existingAccount?.id;
  const m = id ? ACCOUNT_ARM_ID.exec(id) : null;
  if (m && m[1].toLowerCase() !== e.config.subscriptionId.toLowerCase()) {
    problems.push(`${e.file}: $.existingAccount.id: got ${JSON.stringify(id)}: the account is in subscription ${m[1]}, but this environment's provider works in ${e.config.subscriptionId} ($.subscriptionId); use the same subscription`);
  }
}


/** One GUID used as two kinds of ID (a tenant ID pasted as an object ID, a client ID as an object ID) cannot be right. */
function checkGuidKinds(input: CrossCheckInput, problems: string[]): void {
  const seen = new Map<string, { kind: GuidKind; where: string }>();
  const note = (guid: string, kind: GuidKind, file: string, at: string) => {
    const k = guid.toLowerCase();
    const first = seen.get(k);
    if (first && first.kind !== kind) {
      problems.push(`${file}: ${at}: ${JSON.stringify(guid)} is used here as a ${kind} but as a ${first.kind} at ${first.where}: one GUID cannot be both; check which one was pasted in the wrong place`);
    } else if (!first) seen.set(k, { kind, where: `${file} ${at}` });
  };
  const principals = (file: string, key: string, list: PrincipalConfig[]) => list.forEach((p, i) => {
    for (const g of principalGuids(p)) note(g.value, g.kind, file, `$.${key}[${i}].${g.field}`);
  });
  const b = input.bootstrap;
  if (b) {
    note(b.tenantId, 'tenant ID', input.bootstrapFile, '$.tenantId');
    note(b.subscriptionId, 'subscription ID', input.bootstrapFile, '$.subscriptionId');
    principals(input.bootstrapFile, 'stateAccess', b.stateAccess);
  }
  for (const e of input.environments) {
    const c = e.config;
    note(c.tenantId, 'tenant ID', e.file, '$.tenantId');
    note(c.subscriptionId, 'subscription ID', e.file, '$.subscriptionId');
    if (!('cloud' in c.state) && c.state.subscriptionId) note(c.state.subscriptionId, 'subscription ID', e.file, '$.state.subscriptionId');
    principals(e.file, 'developers', c.developers);
    principals(e.file, 'administrators', c.administrators);
  }
}
