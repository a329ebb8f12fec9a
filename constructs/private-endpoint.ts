import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint as PrivateEndpointResource } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { Annotations, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  endpointResourceGroupProblem, PRIVATE_DNS_ZONE_CLASH, privateDnsZoneClashes, privateDnsZoneIdProblem, zoneOfId, PRIVATE_LINK_NAME, PrivateLinkSubresource, privateDnsZonesFor, SUBNET_ARM_ID, VIRTUAL_NETWORK_ARM_ID,
} from './azure/private-link';
import { literalItems, requireLiteralList, slug, validateText, ValidationError } from './validation';

/** Zones the stack creates for a private endpoint (when no hub owns them). */
export interface CreatedDnsZones {
  /** Resource group of the zones (in the endpoint's subscription). */
  readonly resourceGroupName: string;
  /** Virtual networks whose clients resolve through the zones (a link per zone and network). @default - none (names do not resolve privately until someone links a network) */
  readonly virtualNetworkIds?: string[];
}

/**
 * How the endpoint's names resolve: zones by ID (the usual hub-owned zones), zones the stack creates, or
 * `'azurePolicy'` (no zone group: a DeployIfNotExists policy of the landing zone adds it).
 */
export type PrivateDnsChoice = { readonly zoneIds: string[] } | { readonly create: CreatedDnsZones } | 'azurePolicy';

/** Where and how to put a private endpoint. */
export interface PrivateEndpointOptions {
  /** The subnet's ARM ID; it may be in another resource group, region or subscription than the target. */
  readonly subnetId: string;
  /** Private DNS for the endpoint. */
  readonly dns: PrivateDnsChoice;
  /** Endpoint name (1 to 80 letters, digits, `_`, `.`, `-`). @default - `pe-<target name>-<subresource>` */
  readonly name?: string;
  /** Resource group of the endpoint (in the subnet's subscription). @default - the target's resource group */
  readonly resourceGroupName?: string;
  /** Region of the endpoint: the subnet's virtual network's region. @default - the target's region */
  readonly location?: string;
  /** The azurerm provider of the subnet's subscription, when it is not the stack's. @default - the stack's azurerm provider */
  readonly provider?: TerraformProvider;
  /** Resource tags. @default - none */
  readonly tags?: Record<string, string>;
}

/** Properties of a `PrivateEndpoint`. */
export interface PrivateEndpointProps extends PrivateEndpointOptions {
  /** ARM ID of the resource to reach (an AI Services account, a storage account). */
  readonly targetResourceId: string;
  /** Name of the target, for the default endpoint name. */
  readonly targetName: string;
  /** The target's resource group: the endpoint's default group. */
  readonly targetResourceGroupName: string;
  /** The target's region: the endpoint's default region. */
  readonly targetLocation: string;
  /** The target's subresource (group ID). */
  readonly subresource: PrivateLinkSubresource;
  /** The target's subscription: a subnet in another one needs `resourceGroupName`. @default - not checked */
  readonly targetSubscriptionId?: string;
}

/**
 * A private endpoint (`azurerm_private_endpoint`) to one subresource of a resource, with a private DNS zone group for the
 * subresource's zones, zones created here, or no zone group when Azure Policy adds it.
 */
export class PrivateEndpoint extends Construct {
  /** The underlying `azurerm_private_endpoint`. */
  public readonly resource: PrivateEndpointResource;
  /** Zones created here (`dns.create`). */
  public readonly zones: PrivateDnsZone[] = [];
  /** The endpoint's subnet ID. */
  public readonly subnetId: string;
  /** The zone IDs of the zone group (empty when Azure Policy manages DNS). */
  public readonly dnsZoneIds: string[];
  /** How DNS is managed. */
  public readonly dnsMode: 'zoneIds' | 'create' | 'azurePolicy';

