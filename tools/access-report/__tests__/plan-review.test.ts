import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../../app/synthesize';
import { BuiltInRole } from 'keyless-ai-inference/azure';
import { defaultSchemasDir, OfflineProviders, pinsFor, typesFor } from '@keyless-ai-inference/offline';
import { ENVIRONMENT_TAG, PlanInputError, STATE_STORAGE_TAG, reviewPlan } from '../plan-review';
import { USAGE, runPlanReview } from '../plan-review-cli';
import { EXAMPLE_CONFIG_DIR, configDir, devWith, readExample } from '../../../test-support/config-fixtures';
import { describeOffline, initWorkspace, tempDir } from '../../offline/test-support/harness';
import { ACCOUNT_ID, CUSTOM_ROLE_ID, RG_ID, SUB, assignment, builtInRoleId, plan, rc, roleDefinition } from '../test-support/plan-fixtures';

const GROUP = '9f2c4b6a-1d3e-4a5b-8c7d-2e4f6a8b0c12';
const OTHER = '0b7e5c1a-9d2f-4e3b-8a6c-5f4d3e2c1b0a';
const USER_ROLE = builtInRoleId(BuiltInRole.COGNITIVE_SERVICES_USER.guid);
const NAME = '50b3a623-443f-5a63-b0e6-af68630c8070';

