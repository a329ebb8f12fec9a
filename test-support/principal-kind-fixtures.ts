// One principal of every configuration kind of issue 17, and the fake-directory entries (tools/offline) that make
// their lookups resolve: shared by the configuration tests and the offline plan of an environment using every kind.

export const SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000001'; // the example environments' subscription
export const CHAT_API_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-apps/providers/Microsoft.Web/sites/chat-api`;
export const INGEST_UAI_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-jobs/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ingest`;

/** Developers of every new kind, each with the report's description of it. */
export const NEW_KIND_PRINCIPALS: Array<{ entry: Record<string, unknown>; describedAs: string }> = [
  { entry: { kind: 'userByMail', mail: 'bob@contoso.com', key: 'bob' }, describedAs: 'user by mail bob@contoso.com' },
  { entry: { kind: 'userByMailNickname', mailNickname: 'carol' }, describedAs: 'user by mail nickname carol' },
  { entry: { kind: 'userByEmployeeId', employeeId: 'E-10042' }, describedAs: 'user by employee ID E-10042' },
  { entry: { kind: 'groupByMailNickname', mailNickname: 'ai-readers' }, describedAs: 'group by mail nickname "ai-readers"' },
  { entry: { kind: 'systemAssignedIdentity', resourceId: CHAT_API_ID }, describedAs: 'system-assigned identity of Microsoft.Web/sites chat-api in rg-apps' },
  { entry: { kind: 'systemAssignedIdentityByName', resourceType: 'Microsoft.App/containerApps', name: 'summarizer', resourceGroupName: 'rg-apps' },
    describedAs: 'system-assigned identity of Microsoft.App/containerApps summarizer in rg-apps' },
  { entry: { kind: 'userAssignedIdentity', name: 'id-chat-api', resourceGroupName: 'rg-apps' }, describedAs: 'user-assigned identity id-chat-api in rg-apps' },
  { entry: { kind: 'userAssignedIdentityById', resourceId: INGEST_UAI_ID }, describedAs: 'user-assigned identity id-ingest in rg-jobs' },
];

/** A fake directory in which every principal above exists (the example's own principals get deterministic fakes). */
export const NEW_KIND_DIRECTORY = {
  users: [
    { objectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', userPrincipalName: 'bob@contoso.com', mail: 'bob@contoso.com', mailNickname: 'bob' },
    { objectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4e', userPrincipalName: 'carol@contoso.com', mail: 'carol@contoso.com', mailNickname: 'carol' },
    { objectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4f', userPrincipalName: 'dave@contoso.com', employeeId: 'E-10042' },
  ],
  groups: [{ objectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c50', displayName: 'AI readers', mailNickname: 'ai-readers' }],
  servicePrincipals: [
    { objectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c51', displayName: 'chat-api', resourceId: CHAT_API_ID },
    { objectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c52', displayName: 'summarizer',
      resourceId: `/subscriptions/${SUBSCRIPTION_ID}/resourcegroups/rg-apps/providers/Microsoft.App/containerApps/summarizer` },
  ],
  userAssignedIdentities: [
    { objectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c53', name: 'id-chat-api', resourceGroupName: 'rg-apps', clientId: '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c53' },
    { objectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c54', name: 'id-ingest', resourceGroupName: 'rg-jobs', clientId: '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c54' },
  ],
};
