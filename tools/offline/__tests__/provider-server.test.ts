import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { Testing } from 'cdktf';
import { fakeUuid, UUID_PATTERN } from '../fake-ids';
import { OfflineProviders } from '../offline-providers';
import { OfflineWorkspace, typesFor } from '../offline-workspace';
import { Portal } from '../portal';
import { describeOffline, initWorkspace, processesMatching, stateResources, tempDir, writeStack } from '../test-support/harness';
import { FIXTURE_SUBSCRIPTION, FIXTURE_UPN, fixtureStack } from '../test-support/fixture-stack';

jest.setTimeout(90_000);

describeOffline('offline provider server with the real terraform binary (fixture stack of raw resources)', () => {
  let providers: OfflineProviders;
  let root: string;
  let ws: OfflineWorkspace;

  beforeAll(async () => {
    root = tempDir('offline-fixture-');
    const fixtureDir = writeStack(root, 'fixture', Testing.synth(fixtureStack().stack, true));
    // The fixture holds every type the tests below use: serve only those (twice as fast per terraform command).
    providers = await OfflineProviders.start({ env: { ARM_SUBSCRIPTION_ID: '' }, types: typesFor([fixtureDir]) });
    ws = await initWorkspace(providers, fixtureDir, root);
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
    // As Azure returns it: an RG-scoped custom role's resource ID is at the subscription level; id = <resource ID>|<scope>.
    expect(role.role_definition_resource_id).toBe(`/subscriptions/${FIXTURE_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${role.role_definition_id}`);
    expect(role.id).toBe(`${role.role_definition_resource_id}|${rg}`);
    // Defaults of the schema are filled in; the location is normalised.
    expect(account.public_network_access_enabled).toBe(true);
    expect(state['azurerm_storage_account.state'].min_tls_version).toBe('TLS1_2');
    expect(state['azurerm_storage_container.tfstate'].container_access_type).toBe('private');
    expect(state['azurerm_cognitive_deployment.deployment'].version_upgrade_option).toBe('OnceNewDefaultVersionAvailable');
    for (const key of ['azurerm_role_assignment.alice-inference', 'azurerm_role_assignment.deployer-contributor']) {
      const ra = state[key];
      expect(ra.name).toMatch(UUID_PATTERN);
      expect(ra.id).toBe(`${account.id}/providers/Microsoft.Authorization/roleAssignments/${ra.name}`);
    }
    expect(state['azurerm_role_assignment.alice-inference'].role_definition_id).toBe(role.role_definition_resource_id);
    expect(state['azurerm_storage_container.tfstate'].id).toBe(`${rg}/providers/Microsoft.Storage/storageAccounts/stofflinefixture01/blobServices/default/containers/tfstate`);

    const again = await ws.plan('again.tfplan', { json: false });
    expect(again.stdout).toContain('No changes.');
    expect(again.exitCode).toBe(0);
  });

  // Changes to resources that do not depend on each other share one plan (group A, B, C); each test reads its resource.
  type Fixture = ReturnType<typeof fixtureStack>;
  const REPLACEMENTS: [string, string, (f: Fixture) => void, string, (string | number)[]][] = [
    ['kind', 'A', (f) => f.account.addOverride('kind', 'OpenAI'), 'azurerm_cognitive_account.account', ['kind']],
    ['custom_subdomain_name once set', 'B', (f) => f.account.addOverride('custom_subdomain_name', 'offline-fixture-ai2'), 'azurerm_cognitive_account.account', ['custom_subdomain_name']],
    ['deployment model name', 'C', (f) => f.deployment.addOverride('model.name', 'gpt-4o'), 'azurerm_cognitive_deployment.deployment', ['model', 0, 'name']],
    ['role assignment principal_type', 'C', (f) => f.deployerAssignment.addOverride('principal_type', 'User'), 'azurerm_role_assignment.deployer-contributor', ['principal_type']],
    ['storage account name', 'A', (f) => f.storage.addOverride('name', 'stofflinefixture02'), 'azurerm_storage_account.state', ['name']],
  ];
  const replacementPlans: Record<string, ReturnType<OfflineWorkspace['plan']>> = {};
  const replacementPlan = (group: string) => (replacementPlans[group] ??= (async () => {
    const f = fixtureStack();
    for (const [, g, change] of REPLACEMENTS) if (g === group) change(f);
    fs.writeFileSync(path.join(ws.workDir, 'cdk.tf.json'), Testing.synth(f.stack, true));
    try {
      return await ws.plan(`replace-${group}.tfplan`);
    } finally {
      ws.sync();
    }
  })());

  test.each(REPLACEMENTS)('changing %s plans a replacement', async (_what, group, _change, address, replacePath) => {
    const plan = await replacementPlan(group);
    const rc = plan.json!.resource_changes!.find((r) => r.address === address)!;
    expect(rc.change.actions).toEqual(['delete', 'create']);
    expect(rc.change.replace_paths).toContainEqual(replacePath);
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

  // The bad configurations, each its own copy of the resource it breaks (`bad-<case>`) in one stack: one `terraform validate`
  // reports every diagnostic, each pointing at its resource (no init: validate reads no backend or state).
  const BAD: [string, (f: ReturnType<typeof fixtureStack>) => void, string][] = [
    ['principal_type', (f) => f.userAssignment.addOverride('principal_type', 'user'), 'expected principal_type to be one of ["User" "Group" "ServicePrincipal"], got user'],
    ['assignment name', (f) => f.userAssignment.addOverride('name', 'alice-inference'), 'expected "name" to be a valid UUID, got alice-inference'],
    ['deployment capacity', (f) => f.deployment.addOverride('sku.capacity', 0), 'expected sku.0.capacity to be at least (1), got 0'],
    ['empty rai_policy_name', (f) => f.deployment.addOverride('rai_policy_name', ''), 'expected "rai_policy_name" to not be an empty string'],
    ['DeveloperTier (not in 4.55.0)', (f) => f.deployment.addOverride('sku.name', 'DeveloperTier'), 'expected sku.0.name to be one of'],
    ['storage IP rule in a private range', (f) => f.storage.addOverride('network_rules', { default_action: 'Deny', ip_rules: ['10.0.0.0/30'] }), 'must be public ip address but got "10.0.0.0/30"'],
    ['network_acls without custom_subdomain_name', (f) => { f.account.addOverride('custom_subdomain_name', null); f.account.addOverride('network_acls', { default_action: 'Deny' }); }, '"network_acls": all of `network_acls,custom_subdomain_name` must be specified'],
    ['role assignment with both role_definition_id and _name', (f) => f.deployerAssignment.addOverride('role_definition_name', 'Reader'), 'only one of `role_definition_id,role_definition_name` can be specified'],
    ['account sku', (f) => f.account.addOverride('sku_name', 'Standard'), 'expected sku_name to be one of'],
    ['deployment sku', (f) => f.deployment.addOverride('sku.name', 'Global'), 'expected sku.0.name to be one of ["Standard" "DataZoneBatch"'],
    ['subdomain', (f) => f.account.addOverride('custom_subdomain_name', ''), 'expected "custom_subdomain_name" to not be an empty string'],
    ['storage account name', (f) => f.storage.addOverride('name', 'St-Offline'), 'name ("St-Offline") can only consist of lowercase letters and numbers'],
  ];
  const MISSPELLED: [string, (f: ReturnType<typeof fixtureStack>) => void] = ['misspelled', (f) => f.account.addOverride('local_auth_enabeld', false)];
  const slug = (what: string) => `bad-${what.replace(/\W+/g, '-')}`;
  let badAddresses: Record<string, string>;
  let badValidate: Promise<{ code: number; diagnostics: string[] }> | undefined;
  /** Validates (once) the stack of every bad configuration; the diagnostics are Terraform's, one string each. */
  const validateBad = () => (badValidate ??= (async () => {
    const base = JSON.parse(Testing.synth(fixtureStack().stack, true));
    const merged = structuredClone(base);
    badAddresses = {};
    for (const [what, change] of [...BAD, MISSPELLED]) {
      const f = fixtureStack();
      change(f);
      const changed = JSON.parse(Testing.synth(f.stack, true));
      const differing = Object.entries(changed.resource as Record<string, Record<string, unknown>>)
        .flatMap(([type, byName]) => Object.entries(byName).filter(([name, body]) => JSON.stringify(body) !== JSON.stringify(base.resource[type][name])).map(([, body]) => [type, body] as const));
      if (differing.length !== 1) throw new Error(`the bad case "${what}" changes ${differing.length} resources, not one`);
      const [type, body] = differing[0];
      merged.resource[type][slug(what)] = body;
      badAddresses[what] = `${type}.${slug(what)}`;
    }
    const bad = new OfflineWorkspace({ stackDir: writeStack(root, 'bad', merged), workDir: path.join(root, 'work', 'bad'), providers });
    const res = await bad.validate();
    return { code: res.code, diagnostics: res.stderr.split(/^(?=Error: |Warning: )/m).filter((d) => d.trim().length > 0) };
  })());
  /** The diagnostics about the resource of one bad case, whitespace folded. */
  const diagnosticsOf = async (what: string) => {
    const { diagnostics } = await validateBad();
    const [type, name] = badAddresses[what].split('.');
    return diagnostics.filter((d) => d.includes(`in resource.${type}.${name}:`) || d.includes(`in resource.${type}.${name}.`)).map((d) => d.replace(/\s+/g, ' '));
  };

  test('a misspelled argument set through an escape hatch fails validate with Terraform\'s own error', async () => {
    expect((await validateBad()).code).toBe(1);
    expect(await diagnosticsOf('misspelled')).toEqual([expect.stringContaining('No argument or block type is named "local_auth_enabeld".')]);
  });

  test.each(BAD)('the provider\'s own checks: a bad %s fails validate, pointing at the attribute', async (what, _change, message) => {
    expect((await validateBad()).code).toBe(1);
    // One diagnostic per attribute named (a conflict names both).
    const diagnostics = await diagnosticsOf(what);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d).toContain(message);
      expect(d).toContain(`with ${badAddresses[what]},`);
    }
  });

  test('every diagnostic of the bad stack is about a bad case: the good resources in it validate', async () => {
    const { diagnostics } = await validateBad();
    const bad = Object.values(badAddresses).map((a) => `in resource.${a}`);
    expect(diagnostics.filter((d) => !bad.some((b) => d.includes(`${b}:`) || d.includes(`${b}.`)))).toEqual([]);
    expect(diagnostics.length).toBeGreaterThanOrEqual(BAD.length + 1);
  });

  test('without subscription_id (and no ARM_SUBSCRIPTION_ID) and use_cli = false, plan fails as the real provider does', async () => {
    const bad = await initWorkspace(providers, writeStack(root, 'no-subscription', Testing.synth(fixtureStack({ withSubscription: false, useCli: false }).stack, true)), root);
    const res = await bad.plan(undefined, { json: false });
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('`subscription_id` is a required provider property');
  });

  // ---- Azure's read-back, conflicts and out-of-band changes (small raw stacks on the same server and Azure store)

  const SUB = FIXTURE_SUBSCRIPTION;
  const OWNER_ROLE = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`;
  const raw = (resource: object) => ({ provider: { azurerm: [{ features: [{}], subscription_id: SUB }] }, resource });
  const account = (rg: string, extra: object = {}) => ({
    name: `${rg}-ai`,
    location: 'Sweden Central',
    resource_group_name: rg,
    kind: 'AIServices',
    sku_name: 'S0',
    custom_subdomain_name: `${rg}-ai`,
    local_auth_enabled: false,
    ...extra,
  });
  const assignment = (name: string, principal: string, scope = `/subscriptions/${SUB}/resourceGroups/rg-conflicts`) => ({ name, scope, role_definition_id: OWNER_ROLE, principal_id: principal, principal_type: 'User' });
  const ids = { n1: '0d1b5a4e-1111-4c2d-9e3f-000000000001', n2: '0d1b5a4e-1111-4c2d-9e3f-000000000002', p1: '7a1c2b3d-2222-4e5f-8a9b-000000000001', p2: '7a1c2b3d-2222-4e5f-8a9b-000000000002' };

  test('a deployment without rai_policy_name or model.version: Azure fills them in, so the second plan is not empty (as for real)', async () => {
    const drift = await initWorkspace(
      providers,
      writeStack(root, 'drift', raw({
        azurerm_cognitive_account: { a: account('rg-drift') },
        azurerm_cognitive_deployment: { d: { name: 'gpt-4o-mini', cognitive_account_id: '${azurerm_cognitive_account.a.id}', model: [{ format: 'OpenAI', name: 'gpt-4o-mini' }], sku: [{ name: 'GlobalStandard' }] } },
      })),
      root,
    );
    const first = await drift.plan();
    expect(first.exitCode).toBe(2);
    const planned = first.json!.resource_changes!.find((r) => r.address === 'azurerm_cognitive_deployment.d')!.change.after!;
    // Provider defaults are in the plan; the location is normalised by the provider's StateFunc.
    expect(planned).toMatchObject({ version_upgrade_option: 'OnceNewDefaultVersionAvailable', sku: [{ capacity: 1 }] });
    expect(first.json!.resource_changes!.find((r) => r.address === 'azurerm_cognitive_account.a')!.change.after).toMatchObject({ location: 'swedencentral', public_network_access_enabled: true });
    expect((await drift.apply()).code).toBe(0);
    const second = await drift.plan('second.tfplan');
    expect(second.exitCode).toBe(2);
    const change = second.json!.resource_changes!.find((r) => r.address === 'azurerm_cognitive_deployment.d')!.change;
    expect(change.actions).toEqual(['update']);
    expect(change.before).toMatchObject({ rai_policy_name: 'Microsoft.DefaultV2', model: [{ version: '2024-07-18' }] });
    expect(change.after).toMatchObject({ rai_policy_name: null, model: [{ version: null }] });
    // "West Europe" and "westeurope" are the same location: no replacement.
    const account2 = raw({ azurerm_cognitive_account: { a: account('rg-drift', { location: 'swedencentral' }) } });
    fs.writeFileSync(path.join(drift.workDir, 'cdk.tf.json'), JSON.stringify({ ...account2, resource: { ...account2.resource, azurerm_cognitive_deployment: { d: { name: 'gpt-4o-mini', cognitive_account_id: '${azurerm_cognitive_account.a.id}', model: [{ format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' }], sku: [{ name: 'GlobalStandard' }], rai_policy_name: 'Microsoft.DefaultV2' } } } }));
    const fixed = await drift.plan('fixed.tfplan', { json: false });
    expect(fixed.stdout).toContain('No changes.');
  });

  test('role assignments meet in one Azure: a duplicate name fails the apply, a duplicate (scope, role, principal) fails with RoleAssignmentExists, deleting frees it', async () => {
    const first = await initWorkspace(providers, writeStack(root, 'ra-first', raw({ azurerm_role_assignment: { a: assignment(ids.n1, ids.p1) } })), root);
    const sameName = await initWorkspace(providers, writeStack(root, 'ra-same-name', raw({ azurerm_role_assignment: { b: assignment(ids.n1, ids.p2) } })), root);
    const sameTriple = await initWorkspace(providers, writeStack(root, 'ra-same-triple', raw({ azurerm_role_assignment: { c: assignment(ids.n2, ids.p1) } })), root);
    expect((await first.plan(undefined, { json: false })).exitCode).toBe(2);
    expect((await first.apply()).code).toBe(0);

    expect((await sameName.plan(undefined, { json: false })).exitCode).toBe(2);
    const dupName = await sameName.apply();
    expect(dupName.code).toBe(1);
    expect(dupName.stderr.replace(/\s+/g, ' ')).toContain(`A resource with the ID "/subscriptions/${SUB}/resourceGroups/rg-conflicts/providers/Microsoft.Authorization/roleAssignments/${ids.n1}" already exists - to be managed via Terraform this resource needs to be imported into the State.`);

    expect((await sameTriple.plan(undefined, { json: false })).exitCode).toBe(2);
    const dupTriple = await sameTriple.apply();
    expect(dupTriple.code).toBe(1);
    expect(dupTriple.stderr.replace(/\s+/g, ' ')).toContain('RoleAssignmentExists: The role assignment already exists.');

    // skip_service_principal_aad_check is not ForceNew: an in-place update, which the resource (no Update) cannot do.
    fs.writeFileSync(path.join(first.workDir, 'cdk.tf.json'), JSON.stringify(raw({ azurerm_role_assignment: { a: { ...assignment(ids.n1, ids.p1), skip_service_principal_aad_check: true } } })));
    const skip = await first.plan('skip.tfplan');
    expect(skip.json!.resource_changes![0].change.actions).toEqual(['update']);
    const noUpdate = await first.apply('skip.tfplan');
    expect(noUpdate.code).toBe(1);
    expect(noUpdate.stderr).toContain("doesn't support update");
    first.sync();

    // Destroying the first stack's assignment removes the Azure object: the other stack can now create its own.
    expect((await first.terraform('destroy', '-auto-approve', '-no-color', '-input=false')).code).toBe(0);
    expect((await sameName.plan(undefined, { json: false })).exitCode).toBe(2);
    expect((await sameName.apply()).code).toBe(0);

    // Import of an object that exists in Azure, then a plan with no changes.
    const adopt = await initWorkspace(providers, writeStack(root, 'ra-adopt', raw({ azurerm_role_assignment: { b: assignment(ids.n1, ids.p2) } })), root);
    const imported = await adopt.terraform('import', '-no-color', '-input=false', 'azurerm_role_assignment.b', `/subscriptions/${SUB}/resourceGroups/rg-conflicts/providers/Microsoft.Authorization/roleAssignments/${ids.n1}`);
    expect(imported.stderr).toBe('');
    expect((await adopt.plan(undefined, { json: false })).exitCode).toBe(0);
  });

  test('a change "in the portal" (keys turned on, a tag added, an assignment deleted) shows in the next plan, which repairs it', async () => {
    const ws2 = await initWorkspace(
      providers,
      writeStack(root, 'portal', raw({
        azurerm_cognitive_account: { a: account('rg-portal', { tags: { team: 'ai' } }) },
        azurerm_role_assignment: { r: assignment(ids.n2, ids.p2, '${azurerm_cognitive_account.a.id}') },
      })),
      root,
    );
    expect((await ws2.plan(undefined, { json: false })).exitCode).toBe(2);
    expect((await ws2.apply()).code).toBe(0);
    expect((await ws2.plan('clean.tfplan', { json: false })).exitCode).toBe(0);

    const portal = new Portal(providers.azureStore);
    const accountId = portal.resolve('rg-portal-ai', 'azurerm_cognitive_account');
    portal.set(accountId, { local_auth_enabled: true });
    portal.tag(accountId, 'owner', 'someone');
    portal.delete(`${accountId}/providers/Microsoft.Authorization/roleAssignments/${ids.n2}`);

    const repair = await ws2.plan('repair.tfplan');
    expect(repair.exitCode).toBe(2);
    const byAddress = Object.fromEntries(repair.json!.resource_changes!.map((r) => [r.address, r.change]));
    expect(byAddress['azurerm_cognitive_account.a'].actions).toEqual(['update']);
    expect(byAddress['azurerm_cognitive_account.a'].before).toMatchObject({ local_auth_enabled: true, tags: { team: 'ai', owner: 'someone' } });
    expect(byAddress['azurerm_cognitive_account.a'].after).toMatchObject({ local_auth_enabled: false, tags: { team: 'ai' } });
    expect(byAddress['azurerm_role_assignment.r'].actions).toEqual(['create']);
    expect((await ws2.apply('repair.tfplan')).code).toBe(0);
    expect((await ws2.plan('after.tfplan', { json: false })).exitCode).toBe(0);
    expect(portal.show(accountId).local_auth_enabled).toBe(false);
  });
});

describeOffline('offline provider server lifecycle', () => {
  test('stop() ends the server by PID and removes its socket directory', async () => {
    const providers = await OfflineProviders.start();
    const { pid, dir } = providers;
    expect(fs.readdirSync(dir).sort()).toEqual(['azuread.sock', 'azurerm.sock', 'reattach.json', 'server.pid']);
    expect(fs.statSync(dir).mode & 0o077).toBe(0);
    // setClock: the same server, Terraform's keyless_now with it; a malformed time is refused, the clock kept.
    expect(providers.clock).toBe(process.env.KEYLESS_NOW || undefined);
    providers.setClock('2027-01-16T00:00:00Z');
    expect([providers.pid, providers.clock, providers.env().TF_VAR_keyless_now]).toEqual([pid, '2027-01-16T00:00:00Z', '2027-01-16T00:00:00Z']);
    expect(() => providers.setClock('tomorrow')).toThrow(/KEYLESS_NOW="tomorrow": expected an RFC 3339 UTC time/);
    expect(providers.clock).toBe('2027-01-16T00:00:00Z');
    await providers.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('a server that dies is reported once, in plain words', async () => {
    const providers = await OfflineProviders.start();
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      process.kill(providers.pid, 'SIGKILL');
      const deadline = Date.now() + 5_000;
      while (!providers.died && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(providers.died).toMatch(/^offline provider server \(pid \d+\) ended unexpectedly with signal SIGKILL/);
      expect(write.mock.calls.filter(([text]) => String(text).includes('ended unexpectedly'))).toHaveLength(1);
    } finally {
      write.mockRestore();
      await providers.stop();
    }
  });

  test('a parent that dies without cleaning up leaves no server behind', async () => {
    // A child node process starts the providers, prints the server PID and is then SIGKILLed.
    const script = `require(${JSON.stringify(path.join(__dirname, '..', '..', 'register-ts.js'))});
      require(${JSON.stringify(path.join(__dirname, '..', 'offline-providers.ts'))}).OfflineProviders.start()
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
