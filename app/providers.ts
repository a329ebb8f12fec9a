import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { PrivateEndpointOptions } from '../constructs/private-endpoint';
import { subnetSubscription } from '../constructs/azure/private-link';
import { PrivateEndpointConfig } from './config-schema';

/**
 * The azurerm provider's `resource_provider_registrations`. "none": the provider registers nothing itself (its default
 * registers 66 resource providers on every plan and needs the register action of every resource provider on the subscription). Register
 * Microsoft.CognitiveServices (and Microsoft.Storage for the bootstrap) once per subscription: README, Deploying.
 */
export const RESOURCE_PROVIDER_REGISTRATIONS = 'none';

/**
 * The endpoint options of the configuration, with an azurerm provider (alias `subscription_<subscription ID with underscores>`) for each subnet
 * in another subscription than the stack's: a private endpoint lives in its subnet's subscription.
 */
export function endpointOptions(stack: TerraformStack, stackSubscriptionId: string, entries: PrivateEndpointConfig[] | undefined): PrivateEndpointOptions[] {
  return (entries ?? []).map((e) => {
    const sub = subnetSubscription(e.subnetId);
    let provider: TerraformProvider | undefined;
    if (sub && sub !== stackSubscriptionId.toLowerCase()) {
      const id = `azurerm_${sub}`;
      provider = (stack.node.tryFindChild(id) as TerraformProvider | undefined) ?? new AzurermProvider(stack, id, {
        alias: `subscription_${sub.replace(/-/g, '_')}`, features: [{}], subscriptionId: sub, storageUseAzuread: true, resourceProviderRegistrations: RESOURCE_PROVIDER_REGISTRATIONS,
      });
    }
    return { subnetId: e.subnetId, name: e.name, resourceGroupName: e.resourceGroupName, location: e.location, dns: e.dns, provider };
  });
}
