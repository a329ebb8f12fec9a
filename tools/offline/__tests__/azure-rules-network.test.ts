import { applyErrors, applyPicker, configureProvider, planModify, replacePaths, validateResource } from '../azure-rules';
import { deleteBlockedByLock } from '../azure-rules-network';

const SUB = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const ctx = configureProvider('azurerm', { subscription_id: SUB }, {}).ctx!;
const RG = `/subscriptions/${SUB}/resourceGroups/rg`;
const ACCOUNT = `${RG}/providers/Microsoft.CognitiveServices/accounts/ai`;
const SUBNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
const ZONE = `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com`;
const summaries = (type: string, cfg: Record<string, unknown>) => validateResource(type, cfg as never).map((d) => d.summary + (d.detail ? ` ${d.detail}` : ''));

describe('offline rules: private endpoints, private DNS, management locks (azurerm v4.55.0)', () => {
  const psc = { name: 'pe-ai-connection', is_manual_connection: false, private_connection_resource_id: ACCOUNT, private_connection_resource_alias: null, subresource_names: ['account'], request_message: null };
  const pe = { name: 'pe-ai', location: 'Sweden Central', resource_group_name: 'rg', subnet_id: SUBNET, private_service_connection: [psc], private_dns_zone_group: [{ name: 'default', private_dns_zone_ids: [ZONE] }], ip_configuration: [] };

  test('private endpoint: names (PrivateLinkName), subnet and zone IDs, subresource names, one of resource ID or alias', () => {
    expect(summaries('azurerm_private_endpoint', pe)).toEqual([]);
    expect(summaries('azurerm_private_endpoint', {
      ...pe, name: 'pe-', subnet_id: `${RG}/providers/Microsoft.Network/virtualNetworks/vnet`,
      private_dns_zone_group: [{ name: 'default', private_dns_zone_ids: [`${RG}/providers/Microsoft.Network/dnsZones/example.com`] }],
      private_service_connection: [{ ...psc, subresource_names: ['ab'], private_connection_resource_alias: 'svc.azure.privatelinkservice' }],
    })).toEqual([
      'name must be between 1 - 80 characters long, begin with a letter or number, end with a letter, number or underscore, and may contain only letters, numbers, periods, hyphens or underscores',
      expect.stringMatching(/^parsing ".*\/virtualNetworks\/vnet" as a Subnet ID for "subnet_id"/),
      expect.stringMatching(/^parsing ".*\/dnsZones\/example.com" as a Private Dns Zone ID for "private_dns_zone_group.0.private_dns_zone_ids.0"/),
      expect.stringMatching(/^Invalid combination of arguments "private_service_connection.0.private_connection_resource_alias": only one of/),
      expect.stringMatching(/^Invalid combination of arguments "private_service_connection.0.private_connection_resource_id": only one of/),
      'private_service_connection.0.subresource_names.0 must be at least 3 character in length',
    ]);
  });

  test('private endpoint: request_message only with a manual connection (apply-time check)', () => {
    expect(applyErrors('azurerm_private_endpoint', null, { ...pe, private_service_connection: [{ ...psc, request_message: 'please' }] } as never).map((d) => d.summary))
      .toEqual(['"private_service_connection":"pe-ai-connection" is invalid, the "request_message" attribute cannot be set if the "is_manual_connection" attribute is "false"']);
    expect(applyErrors('azurerm_private_endpoint', null, { ...pe, private_service_connection: [{ ...psc, is_manual_connection: true, request_message: ' ' }] } as never).map((d) => d.summary))
      .toEqual(['"private_service_connection":"pe-ai-connection" is invalid, the "request_message" attribute must not be empty']);
  });

  test('private endpoint: the subnet, target and subresources replace; the zone group and tags update in place; location is normalised', () => {
    expect(replacePaths('azurerm_private_endpoint', pe, { ...pe, subnet_id: `${SUBNET}2` })).toEqual([['subnet_id']]);
    expect(replacePaths('azurerm_private_endpoint', pe, { ...pe, private_service_connection: [{ ...psc, subresource_names: ['blob'] }] })).toEqual([['private_service_connection', 0, 'subresource_names']]);
    expect(replacePaths('azurerm_private_endpoint', pe, { ...pe, private_dns_zone_group: [], tags: { a: 'b' } })).toEqual([]);
    expect((planModify('azurerm_private_endpoint', pe as never, undefined, pe as never) as Record<string, unknown>).location).toBe('swedencentral');
  });

  test('private endpoint: Azure\'s ID, a private IP, the NIC, and the zone configs read back from the zone group', () => {
    const pick = applyPicker('azurerm_private_endpoint', pe as never, ctx);
    const id = `${RG}/providers/Microsoft.Network/privateEndpoints/pe-ai`;
    expect(pick(['id'], 'id', 'string')).toBe(id);
    expect(pick(['private_service_connection', 0, 'private_ip_address'], 'private_ip_address', 'string')).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(pick(['private_dns_zone_group', 0, 'id'], 'id', 'string')).toBe(`${id}/privateDnsZoneGroups/default`);
    expect(pick(['private_dns_zone_configs'], 'private_dns_zone_configs', ['list', 'string'])).toEqual([expect.objectContaining({
      name: 'privatelink-openai-azure-com', private_dns_zone_id: ZONE, id: `${id}/privateDnsZoneGroups/default/privateDnsZoneConfigs/privatelink-openai-azure-com`,
    })]);
  });

  test('private DNS zone: name and group replace; Azure\'s SOA record; the SOA email is checked', () => {
    const zone = { name: 'privatelink.openai.azure.com', resource_group_name: 'rg' };
    expect(summaries('azurerm_private_dns_zone', zone)).toEqual([]);
    expect(summaries('azurerm_private_dns_zone', { ...zone, soa_record: [{ email: 'nodots' }] })).toEqual(['"soa_record.0.email" must be between 2 and 34 segments']);
    expect(replacePaths('azurerm_private_dns_zone', zone, { ...zone, name: 'privatelink.cognitiveservices.azure.com' })).toEqual([['name']]);
    const pick = applyPicker('azurerm_private_dns_zone', zone as never, ctx);
    expect(pick(['id'], 'id', 'string')).toBe(`${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com`);
    expect(pick(['soa_record'], 'soa_record', ['list', 'string'])).toEqual([expect.objectContaining({ email: 'azureprivatedns-host.microsoft.com', ttl: 3600, fqdn: 'privatelink.openai.azure.com.' })]);
  });

  test('virtual network link: a virtual network ID, registration off by default, every identifying argument replaces', () => {
    const link = { name: 'link-vnet', private_dns_zone_name: 'privatelink.openai.azure.com', resource_group_name: 'rg', virtual_network_id: `${RG}/providers/Microsoft.Network/virtualNetworks/vnet`, registration_enabled: null };
    expect(summaries('azurerm_private_dns_zone_virtual_network_link', link)).toEqual([]);
    expect(summaries('azurerm_private_dns_zone_virtual_network_link', { ...link, virtual_network_id: SUBNET, resolution_policy: 'Other' })).toEqual([
      expect.stringMatching(/as a Virtual Network ID for "virtual_network_id"/),
      'expected resolution_policy to be one of ["Default" "NxDomainRedirect"], got Other',
    ]);
    expect((planModify('azurerm_private_dns_zone_virtual_network_link', link as never, undefined, link as never) as Record<string, unknown>).registration_enabled).toBe(false);
    expect(replacePaths('azurerm_private_dns_zone_virtual_network_link', link, { ...link, virtual_network_id: `${link.virtual_network_id}2` })).toEqual([['virtual_network_id']]);
    expect(applyPicker('azurerm_private_dns_zone_virtual_network_link', link as never, ctx)(['id'], 'id', 'string'))
      .toBe(`${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com/virtualNetworkLinks/link-vnet`);
  });

  test('management lock: level CanNotDelete or ReadOnly, notes up to 512, every argument replaces, ID below the scope', () => {
    const lock = { name: 'keyless-do-not-delete', scope: ACCOUNT, lock_level: 'CanNotDelete', notes: 'why' };
    expect(summaries('azurerm_management_lock', lock)).toEqual([]);
    expect(summaries('azurerm_management_lock', { ...lock, name: '!!', lock_level: 'DoNotDelete', notes: 'x'.repeat(513) })).toEqual([
      'name can only consist of alphanumeric characters, dashes and underscores',
      'expected lock_level to be one of ["CanNotDelete" "ReadOnly"], got DoNotDelete',
      `expected length of notes to be in the range (0 - 512), got ${'x'.repeat(513)}`,
    ]);
    expect(replacePaths('azurerm_management_lock', lock, { ...lock, notes: 'other' })).toEqual([['notes']]);
    expect(applyPicker('azurerm_management_lock', lock as never, ctx)(['id'], 'id', 'string')).toBe(`${ACCOUNT}/providers/Microsoft.Authorization/locks/keyless-do-not-delete`);
  });

  test('Azure refuses to delete the locked resource, its children and role assignments at its scope; other resources and the lock itself go', () => {
    const lockId = `${ACCOUNT}/providers/Microsoft.Authorization/locks/keep`;
    const store: [string, { type: string; attributes: Record<string, unknown> }][] = [[lockId, { type: 'azurerm_management_lock', attributes: { scope: ACCOUNT.toUpperCase(), lock_level: 'CanNotDelete' } }]];
    for (const id of [ACCOUNT, `${ACCOUNT}/deployments/gpt`, `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/11111111-1111-4111-8111-111111111111`]) {
      expect(deleteBlockedByLock(id, store).map((d) => d.summary)).toEqual([expect.stringContaining(`ScopeLocked: The scope '${id}' cannot perform delete operation because following scope(s) are locked: '${lockId}'`)]);
    }
    // A diagnostic setting (Terraform ID `<target>|<name>`) is an extension resource below its target in Azure.
    expect(deleteBlockedByLock(`${ACCOUNT}|keyless-audit`, store, 'azurerm_monitor_diagnostic_setting')).toHaveLength(1);
    expect(deleteBlockedByLock(`${ACCOUNT}2`, store)).toEqual([]);
    expect(deleteBlockedByLock(lockId, store)).toEqual([]);
  });
});
