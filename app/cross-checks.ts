import { AdoptionRecord } from './adoption-record';
import { regionProblem } from '../constructs/azure/regions';
import { accountArmIdOf, defaultSubdomainOf, DEPLOYMENT_NAME_CLASH, deploymentNameClashes } from '../constructs/azure/accounts';
import { DEPLOYER_TYPE_FIX, deployerTypeClash, deployerTypeClashes, PRINCIPAL_CLASH, principalClashes } from '../constructs/principal';
import { ACCOUNT_ARM_ID } from '../constructs/azure/guid';
import { GuidUse, guidKindClashes, RoleNameUse, roleNameClashes, SubdomainUse, subdomainClashes, subscriptionMismatch, CreatedResource, createdTwiceClashes } from '../constructs/app-checks';
import { principalGuids } from './principal-kinds';
import { AzurermStateConfig, BootstrapConfig, EnvironmentConfig, PrincipalConfig } from './config-schema';
import { principalFromConfig } from './principals';

// Rules that span files, checked on configurations that passed their schema. The Azure rules among them (regions, GUID
// kinds, tenant-wide role names, the existing account's subscription, deployments and principals listed twice, the
// deployer's type) are the library's (constructs/): here they are fed with file and JSON path, and the index pairs they
// return become JSON paths, so each problem names both entries before anything is built.

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
    checkPrincipalLists(e.file, [['developers', e.config.developers], ['administrators', e.config.administrators],
      ...(e.config.projects ?? []).map((p, i): [string, PrincipalConfig[]] => [`projects[${i}].developers`, p.developers])], problems);
    checkDeployerTypes(e, problems);
    checkExistingAccountSubscription(e, problems);
    if (e.config.administrators.length === 0) {
      warnings.push({ stack: e.name, message: `${e.file}: $.administrators: empty: nobody administers the account (deployments, network rules) except holders of Owner or Contributor above it; list at least one group` });
    }
  }
  if (bootstrap) checkPrincipalLists(bootstrapFile, [['stateAccess', bootstrap.stateAccess]], problems);
  checkStateBlobs(input, problems);
  checkCustomRoleNames(environments, problems);
  checkSubdomains(environments, problems);
  checkCreatedTwice(input, problems);
  checkGuidKinds(input, problems);
}

