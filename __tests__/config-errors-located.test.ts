import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../app/load-config';
import { jsonPathOfConstructError } from '../app/config-locations';
import { synthesize } from '../app/synthesize';
import { ValidationError } from '../constructs';
import { configDir, devWith, readExample } from '../test-support/config-fixtures';

// Every error the configuration can produce names a file and a JSON path (or a line and column).
const LOCATED = /^\S+\.json(~)?: (\$[^\s:]*|line \d+, column \d+)[: ]/;
const FILE_LEVEL = /^\S+environments(\/\S+)?: (a folder|not an environment file|the file names|no environment files|cannot read|environment name)/;

const prod = () => readExample('environments/prod.json');
const CASES: [string, Record<string, unknown>, unknown?][] = [
  ['invalid JSON', { 'dev.json': '{ "a": }' }],
  ['schema: wrong value, missing value, unknown key', { 'dev.json': devWith((e) => { e.location = 'x y'; delete e.tenantId; e.acount = 1; }) }],
  ['schema: principal with another kind\'s keys', { 'dev.json': devWith((e) => { e.developers[0] = { kind: 'user', upn: 'a@b.c' }; }) }],
  ['schema: bootstrap', { 'dev.json': readExample('environments/dev.json') }, { ...readExample('bootstrap.json'), storageAccountName: 'UPPER' }],
  ['state vs bootstrap', { 'dev.json': devWith((e) => { e.state.containerName = 'other'; e.state.resourceGroupName = 'rg-x'; e.tenantId = '72f988bf-0000-0000-0000-0000000000bb'; }) }],
  ['state blobs', { 'dev.json': devWith((e) => { e.state.key = 'bootstrap.tfstate'; }), 'qa.json': devWith((e) => { e.state.key = 'bootstrap.tfstate'; e.customRole.name = 'q'; }) }],
  ['role names', { 'dev.json': devWith((e) => { e.customRole.name = 'R'; }), 'prod.json': { ...prod(), customRole: { enabled: true, name: 'r' } } }],
  ['regions', { 'dev.json': devWith((e) => { e.location = 'eastus9'; }) }, { ...readExample('bootstrap.json'), location: 'northeuropa' }],
  ['case-insensitive names', { 'dev.json': devWith((e) => { e.account.deployments[1].name = 'GPT-4O-MINI'; e.developers.push({ kind: 'userByUpn', upn: 'ALICE@contoso.com' }); }) }],
  ['GUID kinds and deployer type', { 'dev.json': devWith((e) => { e.developers[0].objectId = e.subscriptionId; e.developers.push({ kind: 'deployer', principalType: 'User' }); }) }],
  ['workspace ID in the wrong case', { 'prod.json': { ...prod(), auditLogs: { enabled: true, workspaceId: '/subscriptions/00000000-0000-0000-0000-000000000002/resourcegroups/rg-monitoring-prod/providers/microsoft.operationalinsights/workspaces/law-platform-prod' } } }],
  ['deployer without PIM rights', { 'prod.json': { ...prod(), deployerRole: 'Role Based Access Control Administrator' } }],
  ['existing account subscription', { 'prod.json': { ...prod(), subscriptionId: '00000000-0000-0000-0000-000000000001' } }],
  ['reserved and invalid names, files', { 'bootstrap.json': {}, 'Dev.json': {}, 'x.yaml': '' }],
];

function problemsOf(environments: Record<string, unknown>, bootstrap: unknown): string[] {
  const dir = configDir(environments, bootstrap ?? readExample('bootstrap.json'));
  try {
    synthesize({ configDir: dir, outdir: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-located-')), 'out') });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message.split('\n  - ').slice(1);
  }
  throw new Error('expected a ConfigError');
}

// Always three arguments: with fewer, jest passes its `done` callback in the last one's place.
test.each(CASES.map(([n, e, b]) => [n, e, b ?? null] as const))('every problem names a file and a JSON path (or line and column): %s', (_name, envs, bootstrap) => {
  const problems = problemsOf(envs, bootstrap);
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) expect(p).toMatch(new RegExp(`${LOCATED.source}|${FILE_LEVEL.source}`));
});

describe('construct errors map back to the configuration entry', () => {
  const env = { name: 'dev', file: 'config/environments/dev.json', config: readExample('environments/dev.json') };
  test.each([
    ['deployments[1].modelName', '$.account.deployments[1].model'],
    ['accountName', '$.account.name'],
    ['customSubdomainName', '$.account.customSubdomainName'],
    ['localAuthJustification', '$.account.localAuth.justification'],
    ['networkAcls.ipRules[0]', '$.account.networkAcls.ipRules[0]'],
    ['roleName', '$.customRole.name'],
    ['subscriptionId', '$.subscriptionId'],
    ['deployerRole', '$.deployerRole'],
    // KeylessInferenceAccess's principalClashes: the repeated entry.
    ['developers[2]', '$.developers[2]'],
    ['administrators[1]', '$.administrators[1]'],
  ])('%s -> %s', (field, jsonPath) => {
    expect(jsonPathOfConstructError(new ValidationError('dev/Inference/Account', field, 'x', 'y'), env)).toBe(jsonPath);
  });

  test('relatedAudits "Deny" over the environment\'s own publicly open account is refused at $.policy.keyAccess.relatedAudits, naming the account setting', () => {
    const problems = problemsOf({ 'dev.json': devWith((e) => { e.policy.keyAccess.relatedAudits = 'Deny'; delete e.account.networkAcls; }) }, null);
    expect(problems).toEqual([expect.stringMatching(/dev\.json: \$\.policy\.keyAccess\.relatedAudits: .*refuses this environment's own account \(public network access is on and the default network action is Allow \(no network rules\)\): set networkAcls\.defaultAction to "Deny" with ipRules for the callers \(configuration: account\.networkAcls\).*; or set policy\.keyAccess\.relatedAudits to "Audit"$/)]);
    // The example's account (default action Deny) passes with Deny.
    expect(() => problemsOf({ 'dev.json': devWith((e) => { e.policy.keyAccess.relatedAudits = 'Deny'; }) }, null)).toThrow(/expected a ConfigError/);
  });

  test('a condition on a developer entry is refused with what Azure supports', () => {
    const problems = problemsOf({ 'dev.json': devWith((e) => { e.developers[0].condition = "@Request[Microsoft.CognitiveServices/accounts/deployments:name] StringEquals 'gpt-4o-mini'"; }) }, null);
    expect(problems).toEqual([expect.stringMatching(/dev\.json: \$\.developers\[0\].*"condition".*grants take no condition: Azure supports role assignment conditions only on roles with Storage blob or queue data actions/)]);
  });

  test('a deployer that cannot create PIM requests is refused at $.deployerRole, naming the roles that can', () => {
    const problems = problemsOf({ 'prod.json': { ...prod(), deployerRole: 'Role Based Access Control Administrator' } }, null);
    expect(problems).toEqual([expect.stringMatching(/^\S+prod\.json: \$\.deployerRole: got "Role Based Access Control Administrator": just-in-time grants .* give the deploying identity Owner or User Access Administrator/)]);
  });

  test('a principal problem points at the principal\'s entry', () => {
    const err = new ValidationError('dev/Inference/Account', 'grant', 'AI Model Inference User (dev) for user alice@contoso.com (looked up by UPN)', 'already granted');
    expect(jsonPathOfConstructError(err, env)).toBe('$.developers[1]');
  });

  test('an unknown field falls back to the file root, still naming the construct', () => {
    expect(jsonPathOfConstructError(new ValidationError('dev/X', 'other', 1, 'y'), env)).toBe('$');
  });
});
