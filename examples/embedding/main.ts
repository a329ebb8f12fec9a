// An embedding team's app, used as a test: every check the configuration path has, reached through the public API only
// (`keyless-ai-inference` and `keyless-ai-inference/azure`). Each scenario builds its own small app and says what the
// library must answer; the last one is a clean app, written to cdktf.out. Exits non-zero on the first surprise.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { AnnotationMetadataEntryType, App, TerraformStack, TerraformVariable } from 'cdktf';
import { IConstruct } from 'constructs';
import {
  AiServicesAccount, BuiltInRole, checkApp, FoundryProject, InferenceRoleChoice, InferenceRoleDefinition, KeyAccessPolicy, KeylessGuardrails, KeylessInferenceAccess, Principal, PrincipalType,
  synthesizeAtomically, ValidationError,
} from 'keyless-ai-inference';
import {
  accountIdProblem, defaultSubdomainProblem, deploymentNameClashes, keyAccessRefusals, raiPolicyNameClashes, ROLE_ASSIGNMENTS_PER_SUBSCRIPTION, regionProblem,
} from 'keyless-ai-inference/azure';

const SUBSCRIPTION_ID = '00000000-0000-4000-8000-000000000001';
const OTHER_SUBSCRIPTION_ID = '00000000-0000-4000-8000-000000000009';
const TENANT_ID = '00000000-0000-4000-8000-000000000002';
const DEVELOPERS_GROUP_ID = '00000000-0000-4000-8000-000000000003';
const RG = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-chat-app`;
const EXISTING_ACCOUNT_ID = `${RG}/providers/Microsoft.CognitiveServices/accounts/contoso-shared-ai`;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-embedding-'));

/** A stack with its own providers, as the team writes it. */
function teamStack(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: SUBSCRIPTION_ID, resourceProviderRegistrations: 'none' });
  new AzureadProvider(stack, 'azuread', { tenantId: TENANT_ID });
  return stack;
}

const newApp = () => new App({ outdir: fs.mkdtempSync(path.join(scratch, 'out-')) });
const accountProps = { accountName: 'contoso-chat-ai', resourceGroupName: 'rg-chat-app', location: 'swedencentral', subscriptionId: SUBSCRIPTION_ID };

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected an error, got none');
}

function annotationsOf(scope: IConstruct, level: string): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === level).map((m) => String(m.data)));
}

let passed = 0;
function scenario(name: string, run: () => void): void {
  try {
    run();
    passed++;
  } catch (e) {
    console.error(`embedding: ${name}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

function expectIncludes(text: string, part: string): void {
  if (!text.includes(part)) throw new Error(`expected ${JSON.stringify(part)} in:\n${text}`);
}

