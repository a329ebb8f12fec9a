import * as fs from 'fs';
import * as path from 'path';
import { loadConfiguration } from '../app/load-config';
import { configDir, configErrorOf, devWith, EXAMPLE_CONFIG_DIR, readExample } from '../test-support/config-fixtures';

const errorOf = configErrorOf;

describe('loadConfiguration', () => {
  test('reads the example configuration: bootstrap and environments sorted by name', () => {
    const c = loadConfiguration(EXAMPLE_CONFIG_DIR);
    expect(c.bootstrap?.storageAccountName).toBe('stkeylesstfstate01');
    expect(c.environments.map((e) => e.name)).toEqual(['dev', 'prod-private', 'prod']);
  });

  test('an unreadable file names the file', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json') });
    fs.mkdirSync(path.join(dir, 'environments', 'broken.json'));
    expect(errorOf(dir)).toMatch(/environments\/broken\.json: cannot read: EISDIR/);
  });

  test('invalid JSON names the file, the line and the column', () => {
    const dir = configDir({ 'dev.json': '{\n  "subscriptionId": "x",\n  oops\n}' });
    expect(errorOf(dir)).toContain('environments/dev.json: line 3, column 3: not valid JSON: expected a double-quoted property name, found "o"');
  });

  test('a wrong value names the file, the JSON path, the value and what is expected', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.developers[0].objectId = 'not-a-guid'; }) });
    const message = errorOf(dir);
    expect(message).toContain('environments/dev.json: $.developers[0].objectId: got "not-a-guid": expected a Microsoft Entra object ID');
  });

  test('an all-zero object ID is rejected', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.developers[0].objectId = '00000000-0000-0000-0000-000000000000'; }) });
    expect(errorOf(dir)).toContain('$.developers[0].objectId: got "00000000-0000-0000-0000-000000000000": expected a Microsoft Entra object ID (not an application/client ID), not the all-zero GUID');
  });

  test('a missing required value says it is missing', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { delete e.tenantId; }) });
    expect(errorOf(dir)).toContain('environments/dev.json: $.tenantId: missing');
  });

  test('unknown keys are errors, at any depth', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.acount = {}; e.account.deployments[0].capasity = 5; }) });
    const message = errorOf(dir);
    expect(message).toContain('environments/dev.json: $: unknown key "acount"');
    expect(message).toContain('environments/dev.json: $.account.deployments[0]: unknown key "capasity"');
  });

  test('an unknown key gets the key it was meant to be (case, typo, cut short, in either state shape), or the keys allowed there', () => {
    const m = errorOf(configDir({ 'dev.json': devWith((e) => {
      e.subscriptionID = e.subscriptionId; delete e.subscriptionId;
      e.developer = e.developers; delete e.developers;
      e.state.storageAccount = e.state.storageAccountName; delete e.state.storageAccountName;
      e.account.deployments[0].capasity = 5;
      e.customRole.colour = 'blue';
    }) }));
    expect(m).toContain('dev.json: $: unknown key "subscriptionID" (did you mean "subscriptionId"?)');
    expect(m).toContain('dev.json: $.subscriptionId: missing: required: add it (a string) (the file has "subscriptionID" here: misspelled?)');
    expect(m).toContain('dev.json: $: unknown key "developer" (did you mean "developers"?)');
    expect(m).toContain('dev.json: $.state: unknown key "storageAccount" (did you mean "storageAccountName"?)');
    expect(m).toContain('dev.json: $.account.deployments[0]: unknown key "capasity" (a misspelling of "capacity", which is set too? remove one)');
    expect(m).toContain('dev.json: $.customRole: unknown key "colour" (allowed here: "enabled", "name", "roleDefinitionId")');
    const cloud = errorOf(configDir({ 'dev.json': devWith((e) => { e.state = { cloud: { organisation: 'contoso', workspace: 'dev' } }; }) }));
    expect(cloud).toContain('$.state.cloud: unknown key "organisation" (did you mean "organization"?)');
    // Credential settings exist only to be refused: never offered.
    expect(errorOf(configDir({ 'dev.json': devWith((e) => { e.state.foo = 1; }) }))).not.toMatch(/allowed here: [^\n]*accessKey/);
  });

  test('wrong types say what to write: quotes around a number or boolean, null for an optional setting, case in a fixed value', () => {
    const m = errorOf(configDir({ 'dev.json': devWith((e) => {
      e.account.deployments[0].capacity = '10';
      e.resourceGroup.create = 'true';
      e.account.customSubdomainName = null;
      e.account.deployments[0].sku = 'globalstandard';
    }) }));
    expect(m).toContain('$.account.deployments[0].capacity: got "10": expected a number, not a string: write 10 without quotes');
    expect(m).toContain('$.resourceGroup.create: got "true": expected true or false, not a string: write true without quotes');
    expect(m).toContain('$.account.customSubdomainName: got null: expected a string; null is not accepted: to leave an optional setting out, remove the key');
    expect(m).toContain('$.account.deployments[0].sku: got "globalstandard": expected one of "Standard", "DataZoneBatch"');
    expect(m).toContain('(did you mean "GlobalStandard"? values are case-sensitive)');
    const more = errorOf(configDir({ 'dev.json': devWith((e) => { e.account.deployments[1].version = 7; e.policy.keyAccess.effect = 'deny'; }) }));
    expect(more).toContain('$.account.deployments[1].version: got 7: expected a string, not a number: write it in quotes, "7"');
    expect(more).toContain('$.policy.keyAccess.effect: got "deny": expected one of Audit, Deny, Disabled (did you mean "Deny"? values are case-sensitive)');
    expect(errorOf(configDir({ 'dev.json': devWith((e) => { delete e.account.deployments[1].version; }) }))).toContain('$.account.deployments[1].version: missing: pin the model version');
  });

  test('tags: what Azure refuses (case-insensitive names, forbidden characters, lengths, 50 with the app\'s own) and the app\'s own tag names', () => {
    const m = errorOf(configDir({ 'dev.json': devWith((e) => {
      e.account.tags = { 'cost-center': 'ai', 'Cost-Center': 'ml', 'a&b': 'x', Environment: 'prod', long: 'v'.repeat(257) };
    }) }));
    expect(m).toContain('$.account.tags["Cost-Center"]: got "ml": the tag name "Cost-Center" is the same tag as "cost-center": Azure compares tag names case-insensitively; keep one');
    expect(m).toContain('$.account.tags["a&b"]: got "x": the tag name "a&b" holds "&": Azure refuses < > % & \\ ? / in tag names; rename it');
    expect(m).toContain('$.account.tags.Environment: got "prod": the app writes the tag "environment" on the account itself');
    expect(m).toContain('$.account.tags.long: got "vvv');
    expect(m).toContain('the value has 257 characters: Azure allows 256');
    const many = (n: number) => devWith((e) => { e.account.tags = Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, 'x'])); });
    expect(errorOf(configDir({ 'dev.json': many(49) }))).toContain('51 tags: Azure allows 50 per resource; merge some (a value can hold JSON) or drop them (the app adds 2 of its own)');
    expect(() => loadConfiguration(configDir({ 'dev.json': many(48) }))).not.toThrow();
  });

  test('an account SKU in the wrong case is refused with the one meant (azurerm compares it exactly)', () => {
    expect(errorOf(configDir({ 'dev.json': devWith((e) => { e.account.sku = 's0'; }) }))).toContain('$.account.sku: got "s0": expected one of "C2"');
    expect(errorOf(configDir({ 'dev.json': devWith((e) => { e.account.sku = 's0'; }) }))).toContain('(did you mean "S0"? values are case-sensitive)');
  });

  test('a resource group name ending with a period is refused (the provider and Azure refuse it)', () => {
    expect(errorOf(configDir({ 'dev.json': devWith((e) => { e.resourceGroup.name = 'rg-ai.'; }) })))
      .toContain('$.resourceGroup.name: got "rg-ai.": expected 1 to 90 letters, digits, "-", "_", ".", "(" or ")", not ending with a period');
    expect(() => loadConfiguration(configDir({ 'dev.json': devWith((e) => { e.resourceGroup.name = 'rg.ai_(dev)'; }) }))).not.toThrow();
  });

  test('an entry listed twice in a list of values (endpoints, IP ranges, log categories, delegated roles) names both places', () => {
    const m = errorOf(configDir({ 'dev.json': devWith((e) => {
      e.endpoints = ['openai', 'models', 'openai'];
      e.account.networkAcls.ipRules.push('203.0.113.0/24');
      e.auditLogs.categories = ['Audit', 'Audit'];
      e.projects[0].delegates[0].roles = ['foundryUser', 'foundryUser'];
      e.projects[0].developers.push({ ...e.projects[0].developers[0], objectId: e.projects[0].developers[0].objectId.toUpperCase() });
    }) }));
    expect(m).toContain('$.endpoints[2]: got "openai": listed twice (also [0]): remove one');
    expect(m).toContain('$.account.networkAcls.ipRules[1]: got "203.0.113.0/24": listed twice (also [0]): remove one');
    expect(m).toContain('$.auditLogs.categories[1]: got "Audit": listed twice (also [0]): remove one');
    expect(m).toContain('$.projects[0].delegates[0].roles[1]: got "foundryUser": listed twice (also [0]): remove one');
  });

  test('a project developer listed twice names both entries (it was reported at "$", from the construct)', () => {
    const m = errorOf(configDir({ 'dev.json': devWith((e) => { e.projects[0].developers.push({ ...e.projects[0].developers[0] }); }) }));
    expect(m).toContain('$.projects[0].developers[1]: got {"kind":"group"');
    expect(m).toContain('the same principal as $.projects[0].developers[0]');
  });

  test('a subscription or tenant given by name, or a user by sign-in name where the object ID goes, is told where to find the ID', () => {
    const m = errorOf(configDir({ 'dev.json': devWith((e) => {
      e.subscriptionId = 'Contoso Production';
      e.tenantId = 'contoso.onmicrosoft.com';
      e.temporaryDevelopers[0].principal.objectId = 'bob@contoso.com';
    }) }));
    expect(m).toContain('$.subscriptionId: got "Contoso Production": expected the subscription ID as a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); a subscription name is not accepted: `az account show --query id -o tsv`');
    expect(m).toContain('$.tenantId: got "contoso.onmicrosoft.com": expected the Microsoft Entra tenant ID as a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); a tenant name or domain is not accepted: `az account show --query tenantId -o tsv`');
    expect(m).toContain('$.temporaryDevelopers[0].principal.objectId: got "bob@contoso.com": expected a Microsoft Entra object ID (not an application/client ID) as a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); that is a sign-in name: write {"kind": "userByUpn"');
  });

  test('a misnamed bootstrap file or environments folder is named, not skipped', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json') });
    fs.renameSync(path.join(dir, 'bootstrap.json'), path.join(dir, 'Bootstrap.json'));
    const m = errorOf(dir);
    expect(m).toContain('Bootstrap.json: not read: the bootstrap configuration is read from bootstrap.json (the name is case-sensitive, JSON only); rename it');
    expect(m).not.toContain('there is no');
    fs.renameSync(path.join(dir, 'Bootstrap.json'), path.join(dir, 'bootstrap.yaml'));
    expect(errorOf(dir)).toContain('bootstrap.yaml: not read');
    fs.renameSync(path.join(dir, 'environments'), path.join(dir, 'enviroments'));
    expect(errorOf(dir)).toMatch(/environments: no such folder: .*; found "enviroments": rename it to "environments"/);
    fs.writeFileSync(path.join(dir, 'environments'), '{}');
    expect(errorOf(dir)).toContain('environments: not a folder');
  });

  test('a capacity below 1 is rejected with the allowed range', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.account.deployments[0].capacity = 0; }) });
    expect(errorOf(dir)).toContain('$.account.deployments[0].capacity: got 0: expected a capacity of at least 1');
  });

  test('a 64-character account name needs a shorter custom subdomain (a DNS label has at most 63)', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.account.name = 'a'.repeat(64); }) });
    expect(errorOf(dir)).toContain('$.account.customSubdomainName: missing: the subdomain defaults to the account name in lowercase, which is not a valid subdomain (expected a DNS label of 2 to 63 characters');
  });

  test('IP rules must be IPv4 addresses or CIDR ranges', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.account.networkAcls.ipRules = ['999.10.0.0/16']; }) });
    expect(errorOf(dir)).toContain('$.account.networkAcls.ipRules[0]: got "999.10.0.0/16": expected a public IPv4 address or CIDR range');
  });

  test('state storage IP ranges must be IPv4 addresses or CIDR ranges', () => {
    const bootstrap = { ...readExample('bootstrap.json'), publicNetworkAccess: true, allowedIpRanges: ['203.0.113.0/24', 'office'] };
    const dir = configDir({ 'dev.json': readExample('environments/dev.json') }, bootstrap);
    expect(errorOf(dir)).toContain('bootstrap.json: $.allowedIpRanges[1]: got "office": expected a public IPv4 address or CIDR range');
  });

  test('keys on without a justification is rejected', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.account.localAuth = { enabled: true }; }) });
    expect(errorOf(dir)).toContain('$.account.localAuth.justification: missing: key-based access needs a written justification');
  });

  test.each([
    ['accessKey', 'abc=='],
    ['sasToken', '?sv=2024'],
    ['access_key', 'abc=='],
    ['clientSecret', 's3cret'],
  ])('key-based backend setting %s is rejected', (key, value) => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.state[key] = value; }) });
    const message = errorOf(dir);
    expect(message).toContain(`$.state.${key}: got a value (not shown: a credential): ${key} is key-based and is rejected`);
    expect(message).not.toContain(value);
  });

  test('turning Entra ID auth off for the backend is rejected', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.state.useAzureadAuth = false; }) });
    expect(errorOf(dir)).toContain('$.state.useAzureadAuth: got false: useAzureadAuth cannot be turned off');
  });

  test('an environment named like the bootstrap stack collides', () => {
    const dir = configDir({ 'bootstrap.json': readExample('environments/dev.json') });
    expect(errorOf(dir)).toContain('environments/bootstrap.json: environment name "bootstrap" collides with the app\'s bootstrap stack');
  });

  test('an environment name that is not a valid stack name is rejected', () => {
    const dir = configDir({ 'Dev.json': readExample('environments/dev.json') });
    expect(errorOf(dir)).toContain('environment name "Dev" (from the file name) is not allowed');
  });

  test('two environments sharing one state blob are rejected', () => {
    const dir = configDir({
      'dev.json': devWith((e) => { e.state.key = 'shared.tfstate'; }),
      'test.json': devWith((e) => { e.state.key = 'shared.tfstate'; }),
    });
    expect(errorOf(dir)).toMatch(/environments\/test\.json: \$\.state\.key: "shared\.tfstate" is also the state of .*dev\.json/);
  });

  test('an account must be either new or existing', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { delete e.account; }) });
    expect(errorOf(dir)).toContain('$.account: missing: give exactly one of "account" (create one) or "existingAccount"');
  });

  test('problems of several files are reported together', () => {
    const dir = configDir({
      'dev.json': devWith((e) => { e.location = 'Sweden Central'; }),
      'prod.json': devWith((e) => { e.account.name = '-bad-'; }),
    });
    const message = errorOf(dir);
    expect(message).toMatch(/^Invalid configuration \(2 problems\)/);
    expect(message).toContain('dev.json: $.location: got "Sweden Central"');
    expect(message).toContain('prod.json: $.account.name: got "-bad-": expected 2 to 64 letters');
  });

  describe('values Azure or the providers reject (issue: real Azure, over time)', () => {
    test('a deployment without a pinned version says why it must be pinned', () => {
      const dir = configDir({ 'dev.json': devWith((e) => { delete e.account.deployments[0].version; }) });
      expect(errorOf(dir)).toContain('environments/dev.json: $.account.deployments[0].version: missing: pin the model version');
    });

    test('private ranges in account IP rules, private ranges and /31 or /32 in the state storage ranges', () => {
      const env = errorOf(configDir({ 'dev.json': devWith((e) => { e.account.networkAcls.ipRules = ['192.168.10.0/24']; }) }));
      expect(env).toContain('$.account.networkAcls.ipRules[0]: got "192.168.10.0/24": IP rules are for public addresses; 192.168.10.0/24 is (or contains) the private range 192.168.0.0/16');
      const boot = (ranges: string[]) => errorOf(configDir({ 'dev.json': readExample('environments/dev.json') }, { ...readExample('bootstrap.json'), publicNetworkAccess: true, allowedIpRanges: ranges }));
      expect(boot(['203.0.113.7/32'])).toContain('bootstrap.json: $.allowedIpRanges[0]: got "203.0.113.7/32": storage network rules take no /31 or /32 ranges: write the single address 203.0.113.7');
      expect(boot(['10.1.0.0/16'])).toContain('$.allowedIpRanges[0]: got "10.1.0.0/16": IP rules are for public addresses');
      expect(() => loadConfiguration(configDir({ 'dev.json': readExample('environments/dev.json') }, { ...readExample('bootstrap.json'), publicNetworkAccess: true, allowedIpRanges: ['203.0.113.7', '198.51.100.0/30'] }))).not.toThrow();
    });

    test('a group display name with an apostrophe is rejected with the way out', () => {
      const dir = configDir({ 'dev.json': devWith((e) => { e.administrators[0] = { kind: 'groupByDisplayName', displayName: "O'Brien's admins" }; }) });
      expect(errorOf(dir)).toContain('$.administrators[0].displayName: got "O\'Brien\'s admins": azuread 3.7 cannot look up a group whose name contains an apostrophe');
    });

    test('endpoints: known names only, at least one', () => {
      expect(errorOf(configDir({ 'dev.json': devWith((e) => { e.endpoints = []; }) }))).toContain('$.endpoints: got []: name the endpoints developers call: models, openai');
      expect(errorOf(configDir({ 'dev.json': devWith((e) => { e.endpoints = ['assistants']; }) }))).toContain('$.endpoints[0]: got "assistants"');
    });

    test('a key names one principal in the environment (the same principal may use it as developer and administrator)', () => {
      const clash = errorOf(configDir({ 'dev.json': devWith((e) => { e.developers[0].key = 'team'; e.administrators[0].key = 'team'; }) }));
      expect(clash).toContain('$.administrators[0].key: got "team": already the key of $.developers[0], another principal');
      expect(() => loadConfiguration(configDir({ 'dev.json': devWith((e) => {
        e.developers[0].key = 'ai-devs';
        e.administrators.push({ ...e.developers[0], label: 'AI developers (admins too)' });
      }) }))).not.toThrow();
    });

    test('principal keys: address-safe, and a custom role GUID must be a GUID', () => {
      expect(errorOf(configDir({ 'dev.json': devWith((e) => { e.developers[0].key = 'has space'; }) }))).toContain('$.developers[0].key: got "has space": expected 1 to 64 letters');
      expect(errorOf(configDir({ 'dev.json': devWith((e) => { e.customRole.roleDefinitionId = 'x'; }) }))).toContain('$.customRole.roleDefinitionId: got "x"');
    });
  });

  describe('files as editors and shells write them', () => {
    const dev = () => JSON.stringify(readExample('environments/dev.json'), null, 2);

    test('a key written twice in one object is refused with both lines (JSON.parse would keep the last silently)', () => {
      const text = dev().replace('"location": "swedencentral",', '"location": "swedencentral",\n  "location": "westeurope",');
      expect(errorOf(configDir({ 'dev.json': text }))).toContain('environments/dev.json: line 5, column 3: $.location: the key "location" is written twice in one object (first on line 4): JSON keeps only the last one silently; keep one');
      const nested = dev().replace('"create": true', '"create": true, "create": false');
      expect(errorOf(configDir({ 'dev.json': nested }))).toMatch(/\$\.resourceGroup\.create: the key "create" is written twice in one object/);
    });

    test('UTF-16 (with or without its byte order mark) is named, with the fix', () => {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(dev(), 'utf16le')]);
      const dir = configDir({ 'dev.json': readExample('environments/dev.json') });
      fs.writeFileSync(path.join(dir, 'environments', 'dev.json'), utf16);
      expect(errorOf(dir)).toContain('environments/dev.json: not UTF-8 (it looks like UTF-16, as some Windows editors and PowerShell\'s > write it): save it as UTF-8');
      fs.writeFileSync(path.join(dir, 'environments', 'dev.json'), Buffer.from(dev(), 'utf16le'));
      expect(errorOf(dir)).toContain('not UTF-8 (it looks like UTF-16');
    });

    test('a file that is not one JSON object says what it must be, without echoing a whole file', () => {
      const array = errorOf(configDir({ 'dev.json': `[${dev()}]` }));
      expect(array).toContain('environments/dev.json: $: got an array: a configuration file holds one JSON object, { ... } with the settings');
      expect(array.length).toBeLessThan(400);
      expect(errorOf(configDir({ 'dev.json': 'null' }))).toContain('environments/dev.json: $: got null: a configuration file holds one JSON object');
      expect(errorOf(configDir({ 'dev.json': '' }))).toContain('environments/dev.json: line 1, column 1: not valid JSON: unexpected end of the file');
    });

    test('comments, single and typographic quotes get the JSON rule they break', () => {
      expect(errorOf(configDir({ 'dev.json': dev().replace('{', '{\n  // dev\n') }))).toContain('line 2, column 3: not valid JSON: expected a double-quoted property name, found "/" (JSON has no comments)');
      expect(errorOf(configDir({ 'dev.json': dev().replace('"swedencentral"', "'swedencentral'") }))).toContain('(JSON strings take double quotes)');
      expect(errorOf(configDir({ 'dev.json': dev().replace('"swedencentral"', '\u201cswedencentral\u201d') }))).toContain('(a typographic quote: use the straight double quote ")');
    });

    test('a long value is shown cut, with its length', () => {
      const message = errorOf(configDir({ 'dev.json': devWith((e) => { e.account.name = 'x'.repeat(5000); }) }));
      expect(message).toContain('$.account.name: got "xxxx');
      expect(message).toContain('… (5002 characters): expected 2 to 64 letters');
      expect(message.length).toBeLessThan(600);
    });
  });
});
