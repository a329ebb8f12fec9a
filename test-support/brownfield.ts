import * as fs from 'fs';
import * as path from 'path';

/** An Azure CLI export of an existing account (role-assignments.json, account.json, principals/*.json). */
export const BROWNFIELD_EXPORT = path.join(__dirname, 'az-export', 'contoso-ai-prod');

export const BROWNFIELD_ACCOUNT_ID = '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ai-inference-prod/providers/Microsoft.CognitiveServices/accounts/contoso-ai-prod';

/**
 * An environment over that account: developers and administrators granted by hand before (by object ID, group
 * name, client ID, managed identity), one developer Azure does not have yet (bob, by UPN).
 */
export function brownfieldEnvironment(): any {
  return {
    subscriptionId: '00000000-0000-0000-0000-000000000002',
    tenantId: '72f988bf-0000-0000-0000-0000000000aa',
    location: 'swedencentral',
    resourceGroup: { name: 'rg-ai-inference-prod', create: false },
    existingAccount: { id: BROWNFIELD_ACCOUNT_ID, customSubdomainName: 'contoso-ai-prod' },
    customRole: { enabled: false },
    developers: [
      { kind: 'group', objectId: '9f2c4b6a-1d3e-4a5b-8c7d-2e4f6a8b0c12', label: 'AI developers' },
      { kind: 'groupByDisplayName', displayName: 'AI Product Team' },
      { kind: 'servicePrincipalByClientId', clientId: '3c5e7a9b-2d4f-4e6a-8b1c-5d7f9a1b3c24' },
      { kind: 'managedIdentity', objectId: '4b6d8f0a-3c5e-4f7a-9b2d-6e8a0c2e4f36', label: 'chat-api (container app)' },
      { kind: 'userByUpn', upn: 'bob@contoso.com' },
    ],
    administrators: [{ kind: 'groupByDisplayName', displayName: 'AI Platform Admins' }],
    state: { resourceGroupName: 'rg-keyless-tfstate', storageAccountName: 'stkeylesstfstate01', containerName: 'tfstate', subscriptionId: '00000000-0000-0000-0000-000000000001' },
  };
}

/** A copy of the export folder (to break it in a test). */
export function copyExport(to: string): string {
  fs.cpSync(BROWNFIELD_EXPORT, to, { recursive: true });
  return to;
}
