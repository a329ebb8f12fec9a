// A team's own CDK Terrain stack: it owns its providers, resource group and application identity, and embeds the
// key-less inference constructs for the AI account, the custom inference role and the grants.
import { AzureadProvider } from '@cdktn/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktn/provider-azurerm/lib/resource-group';
import { UserAssignedIdentity } from '@cdktn/provider-azurerm/lib/user-assigned-identity';
import { App, TerraformOutput, TerraformStack } from 'cdktn';
import { Construct } from 'constructs';
import { KeylessGuardrails, KeylessInferenceAccess, Principal } from 'keyless-ai-inference';

const SUBSCRIPTION_ID = '00000000-0000-4000-8000-000000000001';
const TENANT_ID = '00000000-0000-4000-8000-000000000002';
const PLATFORM_TEAM_GROUP_ID = '00000000-0000-4000-8000-000000000003';

class ChatAppStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The constructs create no providers: the stack configures its own.
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: SUBSCRIPTION_ID, resourceProviderRegistrations: 'none' });
    new AzureadProvider(this, 'azuread', { tenantId: TENANT_ID });

    const rg = new ResourceGroup(this, 'ResourceGroup', { name: 'rg-chat-app', location: 'swedencentral' });
    const appIdentity = new UserAssignedIdentity(this, 'AppIdentity', { name: 'id-chat-app', resourceGroupName: rg.name, location: rg.location });

    const inference = new KeylessInferenceAccess(this, 'Inference', {
      account: {
        accountName: 'contoso-chat-ai',
        resourceGroupName: rg.name,
        location: rg.location,
        subscriptionId: SUBSCRIPTION_ID,
        deployments: [{ name: 'gpt-4o-mini', format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18', capacity: 10 }],
      },
      developers: [
        Principal.managedIdentity(appIdentity.principalId, { label: 'chat app identity', createdInThisDeployment: true }),
        Principal.groupByDisplayName('Chat App Developers'),
      ],
      administrators: [Principal.group(PLATFORM_TEAM_GROUP_ID, { label: 'Platform team' })],
    });

    new TerraformOutput(this, 'inference_endpoint', { value: inference.account.inferenceEndpoint });
    new TerraformOutput(this, 'app_identity_client_id', { value: appIdentity.clientId });
    KeylessGuardrails.applyTo(this);
  }
}

const app = new App();
new ChatAppStack(app, 'chat-app');
app.synth();