const rg = (location: string) => ({ id: RG_ID, location, managed_by: '', name: 'rg-ai-dev', tags: null, timeouts: null });
const account = (location: string) => ({ id: ACCOUNT_ID, location, name: 'contoso-ai-dev', resource_group_name: 'rg-ai-dev', kind: 'AIServices', custom_subdomain_name: 'contoso-ai-dev', tags: { environment: 'dev' } });
const stateAccount = (name: string) => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg-keyless-tfstate/providers/Microsoft.Storage/storageAccounts/${name}`,
  name, resource_group_name: 'rg-keyless-tfstate', location: 'swedencentral', tags: { 'managed-by': 'keyless-ai-inference', purpose: 'terraform-state' },
});

describe('reviewPlan: role assignments', () => {
  const deleted = rc('azurerm_role_assignment.dev_group', ['delete'], assignment(NAME, GROUP, 'Group', USER_ROLE), null, { action_reason: 'delete_because_no_resource_config' });

  test('a deleted assignment says who loses which role where, and blocks until acknowledged', () => {
    const review = reviewPlan(plan([deleted]));
    expect(review.findings).toHaveLength(1);
    const [f] = review.findings;
    expect(f).toMatchObject({ kind: 'access-removed', blocking: true, addresses: ['azurerm_role_assignment.dev_group'] });
    expect(f.text).toContain(`Group ${GROUP}'s Cognitive Services User (built-in) on account contoso-ai-dev (resource group rg-ai-dev)`);
    expect(f.text).toContain('it is no longer in the configuration');
    expect(review.verdict).toBe('needs-acknowledgement');
    expect(review.exitCode).toBe(2);
    const acked = reviewPlan(plan([deleted]), { acknowledge: true });
    expect(acked.exitCode).toBe(0);
    expect(acked.verdict).toBe('acknowledged');
    expect(acked.text).toContain('1 destructive change ACKNOWLEDGED');
  });

  test('a custom role is named from the role definition in the same plan, else by its ID', () => {
    const gone = rc('azurerm_role_assignment.dev_group', ['delete'], assignment(NAME, GROUP, 'Group', CUSTOM_ROLE_ID), null);
    const withDefinition = reviewPlan(plan([gone], [{ address: 'azurerm_role_definition.role', type: 'azurerm_role_definition', values: roleDefinition('AI Model Inference User (dev)') }]));
    expect(withDefinition.findings[0].text).toContain('"AI Model Inference User (dev)" (custom role cbdc4475-e75e-58c3-a7ac-705d8763c6bd)');
    const without = reviewPlan(plan([gone]));
    expect(without.findings[0].text).toContain(`the role ${CUSTOM_ROLE_ID}`);
  });

  test('a replaced assignment is access briefly removed, naming the attribute that forces it', () => {
    const replaced = rc('azurerm_role_assignment.dev_group', ['delete', 'create'], assignment(NAME, GROUP, 'Group', USER_ROLE), { ...assignment(NAME, OTHER, 'Group', USER_ROLE), id: null, name: null },
      { replace_paths: [['principal_id']], action_reason: 'replace_because_cannot_update', after_unknown: { id: true, name: true } });
    const review = reviewPlan(plan([replaced]));
    expect(review.findings).toHaveLength(1);
    expect(review.findings[0].kind).toBe('access-briefly-removed');
    expect(review.findings[0].text).toContain(`principal_id ${GROUP} → ${OTHER}`);
    expect(review.findings[0].text).toContain('the old one is deleted first');
    expect(review.exitCode).toBe(2);
  });

  test('the same Azure assignment deleted at one address and created at another is a blocking re-identification with the fix', () => {
    const a = 'azurerm_role_assignment.by_object_id';
    const b = 'azurerm_role_assignment.by_display_name';
    const review = reviewPlan(plan([
      rc(a, ['delete'], assignment(NAME, GROUP, 'Group', USER_ROLE), null, { action_reason: 'delete_because_no_resource_config' }),
      rc(b, ['create'], null, { ...assignment(NAME, GROUP, 'Group', USER_ROLE), id: null }, { after_unknown: { id: true } }),
    ]));
    expect(review.findings.map((f) => f.kind)).toEqual(['re-identification']);
    const [f] = review.findings;
    expect(f.blocking).toBe(true);
    expect(f.addresses).toEqual([a, b]);
    expect(f.text).toContain('already exists');
    expect(f.text).toContain('silently removes the new assignment');
    expect(f.text).toContain('stable `key`');
    expect(f.text).toContain(`terraform state mv '${a}' '${b}'`);
    expect(review.exitCode).toBe(2);
  });

  test('a standing grant deleted and a time-limited one of the same principal, role and scope created (or back) is a blocking kind change: apply twice', () => {
    const standing = 'azurerm_role_assignment.contractor';
    const pim = 'azurerm_pim_active_role_assignment.contractor[0]';
    const pimValues = { id: `${ACCOUNT_ID}|${USER_ROLE}|${OTHER}`, scope: ACCOUNT_ID, role_definition_id: USER_ROLE, principal_id: OTHER, principal_type: 'User', justification: 'Contract' };
    const toTimeLimited = reviewPlan(plan([
      rc(standing, ['delete'], assignment(NAME, OTHER, 'User', USER_ROLE), null, { action_reason: 'delete_because_no_resource_config' }),
      rc(pim, ['create'], null, { ...pimValues, id: null }, { after_unknown: { id: true } }),
    ]));
    expect(toTimeLimited.findings.map((f) => [f.kind, f.addresses])).toEqual([['kind-change', [standing, pim]]]);
    expect(toTimeLimited.findings[0].text).toMatch(/^STANDING GRANT BECOMES TIME-LIMITED: User .*'s Cognitive Services User \(built-in\) on account contoso-ai-dev .*\(RoleAssignmentExists\).* Apply twice/);
    expect(toTimeLimited.exitCode).toBe(2);

    const toStanding = reviewPlan(plan([
      rc(pim, ['delete'], pimValues, null, { action_reason: 'delete_because_no_resource_config' }),
      // The role's ID in another case and form: the same role.
      rc(standing, ['create'], null, { ...assignment(NAME, OTHER.toUpperCase(), 'User', USER_ROLE.toLowerCase()), id: null }, { after_unknown: { id: true } }),
    ]));
    expect(toStanding.findings.map((f) => [f.kind, f.addresses])).toEqual([['kind-change', [pim, standing]]]);
    expect(toStanding.findings[0].text).toContain('PIM takes 10 s or more to remove an assignment, so this apply fails');

    // Another principal: two separate changes.
    const unrelated = reviewPlan(plan([
      rc(pim, ['delete'], pimValues, null),
      rc(standing, ['create'], null, assignment(NAME, GROUP, 'Group', USER_ROLE)),
    ]));
    expect(unrelated.findings.map((f) => f.kind)).toEqual(['deleted']);
  });

  test('a delete and a create of different assignments is no re-identification', () => {
    const review = reviewPlan(plan([
      rc('azurerm_role_assignment.a', ['delete'], assignment(NAME, GROUP, 'Group', USER_ROLE), null),
      rc('azurerm_role_assignment.b', ['create'], null, assignment('11111111-443f-5a63-b0e6-af68630c8070', OTHER, 'User', USER_ROLE)),
    ]));
    expect(review.findings.map((f) => f.kind)).toEqual(['access-removed']);
  });
});

