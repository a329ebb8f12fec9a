// Where Azure offers role assignment conditions (ABAC). Kept free of cdktf.
// Source: https://learn.microsoft.com/azure/role-based-access-control/conditions-overview ("Where can conditions be
// added?": roles with Storage blob or queue data actions) and
// https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-overview (conditions that
// constrain role assignment management: Microsoft.Authorization/roleAssignments/write and delete).
import { actionCovers } from './actions';
import { RolePermissions } from './built-in-role';

/** Data actions whose attributes conditions can use. */
export const CONDITION_DATA_ACTIONS = [
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
  'Microsoft.Storage/storageAccounts/queueServices/queues/messages/read',
] as const;

/** Actions a condition can constrain: delegating role-assignment management. */
export const CONDITION_ACTIONS = ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete'] as const;

/** What Azure supports, in words, for messages. */
export const CONDITION_SUPPORT = 'Azure supports role assignment conditions only on roles with Storage blob or queue data actions, ' +
  'and on role-assignment management (delegation: Microsoft.Authorization/roleAssignments/write constrained to certain roles and principal types); ' +
  'there is no Cognitive Services / Foundry attribute, so a condition cannot narrow inference';

/** Whether Azure accepts a condition on an assignment of a role with these permissions (Storage blob/queue data, or role-assignment management). */
export function conditionSupported(permissions: Pick<RolePermissions, 'actions' | 'dataActions'>): boolean {
  // `*` on actions (Owner) covers roleAssignments/write: delegation conditions apply to it as well.
  return permissions.dataActions.some((p) => CONDITION_DATA_ACTIONS.some((op) => actionCovers(p, op)))
    || permissions.actions.some((p) => CONDITION_ACTIONS.some((op) => actionCovers(p, op)));
}