function checkLocation(file: string, location: string, unlisted: boolean | undefined, problems: string[]): void {
  const p = regionProblem(location, unlisted);
  if (p) problems.push(`${file}: $.${p.field}: got ${JSON.stringify(p.field === 'location' ? location : true)}: ${p.message}`);
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

/** Custom role names are unique in a tenant (the library's rule). */
function checkCustomRoleNames(environments: readonly LoadedEnvironment[], problems: string[]): void {
  const uses: Array<RoleNameUse & { at: string }> = environments.filter((e) => e.config.customRole.enabled).map((e) => ({
    tenantId: e.config.tenantId,
    roleName: e.config.customRole.name ?? defaultCustomRoleName(e.name),
    where: e.file,
    at: e.config.customRole.name === undefined ? '$.customRole.name (missing, so the default)' : '$.customRole.name',
    fix: 'set a distinct customRole.name',
  }));
  for (const f of roleNameClashes(uses)) problems.push(`${f.entry.where}: ${f.entry.at}: ${f.message}`);
}

/** Custom subdomains are global DNS names (the library's rule): no two environments create accounts with one. */
function checkSubdomains(environments: readonly LoadedEnvironment[], problems: string[]): void {
  const uses: Array<SubdomainUse & { file: string; at: string }> = [];
  for (const e of environments) {
    const { account, existingAccount } = e.config;
    if (account) {
      const given = account.customSubdomainName;
      uses.push({ subdomain: given ?? defaultSubdomainOf(account.name), created: true, where: `${e.file} $.account`, file: e.file,
        at: given === undefined ? '$.account.customSubdomainName (missing, so the account name)' : '$.account.customSubdomainName' });
    } else if (existingAccount?.customSubdomainName) {
      uses.push({ subdomain: existingAccount.customSubdomainName, created: false, where: `${e.file} $.existingAccount`, file: e.file, at: '$.existingAccount.customSubdomainName' });
    }
  }
  for (const f of subdomainClashes(uses)) problems.push(`${f.entry.file}: ${f.entry.at}: got ${JSON.stringify(f.entry.subdomain)}: ${f.message}`);
}

/** One resource group or account created by two stacks (the library's rule; ARM IDs compare case-insensitively). */
function checkCreatedTwice(input: CrossCheckInput, problems: string[]): void {
  const uses: Array<CreatedResource & { file: string; at: string; value: string }> = [];
  const group = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}`;
  const b = input.bootstrap;
  if (b) uses.push({ armId: group(b.subscriptionId, b.resourceGroupName), what: 'resource group', where: `${input.bootstrapFile} $.resourceGroupName`, file: input.bootstrapFile, at: '$.resourceGroupName', value: b.resourceGroupName });
  for (const e of input.environments) {
    const c = e.config;
    if (c.resourceGroup.create) uses.push({ armId: group(c.subscriptionId, c.resourceGroup.name), what: 'resource group', where: `${e.file} $.resourceGroup.name`, file: e.file, at: '$.resourceGroup.name', value: c.resourceGroup.name });
    if (c.account) uses.push({ armId: accountArmIdOf(c.subscriptionId, c.resourceGroup.name, c.account.name), what: 'AI Services account', where: `${e.file} $.account.name`, file: e.file, at: '$.account.name', value: c.account.name });
  }
  for (const f of createdTwiceClashes(uses)) problems.push(`${f.entry.file}: ${f.entry.at}: got ${JSON.stringify(f.entry.value)}: ${f.message}`);
}

/** A deployment listed twice in the file, pointing at both entries: the library's `deploymentNameClashes` (AiServicesAccount refuses the same). */
function checkDeploymentNames(e: LoadedEnvironment, problems: string[]): void {
  const deployments = e.config.account?.deployments ?? [];
  for (const [first, i] of deploymentNameClashes(deployments.map((d) => d.name))) {
    problems.push(`${e.file}: $.account.deployments[${i}].name: got ${JSON.stringify(deployments[i].name)}: the same deployment as $.account.deployments[${first}]: ${DEPLOYMENT_NAME_CLASH}`);
  }
}

/** A principal listed twice in one list of the file, pointing at both entries: the library's `principalClashes` (KeylessInferenceAccess refuses the same). */
function checkPrincipalLists(file: string, lists: [string, PrincipalConfig[]][], problems: string[]): void {
  for (const [key, list] of lists) {
    for (const [first, i] of principalClashes(list.map(principalFromConfig))) {
      problems.push(`${file}: $.${key}[${i}]: got ${JSON.stringify(list[i])}: the same principal as $.${key}[${first}] (${PRINCIPAL_CLASH})`);
    }
  }
}

/** The deploying identity has one type, pointing at both entries: the library's `deployerTypeClashes` (PrincipalLookups refuses the same). */
function checkDeployerTypes(e: LoadedEnvironment, problems: string[]): void {
  const entries = (['developers', 'administrators'] as const).flatMap((key) => e.config[key].flatMap((p, i) =>
    (p.kind === 'deployer' ? [{ path: `$.${key}[${i}].principalType`, type: p.principalType as string }] : [])));
  for (const [first, i] of deployerTypeClashes(entries.map((x) => x.type))) {
    problems.push(`${e.file}: ${entries[i].path}: got ${JSON.stringify(entries[i].type)}: ${deployerTypeClash(entries[first].type, entries[i].type)} at ${entries[first].path}; ${DEPLOYER_TYPE_FIX}`);
  }
}

/** An existing account in another subscription than the environment's is a likely copy-paste slip: the provider works in $.subscriptionId. */
function checkExistingAccountSubscription(e: LoadedEnvironment, problems: string[]): void {
  const id = e.config.existingAccount?.id;
  const m = id ? ACCOUNT_ARM_ID.exec(id) : null;
  const mismatch = m ? subscriptionMismatch(m[1], e.config.subscriptionId) : undefined;
  if (mismatch) problems.push(`${e.file}: $.existingAccount.id: got ${JSON.stringify(id)}: ${mismatch} ($.subscriptionId)`);
}


/** One GUID used as two kinds of ID (the library's rule), across every file. */
function checkGuidKinds(input: CrossCheckInput, problems: string[]): void {
  const uses: Array<GuidUse & { file: string; at: string }> = [];
  const note = (guid: string, kind: GuidUse['kind'], file: string, at: string) => uses.push({ guid, kind, file, at, where: `${file} ${at}` });
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
  for (const f of guidKindClashes(uses)) problems.push(`${f.entry.file}: ${f.entry.at}: ${f.message}`);
}
