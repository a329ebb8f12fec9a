import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { AnnotationMetadataEntryType, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AiServicesAccount, AiServicesAccountProps } from '../constructs/ai-services-account';
import { ACCOUNT_ENDPOINT_TOKEN_SCOPES, InferenceEndpoint, PROJECT_ENDPOINT_TOKEN_SCOPES, TOKEN_SCOPES } from '../constructs/azure/inference-endpoints';
import { InferenceRoleDefinition } from '../constructs/inference-role-definition';
import { BuiltInRole } from '../constructs/azure/built-in-role';
import { Principal } from '../constructs/principal';
import { KeylessInferenceAccess } from '../constructs/keyless-inference-access';
import { KeylessGuardrails } from '../constructs/keyless-guardrails';
import { accountIdProblem } from '../constructs/azure/accounts';
import { accountArmId, errorOf, expectRejected, LOCATION, newStack, OIDS, resourcesOf, RG_SCOPE as RG, SUBSCRIPTION, synthJson, synthString } from '../test-support/stacks';

const base: AiServicesAccountProps = { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION };
const account = (stack: TerraformStack, over: Partial<AiServicesAccountProps> = {}) =>
  new AiServicesAccount(stack, 'Ai', { ...base, ...over });
/** `azurerm_cognitive_account.<logical id>` of an account. */
const ref = (a: AiServicesAccount) => `azurerm_cognitive_account.${TerraformStack.of(a).getLogicalId(a.resource)}`;
/** Outputs resolve tokens to the Terraform expressions they stand for. */
const outputsOf = (stack: TerraformStack, values: Record<string, unknown>): Record<string, string> => {
  for (const [k, v] of Object.entries(values)) new TerraformOutput(stack, k, { value: v });
  const json = synthJson(stack);
  return Object.fromEntries(Object.entries(json.output).map(([k, v]: [string, any]) => [k, v.value]));
};

describe('AiServicesAccount defaults', () => {
  test('AIServices kind, keys off, subdomain = name, system-assigned identity, S0, public access on', () => {
    const stack = newStack();
    account(stack);
    const out = synthString(stack);
    expect(out).toHaveResourceWithProperties(CognitiveAccount, {
      name: 'ai-team',
      kind: 'AIServices',
      sku_name: 'S0',
      local_auth_enabled: false,
      custom_subdomain_name: 'ai-team',
      public_network_access_enabled: true,
      identity: { type: 'SystemAssigned' },
    });
    const [acct] = Object.values(resourcesOf(JSON.parse(out), 'azurerm_cognitive_account'));
    expect(acct.network_acls).toBeUndefined();
    expect(acct.tags).toBeUndefined();
    expect(resourcesOf(JSON.parse(out), 'azurerm_cognitive_deployment')).toEqual({});
  });

  test('keys off raises no warning; no key attribute is ever read', () => {
    const stack = newStack();
    const a = account(stack);
    const out = synthString(stack);
    expect(out).not.toMatch(/access_key/);
    expect(a.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === AnnotationMetadataEntryType.WARN)).toEqual([]);
    // The opposite holds: keys on (with a justification) warns.
    const keysOn = account(newStack('on'), { localAuthEnabled: true, localAuthJustification: 'Legacy batch job until 2027-01-31, owner: data team' });
    expect(keysOn.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === AnnotationMetadataEntryType.WARN)).toHaveLength(1);
  });

  test('exposes id, name, endpoint, both model endpoints, token scopes and the identity principal ID', () => {
    const stack = newStack();
    const a = account(stack, { customSubdomainName: 'ai-team-sub' });
    expect(a.accountName).toBe('ai-team');
    expect(a.inferenceEndpoint).toBe('https://ai-team-sub.services.ai.azure.com/models');
    expect(a.openAiEndpoint).toBe('https://ai-team-sub.openai.azure.com/openai/v1/');
    // Cognitive Services User covers both endpoints; Microsoft documents one scope for both.
    expect(a.inferenceEndpoints).toEqual([InferenceEndpoint.MODELS, InferenceEndpoint.OPENAI]);
    // The account endpoints accept both audiences; project endpoints only the Foundry one (FIELD-NOTES, 2026-12-03).
    expect(a.tokenScopes).toEqual(['https://cognitiveservices.azure.com/.default', 'https://ai.azure.com/.default']);
    expect(ACCOUNT_ENDPOINT_TOKEN_SCOPES).toEqual([TOKEN_SCOPES.cognitiveServices, TOKEN_SCOPES.foundry]);
    expect(PROJECT_ENDPOINT_TOKEN_SCOPES).toEqual(['https://ai.azure.com/.default']);
    expect(TOKEN_SCOPES.foundryProject).toBe('https://ai.azure.com/.default');
    const out = outputsOf(stack, { id: a.accountId, endpoint: a.endpoint, principal: a.identityPrincipalId });
    expect(out).toEqual({
      id: `\${${ref(a)}.id}`,
      endpoint: `\${${ref(a)}.endpoint}`,
      principal: `\${${ref(a)}.identity[0].principal_id}`,
    });
  });

  test('options: public access off, network ACLs, tags, user-assigned identities, SKU', () => {
    const stack = newStack();
    account(stack, {
      publicNetworkAccessEnabled: false,
      networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.0/24'], bypass: 'AzureServices' },
      tags: { team: 'ml' },
      userAssignedIdentityIds: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`],
      skuName: 'S1',
    });
    expect(synthString(stack)).toHaveResourceWithProperties(CognitiveAccount, {
      public_network_access_enabled: false,
      network_acls: { default_action: 'Deny', ip_rules: ['203.0.113.0/24'], bypass: 'AzureServices' },
      tags: { team: 'ml' },
      identity: { type: 'SystemAssigned, UserAssigned', identity_ids: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`] },
      sku_name: 'S1',
    });
  });

  test('what Azure refuses in tags and SKUs is refused at synth, naming the tag', () => {
    expectRejected(() => account(newStack(), { tags: { team: 'ml', Team: 'ai' } }), { path: 'test/', value: '"ai"', allowed: 'the tag name "Team" is the same tag as "team": Azure compares tag names case-insensitively' });
    expectRejected(() => account(newStack(), { tags: { 'cost/center': 'x' } }), { path: 'test/', value: '"x"', allowed: 'Azure refuses < > % & \\ ? / in tag names' });
    expectRejected(() => account(newStack(), { tags: { team: 'v'.repeat(257) } }), { path: 'test/', value: 'vvv', allowed: 'the value has 257 characters: Azure allows 256' });
    expectRejected(() => account(newStack(), { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'x'])) }), { path: 'test/', value: '"t50":"x"', allowed: '51 tags: Azure allows 50 per resource' });
    expectRejected(() => account(newStack(), { skuName: 's0' }), { path: 'test/', value: '"s0"', allowed: 'expected one of C2, C3' });
  });

  test('keys on with a justification: local auth on, warning annotation carries the justification', () => {
    const stack = newStack();
    const a = account(stack, { localAuthEnabled: true, localAuthJustification: 'Legacy batch job until 2025-12-31, owner: data team' });
    expect(synthString(stack)).toHaveResourceWithProperties(CognitiveAccount, { local_auth_enabled: true });
    const warnings = a.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Legacy batch job until 2025-12-31');
  });
});

