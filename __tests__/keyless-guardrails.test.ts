import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AnnotationMetadataEntryType, App, DataTerraformRemoteStateAzurerm, Fn, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AiServices } from '@cdktf/provider-azurerm/lib/ai-services';
import { CognitiveAccount, CognitiveAccountConfig } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment, RoleAssignmentConfig } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition, RoleDefinitionConfig } from '@cdktf/provider-azurerm/lib/role-definition';
import { StorageAccount, StorageAccountConfig } from '@cdktf/provider-azurerm/lib/storage-account';
import { InferenceRoleChoice, KeylessInferenceAccess } from '../constructs/keyless-inference-access';
import { KeylessGuardrails } from '../constructs/keyless-guardrails';
import { KeyAccessPolicy } from '../constructs/key-access-policy';
import { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { Principal } from '../constructs/principal';

const SUB = '00000000-0000-0000-0000-000000000001';
const SUB_ID = `/subscriptions/${SUB}`;
const COGNITIVE_SERVICES_USER = `${SUB_ID}/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908`;
const ACCOUNT_ARM_ID = `${SUB_ID}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct`;

function newStack(app: App = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, 'env');
  new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: SUB });
  KeylessGuardrails.applyTo(stack);
  return stack;
}

// Compliant baselines built from raw provider classes; each test breaks one thing.
const goodAccount = (over: Partial<CognitiveAccountConfig> = {}): CognitiveAccountConfig => ({
  name: 'acct', resourceGroupName: 'rg', location: 'swedencentral', kind: 'AIServices', skuName: 'S0',
  localAuthEnabled: false, customSubdomainName: 'acct', identity: { type: 'SystemAssigned' },
  networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.0/24'] }, ...over,
});
const goodAiServices = (over: Record<string, unknown> = {}) => ({
  name: 'ais', resourceGroupName: 'rg', location: 'swedencentral', skuName: 'S0',
  localAuthenticationEnabled: false, customSubdomainName: 'ais', identity: { type: 'SystemAssigned' },
  publicNetworkAccess: 'Disabled', ...over,
});
const goodRoleDefinition = (over: Partial<RoleDefinitionConfig> = {}): RoleDefinitionConfig => ({
  name: 'maas-inference', scope: SUB_ID,
  permissions: [{ dataActions: ['Microsoft.CognitiveServices/accounts/MaaS/*'] }], ...over,
});
const goodAssignment = (over: Partial<RoleAssignmentConfig> = {}): RoleAssignmentConfig => ({
  scope: ACCOUNT_ARM_ID, principalId: '11111111-1111-1111-1111-111111111111', principalType: 'ServicePrincipal',
  roleDefinitionId: COGNITIVE_SERVICES_USER, ...over,
});
const goodStorage = (over: Partial<StorageAccountConfig> = {}): StorageAccountConfig => ({
  name: 'tfstate0001', resourceGroupName: 'rg', location: 'swedencentral', accountTier: 'Standard', accountReplicationType: 'ZRS',
  sharedAccessKeyEnabled: false, allowNestedItemsToBePublic: false, minTlsVersion: 'TLS1_2', publicNetworkAccessEnabled: false,
  blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 7 } }, ...over,
});

interface Finding { readonly level: 'error' | 'warning'; readonly path: string; readonly message: string }

/**
 * Synthesizes with validations on and returns the guardrail annotations. The stack-wide KAI-POL-001 (no
 * key-access policy in the stack) is left out unless asked for: every bare account raises it; its own tests are below.
 */
function findings(stack: TerraformStack, options: { stackWide?: boolean } = {}): Finding[] {
  Testing.synth(stack, true);
  return stack.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === AnnotationMetadataEntryType.ERROR || m.type === AnnotationMetadataEntryType.WARN)
      .filter((m) => options.stackWide || !String(m.data).startsWith('KAI-POL-001:'))
      .map((m) => ({ level: m.type === AnnotationMetadataEntryType.ERROR ? 'error' as const : 'warning' as const, path: c.node.path, message: String(m.data) })),
  );
}
const ids = (list: Finding[]) => list.map((f) => f.message.split(':')[0]);

