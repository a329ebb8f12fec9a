import { actionCovers, LIST_KEYS_ACTION } from '../constructs/azure-actions';
import { RolePermissions } from './built-in-roles';

export { LIST_KEYS_ACTION };

/** Azure action matching: case-insensitive, `*` stands for any run of characters (slashes included). */
export const actionMatches = actionCovers;

/** True when the permissions allow `action` (some action matches it, no not-action does). */
export function allows(actions: string[], notActions: string[], action: string): boolean {
  return actions.some((a) => actionMatches(a, action)) && !notActions.some((n) => actionMatches(n, action));
}

/** True when the role can read the account's keys. */
export function canListKeys(p: RolePermissions): boolean {
  return allows(p.actions, p.notActions, LIST_KEYS_ACTION);
}

// Actions that change nothing by themselves: template deployments need the underlying rights, support tickets touch no resource.
const HARMLESS = ['Microsoft.Support/*', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/deployments/operations/read'];

/** The actions that can change resources or access (not reads, not key listing), minus those excluded outright. */
export function controlPlaneActions(p: RolePermissions): string[] {
  return p.actions.filter((a) => !/\/read$/i.test(a)
    && a.toLowerCase() !== LIST_KEYS_ACTION.toLowerCase()
    && !HARMLESS.some((h) => h.toLowerCase() === a.toLowerCase())
    && !p.notActions.some((n) => actionMatches(n, a)));
}

/** The data actions on Cognitive Services (model inference and other data-plane calls). */
export function inferenceDataActions(p: RolePermissions): string[] {
  return p.dataActions.filter((d) => (d === '*' || d.toLowerCase().startsWith('microsoft.cognitiveservices/'))
    && !p.notDataActions.some((n) => actionMatches(n, d)));
}
