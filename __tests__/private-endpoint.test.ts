import { AnnotationMetadataEntryType, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AiServicesAccount, AiServicesAccountProps } from '../constructs/ai-services-account';
import { PrivateEndpoint } from '../constructs/private-endpoint';
import { expectRejected, LOCATION, newStack, resourcesOf, SUBSCRIPTION, synthJson } from '../test-support/stacks';

const NET = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet`;
const SUBNET = `${NET}/subnets/pe`;
const zoneId = (z: string, sub = SUBSCRIPTION) => `/subscriptions/${sub}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`;
const ACCOUNT_ZONES = ['privatelink.cognitiveservices.azure.com', 'privatelink.openai.azure.com', 'privatelink.services.ai.azure.com'];
const base: AiServicesAccountProps = { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION };
const account = (stack: TerraformStack, over: Partial<AiServicesAccountProps> = {}) => new AiServicesAccount(stack, 'Ai', { ...base, ...over });
const warnings = (stack: TerraformStack) => stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data)));

describe('private endpoints of an account', () => {
  test('hub zones by ID: an endpoint (subresource account) in the subnet, in the account\'s group and region, with a zone group', () => {
    const stack = newStack();
    account(stack, { publicNetworkAccessEnabled: false, privateEndpoints: [{ subnetId: SUBNET, dns: { zoneIds: ACCOUNT_ZONES.map((z) => zoneId(z)) } }] });
    const [pe] = Object.values(resourcesOf(synthJson(stack), 'azurerm_private_endpoint'));
    expect(pe).toMatchObject({
      name: 'pe-ai-team-account', resource_group_name: 'rg-ai', location: LOCATION, subnet_id: SUBNET,
      private_service_connection: { is_manual_connection: false, subresource_names: ['account'], private_connection_resource_id: expect.stringMatching(/^\$\{azurerm_cognitive_account\./) },
      private_dns_zone_group: { name: 'default', private_dns_zone_ids: ACCOUNT_ZONES.map((z) => zoneId(z)) },
    });
    expect(warnings(stack)).toEqual([]);
  });

  test('another group, region and subscription (with that subscription\'s provider); two endpoints get distinct names', () => {
    const stack = newStack();
    const hub = new AzurermProvider(stack, 'hub', { alias: 'hub', features: [{}], subscriptionId: '00000000-0000-0000-0000-0000000000ff' });
    const a = account(stack);
    a.addPrivateEndpoint({ subnetId: SUBNET, dns: 'azurePolicy' });
    a.addPrivateEndpoint({ subnetId: SUBNET.replace(SUBSCRIPTION, '00000000-0000-0000-0000-0000000000ff'), resourceGroupName: 'rg-hub-pe', location: 'westeurope', provider: hub, dns: 'azurePolicy' });
    const pes = Object.values(resourcesOf(synthJson(stack), 'azurerm_private_endpoint')) as any[];
    expect(pes.map((p) => [p.name, p.resource_group_name, p.location, p.provider, p.private_dns_zone_group]).sort((x, y) => x[0].localeCompare(y[0]))).toEqual([
      ['pe-ai-team-account', 'rg-ai', LOCATION, undefined, undefined],
      ['pe-ai-team-account-2', 'rg-hub-pe', 'westeurope', 'azurerm.hub', undefined],
    ]);
  });

  test('zones created by the stack: one per zone of the subresource, linked to the given networks', () => {
    const stack = newStack();
    account(stack, { privateEndpoints: [{ subnetId: SUBNET, dns: { create: { resourceGroupName: 'rg-dns', virtualNetworkIds: [NET] } } }] });
    const json = synthJson(stack);
    expect(Object.values(resourcesOf(json, 'azurerm_private_dns_zone')).map((z: any) => z.name).sort()).toEqual(ACCOUNT_ZONES);
    const links = Object.values(resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link')) as any[];
    expect(links).toHaveLength(3);
    expect(links[0]).toMatchObject({ virtual_network_id: NET, registration_enabled: false, resource_group_name: 'rg-dns' });
    const [pe] = Object.values(resourcesOf(json, 'azurerm_private_endpoint')) as any[];
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toHaveLength(3);
    expect(pe.private_dns_zone_group.private_dns_zone_ids[0]).toMatch(/^\$\{azurerm_private_dns_zone\./);
  });

  test('created zones without a network link, or a missing hub zone, warn: names would resolve publicly', () => {
    const a = newStack();
    account(a, { privateEndpoints: [{ subnetId: SUBNET, dns: { create: { resourceGroupName: 'rg-dns' } } }] });
    expect(warnings(a)).toEqual([expect.stringContaining('created without a virtual network link')]);
    const b = newStack();
    account(b, { privateEndpoints: [{ subnetId: SUBNET, dns: { zoneIds: [zoneId('privatelink.openai.azure.com')] } }] });
    expect(warnings(b)).toEqual([expect.stringContaining('no zone ID for privatelink.cognitiveservices.azure.com, privatelink.services.ai.azure.com')]);
  });

  test('bad input: subnet shape, zone shape, a zone of another subresource, a zone twice, no zones, a bad name', () => {
    const bad = (over: object) => () => account(newStack(), { privateEndpoints: [{ subnetId: SUBNET, dns: 'azurePolicy', ...over }] });
    expectRejected(bad({ subnetId: NET }), { path: 'test/Ai/PrivateEndpoint', value: NET, allowed: '/subnets/<subnet>' });
    expectRejected(bad({ dns: { zoneIds: ['privatelink.openai.azure.com'] } }), { path: 'test/Ai/PrivateEndpoint', value: 'privatelink.openai.azure.com', allowed: '/privateDnsZones/<zone>' });
    expectRejected(bad({ dns: { zoneIds: [zoneId('privatelink.blob.core.windows.net')] } }), { path: 'test/Ai/PrivateEndpoint', value: 'privatelink.blob.core.windows.net', allowed: 'not a zone of the account subresource: expected one of' });
    expectRejected(bad({ dns: { zoneIds: [zoneId('privatelink.openai.azure.com'), zoneId('privatelink.openai.azure.com')] } }), { path: 'test/Ai/PrivateEndpoint', value: 'privatelink.openai.azure.com', allowed: 'listed twice' });
    expectRejected(bad({ dns: { zoneIds: [] } }), { path: 'test/Ai/PrivateEndpoint', value: '[]', allowed: '"azurePolicy"' });
    expectRejected(bad({ name: 'pe-' }), { path: 'test/Ai/PrivateEndpoint', value: 'pe-', allowed: '1 to 80 letters' });
  });

  test('a subnet in another subscription than the account needs resourceGroupName there (endpointResourceGroupProblem)', () => {
    const OTHER = '00000000-0000-0000-0000-0000000000ff';
    const otherSubnet = SUBNET.replace(SUBSCRIPTION, OTHER);
    expectRejected(() => account(newStack(), { privateEndpoints: [{ subnetId: otherSubnet, dns: 'azurePolicy' }] }), {
      path: 'test/Ai/PrivateEndpoint', value: 'resourceGroupName null',
      allowed: `the subnet is in subscription ${OTHER}, and an endpoint lives in its subnet's subscription: give resourceGroupName, a resource group in that subscription`,
    });
    expect(() => account(newStack(), { privateEndpoints: [{ subnetId: otherSubnet, dns: 'azurePolicy', resourceGroupName: 'rg-hub-pe' }] })).not.toThrow();
    // Unknown subscription (a plan-time expression): not checked.
    expect(() => account(newStack(), { subscriptionId: undefined, privateEndpoints: [{ subnetId: otherSubnet, dns: 'azurePolicy' }] })).not.toThrow();
  });

  test('a storage account\'s blob service takes only the blob zone', () => {
    const stack = newStack();
    const common = { targetResourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`, targetName: 'st', targetResourceGroupName: 'rg', targetLocation: LOCATION, subresource: 'blob' as const, subnetId: SUBNET };
    new PrivateEndpoint(stack, 'Ok', { ...common, dns: { zoneIds: [zoneId('privatelink.blob.core.windows.net')] } });
    expectRejected(() => new PrivateEndpoint(stack, 'Bad', { ...common, dns: { zoneIds: [zoneId('privatelink.openai.azure.com')] } }),
      { path: 'test/Bad', value: 'privatelink.openai.azure.com', allowed: 'privatelink.blob.core.windows.net' });
  });
});

describe('network rules of an account', () => {
  test('virtual network rules (subnet, ignore_missing_vnet_service_endpoint) and bypass None', () => {
    const stack = newStack();
    account(stack, { networkAcls: { defaultAction: 'Deny', bypass: 'None', virtualNetworkRules: [{ subnetId: SUBNET }, { subnetId: `${NET}/subnets/app`, ignoreMissingVnetServiceEndpoint: true }] } });
    const [acct] = Object.values(resourcesOf(synthJson(stack), 'azurerm_cognitive_account')) as any[];
    expect(acct.network_acls).toEqual({
      default_action: 'Deny', bypass: 'None',
      virtual_network_rules: [{ subnet_id: SUBNET, ignore_missing_vnet_service_endpoint: false }, { subnet_id: `${NET}/subnets/app`, ignore_missing_vnet_service_endpoint: true }],
    });
  });

  test('bad input: a virtual network rule that is not a subnet, an unknown bypass', () => {
    expectRejected(() => account(newStack(), { networkAcls: { defaultAction: 'Deny', virtualNetworkRules: [{ subnetId: NET }] } }),
      { path: 'test/Ai', value: NET, allowed: '/subnets/<subnet>' });
    expectRejected(() => account(newStack(), { networkAcls: { defaultAction: 'Deny', bypass: 'Everything' as never } }),
      { path: 'test/Ai', value: 'Everything', allowed: 'AzureServices, None' });
  });
});