interface RuleCase {
  readonly rule: string;
  readonly level: 'error' | 'warning';
  /** Builds the offending resource under the ID `subject`. */
  readonly bad: (s: Construct) => unknown;
  /** Builds the compliant variant under the ID `subject`. */
  readonly good: (s: Construct) => unknown;
  /** A fragment the message must contain (the offending value). */
  readonly value: string;
}

const cases: RuleCase[] = [
  { rule: 'KAI-AI-001', level: 'error', value: 'local_auth_enabled is not set',
    bad: (s) => new CognitiveAccount(s, 'subject', goodAccount({ localAuthEnabled: undefined })),
    good: (s) => new CognitiveAccount(s, 'subject', goodAccount()) },
  { rule: 'KAI-AI-001', level: 'error', value: 'local_authentication_enabled = true',
    bad: (s) => new AiServices(s, 'subject', goodAiServices({ localAuthenticationEnabled: true })),
    good: (s) => new AiServices(s, 'subject', goodAiServices()) },
  { rule: 'KAI-AI-002', level: 'error', value: 'custom_subdomain_name is not set',
    bad: (s) => new CognitiveAccount(s, 'subject', goodAccount({ customSubdomainName: undefined })),
    good: (s) => new CognitiveAccount(s, 'subject', goodAccount()) },
  { rule: 'KAI-AI-002', level: 'error', value: 'custom_subdomain_name is not set',
    bad: (s) => new AiServices(s, 'subject', goodAiServices({ customSubdomainName: undefined })),
    good: (s) => new AiServices(s, 'subject', goodAiServices()) },
  { rule: 'KAI-AI-003', level: 'warning', value: 'no identity block',
    bad: (s) => new CognitiveAccount(s, 'subject', goodAccount({ identity: undefined })),
    good: (s) => new CognitiveAccount(s, 'subject', goodAccount({ identity: { type: 'UserAssigned', identityIds: ['/x'] } })) },
  { rule: 'KAI-AI-003', level: 'warning', value: 'no identity block',
    bad: (s) => new AiServices(s, 'subject', goodAiServices({ identity: undefined })),
    good: (s) => new AiServices(s, 'subject', goodAiServices()) },
  { rule: 'KAI-AI-004', level: 'warning', value: 'public_network_access_enabled unset (defaults to public) and no network_acls block',
    bad: (s) => new CognitiveAccount(s, 'subject', goodAccount({ networkAcls: undefined })),
    good: (s) => new CognitiveAccount(s, 'subject', goodAccount({ networkAcls: undefined, publicNetworkAccessEnabled: false })) },
  { rule: 'KAI-AI-004', level: 'warning', value: 'network_acls.default_action = "Allow"',
    bad: (s) => new CognitiveAccount(s, 'subject', goodAccount({ networkAcls: { defaultAction: 'Allow' } })),
    good: (s) => new CognitiveAccount(s, 'subject', goodAccount()) },
  { rule: 'KAI-AI-004', level: 'warning', value: 'public_network_access = Enabled and no network_acls block',
    bad: (s) => new AiServices(s, 'subject', goodAiServices({ publicNetworkAccess: 'Enabled' })),
    good: (s) => new AiServices(s, 'subject', goodAiServices({ publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Deny' } })) },
  { rule: 'KAI-ROLE-001', level: 'error', value: 'permissions.actions contains "*"',
    bad: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ actions: ['*'] }] })),
    good: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ actions: ['Microsoft.CognitiveServices/accounts/read'] }] })) },
  { rule: 'KAI-ROLE-001', level: 'error', value: 'permissions.data_actions contains "*"',
    bad: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ dataActions: ['*'] }] })),
    good: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition()) },
  { rule: 'KAI-ROLE-002', level: 'error', value: 'permissions.actions contains "Microsoft.Authorization/*"',
    bad: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ actions: ['Microsoft.Authorization/*'] }] })),
    good: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ actions: ['Microsoft.Authorization/*/read'] }] })) },
  { rule: 'KAI-ROLE-002', level: 'error', value: 'Microsoft.Authorization/roleAssignments/write',
    bad: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ actions: ['Microsoft.Authorization/roleAssignments/write'] }] })),
    good: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ actions: ['Microsoft.Authorization/roleAssignments/read'] }] })) },
  { rule: 'KAI-ROLE-002', level: 'error', value: 'permissions.actions contains "Microsoft.Authorization/elevateAccess/action"',
    bad: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ actions: ['Microsoft.Authorization/elevateAccess/action'] }] })),
    good: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ actions: ['*/read'] }] })) },
  { rule: 'KAI-ROLE-004', level: 'error', value: 'permissions.actions contains "Microsoft.CognitiveServices/accounts/listKeys/action"',
    bad: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{
      actions: ['Microsoft.CognitiveServices/accounts/listKeys/action'], dataActions: ['Microsoft.CognitiveServices/accounts/MaaS/*'] }] })),
    good: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{
      actions: ['Microsoft.CognitiveServices/accounts/read'], dataActions: ['Microsoft.CognitiveServices/accounts/MaaS/*'] }] })) },
  { rule: 'KAI-ROLE-004', level: 'error', value: 'permissions.actions contains "Microsoft.CognitiveServices/*"',
    bad: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{
      actions: ['Microsoft.CognitiveServices/*'], dataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/*'] }] })),
    // Key management without data actions is an administrator role, not an inference role.
    good: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ permissions: [{ actions: ['Microsoft.CognitiveServices/*'] }] })) },
  { rule: 'KAI-ROLE-003', level: 'error', value: 'assignable scope "/"',
    bad: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ assignableScopes: ['/'] })),
    good: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ assignableScopes: [SUB_ID] })) },
  { rule: 'KAI-ROLE-003', level: 'error', value: 'management-group assignable scope',
    bad: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({ assignableScopes: ['/providers/Microsoft.Management/managementGroups/platform'] })),
    // Without data actions a management-group scope is allowed.
    good: (s) => new RoleDefinition(s, 'subject', goodRoleDefinition({
      permissions: [{ actions: ['Microsoft.CognitiveServices/accounts/read'] }],
      assignableScopes: ['/providers/Microsoft.Management/managementGroups/platform'] })) },
  { rule: 'KAI-RA-001', level: 'error', value: 'principal_type is not set',
    bad: (s) => new RoleAssignment(s, 'subject', goodAssignment({ principalType: undefined })),
    good: (s) => new RoleAssignment(s, 'subject', goodAssignment()) },
  { rule: 'KAI-RA-002', level: 'warning', value: 'Owner (8e3af657-a8ff-443c-a75c-2fe8c4bcb635)',
    bad: (s) => new RoleAssignment(s, 'subject', goodAssignment({ roleDefinitionId: `${SUB_ID}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635` })),
    good: (s) => new RoleAssignment(s, 'subject', goodAssignment()) },
  { rule: 'KAI-RA-002', level: 'warning', value: 'User Access Administrator',
    bad: (s) => new RoleAssignment(s, 'subject', goodAssignment({
      scope: new CognitiveAccount(s, 'acct', goodAccount()).id, roleDefinitionId: undefined, roleDefinitionName: 'User Access Administrator' })),
    // The same role on a resource group is not this rule's business.
    good: (s) => new RoleAssignment(s, 'subject', goodAssignment({ scope: `${SUB_ID}/resourceGroups/rg`, roleDefinitionId: undefined, roleDefinitionName: 'User Access Administrator' })) },
  { rule: 'KAI-RA-003', level: 'error', value: 'role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/a97b65f3',
    bad: (s) => new RoleAssignment(s, 'subject', goodAssignment({ roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908' })),
    good: (s) => new RoleAssignment(s, 'subject', goodAssignment()) },
  { rule: 'KAI-RA-004', level: 'error', value: 'role_definition_id = "${azurerm_role_definition.rd.id}"',
    bad: (s) => new RoleAssignment(s, 'subject', goodAssignment({ roleDefinitionId: new RoleDefinition(s, 'rd', goodRoleDefinition()).id })),
    good: (s) => new RoleAssignment(s, 'subject', goodAssignment({ roleDefinitionId: new RoleDefinition(s, 'rd', goodRoleDefinition()).roleDefinitionResourceId })) },
  { rule: 'KAI-RA-005', level: 'warning', value: 'role_definition_name = "Cognitive Services User" (built-in role a97b65f3-24c7-4388-baec-2e87135dc908)',
    bad: (s) => new RoleAssignment(s, 'subject', goodAssignment({ roleDefinitionId: undefined, roleDefinitionName: 'Cognitive Services User' })),
    good: (s) => new RoleAssignment(s, 'subject', goodAssignment()) },
  { rule: 'KAI-ST-001', level: 'error', value: 'shared_access_key_enabled is not set',
    bad: (s) => new StorageAccount(s, 'subject', goodStorage({ sharedAccessKeyEnabled: undefined })),
    good: (s) => new StorageAccount(s, 'subject', goodStorage()) },
  { rule: 'KAI-ST-007', level: 'warning', value: 'public_network_access_enabled unset (defaults to true) and no network_rules block',
    bad: (s) => new StorageAccount(s, 'subject', goodStorage({ publicNetworkAccessEnabled: undefined })),
    good: (s) => new StorageAccount(s, 'subject', goodStorage({ publicNetworkAccessEnabled: true, networkRules: { defaultAction: 'Deny', ipRules: ['203.0.113.0/24'] } })) },
  { rule: 'KAI-ST-002', level: 'error', value: 'allow_nested_items_to_be_public = true',
    bad: (s) => new StorageAccount(s, 'subject', goodStorage({ allowNestedItemsToBePublic: true })),
    good: (s) => new StorageAccount(s, 'subject', goodStorage()) },
  { rule: 'KAI-ST-003', level: 'error', value: 'min_tls_version = "TLS1_1"',
    bad: (s) => new StorageAccount(s, 'subject', goodStorage({ minTlsVersion: 'TLS1_1' })),
    // Unset is the provider default, TLS1_2.
    good: (s) => new StorageAccount(s, 'subject', goodStorage({ minTlsVersion: undefined })) },
  { rule: 'KAI-ST-004', level: 'error', value: 'blob_properties.versioning_enabled is not set',
    bad: (s) => new StorageAccount(s, 'subject', goodStorage({ blobProperties: { deleteRetentionPolicy: { days: 7 } } })),
    good: (s) => new StorageAccount(s, 'subject', goodStorage()) },
  { rule: 'KAI-ST-005', level: 'error', value: 'no blob_properties.delete_retention_policy block',
    bad: (s) => new StorageAccount(s, 'subject', goodStorage({ blobProperties: { versioningEnabled: true } })),
    // The block alone is enough: days defaults to 7.
    good: (s) => new StorageAccount(s, 'subject', goodStorage({ blobProperties: { versioningEnabled: true, deleteRetentionPolicy: {} } })) },
  { rule: 'KAI-ST-006', level: 'error', value: 'https_traffic_only_enabled = false',
    bad: (s) => new StorageAccount(s, 'subject', goodStorage({ httpsTrafficOnlyEnabled: false })),
    // Unset is the provider default, true.
    good: (s) => new StorageAccount(s, 'subject', goodStorage({ httpsTrafficOnlyEnabled: undefined })) },
];

describe.each(cases)('$rule ($value)', ({ rule, level, bad, good, value }) => {
  test('fails on the offending raw resource, naming the rule, the path, the value and the fix', () => {
    const stack = newStack();
    bad(stack);
    const hits = findings(stack).filter((f) => f.message.startsWith(`${rule}:`));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ level, path: 'env/subject' });
    expect(hits[0].message).toContain(value);
    expect(hits[0].message).toContain('(env/subject)');
    expect(hits[0].message).toContain('Fix: ');
    if (level === 'error') expect(() => Testing.fullSynth(stack)).toThrow(new RegExp(`${rule}:`));
  });

  test('passes on the compliant raw resource', () => {
    const stack = newStack();
    good(stack);
    expect(ids(findings(stack))).not.toContain(rule);
  });
});

describe('compliant baselines', () => {
  test('raise nothing and synthesize with validations', () => {
    const stack = newStack();
    new CognitiveAccount(stack, 'acct', goodAccount());
    new AiServices(stack, 'ais', goodAiServices());
    const rd = new RoleDefinition(stack, 'rd', goodRoleDefinition());
    new RoleAssignment(stack, 'ra', goodAssignment({ roleDefinitionId: rd.roleDefinitionResourceId }));
    new StorageAccount(stack, 'state', goodStorage());
    expect(findings(stack)).toEqual([]);
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });
});

describe("this project's constructs", () => {
  test.each([InferenceRoleChoice.CUSTOM, InferenceRoleChoice.COGNITIVE_SERVICES_USER])('KeylessInferenceAccess (%s role) raises no error', (inferenceRole) => {
    const stack = newStack();
    new KeylessInferenceAccess(stack, 'ai', {
      account: { accountName: 'acct-dev', resourceGroupName: 'rg-ai', location: 'swedencentral', subscriptionId: SUB },
      inferenceRole,
      developers: [Principal.group('22222222-2222-4222-8222-222222222222'), Principal.user('11111111-1111-4111-8111-111111111111')],
      administrators: [Principal.servicePrincipal('33333333-3333-4333-8333-333333333333')],
    });
    // Public access without network rules is the construct's documented default, and no policy is assigned: warnings only.
    expect(findings(stack, { stackWide: true }).filter((f) => f.message.startsWith('KAI-'))).toEqual([
      expect.objectContaining({ level: 'warning', message: expect.stringMatching(/^KAI-AI-004:/) }),
      expect.objectContaining({ level: 'warning', message: expect.stringMatching(/^KAI-POL-001:/) }),
    ]);
  });
});

describe('configuration as synthesized', () => {
  test('sees values set through escape hatches', () => {
    const stack = newStack();
    const account = new CognitiveAccount(stack, 'acct', goodAccount());
    account.addOverride('local_auth_enabled', true);
    expect(ids(findings(stack))).toEqual(['KAI-AI-001']);
  });

  test('an unresolved value it cannot judge raises nothing', () => {
    const stack = newStack();
    const keys = new TerraformVariable(stack, 'keys', { type: 'bool', default: false });
    const subdomain = new TerraformVariable(stack, 'subdomain', { type: 'string' });
    const principalType = new TerraformVariable(stack, 'principal_type', { type: 'string' });
    new CognitiveAccount(stack, 'acct', goodAccount({ localAuthEnabled: keys.booleanValue, customSubdomainName: subdomain.stringValue }));
    new StorageAccount(stack, 'state', goodStorage({ sharedAccessKeyEnabled: keys.booleanValue, minTlsVersion: Fn.lower('TLS1_2') }));
    new RoleAssignment(stack, 'ra', goodAssignment({ principalType: principalType.stringValue, roleDefinitionId: `${Fn.join('', [SUB_ID])}/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908` }));
    expect(findings(stack)).toEqual([]);
  });

  test('a warning is printed but does not fail synth', () => {
    const stack = newStack();
    new CognitiveAccount(stack, 'acct', goodAccount({ identity: undefined }));
    const outdir = Testing.fullSynth(stack);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const annotations = manifest.stacks.env.annotations.filter((a: { message: string }) => !a.message.startsWith('KAI-POL-001:'));
    expect(annotations).toEqual([expect.objectContaining({ constructPath: 'env/acct', level: AnnotationMetadataEntryType.WARN, message: expect.stringContaining('KAI-AI-003') })]);
  });

  test('synthesizing twice reports each finding once', () => {
    const stack = newStack();
    new CognitiveAccount(stack, 'acct', goodAccount({ localAuthEnabled: true }));
    findings(stack);
    expect(ids(findings(stack))).toEqual(['KAI-AI-001']);
  });

  test('applyTo is idempotent per scope', () => {
    const stack = newStack();
    const again = KeylessGuardrails.applyTo(stack);
    expect(KeylessGuardrails.applyTo(stack)).toBe(again);
  });
});

describe('in an app', () => {
  test('a raw key-enabled account added to an environment stack fails app.synth() with the rule ID', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-'));
    const app = new App({ outdir, skipValidation: false });
    const stack = newStack(app);
    new CognitiveAccount(stack, 'legacy', goodAccount({ localAuthEnabled: true }));
    expect(() => app.synth()).toThrow(/KAI-AI-001: .*local_auth_enabled = true/);
  });

  test('applied to the app, it inspects every stack created before', () => {
    const app = Testing.app();
    const stacks = ['dev', 'prod'].map((id) => {
      const stack = new TerraformStack(app, id);
      new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: SUB });
      new StorageAccount(stack, 'state', goodStorage({ minTlsVersion: 'TLS1_0' }));
      return stack;
    });
    KeylessGuardrails.applyTo(app);
    for (const stack of stacks) expect(() => Testing.fullSynth(stack)).toThrow(/KAI-ST-003: .*min_tls_version = "TLS1_0"/);
  });

  test('sees through cross-stack references: a shared role definition\'s .id used in an environment stack', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-')) });
    const shared = new TerraformStack(app, 'shared');
    new AzurermProvider(shared, 'azurerm', { features: [{}], subscriptionId: SUB });
    const env = newStack(app);
    const role = new RoleDefinition(shared, 'role', goodRoleDefinition());
    const account = new CognitiveAccount(shared, 'acct', goodAccount());
    new RoleAssignment(env, 'inference', goodAssignment({ scope: account.id, roleDefinitionId: role.id }));
    new RoleAssignment(env, 'owner', goodAssignment({ scope: account.id, roleDefinitionId: undefined, roleDefinitionName: 'Owner' }));
    KeylessGuardrails.applyTo(app);
    expect(() => app.synth()).toThrow(/KAI-RA-004: .*\$\{azurerm_role_definition\.role\.id\}/);
    const owner = env.node.findChild('owner').node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
    expect(owner).toEqual([
      expect.stringMatching(/^KAI-RA-002: .*Owner .* at scope \$\{azurerm_cognitive_account\.acct\.id\}/),
      expect.stringMatching(/^KAI-RA-005: .*role_definition_name = "Owner"/),
    ]);
  });

  /**
   * An environment stack whose role assignments take their scope from a `terraform_remote_state` output
   * (not a cdktf cross-stack reference), plus one cross-stack reference to a shared role definition.
   */
  function remoteStateApp(assignments: number) {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-')) });
    const shared = new TerraformStack(app, 'shared');
    new AzurermProvider(shared, 'azurerm', { features: [{}], subscriptionId: SUB });
    const role = new RoleDefinition(shared, 'role', goodRoleDefinition());
    const env = newStack(app);
    const net = new DataTerraformRemoteStateAzurerm(env, 'net', {
      resourceGroupName: 'rg', storageAccountName: 'tfstate0001', containerName: 'tfstate', key: 'net.tfstate',
    });
    for (let i = 0; i < assignments; i++) {
      new RoleAssignment(env, `ra${i}`, goodAssignment({ scope: net.getString('scope_id'), principalId: `11111111-1111-4111-8111-${String(i).padStart(12, '0')}` }));
    }
    new RoleAssignment(env, 'untyped', goodAssignment({ scope: net.getString('scope_id'), principalType: undefined }));
    new RoleAssignment(env, 'owner', goodAssignment({ scope: net.getString('scope_id'), roleDefinitionId: undefined, roleDefinitionName: 'Owner' }));
    // Looked up after every remote-state miss above: a miss must not hide a real cross-stack output.
    new RoleAssignment(env, 'zz-custom', goodAssignment({ scope: net.getString('scope_id'), roleDefinitionId: role.id }));
    KeylessGuardrails.applyTo(app);
    return { app, env };
  }

  test('reads remote-state outputs as they are, and still sees through cross-stack references', () => {
    const { app, env } = remoteStateApp(3);
    expect(() => app.synth()).toThrow(/KAI-RA-004: .*azurerm_role_assignment\.zz-custom .*\$\{azurerm_role_definition\.role\.id\}/);
    const hits = env.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === AnnotationMetadataEntryType.ERROR || m.type === AnnotationMetadataEntryType.WARN)
      .map((m) => `${c.node.id} ${String(m.data).split(':')[0]}`));
    // Owner at a scope known only at plan time is not judged an AI Services account (no KAI-RA-002).
    expect(hits.sort()).toEqual(['owner KAI-RA-005', 'untyped KAI-RA-001', 'zz-custom KAI-RA-004']);
  });

  test('scans the app for cross-stack outputs a fixed number of times, however many remote-state reads miss', () => {
    // Counted, not timed: each miss used to rescan the whole app (quadratic).
    const treeScans = (assignments: number) => {
      const { app } = remoteStateApp(assignments);
      const findAll = jest.spyOn(app.node, 'findAll');
      expect(() => app.synth()).toThrow(/KAI-RA-004/);
      return findAll.mock.calls.length;
    };
    const few = treeScans(2);
    expect(treeScans(60)).toBe(few);
    expect(few).toBeLessThanOrEqual(3);
  });

  test('applied to the app, it guards stacks created after it too (a helper adding a stack later is not left unchecked)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-late-'));
    const app = new App({ outdir, skipValidation: false });
    const early = new TerraformStack(app, 'early');
    new AzurermProvider(early, 'azurerm', { features: [{}], subscriptionId: SUB });
    new StorageAccount(early, 'state', goodStorage());
    KeylessGuardrails.applyTo(app);
    const late = new TerraformStack(app, 'late');
    new AzurermProvider(late, 'azurerm', { features: [{}], subscriptionId: SUB });
    new StorageAccount(late, 'state', goodStorage({ minTlsVersion: 'TLS1_0' }));
    expect(() => app.synth()).toThrow(/\[late\/state\] KAI-ST-003: .*min_tls_version = "TLS1_0"/);
    expect(fs.readdirSync(path.join(outdir, 'stacks'))).toEqual([]);
  });

  test('applied to an app without stacks, it says to create the stacks first', () => {
    expect(() => KeylessGuardrails.applyTo(Testing.app())).toThrow(/contains no TerraformStack yet.*create the stacks first/);
  });
});

