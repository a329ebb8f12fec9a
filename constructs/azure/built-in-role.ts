import { isGuid } from './guid';

/** Permissions of an Azure role definition, as Azure publishes them (`az role definition list --name <guid>`). */
export interface RolePermissions {
  readonly actions: string[];
  readonly notActions: string[];
  readonly dataActions: string[];
  readonly notDataActions: string[];
}

const none: string[] = [];

/** What a role definition must tell an assignment. Implemented by `BuiltInRole` and `InferenceRoleDefinition`. */
export interface IRoleDefinition {
  /** Stable identity of the role: the built-in GUID, or the custom role's construct path. */
  readonly roleKey: string;
  /** Human-readable role name, for messages and reports. */
  readonly roleName: string;
  /** True for Azure built-in roles. */
  readonly builtIn: boolean;
  /** The name used in the Terraform addresses of its grants, stable across renames. @default - `roleName` */
  readonly addressName?: string;
  /** What the role allows, when known (built-in roles of the table below, custom roles defined here). */
  readonly permissions?: RolePermissions;
  /** Scopes where the role may be assigned; undefined means anywhere (built-in roles). */
  readonly assignableScopes?: string[];
  /**
   * The value for an assignment's `role_definition_id`. Built-in roles need the subscription they are
   * used in: the unscoped form makes every plan replace the assignment.
   */
  roleDefinitionIdIn(subscriptionId: string): string;
}

/**
 * Azure built-in roles, referenced by GUID (display names get renamed), with their permissions as Azure
 * publishes them. The one table of built-in roles: the constructs, guardrails, access report and offline
 * provider read it. Long lists of read and monitoring actions are kept: the report decides "control plane"
 * and "can list keys" from them.
 */
