import { Testing } from 'cdktf';
import { AiServicesAccount, AiServicesAccountProps } from '../../../constructs/ai-services-account';
import { Principal } from '../../../constructs/principal';
import { newStack, OIDS } from '../../../test-support/stacks';
import { buildAccessReport } from '../access-report';
import { mdText } from '../markdown-safe';
import { renderMarkdown } from '../render-markdown';

const SUB = '00000000-0000-0000-0000-000000000001';
const SUBNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
const ZONES = ['privatelink.cognitiveservices.azure.com', 'privatelink.openai.azure.com', 'privatelink.services.ai.azure.com']
  .map((z) => `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`);

/** The access report of one account with one developer. */
function reportOf(props: Partial<AiServicesAccountProps>, developer = true) {
  const stack = newStack();
  const account = new AiServicesAccount(stack, 'Ai', { accountName: 'ai-net', resourceGroupName: 'rg-ai', location: 'swedencentral', subscriptionId: SUB, ...props });
  if (developer) account.grantInference(Principal.servicePrincipal(OIDS.app));
  return buildAccessReport(JSON.parse(Testing.synth(stack, true)), { stackName: 'net' });
}

describe('access report: how each account is reached', () => {
  test('public, all networks (the default)', () => {
    const r = reportOf({});
    expect(r.accounts[0].reach).toMatchObject({ summary: 'public: all networks', publicEndpoint: 'all networks', hasPath: 'yes', privateEndpoints: [] });
    expect(r.findings.filter((f) => f.kind === 'no-network-path')).toEqual([]);
  });

  test('public with IP and virtual network rules', () => {
    const r = reportOf({ networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.0/24'], virtualNetworkRules: [{ subnetId: SUBNET }] } });
    expect(r.accounts[0].reach).toMatchObject({ summary: 'public: 1 IP rule, 1 virtual network rule', publicEndpoint: 'rules', ipRules: 1, virtualNetworkRules: 1, hasPath: 'yes' });
  });

  test('private only: public access off and a private endpoint; the Markdown names the endpoint and its subnet', () => {
    const r = reportOf({ publicNetworkAccessEnabled: false, privateEndpoints: [{ subnetId: SUBNET, dns: { zoneIds: ZONES } }] });
    expect(r.accounts[0].reach).toMatchObject({ summary: 'private endpoints only (1)', publicEndpoint: 'off', hasPath: 'yes' });
    expect(r.accounts[0].reach.privateEndpoints).toEqual([{ address: expect.stringMatching(/^azurerm_private_endpoint\.Ai_PrivateEndpoint_/), subnet: SUBNET }]);
    const md = renderMarkdown(r);
    expect(md).toContain('## Network access');
    const pe = r.accounts[0].reach.privateEndpoints[0].address;
    expect(md).toContain(`| ${mdText('ai-net')} | ${mdText('private endpoints only (1)')} | off | 0 | 0 | \`${pe}\` in \`${SUBNET}\` |`);
  });

  test('private only without an endpoint in the configuration: the developers have no network path (high finding)', () => {
    const r = reportOf({ publicNetworkAccessEnabled: false });
    expect(r.accounts[0].reach).toMatchObject({ hasPath: 'no', summary: 'public access off, no private endpoint in this stack' });
    const [f] = r.findings.filter((x) => x.kind === 'no-network-path');
    expect(f).toMatchObject({ severity: 'high', accountKey: expect.stringMatching(/^azurerm_cognitive_account\./) });
    expect(f.message).toMatch(/^ai-net has no network path in this configuration \(public access off, no private endpoint in this stack\), so ServicePrincipal 3{8}.* cannot call its models: add a private endpoint/);
    expect(renderMarkdown(r)).toContain(`**${mdText('public access off, no private endpoint in this stack')}**`);
  });

  test('deny by default with no rule and no endpoint is no path either; without callers there is nothing to flag', () => {
    expect(reportOf({ networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } }).accounts[0].reach.hasPath).toBe('no');
    expect(reportOf({ publicNetworkAccessEnabled: false }, false).findings.filter((x) => x.kind === 'no-network-path')).toEqual([]);
  });
});
