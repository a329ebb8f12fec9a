import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Testing } from 'cdktf';
import { EnvironmentConfig, environmentSchema } from '../app/config-schema';
import { EnvironmentStack } from '../app/environment-stack';
import { readExample } from '../test-support/config-fixtures';

function synth(name: string, raw: any): any {
  const config: EnvironmentConfig = environmentSchema.parse(raw);
  const stack = new EnvironmentStack(Testing.app(), { environment: name, config });
  return JSON.parse(Testing.synth(stack, true));
}

describe('EnvironmentStack', () => {
  const dev = synth('dev', readExample('environments/dev.json'));
  const prod = synth('prod', readExample('environments/prod.json'));

  test('state lives in the azurerm backend, with Entra ID auth and one key per environment', () => {
    expect(dev.terraform.backend.azurerm).toEqual({
      resource_group_name: 'rg-keyless-tfstate',
      storage_account_name: 'stkeylesstfstate01',
      container_name: 'tfstate',
      key: 'dev.tfstate',
      subscription_id: '00000000-0000-0000-0000-000000000001',
      tenant_id: '72f988bf-0000-0000-0000-0000000000aa',
      use_azuread_auth: true,
    });
    expect(prod.terraform.backend.azurerm.key).toBe('prod.tfstate');
    for (const json of [dev, prod]) {
      const backend = json.terraform.backend.azurerm;
      for (const keyBased of ['access_key', 'sas_token', 'client_secret']) expect(backend).not.toHaveProperty(keyBased);
    }
  });

  test('providers: azurerm with the subscription and storage through Entra ID, azuread with the tenant', () => {
    // resource_provider_registrations none: a deployer with rights on a resource group only can plan.
    expect(dev.provider.azurerm).toEqual([{
      features: [{}], subscription_id: '00000000-0000-0000-0000-000000000001', storage_use_azuread: true, resource_provider_registrations: 'none',
    }]);
    expect(dev.provider.azuread).toEqual([{ tenant_id: '72f988bf-0000-0000-0000-0000000000aa' }]);
    expect(prod.provider.azurerm[0].subscription_id).toBe('00000000-0000-0000-0000-000000000002');
  });

  test('a created resource group is referenced, so Terraform creates it first', () => {
    const [rgId] = Object.keys(dev.resource.azurerm_resource_group);
    const account = Object.values(dev.resource.azurerm_cognitive_account)[0] as any;
    expect(account.resource_group_name).toBe(`\${azurerm_resource_group.${rgId}.name}`);
    const role = Object.values(dev.resource.azurerm_role_definition)[0] as any;
    expect(role.scope).toBe(`\${azurerm_resource_group.${rgId}.id}`);
  });

  test('an existing resource group is used by name and not created', () => {
    expect(prod.resource.azurerm_resource_group).toBeUndefined();
    const role = Object.values(prod.resource.azurerm_role_definition)[0] as any;
    expect(role.scope).toBe('/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ai-inference-prod');
  });

  test('an existing account\'s custom role is defined at the account\'s own resource group, wherever resourceGroup points', () => {
    const raw = readExample('environments/prod.json');
    raw.resourceGroup = { name: 'rg-other', create: true };
    const json = synth('prod', raw);
    const role = Object.values(json.resource.azurerm_role_definition)[0] as any;
    expect(role.scope).toBe('/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ai-inference-prod');
    expect(role.assignable_scopes).toEqual([role.scope]);
  });

  test('an existing account is granted on but not created', () => {
    expect(prod.resource.azurerm_cognitive_account).toBeUndefined();
    const scopes = Object.values(prod.resource.azurerm_role_assignment).map((a: any) => a.scope);
    expect(new Set(scopes)).toEqual(new Set(['/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ai-inference-prod/providers/Microsoft.CognitiveServices/accounts/contoso-ai-prod']));
  });

  test('outputs: account ID, endpoints, token scopes, custom role ID', () => {
    expect(Object.keys(dev.output).sort()).toEqual(['account_id', 'custom_role_id', 'inference_endpoint', 'openai_endpoint', 'token_scopes']);
    expect(dev.output.inference_endpoint.value).toBe('https://contoso-ai-dev.services.ai.azure.com/models');
    expect(dev.output.openai_endpoint.value).toBe('https://contoso-ai-dev.openai.azure.com/openai/v1/');
    expect(dev.output.token_scopes.value).toEqual(['https://cognitiveservices.azure.com/.default']);
    expect(prod.output.inference_endpoint.value).toBe('https://contoso-ai-prod.services.ai.azure.com/models');
  });

  test('without the custom role, developers get Cognitive Services User and no role definition is made', () => {
    const raw = readExample('environments/dev.json');
    raw.customRole = { enabled: false };
    const json = synth('dev', raw);
    expect(json.resource.azurerm_role_definition).toBeUndefined();
    expect(json.output.custom_role_id).toBeUndefined();
    expect(JSON.stringify(json)).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_id: '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908',
      principal_type: 'Group',
    });
  });

  test('every grant has a principal type and a deterministic name', () => {
    for (const json of [dev, prod]) {
      for (const a of Object.values(json.resource.azurerm_role_assignment) as any[]) {
        expect(['User', 'Group', 'ServicePrincipal']).toContain(a.principal_type);
        expect(a.name).toMatch(/^\$\{uuidv5\(/);
      }
    }
  });
});