export class BuiltInRole implements IRoleDefinition {
  /** Data plane: inference on every model of the account. Can also list keys while keys are on. */
  public static readonly COGNITIVE_SERVICES_USER = new BuiltInRole('Cognitive Services User', 'a97b65f3-24c7-4388-baec-2e87135dc908', {
    actions: [
      'Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/listkeys/action',
      'Microsoft.Insights/alertRules/read', 'Microsoft.Insights/diagnosticSettings/read', 'Microsoft.Insights/logDefinitions/read',
      'Microsoft.Insights/metricdefinitions/read', 'Microsoft.Insights/metrics/read', 'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/operations/read', 'Microsoft.Resources/subscriptions/operationresults/read',
      'Microsoft.Resources/subscriptions/read', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*',
    ],
    notActions: none, dataActions: ['Microsoft.CognitiveServices/*'], notDataActions: none,
  });
  /** Control plane: deployments and settings; no inference. */
  public static readonly COGNITIVE_SERVICES_CONTRIBUTOR = new BuiltInRole('Cognitive Services Contributor', '25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68', {
    actions: [
      'Microsoft.Authorization/*/read', 'Microsoft.CognitiveServices/*', 'Microsoft.Features/features/read',
      'Microsoft.Features/providers/features/read', 'Microsoft.Features/providers/features/register/action',
      'Microsoft.Insights/alertRules/*', 'Microsoft.Insights/diagnosticSettings/*', 'Microsoft.Insights/logDefinitions/read',
      'Microsoft.Insights/metricdefinitions/read', 'Microsoft.Insights/metrics/read', 'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/operationresults/read', 'Microsoft.Resources/subscriptions/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*',
    ],
    notActions: none, dataActions: none, notDataActions: none,
  });
  /** Data plane, OpenAI models only (not enough for other catalog models). */
  public static readonly COGNITIVE_SERVICES_OPENAI_USER = new BuiltInRole('Cognitive Services OpenAI User', '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', {
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
  });
  /** Data plane, OpenAI models, plus fine-tuning and content filters. */
  public static readonly COGNITIVE_SERVICES_OPENAI_CONTRIBUTOR = new BuiltInRole('Cognitive Services OpenAI Contributor', 'a001fd3d-188f-4b5d-821b-7da978bf7442', {
    actions: [
      'Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/deployments/write', 'Microsoft.CognitiveServices/accounts/deployments/delete',
      'Microsoft.CognitiveServices/accounts/raiPolicies/read', 'Microsoft.CognitiveServices/accounts/raiPolicies/write', 'Microsoft.CognitiveServices/accounts/raiPolicies/delete',
      'Microsoft.CognitiveServices/accounts/commitmentplans/read', 'Microsoft.CognitiveServices/accounts/commitmentplans/write',
      'Microsoft.CognitiveServices/accounts/commitmentplans/delete', 'Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read',
    ],
    notActions: none, dataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/*'], notDataActions: none,
  });
  /** Foundry's least-privilege developer role; named Azure AI User until 2026 (GUID unchanged). */
  public static readonly FOUNDRY_USER = new BuiltInRole('Foundry User', '53ca6127-db72-4b80-b1b0-d745d6d5456d', {
    actions: [
      'Microsoft.Authorization/*/read', 'Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/listkeys/action',
      'Microsoft.Insights/alertRules/read', 'Microsoft.Insights/diagnosticSettings/read', 'Microsoft.Insights/logDefinitions/read',
      'Microsoft.Insights/metricdefinitions/read', 'Microsoft.Insights/metrics/read', 'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/operationresults/read', 'Microsoft.Resources/subscriptions/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*',
    ],
    notActions: none, dataActions: ['Microsoft.CognitiveServices/*'], notDataActions: none,
  }, ['Azure AI User']);
  /** The same role under its former name, for code written before the rename. @deprecated use FOUNDRY_USER */
  public static readonly AZURE_AI_USER = BuiltInRole.FOUNDRY_USER;
  /** Foundry projects: manage projects and assign Foundry User; named Azure AI Project Manager until 2026. Permissions not listed here. */
  public static readonly FOUNDRY_PROJECT_MANAGER = new BuiltInRole('Foundry Project Manager', 'eadc314b-1a2d-4efa-be10-5d325db5065e', undefined, ['Azure AI Project Manager']);
  /** Foundry accounts: full management of accounts and projects; named Azure AI Account Owner until 2026. Permissions not listed here. */
  public static readonly FOUNDRY_ACCOUNT_OWNER = new BuiltInRole('Foundry Account Owner', 'e47c6f54-e4a2-4754-9501-8e0985b135e1', undefined, ['Azure AI Account Owner']);
  /** Foundry: full access including data actions; named Azure AI Owner until 2026. Permissions not listed here. */
  public static readonly FOUNDRY_OWNER = new BuiltInRole('Foundry Owner', 'c883944f-8b7b-4483-af10-35834be79c4a', undefined, ['Azure AI Owner']);
  /** What the azurerm backend needs on the state storage with Entra ID auth. */
  public static readonly STORAGE_BLOB_DATA_OWNER = new BuiltInRole('Storage Blob Data Owner', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', {
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/*', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    notActions: none, dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'], notDataActions: none,
  });
  /** Full control, including role assignments; no inference access. */
  public static readonly OWNER = new BuiltInRole('Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', {
    actions: ['*'], notActions: none, dataActions: none, notDataActions: none,
  });
  /** Full control but role assignments; no inference access. */
  public static readonly CONTRIBUTOR = new BuiltInRole('Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c', {
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write', 'Microsoft.Blueprint/blueprintAssignments/delete', 'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write', 'Microsoft.Purview/consents/delete', 'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action', 'Microsoft.Subscription/enable/action',
    ],
    dataActions: none, notDataActions: none,
  });
  /** Manages role assignments; no inference access. */
  public static readonly USER_ACCESS_ADMINISTRATOR = new BuiltInRole('User Access Administrator', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', {
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'], notActions: none, dataActions: none, notDataActions: none,
  });
  /**
   * Manages role assignments (can be limited by conditions). Enough for standing grants, not for just-in-time (PIM)
   * ones: it lacks roleEligibilityScheduleRequests/write and roleAssignmentScheduleRequests/write.
   */
  public static readonly ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR = new BuiltInRole('Role Based Access Control Administrator', 'f58310d9-a9f6-439a-9e8d-f62e7b41a168', {
    actions: ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', '*/read', 'Microsoft.Support/*'],
    notActions: none, dataActions: none, notDataActions: none,
  });
  /** Reads everything; no inference, no keys. */
  public static readonly READER = new BuiltInRole('Reader', 'acdd72a7-3385-48ef-bd42-f606fba81ae7', {
    actions: ['*/read'], notActions: none, dataActions: none, notDataActions: none,
  });

  /** Every role above, by GUID. */
  public static all(): BuiltInRole[] {
    return [
      BuiltInRole.COGNITIVE_SERVICES_USER, BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR,
      BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER, BuiltInRole.COGNITIVE_SERVICES_OPENAI_CONTRIBUTOR,
      BuiltInRole.FOUNDRY_USER, BuiltInRole.FOUNDRY_PROJECT_MANAGER, BuiltInRole.FOUNDRY_ACCOUNT_OWNER, BuiltInRole.FOUNDRY_OWNER,
      BuiltInRole.STORAGE_BLOB_DATA_OWNER,
      BuiltInRole.OWNER, BuiltInRole.CONTRIBUTOR, BuiltInRole.USER_ACCESS_ADMINISTRATOR,
      BuiltInRole.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR, BuiltInRole.READER,
    ];
  }

  /** Any other built-in role, by its GUID (find it with `az role definition list --name "<name>"`); permissions optional. */
  public static fromGuid(roleName: string, guid: string, permissions?: RolePermissions): BuiltInRole {
    return new BuiltInRole(roleName, guid, permissions);
  }

  /** The built-in role of the table with this GUID, if any. */
  public static byGuid(guid: string): BuiltInRole | undefined {
    const g = guid.toLowerCase();
    return BuiltInRole.all().find((r) => r.guid === g);
  }

  /** The built-in role of the table with this display name, current or former (case-insensitive), if any. */
  public static byName(name: string): BuiltInRole | undefined {
    const n = name.trim().toLowerCase();
    return BuiltInRole.all().find((r) => r.roleName.toLowerCase() === n) ?? BuiltInRole.all().find((r) => r.formerNames.some((f) => f.toLowerCase() === n));
  }

  /** The role whose former display name this is (Azure no longer knows it: assigning by it fails), if any. */
  public static byFormerName(name: string): BuiltInRole | undefined {
    const n = name.trim().toLowerCase();
    return BuiltInRole.all().find((r) => r.formerNames.some((f) => f.toLowerCase() === n));
  }

  public readonly builtIn = true;
  public readonly roleKey: string;

  /** Display names the role had before Azure renamed it (same GUID). */
  public readonly formerNames: readonly string[];
  /**
   * Grants of a renamed role keep the addresses they had under its first name (construct IDs are Terraform addresses:
   * a rename must not delete and re-create anyone's access).
   */
  public readonly addressName?: string;

  private constructor(public readonly roleName: string, public readonly guid: string, public readonly permissions?: RolePermissions, formerNames: readonly string[] = []) {
    if (!isGuid(guid)) {
      throw new Error(`BuiltInRole ${JSON.stringify(roleName)}: invalid role definition GUID ${JSON.stringify(guid)}: expected the built-in role's GUID (az role definition list --name "${roleName}" --query "[].name")`);
    }
    this.roleKey = `builtin:${guid.toLowerCase()}`;
    this.formerNames = formerNames;
    this.addressName = formerNames[0];
  }

  public roleDefinitionIdIn(subscriptionId: string): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${this.guid}`;
  }
}
