import { BuiltInRole, IRoleDefinition } from '../constructs/azure/built-in-role';
import { errorOf, SUBSCRIPTION } from '../test-support/stacks';

// GUIDs from the field notes; display names get renamed, so roles are referenced by these.
const EXPECTED: Record<string, string> = {
  'Cognitive Services User': 'a97b65f3-24c7-4388-baec-2e87135dc908',
  'Cognitive Services Contributor': '25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68',
  'Cognitive Services OpenAI User': '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
  'Cognitive Services OpenAI Contributor': 'a001fd3d-188f-4b5d-821b-7da978bf7442',
  'Foundry User': '53ca6127-db72-4b80-b1b0-d745d6d5456d',
  'Foundry Project Manager': 'eadc314b-1a2d-4efa-be10-5d325db5065e',
  'Foundry Account Owner': 'e47c6f54-e4a2-4754-9501-8e0985b135e1',
  'Foundry Owner': 'c883944f-8b7b-4483-af10-35834be79c4a',
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  // Not in the field notes: from Azure's published built-in role list.
  'Role Based Access Control Administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
};

test('every built-in role carries the documented GUID', () => {
  expect(Object.fromEntries(BuiltInRole.all().map((r) => [r.roleName, r.guid]))).toEqual(EXPECTED);
});

test('role definition IDs are subscription-scoped (the unscoped form replaces the assignment on every plan)', () => {
  expect(BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION))
    .toBe(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908`);
});

test('built-in roles are assignable anywhere and keyed by lower-case GUID', () => {
  const role = BuiltInRole.fromGuid('Reader', 'ACDD72A7-3385-48EF-BD42-F606FBA81AE7');
  expect(role.builtIn).toBe(true);
  expect((role as IRoleDefinition).assignableScopes).toBeUndefined();
  expect(role.roleKey).toBe('builtin:acdd72a7-3385-48ef-bd42-f606fba81ae7');
});

test('fromGuid rejects a role name in place of a GUID, naming the value and the fix', () => {
  const message = errorOf(() => BuiltInRole.fromGuid('Reader', 'Reader'));
  expect(message).toContain('BuiltInRole "Reader"');
  expect(message).toContain('invalid role definition GUID "Reader"');
  expect(message).toContain('az role definition list --name "Reader"');
});

test('renamed Foundry roles: found by their current and former names, the GUID unchanged', () => {
  const renames: [string, string, BuiltInRole][] = [
    ['Azure AI User', 'Foundry User', BuiltInRole.FOUNDRY_USER],
    ['Azure AI Project Manager', 'Foundry Project Manager', BuiltInRole.FOUNDRY_PROJECT_MANAGER],
    ['Azure AI Account Owner', 'Foundry Account Owner', BuiltInRole.FOUNDRY_ACCOUNT_OWNER],
    ['Azure AI Owner', 'Foundry Owner', BuiltInRole.FOUNDRY_OWNER],
  ];
  for (const [former, current, role] of renames) {
    expect(BuiltInRole.byName(current)).toBe(role);
    expect(BuiltInRole.byName(former.toUpperCase())).toBe(role);
    expect(BuiltInRole.byFormerName(former)).toBe(role);
    expect(BuiltInRole.byFormerName(current)).toBeUndefined();
    expect(role.formerNames).toEqual([former]);
  }
  // Code written before the rename keeps compiling and means the same role.
  expect(BuiltInRole.AZURE_AI_USER).toBe(BuiltInRole.FOUNDRY_USER);
});
