import * as fs from 'fs';
import * as path from 'path';
import { loadConfiguration } from '../app/load-config';
import { configDir, configErrorOf, devWith, readExample } from '../test-support/config-fixtures';

const errorOf = configErrorOf;
const prod = () => readExample('environments/prod.json');
const prodWith = (patch: (e: any) => void) => { const e = prod(); patch(e); return e; };

describe('state location against the bootstrap', () => {
  test.each([
    ['storageAccountName', 'stother01'],
    ['containerName', 'other'],
    ['resourceGroupName', 'rg-other'],
  ])('a different %s is an error naming the bootstrap value', (field, value) => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.state[field] = value; }) });
    expect(errorOf(dir)).toMatch(new RegExp(`dev\\.json: \\$\\.state\\.${field}: got "${value}": the bootstrap \\(.*bootstrap\\.json \\$\\.${field}\\) creates the state storage with`));
  });

  test('the state subscription defaults to the environment\'s and must be the bootstrap\'s', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.subscriptionId = '00000000-0000-0000-0000-000000000009'; }) });
    expect(errorOf(dir)).toContain('dev.json: $.state.subscriptionId (missing, so $.subscriptionId): got "00000000-0000-0000-0000-000000000009"');
  });

  test('resource group names compare case-insensitively (as Azure does)', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.state.resourceGroupName = 'RG-Keyless-TFState'; }) });
    expect(() => loadConfiguration(dir)).not.toThrow();
  });

  test('a tenant other than the state storage\'s is an error', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.tenantId = '72f988bf-0000-0000-0000-0000000000bb'; }) });
    expect(errorOf(dir)).toContain('dev.json: $.tenantId: got "72f988bf-0000-0000-0000-0000000000bb": the backend signs in to this tenant');
  });

  test('state declared external on purpose is accepted; without a reason it is not', () => {
    const external = devWith((e) => { e.state.storageAccountName = 'stshared01'; e.state.external = 'shared platform state storage, managed by the platform team'; });
    expect(() => loadConfiguration(configDir({ 'dev.json': external }))).not.toThrow();
    const short = devWith((e) => { e.state.external = 'yes'; });
    expect(errorOf(configDir({ 'dev.json': short }))).toContain('$.state.external: got "yes": say why');
  });

  test('without bootstrap.json, the state must be declared external', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json') }, null);
    fs.rmSync(path.join(dir, 'bootstrap.json'));
    expect(errorOf(dir)).toMatch(/dev\.json: \$\.state: there is no .*bootstrap\.json creating the state storage/);
  });
});

describe('state blobs', () => {
  test('no environment writes the bootstrap\'s own state', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.state.key = 'bootstrap.tfstate'; }) });
    expect(errorOf(dir)).toMatch(/dev\.json: \$\.state\.key: "bootstrap\.tfstate" is also the state of the bootstrap stack/);
  });

  test('an explicit key equal to another environment\'s default key collides', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json'), 'test.json': devWith((e) => { e.state.key = 'dev.tfstate'; e.customRole.name = 'x'; }) });
    expect(errorOf(dir)).toMatch(/test\.json: \$\.state\.key: "dev\.tfstate" is also the state of .*dev\.json/);
  });
});

describe('custom role names per tenant', () => {
  test('the same explicit name in two environments of a tenant, compared case-insensitively', () => {
    const dir = configDir({
      'dev.json': devWith((e) => { e.customRole.name = 'AI Inference'; }),
      'prod.json': prodWith((e) => { e.customRole.name = 'ai inference'; }),
    });
    expect(errorOf(dir)).toMatch(/prod\.json: \$\.customRole\.name: "ai inference" is also the custom role of .*dev\.json in the same tenant/);
  });

  test('an explicit name equal to another environment\'s default name', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json'), 'prod.json': prodWith((e) => { e.customRole.name = 'AI Model Inference User (DEV)'; }) });
    expect(errorOf(dir)).toContain('$.customRole.name: "AI Model Inference User (DEV)" is also the custom role of');
  });

  test('other tenants, or environments without the custom role, do not collide', () => {
    const dir = configDir({
      'dev.json': devWith((e) => { e.customRole.name = 'AI Inference'; }),
      'prod.json': prodWith((e) => { e.customRole.enabled = false; e.customRole.name = 'AI Inference'; }),
    });
    expect(() => loadConfiguration(dir)).not.toThrow();
  });
});