scenario('region names get a did-you-mean', () => {
  const m = messageOf(() => new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', { ...accountProps, location: 'swedencentrl' }));
  expectIncludes(m, 'did you mean "swedencentral"?');
  if (regionProblem('swedencentral') !== undefined) throw new Error('swedencentral is a region');
});

scenario('custom subdomains with capitals are refused with the lowercase form; the default is lowercase', () => {
  const e = (() => {
    try {
      new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', { ...accountProps, customSubdomainName: 'Contoso-Chat' });
    } catch (err) {
      return err;
    }
    return undefined;
  })();
  if (!(e instanceof ValidationError)) throw new Error('expected a ValidationError');
  expectIncludes(e.message, 'write it in lowercase: "contoso-chat"');
  const a = new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', { ...accountProps, accountName: 'Contoso-Chat-AI' });
  if (a.customSubdomainName !== 'contoso-chat-ai') throw new Error(`default subdomain ${a.customSubdomainName}`);
});

scenario('one GUID as two kinds of ID', () => {
  const app = newApp();
  new AiServicesAccount(teamStack(app, 's'), 'Ai', accountProps).grantInference(Principal.user(TENANT_ID, { label: 'pasted tenant ID' }));
  KeylessGuardrails.applyTo(app);
  expectIncludes(messageOf(() => app.synth()), 'is used here as a user object ID but as a tenant ID');
});

scenario('custom role names are unique per tenant across the stacks of one app', () => {
  const app = newApp();
  for (const id of ['dev', 'test']) {
    new KeylessInferenceAccess(teamStack(app, id), 'Inference', {
      account: { ...accountProps, accountName: `contoso-chat-${id}` }, inferenceRole: InferenceRoleChoice.CUSTOM,
      customRole: { nameSuffix: 'chat' }, developers: [Principal.group(DEVELOPERS_GROUP_ID)],
    });
  }
  KeylessGuardrails.applyTo(app);
  expectIncludes(messageOf(() => app.synth()), 'role names are unique per tenant');
});

scenario('an account in another subscription than the stack\'s azurerm provider', () => {
  const app = newApp();
  new AiServicesAccount(teamStack(app, 's'), 'Ai', { ...accountProps, subscriptionId: OTHER_SUBSCRIPTION_ID }).grantInference(Principal.group(DEVELOPERS_GROUP_ID));
  KeylessGuardrails.applyTo(app);
  expectIncludes(messageOf(() => app.synth()), `but the azurerm provider of its stack works in ${SUBSCRIPTION_ID}`);
});

scenario('an account nobody can call is a warning', () => {
  const app = newApp();
  new AiServicesAccount(teamStack(app, 's'), 'Ai', accountProps).grantAdministration(Principal.group(DEVELOPERS_GROUP_ID));
  KeylessGuardrails.applyTo(app);
  app.synth();
  const warnings = annotationsOf(app, AnnotationMetadataEntryType.WARN);
  if (!warnings.some((w) => w.includes('nobody can call its models'))) throw new Error(`no such warning in ${warnings.join('\n')}`);
});

scenario('strict guardrails: that warning stops app.synth() before any stack is written', () => {
  const app = newApp();
  new AiServicesAccount(teamStack(app, 's'), 'Ai', accountProps).grantAdministration(Principal.group(DEVELOPERS_GROUP_ID));
  KeylessGuardrails.applyTo(app, { strict: true });
  expectIncludes(messageOf(() => app.synth()), 'strict mode:');
  if (fs.readdirSync(path.join(app.outdir, 'stacks')).length > 0) throw new Error('a stack was written');
});

scenario('role assignments per subscription, across stacks', () => {
  if (ROLE_ASSIGNMENTS_PER_SUBSCRIPTION !== 4000) throw new Error(`limit ${ROLE_ASSIGNMENTS_PER_SUBSCRIPTION}`);
  const app = newApp();
  const stacks = [teamStack(app, 'one'), teamStack(app, 'two')];
  for (let i = 0; i < 9; i++) {
    new RoleAssignment(stacks[i % 2], `ra${i}`, {
      scope: RG, roleDefinitionId: BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION_ID), principalType: 'User',
      principalId: `00000000-0000-4000-8000-1000000000${String(i).padStart(2, '0')}`,
    });
  }
  checkApp(app, { roleAssignmentLimit: 10 }); // 9 of 10: the warning at 80 %
  const warnings = annotationsOf(app, AnnotationMetadataEntryType.WARN);
  if (!warnings.some((w) => w.includes('9 role assignments in subscription') && w.includes('grant groups'))) throw new Error(warnings.join('\n'));
  checkApp(app, { roleAssignmentLimit: 8 });
  const errors = annotationsOf(app, AnnotationMetadataEntryType.ERROR);
  if (!errors.some((w) => w.includes('RoleAssignmentLimitExceeded'))) throw new Error(errors.join('\n'));
});

