// Foundry projects: endpoint, token audience, roles and data actions. Kept free of cdktf.
import { actionCovers } from './actions';
import { BuiltInRole, RolePermissions } from './built-in-role';
import { TOKEN_SCOPES } from './inference-endpoints';
import { duplicatesOf } from './names';

/**
 * Foundry User (formerly Azure AI User, GUID unchanged): Microsoft's least-privilege role for a project's developers and
 * for the project's own managed identity on its account. Data actions `Microsoft.CognitiveServices/*`.
 * Source: learn.microsoft.com/azure/foundry/concepts/rbac-foundry ("Foundry project roles"); FIELD-NOTES.md (built-in roles).
 */
export const FOUNDRY_USER = BuiltInRole.AZURE_AI_USER;

/**
 * A project's name: 2 to 64 characters, starting with a letter or digit; letters, digits, "-", "." and "_".
 * Source: azurerm v4.55.0 internal/services/cognitive/cognitive_account_project_resource.go:79-87.
 */
export const PROJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$/;

/** A project's endpoint: `https://<subdomain>.services.ai.azure.com/api/projects/<project>` (Foundry SDK). */
export function projectEndpoint(subdomain: string, project: string): string {
  return `https://${subdomain}.services.ai.azure.com/api/projects/${project}`;
}

/** The only token audience project endpoints accept (a `cognitiveservices.azure.com` token gets 401): FIELD-NOTES.md, "Endpoints and token audiences". */
export const PROJECT_TOKEN_SCOPE = TOKEN_SCOPES.foundryProject;

/**
 * The data actions a project endpoint authorizes besides model calls: the project APIs (Agent Service, evaluations)
 * live under `Microsoft.CognitiveServices/accounts/AIServices/`, as Microsoft lists them for custom Foundry roles.
 * Source: learn.microsoft.com/azure/foundry/concepts/disable-preview-features-with-rbac ("Agent Service:
 * Microsoft.CognitiveServices/accounts/AIServices/agents/*", "Evaluations: .../AIServices/evaluations/*"). Microsoft does not
 * document a narrower set that is enough for a project endpoint, so a custom role counts as covering project inference
 * only when it allows every action here; otherwise project grants use Foundry User.
 */
export const PROJECT_DATA_ACTIONS: readonly string[] = [
  'Microsoft.CognitiveServices/accounts/AIServices/agents/read',
  'Microsoft.CognitiveServices/accounts/AIServices/agents/write',
  'Microsoft.CognitiveServices/accounts/AIServices/agents/delete',
  'Microsoft.CognitiveServices/accounts/MaaS/chat/completions/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action',
];

/** The operations of `PROJECT_DATA_ACTIONS` a role with these permissions does not allow (empty: it covers project inference). */
export function missingProjectDataActions(p: Pick<RolePermissions, 'dataActions' | 'notDataActions'> | undefined): string[] {
  if (!p) return [...PROJECT_DATA_ACTIONS];
  return PROJECT_DATA_ACTIONS.filter((op) => !p.dataActions.some((a) => actionCovers(a, op)) || p.notDataActions.some((a) => actionCovers(a, op)));
}

/**
 * Why an account cannot hold projects, or undefined. azurerm refuses `project_management_enabled` without kind AIServices
 * or without an identity (v4.55.0 internal/services/cognitive/cognitive_account_resource.go:362-395, CustomizeDiff); without
 * a custom subdomain there is no `<subdomain>.services.ai.azure.com` host for the project endpoint, nor Entra ID tokens.
 */
export function projectManagementProblem(account: { kind: string; identity: boolean; customSubdomainName?: string }): string | undefined {
  if (account.kind !== 'AIServices') return `projects need an account of kind AIServices, not ${account.kind}`;
  if (!account.identity) return 'projects need the account to have a managed identity (identity block): add a system-assigned identity';
  if (!account.customSubdomainName) return 'projects need a custom subdomain (their endpoint is https://<subdomain>.services.ai.azure.com/api/projects/<name>): set customSubdomainName';
  return undefined;
}

/** How Azure compares project names within an account: case-insensitively. */
export function projectNameKey(name: string): string {
  return name.toLowerCase();
}

/** Project names listed twice in one account (`projectNameKey`): `[first, repeat]` index pairs. */
export function projectNameClashes(names: readonly string[]): Array<[number, number]> {
  return duplicatesOf(names, projectNameKey);
}

/** Why a project name repeats an earlier one, with the fix. */
export const PROJECT_NAME_CLASH = 'project names are unique in an account (compared case-insensitively): rename one';

/** Why projects cannot be put on an account whose project management is off. */
export const PROJECT_MANAGEMENT_OFF = 'projects need project management on the account (project_management_enabled): turn it on (projectManagementEnabled: true; configuration: leave out account.projectManagement: false), or remove the projects';
