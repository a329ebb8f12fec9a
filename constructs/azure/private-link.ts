// Private networking facts, written once: private endpoint subresources (group IDs), the private DNS zones each
// needs, subnet / private DNS zone ID shapes, management locks. Kept free of cdktf (the configuration schema, the
// access report and the offline provider read them).
// Sources: Microsoft Learn "Azure Private Endpoint private DNS zone values" (AI services: account ->
// privatelink.cognitiveservices.azure.com, privatelink.openai.azure.com, privatelink.services.ai.azure.com; Storage
// blob -> privatelink.blob.core.windows.net); azurerm v4.55.0 internal/services/network/private_endpoint_resource.go,
// internal/services/resource/management_lock_resource.go.
import { duplicatesOf } from './names';

/** The private link subresources (group IDs) this project connects to. */
export const PRIVATE_LINK_SUBRESOURCES = {
  /** An AI Services (Cognitive Services) account: one subresource for every endpoint of the account. */
  account: {
    resourceType: 'Microsoft.CognitiveServices/accounts',
    zones: ['privatelink.cognitiveservices.azure.com', 'privatelink.openai.azure.com', 'privatelink.services.ai.azure.com'],
  },
  /** The blob service of a storage account (Terraform state). */
  blob: {
    resourceType: 'Microsoft.Storage/storageAccounts',
    zones: ['privatelink.blob.core.windows.net'],
  },
} as const;

/** A private link subresource this project knows. */
export type PrivateLinkSubresource = keyof typeof PRIVATE_LINK_SUBRESOURCES;

/** The private DNS zones a subresource's names resolve through (all of them are needed for every endpoint to resolve). */
export function privateDnsZonesFor(subresource: PrivateLinkSubresource): readonly string[] {
  return PRIVATE_LINK_SUBRESOURCES[subresource].zones;
}

/**
 * A subnet's ARM ID, strict form for input. Groups: subscription, resource group, virtual network, subnet.
 * (commonids.ValidateSubnetID: `/subscriptions/<s>/resourceGroups/<g>/providers/Microsoft.Network/virtualNetworks/<v>/subnets/<n>`.)
 */
export const SUBNET_ARM_ID = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resourceGroups\/([-\w._()]{1,90})\/providers\/Microsoft\.Network\/virtualNetworks\/([-\w._]{2,64})\/subnets\/([-\w._]{1,80})$/i;

/** A virtual network's ARM ID, strict form for input. Groups: subscription, resource group, virtual network. */
export const VIRTUAL_NETWORK_ARM_ID = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resourceGroups\/([-\w._()]{1,90})\/providers\/Microsoft\.Network\/virtualNetworks\/([-\w._]{2,64})$/i;

/**
 * A private DNS zone's ARM ID, strict form for input. Groups: subscription, resource group, zone name.
 * (privatezones.ValidatePrivateDnsZoneID: `.../providers/Microsoft.Network/privateDnsZones/<zone>`.)
 */
export const PRIVATE_DNS_ZONE_ARM_ID = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resourceGroups\/([-\w._()]{1,90})\/providers\/Microsoft\.Network\/privateDnsZones\/([a-z0-9.-]+)$/i;

/**
 * Private endpoint, DNS zone group and connection names (azurerm validate.PrivateLinkName): 1 to 80 letters, digits,
 * `_`, `.`, `-`, starting with a letter or digit and ending with a letter, digit or `_`.
 */
export const PRIVATE_LINK_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;

/** Management lock levels (azurerm management_lock_resource.go `lock_level`). This project only creates CanNotDelete. */
export const LOCK_LEVELS = ['CanNotDelete', 'ReadOnly'] as const;

/** `notes` of a management lock: at most 512 characters (management_lock_resource.go `StringLenBetween(0, 512)`). */
export const LOCK_NOTES_MAX = 512;

/** What a subnet, zone or virtual network ID names; undefined when it does not have the shape. */
export function parseNetworkId(id: string, shape: RegExp): string[] | undefined {
  const m = shape.exec(id);
  return m ? m.slice(1) : undefined;
}

/** The subscription of a subnet ID (lowercase), when it has the shape. */
export function subnetSubscription(subnetId: string): string | undefined {
  return SUBNET_ARM_ID.exec(subnetId)?.[1]?.toLowerCase();
}

/**
 * Why an endpoint needs `resourceGroupName`, or undefined: an endpoint lives in its subnet's subscription, so with the
 * subnet in another subscription than the target the default (the target's resource group) is in the wrong one.
 */
export function endpointResourceGroupProblem(subnetId: string, targetSubscriptionId: string, resourceGroupName: string | undefined): string | undefined {
  const sub = subnetSubscription(subnetId);
  if (resourceGroupName !== undefined || !sub || sub === targetSubscriptionId.toLowerCase()) return undefined;
  return `the subnet is in subscription ${sub}, and an endpoint lives in its subnet's subscription: give resourceGroupName, a resource group in that subscription`;
}

/** The zone a private DNS zone ID names (lowercase), when it has the shape. */
export function zoneOfId(zoneId: string): string | undefined {
  return PRIVATE_DNS_ZONE_ARM_ID.exec(zoneId)?.[3]?.toLowerCase();
}

/** Why a zone ID cannot serve the subresource's zone group, or undefined. */
export function privateDnsZoneIdProblem(zoneId: string, subresource: PrivateLinkSubresource): string | undefined {
  const zone = zoneOfId(zoneId);
  if (zone === undefined) return 'expected /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>';
  const zones = privateDnsZonesFor(subresource);
  return zones.includes(zone) ? undefined : `not a zone of the ${subresource} subresource: expected one of ${zones.join(', ')} (${PRIVATE_LINK_SUBRESOURCES[subresource].resourceType})`;
}

/** Zone IDs naming one zone twice (a zone group takes each zone once): `[first, repeat]` index pairs. */
export function privateDnsZoneClashes(zoneIds: readonly string[]): Array<[number, number]> {
  return duplicatesOf(zoneIds, (id) => zoneOfId(id) ?? id);
}

/** Why a zone named twice is refused, with the fix. */
export const PRIVATE_DNS_ZONE_CLASH = 'a zone group takes each zone once: remove one';
