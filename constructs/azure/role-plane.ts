import { actionCovers, LIST_KEYS_ACTION } from './actions';
import { RolePermissions } from './built-in-role';

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

// What "control plane" means here: the role can change an AI account (or its deployments, networks,
// keys) or grant access to it. Writes on anything else (Support tickets, template deployments, alert
// rules, blob containers) do not change who can call the models, so Storage Blob Data Owner
// (container management and blob data actions) is data plane, Owner and Contributor are control plane.
const ACCESS_WRITES = ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', 'Microsoft.Authorization/roleDefinitions/write'];
const ACCOUNT_WRITES = ['Microsoft.CognitiveServices/accounts/write', 'Microsoft.CognitiveServices/accounts/delete', 'Microsoft.CognitiveServices/accounts/deployments/write', 'Microsoft.CognitiveServices/accounts/regenerateKey/action'];

/** True when an action is a read (or key listing, which `canListKeys` reports on its own). */
function isRead(action: string): boolean {
  return /\/read$/i.test(action) || action.toLowerCase() === LIST_KEYS_ACTION.toLowerCase();
}

/** True when the permissions can create or delete role assignments or definitions. */
export function canGrantAccess(p: RolePermissions): boolean {
  return ACCESS_WRITES.some((a) => allows(p.actions, p.notActions, a));
}

/**
 * The granted actions that can change an AI account or grant access: any non-read
 * Microsoft.CognitiveServices action, and any action that covers an account write or a
 * Microsoft.Authorization write (`*`, `Microsoft.Authorization/*`), minus what notActions take away.
 */
export function controlPlaneActions(p: RolePermissions): string[] {
  const probes = [...ACCOUNT_WRITES, ...ACCESS_WRITES];
  return p.actions.filter((a) => !isRead(a) && !p.notActions.some((n) => actionMatches(n, a))
    && (a.toLowerCase().startsWith('microsoft.cognitiveservices/')
      || probes.some((probe) => actionMatches(a, probe) && !p.notActions.some((n) => actionMatches(n, probe)))));
}

/** The data actions on Cognitive Services (model inference and other data-plane calls). */
export function inferenceDataActions(p: RolePermissions): string[] {
  return p.dataActions.filter((d) => (d === '*' || d.toLowerCase().startsWith('microsoft.cognitiveservices/'))
    && !p.notDataActions.some((n) => actionMatches(n, d)));
}

/** Control plane (changes an account or grants access), data plane (has data actions), or read. */
export function planeOf(p: RolePermissions): 'control' | 'data' | 'read' {
  if (controlPlaneActions(p).length > 0) return 'control';
  return p.dataActions.length > 0 ? 'data' : 'read';
}

/** Where a role is held: on one AI account, or on a wider scope (resource group, subscription, management group) that may hold several. */
export type ControlScope = 'account' | 'wider';

/** A control-plane action that reaches past AI accounts (`*`, another provider's writes, access writes). */
function reachesBeyondAccounts(action: string): boolean {
  return !action.toLowerCase().startsWith('microsoft.cognitiveservices/');
}

/**
 * How much a role's control plane matters (undefined: not a control-plane role). The one classification the
 * guardrail KAI-RA-002 and the access report both use. Granting access is high anywhere; administering one
 * account with writes that stay within Microsoft.CognitiveServices is what administrators are for (info);
 * writes beyond it (Owner, Contributor) or control of a wider scope are medium.
 */
export function controlPlaneRisk(p: RolePermissions, where: ControlScope): 'high' | 'medium' | 'info' | undefined {
  const control = controlPlaneActions(p);
  if (control.length === 0) return undefined;
  if (canGrantAccess(p)) return 'high';
  if (where === 'wider' || control.some(reachesBeyondAccounts)) return 'medium';
  return 'info';
}
