import { DataAzureadClientConfig } from '@cdktf/provider-azuread/lib/data-azuread-client-config';
import { DataAzureadServicePrincipal } from '@cdktf/provider-azuread/lib/data-azuread-service-principal';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { AiServices } from '@cdktf/provider-azurerm/lib/ai-services';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { DataAzurermCognitiveAccount } from '@cdktf/provider-azurerm/lib/data-azurerm-cognitive-account';
import { DataAzurermSubscription } from '@cdktf/provider-azurerm/lib/data-azurerm-subscription';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { TerraformStack, Testing } from 'cdktf';
import { BuiltInRole } from 'keyless-ai-inference';
import { AccessReport, buildAccessReport, BuildOptions } from '../access-report';
import { newStack, OIDS, RG_SCOPE, SUBSCRIPTION } from '../../../test-support/stacks';

export const GUIDS = {
  cognitiveServicesUser: BuiltInRole.COGNITIVE_SERVICES_USER.guid,
  cognitiveServicesContributor: BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR.guid,
  openAiUser: BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER.guid,
  azureAiUser: BuiltInRole.FOUNDRY_USER.guid,
  reader: BuiltInRole.READER.guid,
  owner: BuiltInRole.OWNER.guid,
};

/** A subscription-scoped built-in role ID. */
export const roleId = (guid: string): string => `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

/** An existing account (not in the stack), in another resource group. */
export const EXISTING_ACCOUNT = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-other/providers/Microsoft.CognitiveServices/accounts/legacy-ai`;

/** Synthesizes with validations on and builds the access report of the stack. */
export function reportOfStack(stack: TerraformStack, options: BuildOptions = {}): AccessReport {
  return buildAccessReport(JSON.parse(Testing.synth(stack, true)), options);
}

/**
 * A stack of raw provider resources (none of this project's constructs), with every shape the
 * report reads. Each assignment's logical ID says who gets what where; the comments say which
 * findings it must cause.
 */
