import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { Testing } from 'cdktf';
import { fakeUuid, UUID_PATTERN } from '../offline/fake-ids';
import { OfflineProviders } from '../offline/offline-providers';
import { OfflineWorkspace } from '../offline/offline-workspace';
import { describeOffline, initWorkspace, processesMatching, stateResources, tempDir, writeStack } from '../test-support/offline-harness';
import { FIXTURE_SUBSCRIPTION, FIXTURE_UPN, fixtureStack } from '../test-support/offline-fixture-stack';

jest.setTimeout(90_000);

describeOffline('offline provider server with the real terraform binary (fixture stack of raw resources)', () => {
  let providers: OfflineProviders;
  let root: string;
  let ws: OfflineWorkspace;

  beforeAll(async () => {
    root = tempDir('offline-fixture-');
    providers = await OfflineProviders.start({ env: { ARM_SUBSCRIPTION_ID: '' } });
    ws = await initWorkspace(providers, writeStack(root, 'fixture', Testing.synth(fixtureStack().stack, true)), root);
  });

  afterAll(async () => {
    await providers?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('init needs no registry and writes no lock file; validate succeeds', async () => {
    expect(fs.existsSync(path.join(ws.workDir, '.terraform.lock.hcl'))).toBe(false);
    const res = await ws.validate();
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('The configuration is valid.');
  });

  test('plan creates every resource, with computed attributes unknown and a user looked up by UPN', async () => {
    const plan = await ws.plan();
    expect(plan.exitCode).toBe(2);
    const byAddress = Object.fromEntries((plan.json!.resource_changes ?? []).map((rc) => [rc.address, rc]));
    expect(byAddress['azurerm_cognitive_account.account'].change.actions).toEqual(['create']);
    expect(byAddress['azurerm_cognitive_account.account'].change.after_unknown).toMatchObject({ id: true, endpoint: true, identity: [{ principal_id: true, tenant_id: true }] });
    // The data source is read at plan time: the user's object ID is known and is the same on every run.
    expect(byAddress['azurerm_role_assignment.alice-inference'].change.after!.principal_id).toBe(fakeUuid('azuread_user', { user_principal_name: FIXTURE_UPN }));
    expect(plan.stdout).toContain('Plan: 8 to add, 0 to change, 0 to destroy.');
  });

  test('apply fills plausible Azure values; a second plan shows no changes', async () => {
    const apply = await ws.apply();
    expect(apply.code).toBe(0);
    const state = Object.fromEntries(stateResources(ws.workDir).map((r) => [`${r.type}.${r.name}`, r.values]));
    const rg = `/subscriptions/${FIXTURE_SUBSCRIPTION}/resourceGroups/rg-offline-fixture`;
    const account = state['azurerm_cognitive_account.account'];
    expect(account.id).toBe(`${rg}/providers/Microsoft.CognitiveServices/accounts/offline-fixture-ai`);
    expect(account.endpoint).toBe('https://offline-fixture-ai.cognitiveservices.azure.com/');
    expect(account.primary_access_key).toBe('');
    expect((account.identity as { principal_id: string }[])[0].principal_id).toMatch(UUID_PATTERN);
    const role = state['azurerm_role_definition.role'];
    expect(role.id).toBe(`${role.role_definition_id}|${rg}`);
    expect(role.role_definition_resource_id).toBe(`${rg}/providers/Microsoft.Authorization/roleDefinitions/${role.role_definition_id}`);
    for (const key of ['azurerm_role_assignment.alice-inference', 'azurerm_role_assignment.deployer-contributor']) {
      const ra = state[key];
      expect(ra.name).toMatch(UUID_PATTERN);
      expect(ra.id).toBe(`${account.id}/providers/Microsoft.Authorization/roleAssignments/${ra.name}`);
    }
    expect(state['azurerm_role_assignment.alice-inference'].role_definition_id).toBe(role.role_definition_resource_id);
    expect(state['azurerm_storage_container.tfstate'].id).toBe(`${rg}/providers/Microsoft.Storage/storageAccounts/stofflinefixture01/blobServices/default/containers/tfstate`);

    const again = await ws.plan();
    expect(again.stdout).toContain('No changes.');
    expect(again.exitCode).toBe(0);
  });

  test.each([
    ['kind', (f: ReturnType<typeof fixtureStack>) => f.account.addOverride('kind', 'OpenAI'), 'azurerm_cognitive_account.account', ['kind']],
    ['custom_subdomain_name once set', (f: ReturnType<typeof fixtureStack>) => f.account.addOverride('custom_subdomain_name', 'offline-fixture-ai2'), 'azurerm_cognitive_account.account', ['custom_subdomain_name']],
    ['deployment model name', (f: ReturnType<typeof fixtureStack>) => f.deployment.addOverride('model.name', 'gpt-4o'), 'azurerm_cognitive_deployment.deployment', ['model', 0, 'name']],
    ['role assignment principal_type', (f: ReturnType<typeof fixtureStack>) => f.deployerAssignment.addOverride('principal_type', 'User'), 'azurerm_role_assignment.deployer-contributor', ['principal_type']],
    ['storage account name', (f: ReturnType<typeof fixtureStack>) => f.storage.addOverride('name', 'stofflinefixture02'), 'azurerm_storage_account.state', ['name']],
  ])('changing %s plans a replacement', async (_what, change, address, replacePath) => {
    const f = fixtureStack();
    change(f);
    fs.writeFileSync(path.join(ws.workDir, 'cdk.tf.json'), Testing.synth(f.stack, true));
    try {
      const plan = await ws.plan('replace.tfplan');
      const rc = plan.json!.resource_changes!.find((r) => r.address === address)!;
      expect(rc.change.actions).toEqual(['delete', 'create']);
      expect(rc.change.replace_paths).toContainEqual(replacePath);
    } finally {
      ws.sync();
    }
  });

  test('an in-place change (tags) plans an update, not a replacement', async () => {
    const f = fixtureStack();
    f.account.addOverride('tags', { team: 'ai' });
    fs.writeFileSync(path.join(ws.workDir, 'cdk.tf.json'), Testing.synth(f.stack, true));
    try {
      const plan = await ws.plan('update.tfplan');
      const changed = plan.json!.resource_changes!.filter((r) => r.change.actions.join() !== 'no-op');
      expect(changed.map((r) => [r.address, r.change.actions])).toEqual([['azurerm_cognitive_account.account', ['update']]]);
    } finally {
      ws.sync();
    }
  });

  test('a misspelled argument set through an escape hatch fails validate with Terraform\'s own error', async () => {
    const f = fixtureStack();
    f.account.addOverride('local_auth_enabeld', false);
    const bad = await initWorkspace(providers, writeStack(root, 'misspelled', Testing.synth(f.stack, true)), root);
    const res = await bad.validate();
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('No argument or block type is named "local_auth_enabeld".');
  });

  test.each([
    ['principal_type', (f: ReturnType<typeof fixtureStack>) => f.userAssignment.addOverride('principal_type', 'user'), 'expected principal_type to be one of ["User","Group","ServicePrincipal"], got user'],
    ['assignment name', (f: ReturnType<typeof fixtureStack>) => f.userAssignment.addOverride('name', 'alice-inference'), 'expected "name" to be a valid UUID, got alice-inference'],
    ['condition_version without condition', (f: ReturnType<typeof fixtureStack>) => f.userAssignment.addOverride('condition_version', '2.0'), '"condition_version": all of `condition_version,condition` must be specified'],
    ['account sku', (f: ReturnType<typeof fixtureStack>) => f.account.addOverride('sku_name', 'Standard'), 'expected sku_name to be one of'],
    ['deployment sku', (f: ReturnType<typeof fixtureStack>) => f.deployment.addOverride('sku.name', 'Global'), 'expected name to be one of ["Standard"'],
    ['subdomain', (f: ReturnType<typeof fixtureStack>) => f.account.addOverride('custom_subdomain_name', '-bad-'), 'invalid value for custom_subdomain_name'],
    ['storage account name', (f: ReturnType<typeof fixtureStack>) => f.storage.addOverride('name', 'St-Offline'), 'invalid value for name (only lowercase letters and numbers'],
  ])('the provider\'s own checks: a bad %s fails validate, pointing at the attribute', async (what, change, message) => {
    const f = fixtureStack();
    change(f);
    const bad = await initWorkspace(providers, writeStack(root, `bad-${what.replace(/\W+/g, '-')}`, Testing.synth(f.stack, true)), root);
    const res = await bad.validate();
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(message);
    expect(res.stderr).toMatch(/with azurerm_\w+\.[\w-]+,/);
  });

  test('without subscription_id (and no ARM_SUBSCRIPTION_ID) plan fails as the real provider does', async () => {
    const bad = await initWorkspace(providers, writeStack(root, 'no-subscription', Testing.synth(fixtureStack({ withSubscription: false }).stack, true)), root);
    const res = await bad.plan();
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('`subscription_id` is a required provider property');
  });
});

describeOffline('offline provider server lifecycle', () => {
  test('stop() ends the server by PID and removes its socket directory', async () => {
    const providers = await OfflineProviders.start();
    const { pid, dir } = providers;
    expect(fs.readdirSync(dir).sort()).toEqual(['azuread.sock', 'azurerm.sock', 'reattach.json', 'server.pid']);
    expect(fs.statSync(dir).mode & 0o077).toBe(0);
    await providers.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('a parent that dies without cleaning up leaves no server behind', async () => {
    // A child node process starts the providers, prints the server PID and is then SIGKILLed.
    const script = `require(${JSON.stringify(path.join(__dirname, '..', 'offline', 'register-ts.js'))});
      require(${JSON.stringify(path.join(__dirname, '..', 'offline', 'offline-providers.ts'))}).OfflineProviders.start()
        .then((p) => console.log('PID ' + p.pid));`;
    const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const serverPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /PID (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.on('exit', () => reject(new Error(`parent exited early: ${out}`)));
    });
    expect(() => process.kill(serverPid, 0)).not.toThrow();
    parent.kill('SIGKILL');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && processesMatching(`--parent-pid ${parent.pid}`).length > 0) await new Promise((r) => setTimeout(r, 100));
    expect(processesMatching(`--parent-pid ${parent.pid}`)).toEqual([]);
  });
});
