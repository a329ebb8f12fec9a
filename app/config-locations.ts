import { DuplicateAssignmentError, ValidationError } from '../constructs';
import { LoadedEnvironment } from './cross-checks';
import { PrincipalConfig } from './config-schema';
import { principalFromConfig } from './principals';

// Maps a construct's ValidationError, raised for a value that came from an environment file, back to that
// file and JSON path. The schema and cross-checks catch what they can first; this is the net behind them.

const DEPLOYMENT_FIELDS: Record<string, string> = { modelName: 'model', modelVersion: 'version', skuName: 'sku' };

/** The JSON path in the environment file of the value a construct rejected; `$` when it cannot tell. */
export function jsonPathOfConstructError(err: ValidationError, env: LoadedEnvironment): string {
  const f = err.field;
  const c = env.config;
  const dep = /^deployments\[(\d+)\]\.(\w+)/.exec(f);
  if (dep) return `$.account.deployments[${dep[1]}].${DEPLOYMENT_FIELDS[dep[2]] ?? dep[2]}`;
  const direct: Record<string, string> = {
    accountName: '$.account.name',
    customSubdomainName: c.existingAccount ? '$.existingAccount.customSubdomainName' : '$.account.customSubdomainName',
    localAuthJustification: c.existingAccount ? '$.existingAccount.localAuth.justification' : '$.account.localAuth.justification',
    location: '$.location',
    locationUnlisted: '$.locationUnlisted',
    subscriptionId: '$.subscriptionId',
    roleName: '$.customRole.name',
    scope: '$.resourceGroup.name',
    deployerRole: '$.deployerRole',
  };
  if (direct[f]) return direct[f];
  if (f.startsWith('networkAcls.')) return `$.account.${f}`;
  const listed = /^(developers|administrators)\[(\d+)\]$/.exec(f);
  if (listed) return `$.${listed[1]}[${listed[2]}]`;
  if (/^(existingAccountId|accountId|knownSettings)\b/.test(f)) return '$.existingAccount.id';
  if (err instanceof DuplicateAssignmentError) {
    // Both entries: every entry of the principal among the lists that grant roles on the account.
    const entries = principalEntries(c).filter((e) => principalFromConfig(e.principal).principalKey === err.principalKey).map((e) => e.path);
    if (entries.length > 0) return entries.join(' and ');
  }
  // A grant's end names its entry (the stack passes it as the grant's `source`).
  const entry = f === 'endDateTime' && /\$\.temporaryDevelopers\[(\d+)\]/.exec(err.message);
  if (entry) return `$.temporaryDevelopers[${entry[1]}].expiresOn`;
  return principalEntryPath(err, { developers: c.developers, administrators: c.administrators, temporaryDevelopers: (c.temporaryDevelopers ?? []).map((t) => t.principal) }) ?? '$';
}

/** Every principal entry of an environment with its JSON path. */
function principalEntries(c: LoadedEnvironment['config']): { principal: PrincipalConfig; path: string }[] {
  return [
    ...c.developers.map((p, i) => ({ principal: p, path: `$.developers[${i}]` })),
    ...c.administrators.map((p, i) => ({ principal: p, path: `$.administrators[${i}]` })),
    ...(c.temporaryDevelopers ?? []).map((t, i) => ({ principal: t.principal, path: `$.temporaryDevelopers[${i}].principal` })),
  ];
}

/**
 * The configuration entry of the principal a construct error names (by its label), in the given principal lists: the last
 * one with that label, since a duplicate comes second. Undefined when no entry matches.
 */
export function principalEntryPath(err: ValidationError, lists: Record<string, readonly PrincipalConfig[]>): string | undefined {
  let found: string | undefined;
  for (const [key, list] of Object.entries(lists)) {
    list.forEach((p, i) => {
      if (err.message.includes(principalFromConfig(p).label)) found = `$.${key}[${i}]`;
    });
  }
  return found;
}

/** The message for a construct error in an environment: file, JSON path, value, fix, and the construct for reference. */
export function describeConstructError(err: ValidationError, env: LoadedEnvironment): string {
  // A value of the environment's adoption record (adopted/<env>.json): the stack names that file and path in the field.
  if (env.adoptedFile && err.field.startsWith(`${env.adoptedFile} $`)) {
    return `${env.adoptedFile}: ${err.field.slice(env.adoptedFile.length + 1)}: got ${JSON.stringify(err.value)}: ${err.expected} (raised by ${err.constructPath})`;
  }
  return `${env.file}: ${jsonPathOfConstructError(err, env)}: got ${JSON.stringify(err.value)}: ${err.expected} (raised by ${err.constructPath}, ${err.field})`;
}
