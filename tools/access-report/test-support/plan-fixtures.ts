import type { ResourceChange } from '../plan-review';

/** Small `terraform show -json <planfile>` documents, shaped as Terraform 1.11 prints them. */

export const SUB = '00000000-0000-0000-0000-000000000001';
export const RG_ID = `/subscriptions/${SUB}/resourceGroups/rg-ai-dev`;
export const ACCOUNT_ID = `${RG_ID}/providers/Microsoft.CognitiveServices/accounts/contoso-ai-dev`;
export const CUSTOM_ROLE_GUID = 'cbdc4475-e75e-58c3-a7ac-705d8763c6bd';
export const CUSTOM_ROLE_ID = `${RG_ID}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE_GUID}`;
export const builtInRoleId = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

type Values = Record<string, unknown>;

/** One `resource_changes[]` entry; the type and name come from the address. */
export function rc(
  address: string,
  actions: string[],
  before: Values | null,
  after: Values | null,
  extra: { replace_paths?: (string | number)[][]; action_reason?: string; after_unknown?: Values; previous_address?: string } = {},
): ResourceChange {
  const [type, name] = address.split('.');
  return {
    address,
    ...(extra.previous_address ? { previous_address: extra.previous_address } : {}),
    mode: 'managed',
    type,
    name,
    provider_name: type.startsWith('azuread') ? 'registry.terraform.io/hashicorp/azuread' : 'registry.terraform.io/hashicorp/azurerm',
    change: {
      actions,
      before,
      after,
      after_unknown: extra.after_unknown ?? {},
      before_sensitive: before ? {} : false,
      after_sensitive: after ? {} : false,
      ...(extra.replace_paths ? { replace_paths: extra.replace_paths } : {}),
    },
    ...(extra.action_reason ? { action_reason: extra.action_reason } : {}),
  } as ResourceChange;
}

/** Values of an `azurerm_role_assignment` as the provider reads them back. */
export function assignment(name: string, principalId: string, principalType: string, roleDefinitionId: string, scope = ACCOUNT_ID): Values {
  return {
    condition: null, condition_version: null, delegated_managed_identity_resource_id: null, description: null,
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name, principal_id: principalId, principal_type: principalType, role_definition_id: roleDefinitionId,
    role_definition_name: '', scope, skip_service_principal_aad_check: false, timeouts: null,
  };
}

/** Values of the custom `azurerm_role_definition`. */
export function roleDefinition(name: string, guid = CUSTOM_ROLE_GUID): Values {
  return {
    assignable_scopes: [RG_ID], description: 'Calls models', id: `${guid}|${RG_ID}`, name,
    permissions: [{ actions: [], data_actions: ['Microsoft.CognitiveServices/accounts/MaaS/*'], not_actions: [], not_data_actions: [] }],
    role_definition_id: guid, role_definition_resource_id: `${RG_ID}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, scope: RG_ID, timeouts: null,
  };
}

/** A plan document: the changes, plus resources of the prior state (address, type, values). */
export function plan(changes: ResourceChange[], prior: { address: string; type: string; values: Values }[] = []): Record<string, unknown> {
  const res = (list: { address: string; type: string; values: Values }[]) =>
    list.map((r) => ({ address: r.address, mode: 'managed', type: r.type, name: r.address.split('.')[1], provider_name: 'registry.terraform.io/hashicorp/azurerm', schema_version: 0, values: r.values, sensitive_values: {} }));
  const planned = changes.filter((c) => c.change.after).map((c) => ({ address: c.address, type: c.type, values: c.change.after! }));
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: { resources: res(planned) } },
    resource_changes: changes,
    prior_state: { format_version: '1.0', terraform_version: '1.11.4', values: { root_module: { resources: res(prior) } } },
    configuration: { provider_config: {}, root_module: {} },
    timestamp: '2026-11-30T12:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}