describe('reviewPlan: replaced and deleted resources', () => {
  test('a location change replaces the resource group and with it the account; findings start with the group', () => {
    const deploymentBefore = { id: `${ACCOUNT_ID}/deployments/gpt-4o-mini`, name: 'gpt-4o-mini', cognitive_account_id: ACCOUNT_ID };
    const review = reviewPlan(plan([
      rc('azurerm_cognitive_account.acct', ['delete', 'create'], account('swedencentral'), { ...account('westeurope'), id: null }, { replace_paths: [['location']], after_unknown: { id: true } }),
      rc('azurerm_cognitive_deployment.gpt', ['delete', 'create'], deploymentBefore, { ...deploymentBefore, id: null, cognitive_account_id: null },
        { replace_paths: [['cognitive_account_id']], after_unknown: { id: true, cognitive_account_id: true } }),
      rc('azurerm_resource_group.rg', ['delete', 'create'], rg('swedencentral'), { ...rg('westeurope'), id: null }, { replace_paths: [['location']], action_reason: 'replace_because_cannot_update', after_unknown: { id: true } }),
    ]));
    expect(review.findings.map((f) => [f.kind, f.addresses[0]])).toEqual([
      ['replaced', 'azurerm_resource_group.rg'],
      ['replaced', 'azurerm_cognitive_account.acct'],
      ['replaced', 'azurerm_cognitive_deployment.gpt'],
    ]);
    expect(review.findings[0].text).toBe(
      'REPLACED: resource group rg-ai-dev (azurerm_resource_group.rg): location swedencentral → westeurope forces the replacement. With it go account contoso-ai-dev.',
    );
    expect(review.findings[1].text).toContain('With it go its deployments gpt-4o-mini');
    expect(review.findings[2].text).toContain('cognitive_account_id account contoso-ai-dev (resource group rg-ai-dev) → (known after apply) (account contoso-ai-dev is replaced)');
    expect(review.exitCode).toBe(2);
  });

  test('without replace_paths the forcing attributes come from a before/after diff of top-level attributes', () => {
    const review = reviewPlan(plan([
      rc('azurerm_cognitive_account.acct', ['delete', 'create'], account('swedencentral'), { ...account('swedencentral'), custom_subdomain_name: 'contoso-ai-dev2', id: null }, { after_unknown: { id: true } }),
    ]));
    expect(review.findings[0].text).toContain('custom_subdomain_name contoso-ai-dev → contoso-ai-dev2 forces the replacement');
    expect(review.findings[0].text).not.toContain('location');
  });

  test('a renamed bootstrap storage account is called out as the state storage of every environment', () => {
    const review = reviewPlan(plan([
      rc('azurerm_storage_account.StateStorage', ['delete', 'create'], stateAccount('stkeylesstfstate01'), { ...stateAccount('stkeylesstfstate02'), id: null },
        { replace_paths: [['name']], action_reason: 'replace_because_cannot_update', after_unknown: { id: true } }),
    ]));
    const [f] = review.findings;
    expect(f.stateStorage).toBe(true);
    expect(f.text).toContain('REPLACED: storage account stkeylesstfstate01');
    expect(f.text).toContain('name stkeylesstfstate01 → stkeylesstfstate02 forces the replacement');
    expect(f.text).toContain('state storage of every environment');
    expect(review.exitCode).toBe(2);
  });

  test('a container is the state storage when it is named like the backend, not otherwise', () => {
    const container = { id: 'x/containers/tfstate', name: 'tfstate', storage_account_id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/other' };
    const doc = plan([rc('azurerm_storage_container.c', ['delete'], container, null, { action_reason: 'delete_because_no_resource_config' })]);
    const backend = { terraform: { backend: { azurerm: { storage_account_name: 'stkeylesstfstate01', container_name: 'tfstate', key: 'bootstrap.tfstate' } } } };
    const named = reviewPlan(doc, { stackFile: backend });
    expect(named.findings[0].stateStorage).toBe(true);
    expect(named.findings[0].text).toContain('DELETED: storage container tfstate (azurerm_storage_container.c) because it is no longer in the configuration.');
    expect(named.findings[0].text).toContain('state storage of every environment');
    const unnamed = reviewPlan(doc);
    expect(unnamed.findings[0].stateStorage).toBeUndefined();
    expect(unnamed.findings[0].text).not.toContain('state storage');
  });

  test('a lock replaced by its trigger (lifted around a change under it) is information; a lock deleted blocks', () => {
    const lock = { id: `${ACCOUNT_ID}/providers/Microsoft.Authorization/locks/keyless-do-not-delete`, name: 'keyless-do-not-delete', scope: ACCOUNT_ID, lock_level: 'CanNotDelete', notes: 'x' };
    const lifted = reviewPlan(plan([rc('azurerm_management_lock.l', ['delete', 'create'], lock, { ...lock, id: null }, { action_reason: 'replace_by_triggers' })]));
    expect(lifted.findings).toEqual([expect.objectContaining({ kind: 'info', blocking: false, text: expect.stringContaining('lock lifted and put back: CanNotDelete lock keyless-do-not-delete on account contoso-ai-dev') })]);
    expect(lifted.exitCode).toBe(0);
    const removed = reviewPlan(plan([rc('azurerm_management_lock.l', ['delete'], lock, null)]));
    expect(removed.findings[0]).toMatchObject({ kind: 'deleted', blocking: true });
  });

  test('a deleted resource of another type still blocks', () => {
    const review = reviewPlan(plan([rc('azuread_group.g', ['delete'], { id: 'g1', display_name: 'x' }, null)]));
    expect(review.findings[0]).toMatchObject({ kind: 'deleted', blocking: true });
    expect(review.findings[0].text).toContain('DELETED: azuread_group azuread_group.g');
    expect(review.exitCode).toBe(2);
  });
});

describe('reviewPlan: information and summary', () => {
  test('in-place deployment updates, a role definition rename and a move are information only', () => {
    const deployment = (version: string, rai: string | null) => ({ id: `${ACCOUNT_ID}/deployments/gpt`, name: 'gpt-4o-mini', model: [{ format: 'OpenAI', name: 'gpt-4o-mini', version }], rai_policy_name: rai, version_upgrade_option: 'OnceNewDefaultVersionAvailable' });
    const kept = (name: string) => rc(`azurerm_role_assignment.${name}`, ['no-op'], assignment(`${name.length}0b3a623-443f-5a63-b0e6-af68630c8070`, GROUP, 'Group', CUSTOM_ROLE_ID), assignment(NAME, GROUP, 'Group', CUSTOM_ROLE_ID));
    const review = reviewPlan(plan([
      rc('azurerm_cognitive_deployment.gpt', ['update'], deployment('2024-07-18', null), deployment('2024-08-06', 'Microsoft.DefaultV2')),
      rc('azurerm_role_definition.role', ['update'], roleDefinition('AI Model Inference User (dev)'), roleDefinition('AI Inference (dev)')),
      kept('a'), kept('bb'),
      rc('azurerm_resource_group.rg', ['no-op'], rg('swedencentral'), rg('swedencentral'), { previous_address: 'azurerm_resource_group.old' }),
    ]));
    expect(review.findings.every((f) => f.kind === 'info' && !f.blocking)).toBe(true);
    const texts = review.findings.map((f) => f.text);
    expect(texts).toContainEqual(expect.stringContaining('deployment gpt-4o-mini (azurerm_cognitive_deployment.gpt): model.version 2024-07-18 → 2024-08-06, rai_policy_name (none) → Microsoft.DefaultV2'));
    expect(texts).toContainEqual(expect.stringContaining('name AI Model Inference User (dev) → AI Inference (dev); 2 role assignments of it untouched'));
    expect(texts).toContainEqual(expect.stringContaining('moved: azurerm_resource_group.old → azurerm_resource_group.rg'));
    expect(review.exitCode).toBe(0);
    expect(review.verdict).toBe('nothing-destructive');
  });

  test('the summary counts adds, changes, destroys and replacements like terraform, and states the verdict', () => {
    const review = reviewPlan(plan([
      rc('azurerm_resource_group.a', ['create'], null, rg('swedencentral')),
      rc('azurerm_resource_group.b', ['update'], rg('swedencentral'), { ...rg('swedencentral'), tags: { a: 'b' } }),
      rc('azurerm_resource_group.c', ['delete'], rg('swedencentral'), null),
      rc('azurerm_resource_group.d', ['create', 'delete'], rg('swedencentral'), rg('westeurope'), { replace_paths: [['location']] }),
      rc('azurerm_resource_group.e', ['no-op'], rg('swedencentral'), rg('swedencentral')),
      { ...rc('data.azurerm_client_config.c', ['read'], null, {}), mode: 'data' },
    ]));
    expect(review.counts).toEqual({ add: 2, change: 1, destroy: 2, replace: 1 });
    expect(review.text.split('\n').pop()).toBe('Plan: 2 to add, 1 to change, 2 to destroy (1 of them replacements). Verdict: 2 destructive changes NOT acknowledged: read them, then re-run with --acknowledge to approve.');
    expect(review.findings.find((f) => f.addresses[0] === 'azurerm_resource_group.d')!.text).toContain('location swedencentral → westeurope');
  });
});

describe('reviewPlan: input and stack checks', () => {
  test('documents that are not a plan are refused, saying what was expected', () => {
    const expectRefused = (doc: unknown, message: RegExp) => {
      expect(() => reviewPlan(doc, { planPath: 'x.json' })).toThrow(PlanInputError);
      expect(() => reviewPlan(doc, { planPath: 'x.json' })).toThrow(message);
    };
    expectRefused({ format_version: '1.0', terraform_version: '1.11.4', values: {} }, /^x\.json is a Terraform state .*terraform show -json <planfile>/);
    expectRefused({ terraform: {}, resource: {} }, /^x\.json is Terraform configuration/);
    expectRefused([1], /^x\.json is not a Terraform plan JSON: it holds an array/);
    expectRefused({ hello: 1 }, /top-level keys: hello\); expected the output of `terraform show -json <planfile>`/);
  });

  test('--stack: the plan folder, the cdk.tf.json beside it and the environment tag must agree', () => {
    const doc = plan([rc('azurerm_cognitive_account.acct', ['no-op'], account('swedencentral'), account('swedencentral'))]);
    expect(reviewPlan(doc, { stack: 'dev', planPath: '/repo/.offline/dev/plan.json' }).stack.status).toBe('match');
    expect(() => reviewPlan(doc, { stack: 'prod', planPath: '/repo/.offline/prod/plan.json' })).toThrow(/is not a plan of stack prod: .*resources are tagged environment=dev/);
    expect(() => reviewPlan(plan([]), { stack: 'prod', planPath: '/repo/cdktf.out/stacks/dev/plan.json' })).toThrow(/the plan's folder stacks\/dev\/ names stack dev/);
    expect(() => reviewPlan(plan([]), { stack: 'prod', planPath: '/tmp/plan.json', stackFile: { '//': { metadata: { stackName: 'dev' } } } })).toThrow(/the cdk.tf.json beside the plan names stack dev/);
    const unverified = reviewPlan(plan([]), { stack: 'prod', planPath: '/tmp/plan.json' });
    expect(unverified.stack.status).toBe('unverified');
    expect(unverified.text).toContain('Stack prod: NOT verified');
    expect(reviewPlan(doc, { planPath: '/repo/.offline/prod/plan.json' }).stack.status).toBe('not-requested');
  });
});

describe('plan-review command', () => {
  const dir = tempDir('plan-review-cli-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const destructive = plan([rc('azurerm_role_assignment.a', ['delete'], assignment(NAME, GROUP, 'Group', USER_ROLE), null)]);

  test('exit codes: 2 destructive and not acknowledged, 0 acknowledged, 0 nothing destructive', () => {
    const file = write('d/plan.json', destructive);
    const res = runPlanReview([file]);
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('ACCESS REMOVED');
    expect(runPlanReview([file, '--acknowledge']).code).toBe(0);
    expect(runPlanReview([write('e/plan.json', plan([rc('azurerm_resource_group.a', ['create'], null, rg('x'))]))]).code).toBe(0);
  });

  test('bad input exits 1 with a message naming the file and what was expected', () => {
    const missing = runPlanReview([path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`cannot read ${path.join(dir, 'nope.json')}: no such file`);
    const notJson = runPlanReview([write('bad.json', 'Terraform plan binary')]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/bad\.json is not JSON .*terraform show -json <planfile>/);
    const state = runPlanReview([write('state.json', { format_version: '1.0', values: {} })]);
    expect(state.code).toBe(1);
    expect(state.stderr).toContain('state.json is a Terraform state');
    expect(runPlanReview([]).code).toBe(1);
    expect(runPlanReview(['--bogus', 'x']).stderr).toContain('unknown option --bogus');
  });

  test('--stack refuses the plan of another stack (cdk.tf.json beside the plan) with exit 1', () => {
    const file = write('s/plan.json', destructive);
    write('s/cdk.tf.json', { '//': { metadata: { stackName: 'dev' } } });
    const res = runPlanReview([file, '--stack', 'prod', '--acknowledge']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('is not a plan of stack prod');
    expect(runPlanReview([file, '--stack', 'dev']).code).toBe(2);
  });

  test('--json prints findings, counts and verdict; --help prints the usage', () => {
    const res = runPlanReview([write('j/plan.json', destructive), '--json']);
    expect(res.code).toBe(2);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ verdict: 'needs-acknowledgement', exitCode: 2, counts: { destroy: 1 } });
    expect(out.findings[0]).toMatchObject({ kind: 'access-removed', blocking: true });
    const help = runPlanReview(['--help']);
    expect(help).toEqual({ code: 0, stdout: USAGE + '\n', stderr: '' });
    expect(USAGE).toContain('NOT verified');
  });

  test('the npm script entry point runs under the swc require hook and sets the exit code', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    expect(pkg.scripts['plan-review']).toBe('node -r ./tools/register-ts.js tools/access-report/plan-review-cli.ts');
    const res = spawnSync('node', ['-r', './tools/register-ts.js', 'tools/access-report/plan-review-cli.ts', write('n/plan.json', destructive)], { cwd: path.join(__dirname, '..', '..', '..'), encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('ACCESS REMOVED');
    expect(res.status).toBe(2);
  });
});

describe('the tags the review recognises are the ones the stacks write', () => {
  test('bootstrap state storage carries purpose=terraform-state; an environment account carries its environment tag', () => {
    const out = tempDir('plan-review-synth-');
    try {
      synthesize({ configDir: EXAMPLE_CONFIG_DIR, outdir: path.join(out, 'cdktf.out') });
      const stack = (s: string) => JSON.parse(fs.readFileSync(path.join(out, 'cdktf.out', 'stacks', s, 'cdk.tf.json'), 'utf8'));
      const storage = Object.values(stack('bootstrap').resource.azurerm_storage_account) as { tags: Record<string, string> }[];
      expect(storage.map((s) => s.tags[STATE_STORAGE_TAG.key])).toEqual([STATE_STORAGE_TAG.value]);
      const accounts = Object.values(stack('dev').resource.azurerm_cognitive_account) as { tags: Record<string, string> }[];
      expect(accounts.map((a) => a.tags[ENVIRONMENT_TAG])).toEqual(['dev']);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

jest.setTimeout(90_000);

describeOffline('plan review of real offline plans', () => {
  const root = tempDir('plan-review-offline-');
  let providers: OfflineProviders;
  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('changing the location of an applied dev stack: resource group and account replacement flagged, exit 2; --acknowledge exits 0', async () => {
    const before = path.join(root, 'before');
    const after = path.join(root, 'after');
    synthesize({ configDir: configDir({ 'dev.json': readExample('environments/dev.json') }), outdir: before });
    synthesize({ configDir: configDir({ 'dev.json': devWith((env) => (env.location = 'westeurope')) }), outdir: after });
    providers = await OfflineProviders.start({ pins: pinsFor([path.join(before, 'stacks', 'dev')], defaultSchemasDir()), types: typesFor([path.join(before, 'stacks', 'dev'), path.join(after, 'stacks', 'dev')]) });
    const ws = await initWorkspace(providers, path.join(before, 'stacks', 'dev'), root);
    const first = await ws.plan();
    expect(reviewPlan(first.json, { stack: 'dev' }).exitCode).toBe(0);
    expect((await ws.apply()).code).toBe(0);

    fs.copyFileSync(path.join(after, 'stacks', 'dev', 'cdk.tf.json'), path.join(ws.workDir, 'cdk.tf.json'));
    const moved = await ws.plan('moved.tfplan');
    expect(moved.exitCode).toBe(2);
    const file = path.join(ws.workDir, 'plan.json');
    fs.writeFileSync(file, JSON.stringify(moved.json));

    const res = runPlanReview([file, '--stack', 'dev']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('Stack dev: confirmed (the cdk.tf.json beside the plan names stack dev');
    expect(res.stdout).toMatch(/REPLACED: resource group rg-ai-inference-dev \(azurerm_resource_group\.ResourceGroup\): location swedencentral → westeurope forces the replacement\. With it go account contoso-ai-dev\./);
    expect(res.stdout).toMatch(/REPLACED: account contoso-ai-dev \(azurerm_cognitive_account\.[^)]+\): location swedencentral → westeurope/);
    expect(res.stdout).toMatch(/ACCESS BRIEFLY REMOVED: Group 9f2c4b6a-1d3e-4a5b-8c7d-2e4f6a8b0c12's "AI Model Inference User \(dev\)"/);
    expect(runPlanReview([file, '--stack', 'dev', '--acknowledge']).code).toBe(0);
    expect(runPlanReview([file, '--stack', 'prod']).code).toBe(1);
  });
});

describe('reviewPlan: failed check blocks', () => {
  test('a failed check is repeated as a non-blocking finding with its message; passing checks and resource conditions are not', () => {
    const checks = [
      { address: { kind: 'check', name: 'g_EndCheck_1', to_display: 'check.g_EndCheck_1' }, status: 'fail',
        instances: [{ address: { to_display: 'check.g_EndCheck_1' }, status: 'fail', problems: [{ message: 'time-limited grant X ended on 2027-01-15T00:00:00Z: remove it.' }] }] },
      { address: { kind: 'check', name: 'h_EndCheck_2', to_display: 'check.h_EndCheck_2' }, status: 'pass', instances: [{ status: 'pass' }] },
      { address: { kind: 'resource', to_display: 'azurerm_role_assignment.x' }, status: 'fail', instances: [{ problems: [{ message: 'not a check block' }] }] },
    ];
    const review = reviewPlan({ ...plan([]), checks });
    expect(review.exitCode).toBe(0);
    expect(review.findings).toEqual([{ kind: 'check-failed', blocking: false, addresses: ['check.g_EndCheck_1'], type: 'check',
      text: 'CHECK FAILED (a warning, nothing is changed by it): time-limited grant X ended on 2027-01-15T00:00:00Z: remove it. (check.g_EndCheck_1)' }]);
    expect(review.text).toContain('For information (1):\n  - CHECK FAILED');
  });
});
