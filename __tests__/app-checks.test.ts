import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { AnnotationMetadataEntryType, App, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import {
  AiServicesAccount, BuiltInRole, checkApp, InferenceRoleChoice, KeylessGuardrails, KeylessInferenceAccess, Principal, ROLE_ASSIGNMENTS_PER_SUBSCRIPTION,
  roleAssignmentCountFinding, synthesizeAtomically,
} from '../constructs';
import { errorOf, LOCATION, newStack, OIDS, SUBSCRIPTION, TENANT } from '../test-support/stacks';

// The whole-app rules through the construct API (no configuration file): an embedder's own cdktf app.

const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-app-checks-')), 'cdktf.out');
const OTHER_SUBSCRIPTION = '00000000-0000-0000-0000-000000000002';
const account = (stack: TerraformStack, over: { subscriptionId?: string; name?: string } = {}) => new AiServicesAccount(stack, 'Ai', {
  accountName: over.name ?? 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: over.subscriptionId ?? SUBSCRIPTION,
});
/** Annotations of one level anywhere in the app, as "path: message". */
const annotations = (app: IConstruct, level: string) => app.node.findAll().flatMap((c) => c.node.metadata
  .filter((m) => m.type === level).map((m) => `${c.node.path}: ${String(m.data)}`));

describe('whole-app checks (KeylessGuardrails on an embedder\'s app)', () => {
  test('one GUID used as a tenant ID and as a user object ID is an error naming both places', () => {
    const app = new App({ outdir: tmp() });
    const stack = newStack('chat', app);
    account(stack).grantInference(Principal.user(TENANT, { label: 'pasted tenant' }));
    KeylessGuardrails.applyTo(app);
    expect(errorOf(() => app.synth())).toContain('is used here as a user object ID but as a tenant ID');
    const [error] = annotations(app, AnnotationMetadataEntryType.ERROR);
    expect(error).toMatch(/^chat\/Ai\/[^:]+: chat\/Ai\/\S+ \(pasted tenant\): "00000000-0000-0000-0000-0000000000aa" is used here as a user object ID but as a tenant ID at chat\/azuread \(tenantId\): one GUID cannot be both/);
  });

  test('custom role names are unique per tenant across the stacks of one app', () => {
    const app = new App({ outdir: tmp() });
    for (const name of ['dev', 'test']) {
      const stack = newStack(name, app);
      new KeylessInferenceAccess(stack, 'Inference', {
        account: { accountName: `ai-${name}`, resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION },
        inferenceRole: InferenceRoleChoice.CUSTOM, customRole: { nameSuffix: 'shared' }, developers: [Principal.group(OIDS.devs)],
      });
    }
    KeylessGuardrails.applyTo(app);
    expect(errorOf(() => app.synth())).toMatch(/test\/Inference\/InferenceRole: "AI Model Inference User \(shared\)" is also the custom role of dev\/Inference\/InferenceRole in the same tenant: role names are unique per tenant \(compared case-insensitively\); set a distinct roleName or nameSuffix/);
  });

  test('two accounts with one custom subdomain (a global DNS name) are an error; the same account in two stacks too', () => {
    const app = new App({ outdir: tmp() });
    new AiServicesAccount(newStack('dev', app), 'Ai', { accountName: 'ai-dev', customSubdomainName: 'contoso-ai', resourceGroupName: 'rg-dev', location: LOCATION, subscriptionId: SUBSCRIPTION })
      .grantInference(Principal.group(OIDS.devs));
    new AiServicesAccount(newStack('test', app), 'Ai', { accountName: 'Contoso-AI', resourceGroupName: 'rg-test', location: LOCATION, subscriptionId: SUBSCRIPTION })
      .grantInference(Principal.group(OIDS.devs));
    new AiServicesAccount(newStack('again', app), 'Ai', { accountName: 'AI-DEV', customSubdomainName: 'ai-again', resourceGroupName: 'RG-DEV', location: LOCATION, subscriptionId: SUBSCRIPTION })
      .grantInference(Principal.group(OIDS.app));
    KeylessGuardrails.applyTo(app);
    const message = errorOf(() => app.synth());
    expect(message).toContain('test/Ai: the custom subdomain "contoso-ai" is also the subdomain of the account created at dev/Ai: a subdomain is one global DNS name');
    expect(message).toContain(`again/Ai: the AI Services account /subscriptions/${SUBSCRIPTION}/resourceGroups/RG-DEV/providers/Microsoft.CognitiveServices/accounts/AI-DEV is also created at dev/Ai`);
  });

  test('an account in another subscription than its stack\'s azurerm provider is an error', () => {
    const app = new App({ outdir: tmp() });
    const stack = newStack('chat', app);
    account(stack, { subscriptionId: OTHER_SUBSCRIPTION }).grantInference(Principal.group(OIDS.devs));
    KeylessGuardrails.applyTo(app);
    expect(errorOf(() => app.synth())).toContain(`chat/Ai: subscriptionId "${OTHER_SUBSCRIPTION}": the account is in subscription ${OTHER_SUBSCRIPTION}, but the azurerm provider of its stack works in ${SUBSCRIPTION}`);
 
    // An existing account looked for in the provider's subscription (plan checks on) likewise; with grants only, crossing subscriptions is fine.
    const existingId = `/subscriptions/${OTHER_SUBSCRIPTION}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/ai-other`;
    const read = new App({ outdir: tmp() });
    AiServicesAccount.fromAccountId(newStack('chat', read), 'Other', existingId).grantInference(Principal.group(OIDS.devs));
    KeylessGuardrails.applyTo(read);
    expect(errorOf(() => read.synth())).toContain(`chat/Other: subscriptionId "${OTHER_SUBSCRIPTION}": the account is in subscription`);
    const grantsOnly = new App({ outdir: tmp() });
    AiServicesAccount.fromAccountId(newStack('chat', grantsOnly), 'Other', existingId, { checkAtPlan: false }).grantInference(Principal.group(OIDS.devs));
    KeylessGuardrails.applyTo(grantsOnly);
    expect(() => grantsOnly.synth()).not.toThrow();
  });

  test('an account nobody can call (no grant with data actions) is warned about; an inference grant clears it', () => {
    const app = new App({ outdir: tmp() });
    const stack = newStack('chat', app);
    const a = account(stack);
    a.grantAdministration(Principal.group(OIDS.devs));
    KeylessGuardrails.applyTo(app);
    app.synth();
    expect(annotations(app, AnnotationMetadataEntryType.WARN).filter((w) => w.includes('data actions'))).toEqual([expect.stringMatching(/^chat\/Ai: chat\/Ai: no principal is granted a role with data actions on this account, so nobody can call its models/)]);
    const fine = new App({ outdir: tmp() });
    account(newStack('chat', fine)).grantInferenceUntil(Principal.group(OIDS.devs), { endDateTime: '2027-06-30T00:00:00Z', justification: 'contractor until June' });
    KeylessGuardrails.applyTo(fine);
    fine.synth();
    expect(annotations(fine, AnnotationMetadataEntryType.WARN).filter((w) => w.includes('data actions'))).toEqual([]);
  });

  test('role assignments are counted per subscription across stacks: a warning at 80 %, an error beyond the limit, both recommending groups', () => {
    expect(ROLE_ASSIGNMENTS_PER_SUBSCRIPTION).toBe(4000);
    expect(roleAssignmentCountFinding({ subscriptionId: SUBSCRIPTION, count: 3199, where: 'a: 3199' })).toBeUndefined();
    expect(roleAssignmentCountFinding({ subscriptionId: SUBSCRIPTION, count: 3200, where: 'a: 3200' })).toEqual({ level: 'warning', message: expect.stringContaining('80 % of the 4000 Azure allows per subscription') });
    // Through the tree: two stacks in one subscription, one assignment more than the limit between them (a limit of 10
    // here: checkApp takes it as an option; 4,001 resources would take seconds). Eligible PIM grants do not count.
    const app = new App({ outdir: tmp() });
    const stacks = [newStack('one', app), newStack('two', app)];
    const role = BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION);
    for (let i = 0; i <= 10; i++) {
      new RoleAssignment(stacks[i % 2], `ra${i}`, {
        scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ai`, roleDefinitionId: role, principalType: 'Group',
        principalId: `22222222-2222-4222-8222-${String(i).padStart(12, '0')}`,
      });
    }
    account(stacks[0]).grantEligibleAdministration(Principal.group(OIDS.devs), { justification: 'on-call administrators' });
    checkApp(app, { roleAssignmentLimit: 10 });
    const [message, ...more] = annotations(app, AnnotationMetadataEntryType.ERROR);
    expect(more).toEqual([]);
    expect(message).toContain(`11 role assignments in subscription ${SUBSCRIPTION} (one: 6, two: 5): Azure allows 10 per subscription and refuses more (RoleAssignmentLimitExceeded); grant groups instead of individual principals`);
  });

  test('an error in a later stack stops a plain app.synth() before any stack is written', () => {
    const outdir = tmp();
    const app = new App({ outdir });
    account(newStack('first', app)).grantInference(Principal.group(OIDS.devs));
    const later = newStack('later', app);
    new RoleAssignment(later, 'untyped', { scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ai`, roleDefinitionId: BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION), principalId: OIDS.alice });
    KeylessGuardrails.applyTo(app);
    expect(errorOf(() => app.synth())).toMatch(/1 error annotation:\n {2}\[later\/untyped\] KAI-RA-001/);
    // The App creates `outdir/stacks` when it is constructed; no stack's folder or JSON is written.
    expect(fs.readdirSync(path.join(outdir, 'stacks'))).toEqual([]);
  });

  test('strict guardrails: a warning anywhere stops app.synth() before any stack is written', () => {
    const outdir = tmp();
    const app = new App({ outdir });
    account(newStack('first', app), { name: 'ai-first' }).grantInference(Principal.group(OIDS.devs));
    account(newStack('later', app), { name: 'ai-later' }).grantAdministration(Principal.group(OIDS.devs));
    KeylessGuardrails.applyTo(app, { strict: true });
    expect(errorOf(() => app.synth())).toMatch(/^strict mode: \d+ warnings count as errors:\n(.|\n)*\[later\/Ai\] later\/Ai: no principal is granted a role with data actions/);
    expect(fs.readdirSync(path.join(outdir, 'stacks'))).toEqual([]);
  });

  test('under `cdktf synth` (errors continue) the guardrails leave the reporting to cdktf', () => {
    const app = new App({ outdir: tmp() });
    newStack('first', app);
    new RoleAssignment(newStack('later', app), 'untyped', { scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ai`, roleDefinitionId: BuiltInRole.COGNITIVE_SERVICES_USER.roleDefinitionIdIn(SUBSCRIPTION), principalId: OIDS.alice });
    KeylessGuardrails.applyTo(app);
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = '1';
    try {
      // cdktf reads the variable when a stack is created: these stacks were created before, so cdktf itself still throws, at the later stack.
      expect(errorOf(() => app.synth())).toMatch(/Encountered Annotations with level "ERROR"/);
      expect(fs.existsSync(path.join(app.outdir, 'stacks', 'first', 'cdk.tf.json'))).toBe(true);
    } finally {
      delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    }
  });

  test('synthesizeAtomically writes into a folder that does not exist yet (CDKTF_OUTDIR=build/tf/out)', () => {
    const outdir = path.join(path.dirname(tmp()), 'build', 'tf', 'out');
    synthesizeAtomically(outdir, (app) => { account(newStack('chat', app)).grantInference(Principal.group(OIDS.devs)); });
    expect(fs.existsSync(path.join(outdir, 'stacks', 'chat', 'cdk.tf.json'))).toBe(true);
  });
});