describe('files in config/environments', () => {
  test('a non-JSON file is an error; a .JSON file is told the extension is case-sensitive', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json'), 'staging.yaml': 'x: 1', 'qa.JSON': '{}' });
    const m = errorOf(dir);
    expect(m).toContain('staging.yaml: not an environment file: only <name>.json files are read');
    expect(m).toContain('qa.JSON: not an environment file: only <name>.json files are read (the extension is case-sensitive');
  });

  test('a subfolder is an error', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json') });
    fs.mkdirSync(path.join(dir, 'environments', 'old'));
    expect(errorOf(dir)).toContain('environments/old: a folder: environments are not read from subfolders');
  });

  test('editor backups and hidden files are ignored with a warning', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json'), 'dev.json~': '{', '.dev.json.swp': 'x', 'prod.json.bak': '{' });
    const c = loadConfiguration(dir);
    expect(c.environments.map((e) => e.name)).toEqual(['dev']);
    expect(c.warnings!.map((w) => path.basename(w.message.split(':')[0]))).toEqual(['.dev.json.swp', 'dev.json~', 'prod.json.bak']);
    expect(c.warnings![0].message).toContain('ignored (an editor backup, swap or hidden file)');
  });

  test('file names that differ only by case or Unicode normalisation collide (one file on macOS and Windows)', () => {
    // Linux file systems can hold both names; case-insensitive ones cannot.
    const dir = configDir({ 'dev.json': readExample('environments/dev.json'), 'Dev.json': '{}', 'qa\u0301.json': '{}', 'q\u00e1.json': '{}' });
    const m = errorOf(dir);
    expect(m).toMatch(/the file names "Dev\.json" and "dev\.json" differ only by case or Unicode normalisation: on macOS and Windows they are one file/);
    expect(m.match(/differ only by case/g)).toHaveLength(2);
  });
});

