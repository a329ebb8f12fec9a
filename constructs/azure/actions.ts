// Azure RBAC action patterns, shared by the inference role's checks, the guardrails and the access report.
// Kept free of cdktf so that tools can use it cheaply.

/** The control-plane action that reads an account's keys. */
export const LIST_KEYS_ACTION = 'Microsoft.CognitiveServices/accounts/listKeys/action';

/** Control-plane actions that read or reset an AI Services account's keys. */
export const KEY_OPERATIONS = [LIST_KEYS_ACTION, 'Microsoft.CognitiveServices/accounts/regenerateKey/action'];

/** Whether an action pattern covers an operation: case-insensitive, `*` stands for any run of characters, slashes included. */
export function actionCovers(pattern: string, operation: string): boolean {
  const body = pattern.trim().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'i').test(operation);
}