describe('suppressions', () => {
  const REASON = 'Reached only through the corporate proxy; private endpoint planned for Q3';

  test('silence one rule on one resource and are recorded in the synthesized output', () => {
    const stack = newStack();
    const quiet = new CognitiveAccount(stack, 'quiet', goodAccount({ networkAcls: undefined }));
    new CognitiveAccount(stack, 'loud', goodAccount({ networkAcls: undefined, customSubdomainName: 'loud' }));
    KeylessGuardrails.suppress(quiet, 'KAI-AI-004', `  ${REASON} `);

    const hits = findings(stack);
    expect(hits.map((h) => [h.path, h.message.split(':')[0]])).toEqual([['env/loud', 'KAI-AI-004']]);

    const outdir = Testing.fullSynth(stack);
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'env', 'cdk.tf.json'), 'utf8'));
    expect(tf.resource.azurerm_cognitive_account.quiet['//'].keyless_guardrails).toEqual({
      suppressions: [{ rule: 'KAI-AI-004', reason: REASON }],
    });
    expect(tf.resource.azurerm_cognitive_account.loud['//'].keyless_guardrails).toBeUndefined();
    expect(KeylessGuardrails.suppressionsOf(quiet)).toEqual([{ ruleId: 'KAI-AI-004', reason: REASON }]);
  });

  test('silence only the named rule', () => {
    const stack = newStack();
    const account = new CognitiveAccount(stack, 'acct', goodAccount({ localAuthEnabled: true, identity: undefined }));
    KeylessGuardrails.suppress(account, 'KAI-AI-003', 'Account calls no other Azure service');
    expect(ids(findings(stack))).toEqual(['KAI-AI-001']);
  });

  test('an error can be suppressed, and synth then passes', () => {
    const stack = newStack();
    const account = new StorageAccount(stack, 'state', goodStorage({ sharedAccessKeyEnabled: true }));
    KeylessGuardrails.suppress(account, 'KAI-ST-001', 'Legacy backup tool needs a SAS until migration ticket OPS-42 closes');
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });

  test('require a written reason', () => {
    const stack = newStack();
    const account = new CognitiveAccount(stack, 'acct', goodAccount());
    expect(() => KeylessGuardrails.suppress(account, 'KAI-AI-004', '')).toThrow(/reason for suppressing KAI-AI-004 on env\/acct is "".*at least 10 characters/);
    expect(() => KeylessGuardrails.suppress(account, 'KAI-AI-004', '   n/a    ')).toThrow(/at least 10 characters/);
    expect(KeylessGuardrails.suppressionsOf(account)).toEqual([]);
  });

  test('reject an unknown rule ID and a rule that does not inspect the resource', () => {
    const stack = newStack();
    const account = new CognitiveAccount(stack, 'acct', goodAccount());
    expect(() => KeylessGuardrails.suppress(account, 'KAI-AI-999', REASON)).toThrow(/unknown rule ID "KAI-AI-999".*KAI-AI-001/);
    expect(() => KeylessGuardrails.suppress(account, 'KAI-ST-001', REASON)).toThrow(/KAI-ST-001 inspects azurerm_storage_account, not azurerm_cognitive_account/);
  });

  test('reject a construct that is not a Terraform resource', () => {
    const stack = newStack();
    const wrapper = new Construct(stack, 'wrapper');
    expect(() => KeylessGuardrails.suppress(wrapper as never, 'KAI-AI-001', REASON)).toThrow(/"env\/wrapper" is not a Terraform resource/);
  });
});

