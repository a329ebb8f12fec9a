// An embedding team's app, used as a test: every check the configuration path has, reached through the public API only
// (`keyless-ai-inference` and `keyless-ai-inference/azure`). Each scenario builds its own small app and says what the
// library must answer; the last one is a clean app, written to cdktf.out. Exits non-zero on the first surprise.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { AnnotationMetadataEntryType, App, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import {
  AiServicesAccount, BuiltInRole, checkApp, InferenceRoleChoice, KeylessGuardrails, KeylessInferenceAccess, Principal, synthesizeAtomically, ValidationError,
} from 'keyless-ai-inference';
import { ROLE_ASSIGNMENTS_PER_SUBSCRIPTION, regionProblem } from 'keyless-ai-inference/azure';

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
