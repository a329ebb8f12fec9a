import { DataAzureadClientConfig } from '@cdktf/provider-azuread/lib/data-azuread-client-config';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { Fn, TerraformStack, Testing } from 'cdktf';

export const FIXTURE_SUBSCRIPTION = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const FIXTURE_UPN = 'alice@contoso.example';
/** Namespace for the deterministic assignment names (the URL namespace of RFC 4122). */
const NS = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** Options of the fixture stack. */
export interface FixtureOptions {
  /** Write `subscription_id` into the azurerm provider block. @default true */
  readonly withSubscription?: boolean;
  /** Set `use_cli` in the azurerm provider block. @default - not set (the provider's default, true) */
  readonly useCli?: boolean;
}

/**
 * A stack built from raw provider resources, the same types the app uses: resource group, AI Services
 * account, deployment, custom role, role assignments named with `uuidv5`, an azuread user looked up by
 * UPN, storage account and container.
 */
export function fixtureStack(options: FixtureOptions = {}) {
  const stack = new TerraformStack(Testing.app(), 'fixture');
  new AzurermProvider(stack, 'azurerm', {
    features: [{}],
    ...(options.withSubscription === false ? {} : { subscriptionId: FIXTURE_SUBSCRIPTION }),
    ...(options.useCli === undefined ? {} : { useCli: options.useCli }),
  });
  new AzureadProvider(stack, 'azuread', {});
  const rg = new ResourceGroup(stack, 'rg', { name: 'rg-offline-fixture', location: 'swedencentral' });
  const account = new CognitiveAccount(stack, 'account', {
    name: 'offline-fixture-ai',
    location: rg.location,
    resourceGroupName: rg.name,
    kind: 'AIServices',
    skuName: 'S0',
    customSubdomainName: 'offline-fixture-ai',
    localAuthEnabled: false,
    identity: { type: 'SystemAssigned' },
  });
  const deployment = new CognitiveDeployment(stack, 'deployment', {
    name: 'gpt-4o-mini',
    cognitiveAccountId: account.id,
    model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' },
    sku: { name: 'GlobalStandard', capacity: 10 },
    raiPolicyName: 'Microsoft.DefaultV2',
  });
  const role = new RoleDefinition(stack, 'role', {
    name: 'Offline fixture inference',
    scope: rg.id,
    permissions: [{ dataActions: ['Microsoft.CognitiveServices/accounts/MaaS/*'] }],
    assignableScopes: [rg.id],
  });
  const user = new DataAzureadUser(stack, 'alice', { userPrincipalName: FIXTURE_UPN });
  const me = new DataAzureadClientConfig(stack, 'me', {});
  const userAssignment = new RoleAssignment(stack, 'alice-inference', {
    name: Fn.uuidv5(NS, `${account.id}|${role.roleDefinitionResourceId}|${user.objectId}`),
    scope: account.id,
    roleDefinitionId: role.roleDefinitionResourceId,
    principalId: user.objectId,
    principalType: 'User',
  });
  const deployerAssignment = new RoleAssignment(stack, 'deployer-contributor', {
    name: Fn.uuidv5(NS, `deployer|${me.objectId}`),
    scope: account.id,
    roleDefinitionId: `/subscriptions/${FIXTURE_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68`,
    principalId: me.objectId,
    principalType: 'ServicePrincipal',
  });
  const storage = new StorageAccount(stack, 'state', {
    name: 'stofflinefixture01',
    resourceGroupName: rg.name,
    location: rg.location,
    accountTier: 'Standard',
    accountReplicationType: 'LRS',
    sharedAccessKeyEnabled: false,
  });
  const container = new StorageContainer(stack, 'tfstate', { name: 'tfstate', storageAccountId: storage.id });
  return { stack, rg, account, deployment, role, user, userAssignment, deployerAssignment, storage, container };
}