export function rawStack(name = 'raw'): TerraformStack {
  const stack = newStack(name);
  // Keys on by default (local_auth_enabled unset), public access on by default.
  const oai = new CognitiveAccount(stack, 'oai', { name: 'oai-raw', kind: 'OpenAI', skuName: 'S0', location: 'swedencentral', resourceGroupName: 'rg-ai', customSubdomainName: 'oai-raw' });
  // Keys off, public access off, system-assigned identity.
  const ais = new AiServices(stack, 'ais', {
    name: 'ais-raw', skuName: 'S0', location: 'swedencentral', resourceGroupName: 'rg-ai', customSubdomainName: 'ais-raw',
    localAuthenticationEnabled: false, publicNetworkAccess: 'Disabled', identity: { type: 'SystemAssigned' },
  });
  const custom = new RoleDefinition(stack, 'inference', {
    name: 'Raw inference', scope: RG_SCOPE, permissions: [{ dataActions: ['Microsoft.CognitiveServices/accounts/MaaS/*'] }],
  });
  const alice = new DataAzureadUser(stack, 'alice', { userPrincipalName: 'alice@contoso.com' });
  const bob = new DataAzureadUser(stack, 'bob', { userPrincipalName: 'bob@contoso.com' });
  const app = new DataAzureadServicePrincipal(stack, 'app', { clientId: OIDS.app });
  const deployer = new DataAzureadClientConfig(stack, 'deployer', {});
  const mi = new UserAssignedIdentity(stack, 'mi', { name: 'id-chat', location: 'swedencentral', resourceGroupName: 'rg-ai' });
  const sub = new DataAzurermSubscription(stack, 'current', {});
  const state = new StorageAccount(stack, 'state', { name: 'stateraw', resourceGroupName: 'rg-ai', location: 'swedencentral', accountTier: 'Standard', accountReplicationType: 'LRS' });

  const grant = (id: string, props: Omit<ConstructorParameters<typeof RoleAssignment>[2], never>) => new RoleAssignment(stack, id, props);
  // Alice: Cognitive Services User (by name) on oai, the custom role on oai, and Cognitive Services User on the group -> one overlap on oai; key listing on oai twice (account and group).
  grant('alice-csuser-oai', { scope: oai.id, roleDefinitionName: 'Cognitive Services User', principalId: alice.objectId, principalType: 'User' });
  grant('alice-custom-oai', { scope: oai.id, roleDefinitionId: custom.roleDefinitionResourceId, principalId: alice.objectId, principalType: 'User' });
  grant('alice-csuser-rg', { scope: RG_SCOPE, roleDefinitionId: roleId(GUIDS.cognitiveServicesUser), principalId: alice.objectId });
  // The admins group (literal object ID): Cognitive Services Contributor on the group twice (unscoped and scoped role ID) -> duplicate; control plane x2; key listing on oai x2.
  grant('admins-cscontrib-rg', { scope: RG_SCOPE, roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${GUIDS.cognitiveServicesContributor}`, principalId: OIDS.devs, principalType: 'Group' });
  grant('admins-cscontrib-rg-again', { scope: `${RG_SCOPE}/`, roleDefinitionId: roleId(GUIDS.cognitiveServicesContributor), principalId: OIDS.devs, principalType: 'Group', name: '5f3c1a2b-0000-4000-8000-000000000001' });
  // The managed identity: OpenAI User on ais (keys off) -> nothing.
  grant('mi-openai-ais', { scope: ais.id, roleDefinitionId: roleId(GUIDS.openAiUser), principalId: mi.principalId, principalType: 'ServicePrincipal' });
  // ais's own identity: Reader on oai -> nothing (no control plane, no keys).
  grant('ais-identity-reader-oai', { scope: oai.id, roleDefinitionId: roleId(GUIDS.reader), principalId: '${azurerm_ai_services.ais.identity[0].principal_id}', principalType: 'ServicePrincipal' });
  // The app: Foundry User (can list keys) on an existing account (keys unknown) -> key listing, keys unknown.
  grant('app-aiuser-existing', { scope: EXISTING_ACCOUNT, roleDefinitionId: roleId(GUIDS.azureAiUser), principalId: app.objectId, principalType: 'ServicePrincipal', description: 'chat app | prod' });
  // Bob: Cognitive Services User on the subscription -> key listing on oai, key listing with keys unknown on legacy-ai; no overlap (one grant per account).
  grant('bob-csuser-sub', { scope: sub.id, roleDefinitionId: roleId(GUIDS.cognitiveServicesUser), principalId: bob.objectId, principalType: 'User' });
  // The deployer: Owner on a storage account -> no finding (the scope holds no AI account).
  grant('deployer-owner-storage', { scope: state.id, roleDefinitionId: roleId(GUIDS.owner), principalId: deployer.objectId, principalType: 'ServicePrincipal' });
  return stack;
}

/** Options of `smallStack`: one condition of each finding, on or off. */
export interface SmallStackOptions {
  /** `local_auth_enabled` of the account: undefined leaves it unset (provider default: on). Managed accounts only. */
  readonly keys?: boolean;
  /**
   * Which account Carol is granted on: `managed` (created in the stack), `arm-id` (an existing account named by its ARM ID in
   * the scope) or `data-source` (an existing account read with `data.azurerm_cognitive_account`). The last two: keys unknown.
   * @default managed
   */
  readonly account?: 'managed' | 'arm-id' | 'data-source';
  /** The role Carol gets on the account (a built-in role GUID), or `maas` for a custom role with only the MaaS inference data actions. */
  readonly role?: string;
  /** Grant Carol's role twice on the same scope. */
  readonly twice?: boolean;
  /** Also grant Carol's role on the account's resource group. */
  readonly alsoOnGroup?: boolean;
  /** Also grant Carol this second role on the account. */
  readonly secondRole?: string;
}

/** One account and one principal (Carol, by object ID), with switches for each finding's condition. */
export function smallStack(o: SmallStackOptions = {}): TerraformStack {
  const stack = newStack('small');
  const account = o.account ?? 'managed';
  if (account !== 'managed' && o.keys !== undefined) throw new Error(`smallStack: keys = ${o.keys} applies to a managed account only, not account = "${account}"`);
  const scope = account === 'arm-id' ? `${RG_SCOPE}/providers/Microsoft.CognitiveServices/accounts/ai-small`
    : account === 'data-source' ? new DataAzurermCognitiveAccount(stack, 'acc', { name: 'ai-small', resourceGroupName: 'rg-ai' }).id
      : new CognitiveAccount(stack, 'acc', {
        name: 'ai-small', kind: 'AIServices', skuName: 'S0', location: 'swedencentral', resourceGroupName: 'rg-ai', customSubdomainName: 'ai-small',
        ...(o.keys === undefined ? {} : { localAuthEnabled: o.keys }),
      }).id;
  const role = o.role ?? GUIDS.openAiUser;
  // The custom inference role from Microsoft's documentation: data actions only, so it cannot list keys.
  const roleDefinitionId = role === 'maas'
    ? new RoleDefinition(stack, 'maas', { name: 'MaaS inference', scope: RG_SCOPE, permissions: [{ dataActions: ['Microsoft.CognitiveServices/accounts/MaaS/*'] }] }).roleDefinitionResourceId
    : roleId(role);
  const carol = { principalId: OIDS.alice, principalType: 'User' };
  new RoleAssignment(stack, 'carol', { scope, roleDefinitionId, ...carol });
  if (o.twice) new RoleAssignment(stack, 'carol-again', { scope, roleDefinitionId, ...carol });
  if (o.alsoOnGroup) new RoleAssignment(stack, 'carol-rg', { scope: RG_SCOPE, roleDefinitionId, ...carol });
  if (o.secondRole) new RoleAssignment(stack, 'carol-second', { scope, roleDefinitionId: roleId(o.secondRole), ...carol });
  return stack;
}
