import * as path from 'path';
import { directoryFromAzExport, isAzExportFolder, seedStoreFromAzExport } from '../azure-seed';
import { AzureStore, FakeDirectory } from '../azure-store';
import { BROWNFIELD_ACCOUNT_ID, BROWNFIELD_EXPORT } from '../../../test-support/brownfield';
import { tempDir } from '../test-support/harness';

describe('the Azure CLI export as the offline "already in Azure" fixture', () => {
  test('seeds the store with the account and every assignment, as azurerm reads them back; once', () => {
    const store = new AzureStore(path.join(tempDir('seed-'), 'azure-store.json'));
    expect(seedStoreFromAzExport(store, BROWNFIELD_EXPORT)).toBe(12);
    const admin = store.get(`${BROWNFIELD_ACCOUNT_ID}/providers/microsoft.authorization/roleassignments/4d5e6f7a-3b4c-4d5e-8f6a-7b8c9d0e1f2a`)!;
    expect(admin.type).toBe('azurerm_role_assignment');
    expect(admin.attributes).toMatchObject({
      name: '4d5e6f7a-3b4c-4d5e-8f6a-7b8c9d0e1f2a', scope: BROWNFIELD_ACCOUNT_ID, principal_type: 'Group', principal_id: '6a8c0e2b-4d6f-4b8d-a0c2-e4f6a8c0e2b4',
      role_definition_id: '/subscriptions/00000000-0000-0000-0000-000000000002/providers/Microsoft.Authorization/roleDefinitions/25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68',
      description: 'Platform team administers the account (ticket OPS-1182)', condition: null,
    });
    // An empty description is read back as unset, as azurerm does.
    expect(store.get(`${BROWNFIELD_ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f1`)!.attributes.description).toBeNull();
    expect(store.get(BROWNFIELD_ACCOUNT_ID)!.attributes).toMatchObject({ kind: 'AIServices', local_auth_enabled: false, custom_subdomain_name: 'contoso-ai-prod', public_network_access_enabled: true });
    // A second start adds nothing, and keeps what an apply or a portal edit changed.
    store.delete(`${BROWNFIELD_ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f1`);
    store.put(BROWNFIELD_ACCOUNT_ID, 'azurerm_cognitive_account', { ...store.get(BROWNFIELD_ACCOUNT_ID)!.attributes, local_auth_enabled: true });
    expect(seedStoreFromAzExport(store, BROWNFIELD_EXPORT)).toBe(1);
    expect(store.get(BROWNFIELD_ACCOUNT_ID)!.attributes.local_auth_enabled).toBe(true);
  });

  test('is the fake directory too: principals/*.json and the principal names of the assignments', () => {
    expect(isAzExportFolder(BROWNFIELD_EXPORT)).toBe(true);
    const fixture = directoryFromAzExport(BROWNFIELD_EXPORT);
    expect(fixture.groups).toEqual(expect.arrayContaining([expect.objectContaining({ objectId: '2b4d6f8a-0c1e-4a3b-9d5f-7a9c1e3b5d70', displayName: 'AI Product Team' })]));
    const dir = new FakeDirectory(BROWNFIELD_EXPORT);
    expect(dir.lookup('azuread_user', { user_principal_name: 'bob@contoso.com' }).entry?.objectId).toBe('1c3e5a7b-9d1f-4b3d-8f5a-7c9e1b3d5f70');
    // A service principal by client ID: principalName of az role assignment list.
    expect(dir.lookup('azuread_service_principal', { client_id: '3c5e7a9b-2d4f-4e6a-8b1c-5d7f9a1b3c24' }).entry?.objectId).toBe('7e9b1d3f-5a7c-4e9b-8d1f-3a5c7e9b1d48');
    expect(dir.principalType('6a8c0e2b-4d6f-4b8d-a0c2-e4f6a8c0e2b4')).toBe('Group');
    expect(dir.principalType('4b6d8f0a-3c5e-4f7a-9b2d-6e8a0c2e4f36')).toBe('ServicePrincipal');
  });
});
