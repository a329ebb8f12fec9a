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

/**
 * Built-in roles met around AI Services accounts, with their permissions as Azure publishes them
 * (`az role definition list --name <guid>`). Long lists of purely read or monitoring actions are
 * kept, because the report decides "control plane" and "can list keys" from these lists.
 */
export const BUILT_IN_ROLES: readonly BuiltInRoleEntry[] = [
  {
    name: 'Cognitive Services User', guid: 'a97b65f3-24c7-4388-baec-2e87135dc908',
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
    name: 'Cognitive Services Contributor', guid: '25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68',
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
    name: 'Cognitive Services OpenAI User', guid: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
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
    name: 'Cognitive Services OpenAI Contributor', guid: 'a001fd3d-188f-4b5d-821b-7da978bf7442',
    actions: [
      'Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/deployments/write', 'Microsoft.CognitiveServices/accounts/deployments/delete',
      'Microsoft.CognitiveServices/accounts/raiPolicies/read', 'Microsoft.CognitiveServices/accounts/raiPolicies/write', 'Microsoft.CognitiveServices/accounts/raiPolicies/delete',
      'Microsoft.CognitiveServices/accounts/commitmentplans/read', 'Microsoft.CognitiveServices/accounts/commitmentplans/write',
      'Microsoft.CognitiveServices/accounts/commitmentplans/delete', 'Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read',
    ],
    notActions: none, dataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/*'], notDataActions: none,
  },
  {
    name: 'Azure AI User', guid: '53ca6127-db72-4b80-b1b0-d745d6d5456d',
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
    name: 'Storage Blob Data Owner', guid: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/*', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    notActions: none, dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'], notDataActions: none,
  },
  {
    name: 'Owner', guid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    actions: ['*'], notActions: none, dataActions: none, notDataActions: none,
  },
  {
    name: 'Contributor', guid: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
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
    name: 'User Access Administrator', guid: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'], notActions: none, dataActions: none, notDataActions: none,
  },
  {
    name: 'Reader', guid: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    actions: ['*/read'], notActions: none, dataActions: none, notDataActions: none,
  },
  {
    name: 'Role Based Access Control Administrator', guid: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
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
