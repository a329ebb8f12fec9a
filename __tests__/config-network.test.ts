import { loadConfiguration } from '../app/load-config';
import { configDir, configErrorOf, readExample } from '../test-support/config-fixtures';

const SUB = '00000000-0000-0000-0000-000000000002';
const SUBNET = `/subscriptions/${SUB}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
const zone = (z: string) => `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`;
const privateEnv = (patch: (account: any, env: any) => void = () => {}) => {
  const env = readExample('environments/prod-private.json');
  patch(env.account, env);
  return env;
};
const errorOfEnv = (env: unknown) => configErrorOf(configDir({ 'prod-private.json': env }));
const errorOfBootstrap = (patch: (b: any) => void) => {
  const b = readExample('bootstrap.json');
  patch(b);
  return configErrorOf(configDir({ 'dev.json': readExample('environments/dev.json') }, b));
};

describe('configuration: private networking', () => {
  test('the private-only example loads; every DNS choice (zone IDs, created zones, Azure Policy) is accepted', () => {
    expect(() => loadConfiguration(configDir({ 'prod-private.json': privateEnv() }))).not.toThrow();
    const created = privateEnv((a) => { a.privateEndpoints[0].dns = { create: { resourceGroupName: 'rg-dns', virtualNetworkIds: [SUBNET.replace(/\/subnets\/pe$/, '')] } }; });
    const policy = privateEnv((a) => { a.privateEndpoints[0].dns = 'azurePolicy'; });
    for (const env of [created, policy]) expect(() => loadConfiguration(configDir({ 'prod-private.json': env }))).not.toThrow();
  });

  test('a subnet ID of the wrong shape names the file, the JSON path, the value and the shape', () => {
    const bad = `/subscriptions/${SUB}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet`;
    expect(errorOfEnv(privateEnv((a) => { a.privateEndpoints[0].subnetId = bad; })))
      .toContain(`prod-private.json: $.account.privateEndpoints[0].subnetId: got "${bad}": expected a subnet ID: /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<network>/subnets/<subnet>`);
    expect(errorOfEnv(privateEnv((a) => { a.networkAcls.virtualNetworkRules = [{ subnetId: 'snet-app' }]; })))
      .toContain('$.account.networkAcls.virtualNetworkRules[0].subnetId: got "snet-app": expected a subnet ID');
  });

  test('zone IDs: the shape, the zone for the subresource, each once', () => {
    expect(errorOfEnv(privateEnv((a) => { a.privateEndpoints[0].dns.zoneIds[0] = 'privatelink.openai.azure.com'; })))
      .toContain('$.account.privateEndpoints[0].dns.zoneIds[0]: got "privatelink.openai.azure.com": expected a private DNS zone ID');
    expect(errorOfEnv(privateEnv((a) => { a.privateEndpoints[0].dns.zoneIds[0] = zone('privatelink.blob.core.windows.net'); })))
      .toContain('$.account.privateEndpoints[0].dns.zoneIds[0]: got "' + zone('privatelink.blob.core.windows.net') + '": not a zone of the account subresource: expected one of privatelink.cognitiveservices.azure.com, privatelink.openai.azure.com, privatelink.services.ai.azure.com');
    expect(errorOfEnv(privateEnv((a) => { a.privateEndpoints[0].dns.zoneIds = [zone('privatelink.openai.azure.com'), zone('privatelink.openai.azure.com')]; })))
      .toContain('$.account.privateEndpoints[0].dns.zoneIds[1]: got "' + zone('privatelink.openai.azure.com') + '": the zone privatelink.openai.azure.com is also zoneIds[0]: a zone group takes each zone once: remove one');
    expect(errorOfEnv(privateEnv((a) => { a.privateEndpoints[0].dns = 'policy'; })))
      .toContain('$.account.privateEndpoints[0].dns: got "policy": expected "azurePolicy", { "zoneIds": [...] }');
  });

  test('an endpoint in another subscription needs its resource group there; bypass is AzureServices or None', () => {
    const other = SUBNET.replace(SUB, '00000000-0000-0000-0000-0000000000ff');
    expect(errorOfEnv(privateEnv((a) => { a.privateEndpoints[0].subnetId = other; })))
      .toContain('$.account.privateEndpoints[0].resourceGroupName: missing: the subnet is in subscription 00000000-0000-0000-0000-0000000000ff');
    expect(() => loadConfiguration(configDir({ 'prod-private.json': privateEnv((a) => { a.privateEndpoints[0].subnetId = other; a.privateEndpoints[0].resourceGroupName = 'rg-hub-pe'; }) }))).not.toThrow();
    expect(errorOfEnv(privateEnv((a) => { a.networkAcls.bypass = 'All'; }))).toContain('$.account.networkAcls.bypass: got "All": expected "AzureServices" or "None"');
  });

  test('bootstrap: the blob zone only, subnets by ID, no IP ranges with public access off, lock a boolean', () => {
    expect(errorOfBootstrap((b) => { b.privateEndpoints[0].dns.zoneIds = [zone('privatelink.openai.azure.com')]; }))
      .toContain('bootstrap.json: $.privateEndpoints[0].dns.zoneIds[0]: got "' + zone('privatelink.openai.azure.com') + '": not a zone of the blob subresource: expected one of privatelink.blob.core.windows.net');
    expect(errorOfBootstrap((b) => { b.allowedSubnetIds = ['vnet/snet']; })).toContain('bootstrap.json: $.allowedSubnetIds[0]: got "vnet/snet": expected a subnet ID');
    expect(errorOfBootstrap((b) => { b.allowedIpRanges = ['203.0.113.0/24']; })).toContain('bootstrap.json: $.allowedIpRanges: got ["203.0.113.0/24"]: public network access is off (publicNetworkAccess: false), so IP ranges have no effect');
    expect(errorOfBootstrap((b) => { b.lock = 'yes'; })).toContain('bootstrap.json: $.lock: got "yes"');
  });
});