scenario('an existing account: it exists (plan time, no keys read); kind, keys and subdomain from a key-free read (synth)', () => {
  const app = newApp();
  const stack = teamStack(app, 's');
  AiServicesAccount.fromAccountId(stack, 'Shared', EXISTING_ACCOUNT_ID, { customSubdomainName: 'contoso-shared-ai' }).grantInference(Principal.group(DEVELOPERS_GROUP_ID));
  app.synth();
  const json = fs.readFileSync(path.join(app.outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8');
  expectIncludes(json, '"azurerm_resources"');
  expectIncludes(json, '${length(self.resources) == 1}');
  if (json.includes('"azurerm_cognitive_account"')) throw new Error('an existing account must not be read with azurerm_cognitive_account (it lists the keys)');
  const facts = { kind: 'OpenAI', localAuthEnabled: true, customSubdomainName: 'contoso-shared-ai' };
  const m = messageOf(() => AiServicesAccount.fromAccountId(teamStack(newApp(), 's'), 'Shared', EXISTING_ACCOUNT_ID, { knownSettings: facts }));
  expectIncludes(m, 'not AIServices');
  expectIncludes(m, 'still accepts keys');
});

scenario('one principal given two ways: distinct object IDs are checked at plan time (precondition)', () => {
  const app = newApp();
  const stack = teamStack(app, 's');
  new KeylessInferenceAccess(stack, 'Inference', {
    account: accountProps, inferenceRole: InferenceRoleChoice.COGNITIVE_SERVICES_USER,
    developers: [Principal.group(DEVELOPERS_GROUP_ID, { label: 'Chat developers' }), Principal.groupByDisplayName('Chat Developers')],
    principalsDescribedAs: 'chat-app developers list',
  });
  app.synth();
  const json = fs.readFileSync(path.join(app.outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8');
  expectIncludes(json, 'List the principal once in chat-app developers list.');
});

scenario('an account name whose lowercase form is no subdomain needs customSubdomainName', () => {
  const long = `contoso-${'x'.repeat(56)}`; // 64 characters: a valid account name, one too many for a DNS label
  expectIncludes(messageOf(() => new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', { ...accountProps, accountName: long })),
    'the subdomain defaults to the account name in lowercase, which is not a valid subdomain');
  if (defaultSubdomainProblem(long) === undefined || defaultSubdomainProblem('contoso-chat-ai') !== undefined) throw new Error('defaultSubdomainProblem');
});

scenario('IP rules with public network access off have no effect: a warning', () => {
  const app = newApp();
  new AiServicesAccount(teamStack(app, 's'), 'Ai', { ...accountProps, publicNetworkAccessEnabled: false, networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.0/24'] } });
  const warnings = annotationsOf(app, AnnotationMetadataEntryType.WARN);
  if (!warnings.some((w) => w.includes('so IP ranges have no effect'))) throw new Error(warnings.join('\n'));
});

scenario('deployment and content filter policy names are unique per account (case-insensitively); "Microsoft." names are reserved', () => {
  const deployment = { format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18' };
  expectIncludes(messageOf(() => new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', {
    ...accountProps, deployments: [{ name: 'chat', ...deployment }, { name: 'Chat', ...deployment }],
  })), 'invalid deployments[1].name "Chat"');
  const hate = { name: 'Hate', source: 'Prompt' as const };
  expectIncludes(messageOf(() => new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', {
    ...accountProps, raiPolicies: [{ name: 'strict', contentFilters: [hate] }, { name: 'Strict', contentFilters: [hate] }],
  })), 'policy names are unique in an account');
  expectIncludes(messageOf(() => new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', { ...accountProps, raiPolicies: [{ name: 'Microsoft.Mine', contentFilters: [hate] }] })),
    'are Microsoft\'s own policies');
  expectIncludes(messageOf(() => new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', { ...accountProps, raiPolicies: [{ name: 'strict', contentFilters: [hate, hate] }] })),
    'this filter and source are already listed');
  if (deploymentNameClashes(['chat', 'Chat']).length !== 1 || raiPolicyNameClashes(['a', 'b']).length !== 0) throw new Error('clash functions');
});

scenario('a deployment naming a content filter policy the account does not have is refused at synth', () => {
  const app = newApp();
  new AiServicesAccount(teamStack(app, 's'), 'Ai', { ...accountProps, deployments: [{ name: 'chat', format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18', raiPolicyName: 'lenient' }] });
  expectIncludes(messageOf(() => app.synth()), 'no content filter policy "lenient" on the account');
});

scenario('Foundry projects: names unique per account (case-insensitively), and only on an account with project management', () => {
  const stack = teamStack(newApp(), 's');
  const account = new AiServicesAccount(stack, 'Ai', { ...accountProps, projectManagementEnabled: true });
  new FoundryProject(stack, 'Chat', { account, name: 'chat-assistant' });
  expectIncludes(messageOf(() => new FoundryProject(stack, 'Chat2', { account, name: 'Chat-Assistant' })), 'project names are unique in an account');
  const plain = new AiServicesAccount(stack, 'Plain', { ...accountProps, accountName: 'contoso-plain-ai' });
  expectIncludes(messageOf(() => new FoundryProject(stack, 'P', { account: plain, name: 'p1' })), 'projects need project management on the account');
});

scenario('private endpoints: a subnet in another subscription needs resourceGroupName; zones of the subresource, each once', () => {
  const subnet = (sub: string) => `/subscriptions/${sub}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
  expectIncludes(messageOf(() => new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', { ...accountProps, privateEndpoints: [{ subnetId: subnet(OTHER_SUBSCRIPTION_ID), dns: 'azurePolicy' }] })),
    `the subnet is in subscription ${OTHER_SUBSCRIPTION_ID}, and an endpoint lives in its subnet's subscription: give resourceGroupName`);
  const zone = (z: string) => `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`;
  const withZones = (zoneIds: string[]) => () => new AiServicesAccount(teamStack(newApp(), 's'), 'Ai', { ...accountProps, privateEndpoints: [{ subnetId: subnet(SUBSCRIPTION_ID), dns: { zoneIds } }] });
  expectIncludes(messageOf(withZones([zone('privatelink.blob.core.windows.net')])), 'not a zone of the account subresource');
  expectIncludes(messageOf(withZones([zone('privatelink.openai.azure.com'), zone('privatelink.openai.azure.com')])), 'a zone group takes each zone once');
});

scenario('the key-access policy\'s Deny refuses the stack\'s own account with keys on', () => {
  const app = newApp();
  const stack = teamStack(app, 's');
  new AiServicesAccount(stack, 'Ai', { ...accountProps, localAuthEnabled: true, localAuthJustification: 'legacy batch job until the end of Q1 2027' });
  new KeyAccessPolicy(stack, 'Keys', { scopeId: RG });
  expectIncludes(messageOf(() => app.synth()), 'which refuses this stack\'s own account contoso-chat-ai');
  if (keyAccessRefusals({}, { localAuthEnabled: true }).length !== 1) throw new Error('keyAccessRefusals');
});

scenario('a principal listed twice, and the deploying identity given two types, are refused', () => {
  expectIncludes(messageOf(() => new KeylessInferenceAccess(teamStack(newApp(), 's'), 'Inference', {
    account: accountProps, inferenceRole: InferenceRoleChoice.COGNITIVE_SERVICES_USER,
    developers: [Principal.groupByDisplayName('Chat Developers'), Principal.groupByDisplayName('chat developers')],
  })), 'the same principal as developers[0]');
  expectIncludes(messageOf(() => new KeylessInferenceAccess(teamStack(newApp(), 's'), 'Inference', {
    account: accountProps, inferenceRole: InferenceRoleChoice.COGNITIVE_SERVICES_USER,
    developers: [Principal.deployer(PrincipalType.USER)], administrators: [Principal.deployer(PrincipalType.SERVICE_PRINCIPAL)],
  })), 'the deploying identity is already granted as User');
});

scenario('an error in a later stack stops a plain app.synth() before any stack is written', () => {
  const app = newApp();
  new AiServicesAccount(teamStack(app, 'first'), 'Ai', accountProps).grantInference(Principal.group(DEVELOPERS_GROUP_ID));
  new RoleAssignment(teamStack(app, 'later'), 'untyped', {
    scope: RG, roleDefinitionId: BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION_ID), principalId: DEVELOPERS_GROUP_ID,
  });
  KeylessGuardrails.applyTo(app);
  expectIncludes(messageOf(() => app.synth()), 'KAI-RA-001');
  const written = fs.readdirSync(path.join(app.outdir, 'stacks'));
  if (written.length > 0) throw new Error(`written: ${written.join(', ')}`);
});

scenario('an existing account\'s ID as people paste it: each mistake gets its own fix', () => {
  const fromId = (id: string) => () => AiServicesAccount.fromAccountId(teamStack(newApp(), 's'), 'Shared', id);
  // Segment names in another case are written as Azure does: grants are scoped to the ID azurerm reads back.
  const lower = fromId(EXISTING_ACCOUNT_ID.replace('resourceGroups', 'resourcegroups'))().accountId;
  if (lower !== EXISTING_ACCOUNT_ID) throw new Error(`account ID ${lower}`);
  expectIncludes(messageOf(fromId(`${EXISTING_ACCOUNT_ID}/`)), `remove the surrounding whitespace and trailing "/": ${JSON.stringify(EXISTING_ACCOUNT_ID)}`);
  expectIncludes(messageOf(fromId(`${EXISTING_ACCOUNT_ID}/projects/chat`)), `give the account's own ID ${JSON.stringify(EXISTING_ACCOUNT_ID)}`);
  expectIncludes(messageOf(fromId(`${RG}/providers/Microsoft.Storage/storageAccounts/stchat`)), 'this is the ID of a Microsoft.Storage/storageAccounts (stchat), not of an AI Services account');
  if (accountIdProblem(EXISTING_ACCOUNT_ID) !== undefined) throw new Error('accountIdProblem');
});

scenario('the same role assignment twice where literal keys cannot see it: one reference read twice, or two stacks', () => {
  const app = newApp();
  const stack = teamStack(app, 's');
  const identity = new UserAssignedIdentity(stack, 'Identity', { name: 'id-chat', resourceGroupName: 'rg-chat-app', location: 'swedencentral' });
  const account = new AiServicesAccount(stack, 'Ai', accountProps);
  account.grantInference(Principal.managedIdentity(identity.principalId, { label: 'chat app' }));
  expectIncludes(messageOf(() => account.grantInference(Principal.managedIdentity(identity.principalId, { label: 'chat worker' }))), 'already granted on this account by s/Ai/');
  new RoleAssignment(stack, 'raw', { scope: account.accountId, roleDefinitionId: BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION_ID), principalId: identity.principalId, principalType: 'ServicePrincipal' });
  expectIncludes(messageOf(() => app.synth()), 's/raw: the same role assignment as s/Ai/');
  const two = newApp();
  AiServicesAccount.fromAccountId(teamStack(two, 'dev'), 'Shared', EXISTING_ACCOUNT_ID).grantInference(Principal.group(DEVELOPERS_GROUP_ID));
  expectIncludes(messageOf(() => AiServicesAccount.fromAccountId(teamStack(two, 'prod'), 'Shared', EXISTING_ACCOUNT_ID).grantInference(Principal.group(DEVELOPERS_GROUP_ID))),
    'already granted on the same scope by dev/Shared/');
});

scenario('names Azure holds once: one custom subdomain for two accounts of an app is refused', () => {
  const app = newApp();
  new AiServicesAccount(teamStack(app, 'dev'), 'Ai', accountProps);
  new AiServicesAccount(teamStack(app, 'prod'), 'Ai', { ...accountProps, resourceGroupName: 'rg-chat-app-prod' });
  KeylessGuardrails.applyTo(app);
  expectIncludes(messageOf(() => app.synth()), 'prod/Ai: the custom subdomain "contoso-chat-ai" is also the subdomain of the account created at dev/Ai');
});

scenario('lists known only to Terraform are not checked item by item', () => {
  const app = newApp();
  const stack = teamStack(app, 's');
  const ipRules = new TerraformVariable(stack, 'ip_rules', { type: 'list(string)' }).listValue;
  new AiServicesAccount(stack, 'Ai', { ...accountProps, networkAcls: { defaultAction: 'Deny', ipRules } }).grantInference(Principal.group(DEVELOPERS_GROUP_ID));
  app.synth();
  expectIncludes(fs.readFileSync(path.join(app.outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8'), '"ip_rules": "${var.ip_rules}"');
});

scenario('only aliased azurerm providers: the constructs\' resources would get an empty default one', () => {
  const app = newApp();
  const stack = new TerraformStack(app, 's');
  new AzurermProvider(stack, 'prod', { features: [{}], subscriptionId: SUBSCRIPTION_ID, alias: 'prod' });
  new AzureadProvider(stack, 'azuread', { tenantId: TENANT_ID });
  new AiServicesAccount(stack, 'Ai', accountProps).grantInference(Principal.group(DEVELOPERS_GROUP_ID));
  expectIncludes(messageOf(() => app.synth()), 'the azurerm providers of stack s all have an alias (prod)');
});

scenario('a value missing at run time (an unset environment variable) is a message, not a TypeError', () => {
  const e = (() => {
    try {
      Principal.group(process.env.KEYLESS_EMBEDDING_UNSET_GROUP_ID!);
    } catch (err) {
      return err;
    }
    return undefined;
  })();
  if (!(e instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(e)}`);
  expectIncludes(e.message, 'Principal.group: invalid objectId undefined');
});

scenario('a custom role assignable elsewhere is refused where it is granted, even without the account\'s subscriptionId', () => {
  const stack = teamStack(newApp(), 's');
  const role = new InferenceRoleDefinition(stack, 'Role', { scope: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-other` });
  const { subscriptionId: _omitted, ...withoutSubscription } = accountProps;
  const account = new AiServicesAccount(stack, 'Ai', { ...withoutSubscription, inferenceRole: role });
  expectIncludes(messageOf(() => account.grantInference(Principal.group(DEVELOPERS_GROUP_ID))), 'is assignable only at');
});

scenario('synthesizeAtomically into a folder that does not exist yet', () => {
  const outdir = path.join(scratch, 'build', 'tf', 'out');
  synthesizeAtomically(outdir, (app) => {
    new AiServicesAccount(teamStack(app, 's'), 'Ai', accountProps).grantInference(Principal.group(DEVELOPERS_GROUP_ID));
  });
  if (!fs.existsSync(path.join(outdir, 'stacks', 's', 'cdk.tf.json'))) throw new Error('nothing written');
});

scenario('a clean app synthesizes into cdktf.out with no error', () => {
  const outdir = path.resolve('cdktf.out');
  synthesizeAtomically(outdir, (app) => {
    const stack = teamStack(app, 'chat-app');
    new KeylessInferenceAccess(stack, 'Inference', {
      account: { ...accountProps, publicNetworkAccessEnabled: false },
      developers: [Principal.group(DEVELOPERS_GROUP_ID, { label: 'Chat developers' })],
    });
    KeylessGuardrails.applyTo(app);
  });
});

fs.rmSync(scratch, { recursive: true, force: true });
console.log(`embedding: ${passed} scenarios passed`);