  constructor(scope: Construct, id: string, props: PrivateEndpointProps) {
    super(scope, id);
    const expected = privateDnsZonesFor(props.subresource);
    checkShape(this, 'subnetId', props.subnetId, SUBNET_ARM_ID, '/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<network>/subnets/<subnet>');
    const name = props.name ?? `pe-${props.targetName}-${props.subresource}`.slice(0, 80).replace(/[-.]+$/, '');
    if (!Token.isUnresolved(name) && !PRIVATE_LINK_NAME.test(name)) {
      throw new ValidationError(this, 'name', name, 'expected 1 to 80 letters, digits, "_", "." or "-", starting with a letter or digit and ending with a letter, digit or "_"');
    }
    const groupProblem = props.targetSubscriptionId === undefined || Token.isUnresolved(props.targetSubscriptionId) || Token.isUnresolved(props.subnetId)
      ? undefined : endpointResourceGroupProblem(props.subnetId, props.targetSubscriptionId, props.resourceGroupName);
    if (groupProblem) throw new ValidationError(this, 'resourceGroupName', null, groupProblem);
    if (props.location !== undefined) validateText(this, 'location', props.location, 1, 'expected the virtual network\'s region, e.g. swedencentral');
    this.subnetId = props.subnetId;

    const dns = props.dns;
    if (dns === 'azurePolicy') {
      this.dnsMode = 'azurePolicy';
      this.dnsZoneIds = [];
    } else if ('zoneIds' in dns) {
      this.dnsMode = 'zoneIds';
      this.dnsZoneIds = dns.zoneIds;
      checkZoneIds(this, props.subresource, dns.zoneIds);
    } else {
      this.dnsMode = 'create';
      validateText(this, 'dns.create.resourceGroupName', dns.create.resourceGroupName, 1, 'expected the resource group of the zones');
      requireLiteralList(this, 'dns.create.virtualNetworkIds', dns.create.virtualNetworkIds, 'one network link is made per network');
      literalItems(dns.create.virtualNetworkIds).forEach((v, i) => checkShape(this, `dns.create.virtualNetworkIds[${i}]`, v, VIRTUAL_NETWORK_ARM_ID,
        '/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<network>'));
      if ((dns.create.virtualNetworkIds ?? []).length === 0) {
        Annotations.of(this).addWarning(`${this.node.path}: the private DNS zones ${expected.join(', ')} are created without a virtual network link: clients resolve the public names until a network is linked (dns.create.virtualNetworkIds)`);
      }
      for (const zoneName of expected) {
        const zone = new PrivateDnsZone(this, `Zone-${slug(zoneName)}`, { name: zoneName, resourceGroupName: dns.create.resourceGroupName, provider: props.provider, tags: props.tags });
        this.zones.push(zone);
        (dns.create.virtualNetworkIds ?? []).forEach((vnet) => {
          const vnetName = vnet.split('/').pop()!;
          new PrivateDnsZoneVirtualNetworkLink(this, `Link-${slug(zoneName)}-${slug(vnetName)}`, {
            name: `link-${vnetName}`.slice(0, 80), privateDnsZoneName: zone.name, resourceGroupName: dns.create.resourceGroupName,
            virtualNetworkId: vnet, registrationEnabled: false, provider: props.provider, tags: props.tags,
          });
        });
      }
      this.dnsZoneIds = this.zones.map((z) => z.id);
    }

    this.resource = new PrivateEndpointResource(this, 'Resource', {
      name,
      resourceGroupName: props.resourceGroupName ?? props.targetResourceGroupName,
      location: props.location ?? props.targetLocation,
      subnetId: props.subnetId,
      privateServiceConnection: {
        name: `${name}-connection`.slice(0, 80),
        isManualConnection: false,
        privateConnectionResourceId: props.targetResourceId,
        subresourceNames: [props.subresource],
      },
      privateDnsZoneGroup: this.dnsZoneIds.length > 0 ? { name: 'default', privateDnsZoneIds: this.dnsZoneIds } : undefined,
      provider: props.provider,
      tags: props.tags,
    });
  }
}

function checkShape(scope: Construct, field: string, value: string, shape: RegExp, example: string): void {
  if (Token.isUnresolved(value)) return;
  if (!shape.test(value)) throw new ValidationError(scope, field, value, `expected ${example}`);
}

/** Zone IDs have the zone shape and name the subresource's zones; a missing zone leaves some names public. */
function checkZoneIds(scope: Construct, subresource: PrivateLinkSubresource, ids: string[]): void {
  if (Token.isUnresolved(ids)) return; // a list known only to Terraform
  const expected = privateDnsZonesFor(subresource);
  const known = ids.filter((id) => !Token.isUnresolved(id));
  ids.forEach((id, i) => {
    const problem = Token.isUnresolved(id) ? undefined : privateDnsZoneIdProblem(id, subresource);
    if (problem) throw new ValidationError(scope, `dns.zoneIds[${i}]`, id, problem);
  });
  for (const [first, repeat] of privateDnsZoneClashes(ids)) {
    throw new ValidationError(scope, `dns.zoneIds[${repeat}]`, ids[repeat], `the zone ${zoneOfId(ids[repeat])} is listed twice (also dns.zoneIds[${first}]); ${PRIVATE_DNS_ZONE_CLASH}`);
  }
  const seen = new Set(known.map((id) => zoneOfId(id)));
  const missing = expected.filter((z) => !seen.has(z));
  if (ids.length > 0 && !ids.some((id) => Token.isUnresolved(id)) && missing.length > 0) {
    Annotations.of(scope).addWarning(`${scope.node.path}: no zone ID for ${missing.join(', ')}: names under it resolve to the public address, which public network access off refuses. Add the zone's ID.`);
  }
  if (ids.length === 0) throw new ValidationError(scope, 'dns.zoneIds', ids, `list the zone IDs (${expected.join(', ')}), or choose "azurePolicy" when a policy adds the zone group`);
}