describe('model deployments', () => {
  test('maps every option and chains deployments one after another', () => {
    const stack = newStack();
    const a = account(stack, {
      deployments: [
        { name: 'gpt-4o-mini', format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18', capacity: 10 },
        { name: 'phi-4', format: 'Microsoft', modelName: 'Phi-4', modelVersion: '7', skuName: 'Standard', raiPolicy: { policyName: 'Contoso.Strict' }, versionUpgradeOption: 'NoAutoUpgrade' },
        { name: 'llama', format: 'Meta', modelName: 'Llama-3.3-70B-Instruct', modelVersion: '1' },
      ],
    });
    const out = synthString(stack);
    expect(out).toHaveResourceWithProperties(CognitiveDeployment, {
      name: 'gpt-4o-mini',
      cognitive_account_id: `\${${ref(a)}.id}`,
      model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' },
      sku: { name: 'GlobalStandard', capacity: 10 },
      // Always sent: Azure's default policy, and an upgrade option that keeps the pin while the version lives.
      rai_policy_name: 'Microsoft.DefaultV2',
      version_upgrade_option: 'OnceCurrentVersionExpired',
    });
    expect(out).toHaveResourceWithProperties(CognitiveDeployment, {
      name: 'phi-4',
      sku: { name: 'Standard', capacity: 1 },
      rai_policy_name: 'Contoso.Strict',
      version_upgrade_option: 'NoAutoUpgrade',
    });
    const deps = resourcesOf(JSON.parse(out), 'azurerm_cognitive_deployment');
    const byName = Object.fromEntries(Object.entries(deps).map(([id, d]) => [d.name, { id, dependsOn: d.depends_on }]));
    expect(byName['gpt-4o-mini'].dependsOn).toBeUndefined();
    expect(byName['phi-4'].dependsOn).toEqual([`azurerm_cognitive_deployment.${byName['gpt-4o-mini'].id}`]);
    expect(byName.llama.dependsOn).toEqual([`azurerm_cognitive_deployment.${byName['phi-4'].id}`]);
  });

  test('addDeployment after construction chains onto the last one', () => {
    const stack = newStack();
    const a = account(stack, { deployments: [{ name: 'one', format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18' }] });
    const second = a.addDeployment({ name: 'two', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20' });
    expect(a.deployments).toEqual([a.deployments[0], second]);
    const deps = resourcesOf(synthJson(stack), 'azurerm_cognitive_deployment');
    expect(Object.values(deps).find((d) => d.name === 'two').depends_on).toHaveLength(1);
  });
});

describe('grants on a new account', () => {
  test('grantInference defaults to Cognitive Services User in subscription-scoped form, scope = the account', () => {
    const stack = newStack();
    const a = account(stack, { subscriptionId: SUBSCRIPTION });
    a.grantInference(Principal.user(OIDS.alice));
    expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, {
      scope: `\${${ref(a)}.id}`,
      role_definition_id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908`,
      principal_id: OIDS.alice,
      principal_type: 'User',
    });
  });

  test('without subscriptionId the built-in role ID takes the subscription from the account ID at plan time', () => {
    const stack = newStack();
    const a = account(stack);
    a.grantAdministration(Principal.group(OIDS.devs));
    expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_id: `/subscriptions/\${element(split("/", ${ref(a)}.id), 2)}/providers/Microsoft.Authorization/roleDefinitions/25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68`,
      principal_type: 'Group',
    });
  });

  test('inferenceRole option changes what grantInference assigns', () => {
    const stack = newStack();
    account(stack, { subscriptionId: SUBSCRIPTION, inferenceRole: BuiltInRole.FOUNDRY_USER }).grantInference(Principal.user(OIDS.alice));
    expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_id: BuiltInRole.FOUNDRY_USER.roleDefinitionIdIn(SUBSCRIPTION),
    });
  });
});

describe('endpoints follow the inference role', () => {
  test.each([
    ['Cognitive Services User', () => BuiltInRole.COGNITIVE_SERVICES_USER, [InferenceEndpoint.MODELS, InferenceEndpoint.OPENAI]],
    ['Foundry User', () => BuiltInRole.FOUNDRY_USER, [InferenceEndpoint.MODELS, InferenceEndpoint.OPENAI]],
    ['Cognitive Services OpenAI User', () => BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER, [InferenceEndpoint.OPENAI]],
    ['Cognitive Services Contributor (control plane)', () => BuiltInRole.COGNITIVE_SERVICES_CONTRIBUTOR, []],
    ['a built-in role of unknown permissions', () => BuiltInRole.fromGuid('Some Role', '0e9f8a7b-1111-4222-8333-444455556666'), []],
  ])('%s', (_name, role, endpoints) => {
    expect(account(newStack(), { inferenceRole: role() }).inferenceEndpoints).toEqual(endpoints);
  });

  test('a custom role for models only calls /models; for openai only, /openai/v1/', () => {
    const stack = newStack();
    const models = new InferenceRoleDefinition(stack, 'M', { scope: `/subscriptions/${SUBSCRIPTION}`, roleName: 'm', endpoints: [InferenceEndpoint.MODELS] });
    const openai = new InferenceRoleDefinition(stack, 'O', { scope: `/subscriptions/${SUBSCRIPTION}`, roleName: 'o', endpoints: [InferenceEndpoint.OPENAI] });
    expect(account(stack, { accountName: 'ai-m', inferenceRole: models }).inferenceEndpoints).toEqual([InferenceEndpoint.MODELS]);
    expect(account(newStack('o'), { accountName: 'ai-o', inferenceRole: openai }).inferenceEndpoints).toEqual([InferenceEndpoint.OPENAI]);
  });
});

describe('AiServicesAccount.fromAccountId', () => {
  const ARM = accountArmId('ai-existing');

  test('returns the same interface: parts of the ID; no azurerm_cognitive_account data source (it would list the keys)', () => {
    const stack = newStack();
    const a = AiServicesAccount.fromAccountId(stack, 'Existing', ARM, { checkAtPlan: false });
    expect([a.accountId, a.accountName, a.resourceGroupName, a.subscriptionId]).toEqual([ARM, 'ai-existing', 'rg-ai', SUBSCRIPTION]);
    expect(a.identityPrincipalId).toBeUndefined();
    expect(a.tokenScopes).toEqual(ACCOUNT_ENDPOINT_TOKEN_SCOPES);
    a.grantInference(Principal.user(OIDS.alice));
    expect(resourcesOf(synthJson(stack), 'azurerm_cognitive_account', 'data')).toEqual({});
    // Without the subdomain an endpoint cannot be formed: an error naming the field and where to read it, not a keys-listing lookup.
    expectRejected(() => a.inferenceEndpoint, {
      path: 'test/Existing', value: 'customSubdomainName undefined',
      allowed: 'set customSubdomainName (az cognitiveservices account show --ids <account-id> --query properties.customSubDomainName)',
    });
  });

  test('an ID with segment names in another case is scoped as Azure writes it (azurerm would replace each grant on every plan)', () => {
    const stack = newStack();
    const lower = ARM.replace('resourceGroups', 'resourcegroups').replace('Microsoft.CognitiveServices', 'microsoft.cognitiveservices');
    expect(lower).not.toBe(ARM);
    const a = AiServicesAccount.fromAccountId(stack, 'Existing', lower, { checkAtPlan: false });
    a.grantInference(Principal.user(OIDS.alice));
    expect(a.accountId).toBe(ARM);
    expect(Object.values(resourcesOf(synthJson(stack), 'azurerm_role_assignment')).map((r: any) => r.scope)).toEqual([ARM]);
  });

  test('a known subdomain gives literal endpoints and no lookup', () => {
    const stack = newStack();
    const a = AiServicesAccount.fromAccountId(stack, 'Existing', ARM, { customSubdomainName: 'ai-existing-sub', checkAtPlan: false });
    expect(a.inferenceEndpoint).toBe('https://ai-existing-sub.services.ai.azure.com/models');
    expect(a.openAiEndpoint).toBe('https://ai-existing-sub.openai.azure.com/openai/v1/');
    expect(a.endpoint).toBe('https://ai-existing-sub.cognitiveservices.azure.com/');
    expect(resourcesOf(synthJson(stack), 'azurerm_cognitive_account', 'data')).toEqual({});
  });

  test('checked at plan time by default: the account must exist (azurerm_resources: no keys read, Reader is enough)', () => {
    const stack = newStack();
    AiServicesAccount.fromAccountId(stack, 'Existing', ARM, { customSubdomainName: 'ai-existing' }).grantInference(Principal.user(OIDS.alice));
    const json = synthJson(stack);
    expect(resourcesOf(json, 'azurerm_cognitive_account', 'data')).toEqual({});
    const [found, ...more] = Object.values(resourcesOf(json, 'azurerm_resources', 'data')) as any[];
    expect(more).toEqual([]);
    expect(found).toMatchObject({ name: 'ai-existing', resource_group_name: 'rg-ai', type: 'Microsoft.CognitiveServices/accounts' });
    expect(found.lifecycle.postcondition).toEqual([{
      condition: '${length(self.resources) == 1}',
      error_message: expect.stringContaining(`test/Existing (${ARM}): no Microsoft.CognitiveServices/accounts named ai-existing in resource group rg-ai`),
    }]);
    // The check reads the provider's subscription only: the message says so, with the account's (an account elsewhere fails it).
    expect(found.lifecycle.postcondition[0].error_message).toContain(`The check reads only the provider's subscription: for an account in subscription ${SUBSCRIPTION}, give the stack a provider for it, or set checkAtPlan: false.`);
  });

  test('knownSettings (a key-free read): wrong kind, keys on or no subdomain are errors at synth; justified keys only warn', () => {
    const fine = { kind: 'AIServices', localAuthEnabled: false, customSubdomainName: 'ai-existing-sub' };
    const make = (knownSettings: typeof fine | { kind: string | null; localAuthEnabled: boolean; customSubdomainName: string | null }, extra = {}) =>
      AiServicesAccount.fromAccountId(newStack(), 'Existing', ARM, { knownSettings, checkAtPlan: false, ...extra });
    expect(make(fine).inferenceEndpoint).toBe('https://ai-existing-sub.services.ai.azure.com/models');
    expectRejected(() => make({ ...fine, kind: 'OpenAI' }), { path: 'test/Existing', value: `"${ARM}"`, allowed: 'the account is of kind OpenAI, not AIServices' });
    expectRejected(() => make({ ...fine, localAuthEnabled: true }), { path: 'test/Existing', value: `"${ARM}"`, allowed: 'still accepts keys' });
    expectRejected(() => make({ ...fine, customSubdomainName: null }), { path: 'test/Existing', value: `"${ARM}"`, allowed: 'no custom subdomain' });
    const justified = make({ ...fine, localAuthEnabled: true }, { localAuthJustification: 'legacy batch job keeps keys until 2027-03-31', describedAs: 'the shared account' });
    expect(justified.node.metadata.map((m) => m.data)).toContain('the shared account accepts keys (justified: legacy batch job keeps keys until 2027-03-31); turn them off when that no longer holds.');
    expectRejected(() => AiServicesAccount.fromAccountId(newStack(), 'Existing', ARM, { localAuthJustification: 'legacy' }), {
      path: 'test/Existing', value: '"legacy"', allowed: 'at least 20 characters',
    });
  });

  test('grants land on the existing account with a literal scope and subscription', () => {
    const stack = newStack();
    AiServicesAccount.fromAccountId(stack, 'Existing', ARM).grantInference(Principal.user(OIDS.alice));
    expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, {
      scope: ARM,
      role_definition_id: BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION),
    });
  });

  test('an unresolved ARM ID is accepted; its parts become plan-time expressions', () => {
    const stack = newStack();
    const v = new TerraformVariable(stack, 'account_id', { type: 'string' });
    const a = AiServicesAccount.fromAccountId(stack, 'Existing', v.stringValue);
    a.grantInference(Principal.user(OIDS.alice));
    expect(synthString(stack)).toHaveResourceWithProperties(RoleAssignment, {
      scope: '${var.account_id}',
      role_definition_id: '/subscriptions/${element(split("/", var.account_id), 2)}/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908',
    });
  });
});

describe('bad input', () => {
  const PATH = 'test/Ai';

  test.each([
    ['too short', 'a'],
    ['leading hyphen', '-ai'],
    ['trailing hyphen', 'ai-'],
    ['underscore', 'ai_team'],
    ['65 characters', 'a'.repeat(65)],
  ])('account name %s', (_case, name) => {
    expectRejected(() => account(newStack(), { accountName: name }), {
      path: PATH, value: `accountName ${JSON.stringify(name)}`,
      allowed: '2 to 64 characters: letters, digits and hyphens, starting and ending with a letter or digit',
    });
  });

  test('account name of exactly 64 characters (with a shorter subdomain) and 2 characters pass', () => {
    expect(() => account(newStack(), { accountName: 'a'.repeat(64), customSubdomainName: 'a'.repeat(63) })).not.toThrow();
    expect(() => account(newStack(), { accountName: 'a1' })).not.toThrow();
  });

  test('a 64-character name cannot be its own subdomain: a DNS label has at most 63 characters', () => {
    expectRejected(() => account(newStack(), { accountName: 'a'.repeat(64) }), {
      path: PATH, value: `customSubdomainName "${'a'.repeat(64)}"`,
      allowed: 'expected a DNS label of 2 to 63 characters',
    });
  });

  test('network ACL IP rules must be public IPv4 addresses or CIDR ranges', () => {
    for (const bad of ['hello', '999.10.0.0/16', '10.0.0.0/33']) {
      expectRejected(() => account(newStack(), { networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.7', bad] } }), {
        path: PATH, value: `networkAcls.ipRules[1] ${JSON.stringify(bad)}`, allowed: 'expected a public IPv4 address or CIDR range',
      });
    }
    for (const [bad, range] of [['10.1.2.3', '10.0.0.0/8'], ['172.20.0.0/16', '172.16.0.0/12'], ['192.168.1.0/24', '192.168.0.0/16'], ['8.0.0.0/6', '10.0.0.0/8']]) {
      expectRejected(() => account(newStack(), { networkAcls: { defaultAction: 'Deny', ipRules: [bad] } }), {
        path: PATH, value: `networkAcls.ipRules[0] ${JSON.stringify(bad)}`, allowed: `the private range ${range}`,
      });
    }
    // Accounts (unlike storage) take single addresses as /32.
    expect(() => account(newStack(), { networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.7/32'] } })).not.toThrow();
    expect(() => account(newStack(), { networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.7', '198.51.100.0/24'] } })).not.toThrow();
  });

  test('custom subdomain outside the rules', () => {
    expectRejected(() => account(newStack(), { customSubdomainName: 'sub.domain' }), {
      path: PATH, value: 'customSubdomainName "sub.domain"', allowed: 'letters, digits and hyphens',
    });
  });

  test('a custom subdomain with capitals is refused with its lowercase form; the default subdomain is the name in lowercase', () => {
    expectRejected(() => account(newStack(), { customSubdomainName: 'Contoso-AI' }), {
      path: PATH, value: 'customSubdomainName "Contoso-AI"', allowed: 'write it in lowercase: "contoso-ai"',
    });
    const stack = newStack();
    account(stack, { accountName: 'Contoso-AI' });
    expect(synthString(stack)).toHaveResourceWithProperties(CognitiveAccount, { name: 'Contoso-AI', custom_subdomain_name: 'contoso-ai' });
  });

  test('a region typo gets a did-you-mean; locationUnlisted lets a newer region through and is refused on a listed one', () => {
    expectRejected(() => account(newStack(), { location: 'swedencentrl' }), {
      path: PATH, value: 'location "swedencentrl"', allowed: 'not an Azure public-cloud region (did you mean "swedencentral"?)',
    });
    expectRejected(() => account(newStack(), { location: 'Sweden Central' }), { path: PATH, value: '"Sweden Central"', allowed: 'did you mean "swedencentral"?' });
    expect(() => account(newStack(), { location: 'atlantiscentral', locationUnlisted: true })).not.toThrow();
    expectRejected(() => account(newStack(), { locationUnlisted: true }), { path: PATH, value: 'locationUnlisted true', allowed: 'is a listed region; remove locationUnlisted' });
  });

  test('keys on without justification', () => {
    expectRejected(() => account(newStack(), { localAuthEnabled: true }), {
      path: PATH, value: 'localAuthJustification null', allowed: 'give a written justification of at least 20 characters',
    });
  });

  test('keys on with a too-short justification', () => {
    expectRejected(() => account(newStack(), { localAuthEnabled: true, localAuthJustification: 'because' }), {
      path: PATH, value: 'localAuthJustification "because"', allowed: 'or turn keys off',
    });
  });

  test('deployment without a pinned model version', () => {
    expectRejected(() => account(newStack(), { deployments: [{ name: 'gpt', format: 'OpenAI', modelName: 'gpt-4o' } as any] }), {
      path: PATH, value: 'deployments[0].modelVersion null', allowed: 'pin the model version',
    });
  });

  test('deployment with an empty content filter name', () => {
    expectRejected(() => account(newStack(), { deployments: [{ name: 'gpt', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20', raiPolicyName: ' ' }] }), {
      path: PATH, value: 'deployments[0].raiPolicyName " "', allowed: 'leave it out for Microsoft.DefaultV2',
    });
  });

  test('a pinned version with OnceNewDefaultVersionAvailable warns: Azure would upgrade it and the next plan would show drift', () => {
    const a = account(newStack(), { deployments: [{ name: 'gpt', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20', versionUpgradeOption: 'OnceNewDefaultVersionAvailable' }] });
    const warnings = a.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining('the next plan shows a change back to the pin')]);
    const quiet = account(newStack('quiet'), { deployments: [{ name: 'gpt', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20' }] });
    expect(quiet.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN)).toEqual([]);
  });

  test('deployment capacity below 1', () => {
    expectRejected(() => account(newStack(), { deployments: [{ name: 'gpt', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20', capacity: 0 }] }), {
      path: PATH, value: 'deployments[0].capacity 0', allowed: 'expected a whole number of at least 1',
    });
  });

  test('deployment with an unknown SKU', () => {
    expectRejected(() => account(newStack(), { deployments: [{ name: 'gpt', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20', skuName: 'Premium' }] }), {
      path: PATH, value: 'deployments[0].skuName "Premium"', allowed: 'expected one of Standard, DataZoneBatch',
    });
  });

  test('two deployments with the same name (Azure compares names case-insensitively)', () => {
    const d = { name: 'gpt', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20' };
    expectRejected(() => account(newStack(), { deployments: [d, { ...d, name: 'GPT' }] }), {
      path: PATH, value: 'deployments[1].name "GPT"', allowed: 'names must be unique',
    });
  });

  test('invalid subscription ID', () => {
    expectRejected(() => account(newStack(), { subscriptionId: 'my-sub' }), {
      path: PATH, value: 'subscriptionId "my-sub"', allowed: 'expected an Azure subscription ID (a non-zero GUID)',
    });
  });

  test.each([
    ['not an ARM ID', 'ai-existing'],
    ['wrong provider', `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x`],
    ['missing resource group', `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.CognitiveServices/accounts/x`],
    ['non-GUID subscription', '/subscriptions/abc/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/ai'],
  ])('malformed existing-account ARM ID: %s', (_case, id) => {
    expectRejected(() => AiServicesAccount.fromAccountId(newStack(), 'Existing', id), {
      path: 'test/Existing', value: `accountId ${JSON.stringify(id)}`,
      allowed: '/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>',
    });
  });

  test('all-zero subscription in an existing-account ARM ID', () => {
    const id = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/ai';
    expectRejected(() => AiServicesAccount.fromAccountId(newStack(), 'Existing', id), {
      path: 'test/Existing', value: 'accountId (subscription) "00000000-0000-0000-0000-000000000000"', allowed: 'non-zero GUID',
    });
  });
});

describe('unresolved tokens are not rejected', () => {
  test('account name, subdomain and capacity from variables', () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, 'name', { type: 'string' });
    const capacity = new TerraformVariable(stack, 'capacity', { type: 'number' });
    const a = account(stack, { accountName: name.stringValue, deployments: [{ name: 'gpt', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20', capacity: capacity.numberValue }] });
    const out = synthString(stack);
    expect(out).toHaveResourceWithProperties(CognitiveAccount, { name: '${var.name}', custom_subdomain_name: '${var.name}' });
    expect(out).toHaveResourceWithProperties(CognitiveDeployment, { sku: { name: 'GlobalStandard', capacity: '${var.capacity}' } });
    expect(outputsOf(stack, { e: a.inferenceEndpoint }).e).toBe('https://${var.name}.services.ai.azure.com/models');
  });
});

describe('Azure rules shared with the configuration (issue 22: one function in the library, called by both)', () => {
  const deployment = { format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18' };
  const warningsOf = (a: AiServicesAccount) => a.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));

  test('a name whose lowercase form is no subdomain needs customSubdomainName (defaultSubdomainProblem)', () => {
    const long = `a${'b'.repeat(63)}`;
    expectRejected(() => account(newStack(), { accountName: long }), {
      path: 'test/Ai', value: `customSubdomainName "${long}"`, allowed: 'the subdomain defaults to the account name in lowercase, which is not a valid subdomain (expected a DNS label of 2 to 63 characters',
    });
    expect(errorOf(() => account(newStack(), { accountName: long }))).toMatch(/: set customSubdomainName$/);
    expect(() => account(newStack(), { accountName: long, customSubdomainName: 'ai-team-long' })).not.toThrow();
  });

  test('IP rules with public network access off have no effect: a warning naming the path, the rules and the fix (ipRulesWithoutPublicAccessProblem)', () => {
    const a = account(newStack(), { publicNetworkAccessEnabled: false, networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.0/24'] } });
    expect(warningsOf(a)).toEqual(['test/Ai: networkAcls.ipRules ["203.0.113.0/24"]: public network access is off (publicNetworkAccess: false), so IP ranges have no effect: remove the IP rules, or turn public access on']);
    expect(warningsOf(account(newStack(), { publicNetworkAccessEnabled: false, networkAcls: { defaultAction: 'Deny' } }))).toEqual([]);
    expect(warningsOf(account(newStack(), { networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.0/24'] } }))).toEqual([]);
  });

  test('deployment names repeat case-insensitively (deploymentNameClashes / DEPLOYMENT_NAME_CLASH)', () => {
    expectRejected(() => account(newStack(), { deployments: [{ name: 'gpt-4o-mini', ...deployment }, { name: 'GPT-4o-Mini', ...deployment }] }), {
      path: 'test/Ai', value: 'deployments[1].name "GPT-4o-Mini"', allowed: 'compared case-insensitively, as Azure does) already exists on the account; names must be unique: rename one',
    });
  });

  test('content filter policy names repeat case-insensitively (RAI_POLICY_NAME_CLASH)', () => {
    const policy = { name: 'strict', contentFilters: [{ name: 'Hate', source: 'Prompt' as const }] };
    expectRejected(() => account(newStack(), { raiPolicies: [policy, { ...policy, name: 'STRICT' }] }), {
      path: 'test/Ai', value: 'raiPolicies[1].name "STRICT"', allowed: 'policy names are unique in an account (compared case-insensitively): rename one',
    });
  });

  test('a deployment naming a policy the account does not have is refused at synth (unknownRaiPolicyProblem); Microsoft\'s, its own and later ones pass', () => {
    const stack = newStack();
    account(stack, { deployments: [{ name: 'gpt', ...deployment, raiPolicyName: 'lenient' }] });
    expect(errorOf(() => Testing.fullSynth(stack))).toContain('test/Ai: invalid deployments[0].raiPolicyName "lenient": no content filter policy "lenient" on the account: ' +
      'define it (raiPolicies; configuration: account.raiPolicies), or name one of Microsoft\'s (Microsoft.Default, Microsoft.DefaultV2); for a policy made outside this app, pass raiPolicy: { policyName: "lenient" }');
    const ok = newStack();
    const a = account(ok, { deployments: [{ name: 'gpt', ...deployment, raiPolicyName: 'Microsoft.Default' }, { name: 'phi', ...deployment, raiPolicyName: 'Lenient' }] });
    a.addRaiPolicy({ name: 'lenient', contentFilters: [{ name: 'Hate', source: 'Prompt' }] });
    expect(() => Testing.fullSynth(ok)).not.toThrow();
  });
});

describe('lists known only to Terraform (a variable\'s listValue) are not checked as literals', () => {
  test('ipRules, virtual network rules, user-assigned identities and private DNS zone IDs as token lists synthesize as references', () => {
    const stack = newStack();
    const list = (id: string) => new TerraformVariable(stack, id, { type: 'list(string)' }).listValue;
    const a = account(stack, {
      networkAcls: { defaultAction: 'Deny', ipRules: list('ips') },
      userAssignedIdentityIds: list('uais'),
      privateEndpoints: [{ subnetId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`, dns: { zoneIds: list('zones') } }],
    });
    // One network link per network: that list must be known at synth, and the message says so.
    expectRejected(() => a.addPrivateEndpoint({ subnetId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe2`, dns: { create: { resourceGroupName: 'rg-dns', virtualNetworkIds: list('vnets') } } }),
      { path: 'test/Ai/PrivateEndpoint2', value: 'dns.create.virtualNetworkIds', allowed: 'the list must be known at synth' });
    const json = synthJson(stack);
    const [acct] = Object.values(resourcesOf(json, 'azurerm_cognitive_account'));
    expect(acct.network_acls.ip_rules).toBe('${var.ips}');
    expect(acct.identity).toEqual({ type: 'SystemAssigned, UserAssigned', identity_ids: '${var.uais}' });
    const pes = Object.values(resourcesOf(json, 'azurerm_private_endpoint'));
    expect(pes[0].private_dns_zone_group.private_dns_zone_ids).toBe('${var.zones}');
  });

  test('a literal user-assigned identity ID is checked (the provider refuses anything else at plan)', () => {
    expectRejected(() => account(newStack(), { userAssignedIdentityIds: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-chat`, 'id-chat'] }),
      { path: 'test/Ai', value: 'userAssignedIdentityIds[1] "id-chat"', allowed: 'expected a user-assigned identity\'s ARM ID: /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>' });
  });
});

describe('an existing account\'s ID as people paste it: each mistake gets its own fix', () => {
  const id = accountArmId('ai-shared');
  const fromId = (given: string) => () => AiServicesAccount.fromAccountId(newStack(), 'Existing', given);
  test('segment names in another case: written as Azure does (azurerm parses it case-sensitively and compares scopes exactly)', () => {
    const lower = id.replace('resourceGroups', 'resourcegroups').replace('Microsoft.CognitiveServices', 'microsoft.cognitiveservices');
    expect(fromId(lower)().accountId).toBe(id);
  });
  test('a trailing slash or surrounding whitespace: refused with the trimmed ID', () => {
    expectRejected(fromId(`${id}/`), { path: 'test/Existing', value: JSON.stringify(`${id}/`), allowed: `remove the surrounding whitespace and trailing "/": ${JSON.stringify(id)}` });
    expectRejected(fromId(` ${id}\n`), { path: 'test/Existing', value: JSON.stringify(` ${id}\n`), allowed: `remove the surrounding whitespace and trailing "/": ${JSON.stringify(id)}` });
  });
  test('a Foundry project\'s ID: refused with its account\'s ID', () => {
    expectRejected(fromId(`${id}/projects/chat`), { path: 'test/Existing', value: 'projects chat', allowed: `give the account's own ID ${JSON.stringify(id)}` });
  });
  test('another resource type, a resource group: refused, naming what it is', () => {
    const storage = `${RG}/providers/Microsoft.Storage/storageAccounts/stshared`;
    expectRejected(fromId(storage), { path: 'test/Existing', value: JSON.stringify(storage), allowed: 'this is the ID of a Microsoft.Storage/storageAccounts (stshared), not of an AI Services account (Microsoft.CognitiveServices/accounts)' });
    expectRejected(fromId(RG), { path: 'test/Existing', value: JSON.stringify(RG), allowed: 'this is the ID of a resource group, not of an account: append /providers/Microsoft.CognitiveServices/accounts/<name>' });
  });
  test('the ID as Azure writes it passes, and KeylessInferenceAccess.existingAccountId gets the same checks', () => {
    expect(AiServicesAccount.fromAccountId(newStack(), 'Existing', id).accountId).toBe(id);
    expect(accountIdProblem(id)).toBeUndefined();
    expectRejected(() => new KeylessInferenceAccess(newStack(), 'Access', { existingAccountId: `${id}/`, developers: [Principal.group(OIDS.devs)] }),
      { path: 'test/Access', value: 'existingAccountId', allowed: 'remove the surrounding whitespace and trailing "/"' });
  });
});

describe('names Azure holds once', () => {
  test('two accounts of one app with one subdomain, or one name in one resource group, are refused at synth (checkApp, run by the guardrails)', () => {
    const app = Testing.app();
    account(newStack('dev', app));
    account(newStack('prod', app), { accountName: 'AI-Team', resourceGroupName: 'rg-prod' });
    const stack = newStack('one', app);
    account(stack, { accountName: 'ai-one', customSubdomainName: 'ai-one' });
    new AiServicesAccount(stack, 'Again', { ...base, accountName: 'AI-ONE', customSubdomainName: 'ai-one-b' });
    KeylessGuardrails.applyTo(app);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('prod/Ai: the custom subdomain "ai-team" is also the subdomain of the account created at dev/Ai');
    expect(message).toMatch(/one\/Again: the AI Services account \/subscriptions\/[^ ]+\/accounts\/AI-ONE is also created at one\/Ai/);
  });

  test('resource group names are checked as azurerm does (trailing period, characters), whitespace gets the trimmed name', () => {
    expectRejected(() => account(newStack(), { resourceGroupName: 'rg-ai ' }),
      { path: 'test/Ai', value: 'resourceGroupName "rg-ai "', allowed: 'remove the surrounding whitespace: "rg-ai"' });
    expectRejected(() => account(newStack(), { resourceGroupName: 'rg.' }), { path: 'test/Ai', value: '"rg."', allowed: 'not ending with a period' });
    expectRejected(() => account(newStack(), { resourceGroupName: 'rg/ai' }), { path: 'test/Ai', value: '"rg/ai"', allowed: 'expected 1 to 90 letters' });
  });
});

describe('values missing at run time (JavaScript callers, process.env.X!) get a message, not a TypeError', () => {
  const NOTHING = 'nothing was given: an unset environment variable (process.env.X!) or a missing property?';
  const missing = undefined as unknown as string;
  test('account properties and an existing account\'s ID', () => {
    expectRejected(() => account(newStack(), { accountName: missing }), { path: 'test/Ai', value: 'accountName undefined', allowed: `expected the account name; ${NOTHING}` });
    expectRejected(() => account(newStack(), { resourceGroupName: missing }), { path: 'test/Ai', value: 'resourceGroupName undefined', allowed: NOTHING });
    expectRejected(() => account(newStack(), { location: missing }), { path: 'test/Ai', value: 'location undefined', allowed: NOTHING });
    expectRejected(() => account(newStack(), { subscriptionId: 42 as unknown as string }), { path: 'test/Ai', value: 'subscriptionId 42', allowed: 'a number was given' });
    expectRejected(() => AiServicesAccount.fromAccountId(newStack(), 'Existing', missing), { path: 'test/Existing', value: 'accountId undefined', allowed: NOTHING });
  });

  test('principals: the factory and argument are named; grants and lists name the construct and the field', () => {
    expect(errorOf(() => Principal.group(missing))).toBe(`Principal.group: invalid objectId undefined: expected the group's object ID; ${NOTHING}`);
    expect(errorOf(() => Principal.userByUpn(missing))).toContain('Principal.userByUpn: invalid userPrincipalName undefined');
    expect(errorOf(() => Principal.userAssignedIdentity('id-chat', missing))).toContain('Principal.userAssignedIdentity: invalid resourceGroupName undefined');
    const a = account(newStack());
    expectRejected(() => a.grantInference(undefined as never), { path: 'test/Ai', value: 'principal undefined', allowed: `expected a principal (Principal.group(objectId), Principal.userByUpn(upn), ...); ${NOTHING}` });
    expectRejected(() => a.grant(Principal.group(OIDS.devs), undefined as never), { path: 'test/Ai', value: 'role undefined', allowed: 'expected a role' });
    expectRejected(() => new KeylessInferenceAccess(newStack(), 'Access', { account: base, developers: [Principal.group(OIDS.devs), undefined as never] }),
      { path: 'test/Access', value: 'developers[1] undefined', allowed: 'expected a principal' });
  });
});

describe('model fields as pasted', () => {
  test('format, model name and version with surrounding whitespace are refused with the trimmed value (Azure matches them exactly)', () => {
    const d = { name: 'chat', format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18' };
    expectRejected(() => account(newStack(), { deployments: [{ ...d, modelVersion: ' 2024-07-18' }] }),
      { path: 'test/Ai', value: 'deployments[0].modelVersion " 2024-07-18"', allowed: 'starts with a space: names, IDs and values are compared exactly, so remove it: "2024-07-18"' });
    expectRejected(() => account(newStack(), { deployments: [{ ...d, modelName: 'gpt-4o-mini\n' }] }), { path: 'test/Ai', value: 'deployments[0].modelName', allowed: 'remove it: "gpt-4o-mini"' });
    expectRejected(() => account(newStack(), { deployments: [{ ...d, format: 'OpenAI ' }] }), { path: 'test/Ai', value: 'deployments[0].format', allowed: 'remove it: "OpenAI"' });
  });
});

describe('the account tier as azurerm takes it', () => {
  test('a tier in another case gets the spelling azurerm takes; an unknown tier the list', () => {
    expectRejected(() => account(newStack(), { skuName: 's0' }), { path: 'test/Ai', value: 'skuName "s0"', allowed: 'the case matters: write "S0"' });
    expectRejected(() => account(newStack(), { skuName: 'Standard' }), { path: 'test/Ai', value: 'skuName "Standard"', allowed: 'expected one of C2, C3, C4, D3, DC0, E0, F0, F1' });
    expect(resourcesOf(synthJson((() => { const s = newStack(); account(s, { skuName: 'S0' }); return s; })()), 'azurerm_cognitive_account')).toBeDefined();
  });
});