describe('what Azure would reject', () => {
  test('an unknown region gets a did-you-mean and the escape hatch', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.location = 'swedencentrl'; }) });
    expect(errorOf(dir)).toContain('dev.json: $.location: got "swedencentrl": not an Azure public-cloud region (did you mean "swedencentral"?); for a region newer than this list, set locationUnlisted to true');
  });

  test('a display name gets the region name suggested', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.location = 'Sweden Central'; }) });
    expect(errorOf(dir)).toContain('$.location: got "Sweden Central": expected an Azure region name such as swedencentral (did you mean "swedencentral"?)');
  });

  test('locationUnlisted lets a region newer than the list through, and is refused on a listed one', () => {
    expect(() => loadConfiguration(configDir({ 'dev.json': devWith((e) => { e.location = 'atlantiscentral'; e.locationUnlisted = true; }) }))).not.toThrow();
    expect(errorOf(configDir({ 'dev.json': devWith((e) => { e.locationUnlisted = true; }) }))).toContain('$.locationUnlisted: got true: "swedencentral" is a listed region');
  });

  test('a custom subdomain with capitals is refused with its lowercase form (the library\'s rule)', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.account.customSubdomainName = 'Contoso-AI-Dev'; }) });
    expect(errorOf(dir)).toContain('dev.json: $.account.customSubdomainName: got "Contoso-AI-Dev": has capital letters: Azure keeps the subdomain in lowercase and azurerm would replace the account on every plan; write it in lowercase: "contoso-ai-dev"');
  });

  test('the bootstrap\'s region is checked too', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json') }, { ...readExample('bootstrap.json'), location: 'westeurop' });
    expect(errorOf(dir)).toContain('bootstrap.json: $.location: got "westeurop": not an Azure public-cloud region (did you mean "westeurope"?)');
  });

  test('deployment names compare case-insensitively', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.account.deployments[1].name = 'GPT-4o-mini'; }) });
    expect(errorOf(dir)).toContain('$.account.deployments[1].name: got "GPT-4o-mini": the same deployment as $.account.deployments[0]');
  });

  test('principals compare case-insensitively (UPNs, display names, object IDs)', () => {
    const dir = configDir({
      'dev.json': devWith((e) => {
        e.developers.push({ kind: 'userByUpn', upn: 'Alice@Contoso.com' });
        e.administrators.push({ kind: 'groupByDisplayName', displayName: 'ai platform admins' });
        e.developers.push({ kind: 'group', objectId: e.developers[0].objectId.toUpperCase() });
      }),
    });
    const m = errorOf(dir);
    expect(m).toContain('$.developers[4]: got {"kind":"userByUpn","upn":"Alice@Contoso.com"}: the same principal as $.developers[1]');
    expect(m).toContain('$.administrators[2]: got {"kind":"groupByDisplayName","displayName":"ai platform admins"}: the same principal as $.administrators[0]');
    expect(m).toContain('$.developers[5]: got');
  });

  test('the bootstrap\'s stateAccess lists each principal once', () => {
    const b = readExample('bootstrap.json');
    b.stateAccess.push({ kind: 'deployer', principalType: 'ServicePrincipal' });
    expect(errorOf(configDir({ 'dev.json': readExample('environments/dev.json') }, b))).toContain('bootstrap.json: $.stateAccess[2]: got');
  });

  test('the deploying identity has one type in an environment', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.developers.push({ kind: 'deployer', principalType: 'User' }); }) });
    expect(errorOf(dir)).toContain('$.administrators[1].principalType: got "ServicePrincipal": the deploying identity is already granted as User at $.developers[4].principalType; it has one type: use the same principalType everywhere');
  });

  test('one GUID as a tenant ID and an object ID is flagged', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.developers[0].objectId = e.tenantId; }) });
    expect(errorOf(dir)).toMatch(/dev\.json: \$\.developers\[0\]\.objectId: "72f988bf-0000-0000-0000-0000000000aa" is used here as a group object ID but as a tenant ID at .*bootstrap\.json \$\.tenantId/);
  });

  test('a client ID equal to an object ID is flagged, also across files', () => {
    const dir = configDir({
      'dev.json': readExample('environments/dev.json'),
      'prod.json': prodWith((e) => { e.developers[1].objectId = '3c5e7a9b-2d4f-4e6a-8b1c-5d7f9a1b3c24'; }),
    });
    expect(errorOf(dir)).toMatch(/prod\.json: \$\.developers\[1\]\.objectId: "3c5e7a9b-2d4f-4e6a-8b1c-5d7f9a1b3c24" is used here as a service principal object ID but as a application \(client\) ID at .*dev\.json \$\.developers\[2\]\.clientId/);
  });

  test('two environments creating accounts with one subdomain (the default: the account name, in any case), or an existing account\'s', () => {
    const other = (patch: (e: any) => void) => devWith((e) => { e.resourceGroup.name = 'rg-other'; e.customRole.name = 'Other role'; e.state.key = 'other.tfstate'; patch(e); });
    const sameName = errorOf(configDir({ 'dev.json': readExample('environments/dev.json'), 'other.json': other((e) => { e.account.name = 'Contoso-AI-Dev'; }) }));
    expect(sameName).toMatch(/other\.json: \$\.account\.customSubdomainName \(missing, so the account name\): got "contoso-ai-dev": the custom subdomain "contoso-ai-dev" is also the subdomain of the account created at .*dev\.json \$\.account: a subdomain is one global DNS name/);
    const existing = errorOf(configDir({ 'dev.json': devWith((e) => { e.account.customSubdomainName = 'contoso-ai-prod'; }), 'prod.json': prod() }));
    expect(existing).toMatch(/dev\.json: \$\.account\.customSubdomainName: got "contoso-ai-prod": the custom subdomain "contoso-ai-prod" is also held by the existing account of .*prod\.json \$\.existingAccount/);
    // Two environments granting on one existing account are fine.
    expect(() => loadConfiguration(configDir({ 'prod.json': prod(), 'prod2.json': prodWith((e) => { e.customRole.name = 'Other role'; e.state.key = 'prod2.tfstate'; }) }))).not.toThrow();
  });

  test('one resource group or account created by two environments (names compare case-insensitively)', () => {
    const twin = devWith((e) => { e.resourceGroup.name = 'RG-AI-Inference-Dev'; e.account.name = 'CONTOSO-AI-DEV'; e.account.customSubdomainName = 'contoso-ai-twin'; e.customRole.name = 'Twin role'; e.state.key = 'twin.tfstate'; });
    const m = errorOf(configDir({ 'dev.json': readExample('environments/dev.json'), 'twin.json': twin }));
    expect(m).toMatch(/twin\.json: \$\.resourceGroup\.name: got "RG-AI-Inference-Dev": the resource group \/subscriptions\/\S+\/resourceGroups\/RG-AI-Inference-Dev is also created at .*dev\.json \$\.resourceGroup\.name/);
    expect(m).toContain('$.account.name: got "CONTOSO-AI-DEV": the AI Services account');
    const bootstrapGroup = errorOf(configDir({ 'dev.json': devWith((e) => { e.resourceGroup.name = 'rg-keyless-tfstate'; }) }));
    expect(bootstrapGroup).toMatch(/dev\.json: \$\.resourceGroup\.name: got "rg-keyless-tfstate": the resource group .* is also created at .*bootstrap\.json \$\.resourceGroupName/);
  });

  test('an existing account ID with segment names in another case is read as Azure writes it', () => {
    const id = prod().existingAccount.id as string;
    const { environments } = loadConfiguration(configDir({ 'prod.json': prodWith((e) => { e.existingAccount.id = id.toLowerCase(); }) }));
    expect(environments[0].config.existingAccount!.id).toBe(id);
  });

  test('an existing account in another subscription than the environment\'s', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json'), 'prod.json': prodWith((e) => { e.subscriptionId = '00000000-0000-0000-0000-000000000003'; e.state.subscriptionId = '00000000-0000-0000-0000-000000000001'; }) });
    expect(errorOf(dir)).toContain('$.existingAccount.id: got "/subscriptions/00000000-0000-0000-0000-000000000002/');
  });
});

