import { BuiltInRole } from '../constructs/built-in-role';

/** Permissions of an Azure role definition (built-in table entry or `azurerm_role_definition`). */
export interface RolePermissions {
  readonly actions: string[];
  readonly notActions: string[];
  readonly dataActions: string[];
  readonly notDataActions: string[];
}

/** A built-in role the report recognises by GUID or by name. */
export interface BuiltInRoleEntry extends RolePermissions {
  readonly name: string;
  readonly guid: string;
}

const none: string[] = [];

/** Name and GUID from the project's one table of built-in roles. */
function named(role: BuiltInRole): { name: string; guid: string } {
  return { name: role.roleName, guid: role.guid };
}

/**
 * Built-in roles met around AI Services accounts, with their permissions as Azure publishes them
 * (`az role definition list --name <guid>`). Long lists of purely read or monitoring actions are
 * kept, because the report decides "control plane" and "can list keys" from these lists.
 */
export const BUILT_IN_ROLES: readonly BuiltInRoleEntry[] = [
  {
    ...named(BuiltInRole.COGNITIVE_SERVICES_USER),
    actions: [
      'Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/listkeys/action',
      'Microsoft.Insights/alertRules/read', 'Microsoft.Insights/diagnosticSettings/read', 'Microsoft.Insights/logDefinitions/read',
      'Microsoft.Insights/metricdefinitions/read', 'Microsoft.Insights/metrics/read', 'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/operations/read', 'Microsoft.Resources/subscriptions/operationresults/read',
      'Microsoft.Resources/subscriptions/read', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*',
    ],
    notActions: none, dataActions: ['Microsoft.CognitiveServices/*'], notDataActions: none,
  },
  {
    ...named(BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR),
    actions: [
      'Microsoft.Authorization/*/read', 'Microsoft.CognitiveServices/*', 'Microsoft.Features/features/read',
      'Microsoft.Features/providers/features/read', 'Microsoft.Features/providers/features/register/action',
      'Microsoft.Insights/alertRules/*', 'Microsoft.Insights/diagnosticSettings/*', 'Microsoft.Insights/logDefinitions/read',
      'Microsoft.Insights/metricdefinitions/read', 'Microsoft.Insights/metrics/read', 'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/operationresults/read', 'Microsoft.Resources/subscriptions/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*',
    ],
    notActions: none, dataActions: none, notDataActions: none,
  },
  {
    ...named(BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER),
    actions: ['Microsoft.CognitiveServices/*/read', 'Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read'],
    notActions: none,
    dataActions: [
      'Microsoft.CognitiveServices/accounts/OpenAI/*/read', 'Microsoft.CognitiveServices/accounts/OpenAI/assistants/*',
      'Microsoft.CognitiveServices/accounts/OpenAI/deployments/audio/action', 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action',
      'Microsoft.CognitiveServices/accounts/OpenAI/deployments/completions/action', 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action',
      'Microsoft.CognitiveServices/accounts/OpenAI/deployments/extensions/chat/completions/action', 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/realtime/action',
      'Microsoft.CognitiveServices/accounts/OpenAI/deployments/search/action', 'Microsoft.CognitiveServices/accounts/OpenAI/engines/completions/action',
      'Microsoft.CognitiveServices/accounts/OpenAI/engines/generate/action', 'Microsoft.CognitiveServices/accounts/OpenAI/engines/search/action',
      'Microsoft.CognitiveServices/accounts/OpenAI/images/generations/action',
    ],
    notDataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/stored-completions/read'],
  },
  {
    ...named(BuiltInRole.COGNITIVE_SERVICES_OPENAI_CONTRIBUTOR),
    actions: [
      'Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/deployments/write', 'Microsoft.CognitiveServices/accounts/deployments/delete',
      'Microsoft.CognitiveServices/accounts/raiPolicies/read', 'Microsoft.CognitiveServices/accounts/raiPolicies/write', 'Microsoft.CognitiveServices/accounts/raiPolicies/delete',
      'Microsoft.CognitiveServices/accounts/commitmentplans/read', 'Microsoft.CognitiveServices/accounts/commitmentplans/write',
      'Microsoft.CognitiveServices/accounts/commitmentplans/delete', 'Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read',
    ],
    notActions: none, dataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/*'], notDataActions: none,
  },
  {
    ...named(BuiltInRole.AZURE_AI_USER),
    actions: [
      'Microsoft.Authorization/*/read', 'Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/listkeys/action',
      'Microsoft.Insights/alertRules/read', 'Microsoft.Insights/diagnosticSettings/read', 'Microsoft.Insights/logDefinitions/read',
      'Microsoft.Insights/metricdefinitions/read', 'Microsoft.Insights/metrics/read', 'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/operationresults/read', 'Microsoft.Resources/subscriptions/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*',
    ],
    notActions: none, dataActions: ['Microsoft.CognitiveServices/*'], notDataActions: none,
  },
  {
    ...named(BuiltInRole.STORAGE_BLOB_DATA_OWNER),
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/*', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    notActions: none, dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'], notDataActions: none,
  },
  {
    ...named(BuiltInRole.OWNER),
    actions: ['*'], notActions: none, dataActions: none, notDataActions: none,
  },
  {
    ...named(BuiltInRole.CONTRIBUTOR),
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write', 'Microsoft.Blueprint/blueprintAssignments/delete', 'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write', 'Microsoft.Purview/consents/delete', 'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action', 'Microsoft.Subscription/enable/action',
    ],
    dataActions: none, notDataActions: none,
  },
  {
    ...named(BuiltInRole.USER_ACCESS_ADMINISTRATOR),
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'], notActions: none, dataActions: none, notDataActions: none,
  },
  {
    ...named(BuiltInRole.READER),
    actions: ['*/read'], notActions: none, dataActions: none, notDataActions: none,
  },
  {
    ...named(BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR),
    actions: ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', '*/read', 'Microsoft.Support/*'],
    notActions: none, dataActions: none, notDataActions: none,
  },
];

/** The built-in role with this GUID, if the table knows it. */
export function builtInRoleByGuid(guid: string): BuiltInRoleEntry | undefined {
  const g = guid.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.guid === g);
}

/** The built-in role with this display name (case-insensitive), if the table knows it. */
export function builtInRoleByName(name: string): BuiltInRoleEntry | undefined {
  const n = name.trim().toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.name.toLowerCase() === n);
}