describe('KAI-POL-001: a key-access policy in the stack', () => {
  const polIds = (stack: TerraformStack) => findings(stack, { stackWide: true }).filter((f) => f.message.startsWith('KAI-POL-001:'));

  test('an account without any key-access assignment in its stack gets a warning', () => {
    const stack = newStack();
    new CognitiveAccount(stack, 'acct', goodAccount());
    const found = polIds(stack);
    expect(found).toEqual([expect.objectContaining({ level: 'warning', path: 'env/acct' })]);
    expect(found[0].message).toContain('no assignment of the key-access policy in this stack');
  });

  test('a Deny assignment (KeyAccessPolicy) anywhere in the stack satisfies it', () => {
    const stack = newStack();
    new CognitiveAccount(stack, 'acct', goodAccount());
    new KeyAccessPolicy(stack, 'policy', { scopeId: `${SUB_ID}/resourceGroups/rg` });
    expect(polIds(stack)).toEqual([]);
  });

  test.each([
    ['Audit', JSON.stringify({ effect: { value: 'Audit' } }), undefined, 'effect Audit'],
    ['no parameters (the definition default, Audit)', undefined, undefined, 'effect Audit'],
    ['Deny but not enforced', JSON.stringify({ effect: { value: 'Deny' } }), false, 'effect DoNotEnforce'],
  ])('an assignment that does not deny (%s) still warns', (_name, parameters, enforce, text) => {
    const stack = newStack();
    new CognitiveAccount(stack, 'acct', goodAccount());
    new ResourceGroupPolicyAssignment(stack, 'pa', {
      name: 'x', resourceGroupId: `${SUB_ID}/resourceGroups/rg`,
      policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/71EF260A-8f18-47b7-abcb-62d0673d94dc', parameters, enforce,
    });
    const found = polIds(stack);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain(text);
  });

  test('an assignment of another policy does not count; a suppression with a reason silences it', () => {
    const stack = newStack();
    const acct = new CognitiveAccount(stack, 'acct', goodAccount());
    new ResourceGroupPolicyAssignment(stack, 'pa', {
      name: 'x', resourceGroupId: `${SUB_ID}/resourceGroups/rg`, policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/037eea7a-bd0a-46c5-9a66-03aea78705d3',
    });
    expect(polIds(stack)).toHaveLength(1);
    const other = newStack();
    const acct2 = new CognitiveAccount(other, 'acct', goodAccount());
    KeylessGuardrails.suppress(acct2, 'KAI-POL-001', 'Assigned with Deny by the platform team at the management group');
    expect(polIds(other)).toEqual([]);
    expect(acct).toBeDefined();
  });
});

describe('KeylessGuardrails with two copies of the CDK core', () => {
  test('a stack from another copy (e.g. cdktn beside an npm alias cdktf) is refused: its aspects would never run', () => {
    // jest.isolateModules loads a second, separate copy of cdktf, as npm does for two package names.
    let other: typeof import('cdktf') | undefined;
    jest.isolateModules(() => {
      other = require('cdktf'); // eslint-disable-line @typescript-eslint/no-require-imports -- a second module instance is the point
    });
    const app = new other!.App();
    const stack = new other!.TerraformStack(app, 'other-copy');
    expect(() => KeylessGuardrails.applyTo(stack)).toThrow(/another copy of the CDK for Terraform core.*guardrails would silently not run/);
  });
});