describe('messages', () => {
  test('a principal written with another kind\'s keys is told which kind it meant', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.developers[2] = { kind: 'servicePrincipal', clientId: '3c5e7a9b-2d4f-4e6a-8b1c-5d7f9a1b3c24' }; }) });
    const m = errorOf(dir);
    expect(m).toContain('$.developers[2]: unknown key "clientId"');
    expect(m).toContain('"clientId" belongs to kind "servicePrincipalByClientId", so did you mean "kind": "servicePrincipalByClientId"?');
    expect(m).toContain('$.developers[2].objectId: missing: ');
    expect(m).toContain('this entry has "clientId", which kind "servicePrincipalByClientId" takes');
  });

  test('a misspelled kind gets a did-you-mean', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.developers[0].kind = 'gruop'; }) });
    expect(errorOf(dir)).toContain('(did you mean "group"?)');
  });

  test.each([
    ['{\n  "a": 1,\n}', 3, 1, 'expected a double-quoted property name, found "}" (a trailing comma is not allowed in JSON)'],
    ['{\n  "a": [1, 2,]\n}', 2, 14, 'a trailing comma is not allowed'],
    ['{\n  // note\n  "a": 1\n}', 2, 3, 'expected a double-quoted property name'],
    ['{\n  "a": "line\nbreak"\n}', 2, 13, 'a line break or control character inside a string'],
    ['{\n  "a": 1\n', 3, 1, 'expected "," or "}" after a property value, found the end of the file'],
    ['{"a": 1} x', 1, 10, 'unexpected "x" after the end of the JSON value'],
  ])('JSON syntax errors give line and column: %j', (text, line, column, what) => {
    const dir = configDir({ 'dev.json': text });
    expect(errorOf(dir)).toContain(`environments/dev.json: line ${line}, column ${column}: not valid JSON: ${what}`);
  });

  test('a byte order mark is accepted', () => {
    const dir = configDir({ 'dev.json': '\ufeff' + JSON.stringify(readExample('environments/dev.json')) });
    expect(() => loadConfiguration(dir)).not.toThrow();
  });
});

describe('warnings', () => {
  test('nobody to administer the account (nobody to call its models is the library\'s warning: plan-checks.test.ts)', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.developers = []; e.administrators = []; }) });
    const w = loadConfiguration(dir).warnings!;
    expect(w).toEqual([
      { stack: 'dev', message: expect.stringMatching(/dev\.json: \$\.administrators: empty: nobody administers the account/) },
    ]);
  });
});
