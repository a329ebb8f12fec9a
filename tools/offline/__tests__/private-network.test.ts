import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../../app/synthesize';
import { reviewPlan } from '../../access-report/plan-review';
import { configDir, readExample } from '../../../test-support/config-fixtures';
import { OfflineProviders } from '../offline-providers';
import { OfflineWorkspace, pinsFor, typesFor } from '../offline-workspace';
import { defaultSchemasDir } from '../schema-store';
import { describeOffline, initWorkspace, stateResources, tempDir } from '../test-support/harness';

jest.setTimeout(120_000);

/**
 * The production example (config/environments/prod-private.json: public access off, a private endpoint with the hub's
 * zones, a locked account) on the user's path: strict synth, offline apply, then everyday edits under the lock.
 */
describeOffline('private-only production example, offline', () => {
  const root = tempDir('offline-private-');
  const outdir = path.join(root, 'cdktf.out');
  const env = readExample('environments/prod-private.json');
  const synth = (e: unknown, strict = false) => synthesize({ configDir: configDir({ 'prod-private.json': e }), outdir, strict });
  const stackDir = path.join(outdir, 'stacks', 'prod-private');
  const json = () => JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  let providers: OfflineProviders;
  let ws: OfflineWorkspace;

  beforeAll(async () => {
    // Strict: any guardrail warning (KAI-AI-004, KAI-ST-007, ...) would throw here.
    expect(synth(env, true).warnings).toEqual([]);
    providers = await OfflineProviders.start({ pins: pinsFor([stackDir], defaultSchemasDir()), types: typesFor([stackDir]) });
    ws = await initWorkspace(providers, stackDir, root);
  });

  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const changes = (plan: Awaited<ReturnType<OfflineWorkspace['plan']>>) =>
    plan.json!.resource_changes!.filter((rc) => rc.mode === 'managed' && rc.change.actions.join() !== 'no-op').map((rc) => `${rc.type} ${rc.change.actions.join('/')}`).sort();

  test('plans, applies and re-plans empty; the endpoint connects the account with the hub zones and a private address', async () => {
    const plan = await ws.plan(undefined, { json: false });
    expect(plan.stderr).toBe('');
    expect((await ws.apply()).code).toBe(0);
    const pe = stateResources(ws.workDir).find((r) => r.type === 'azurerm_private_endpoint')!;
    expect(pe.values.private_service_connection).toEqual([expect.objectContaining({ subresource_names: ['account'], private_ip_address: expect.stringMatching(/^10\./) })]);
    expect((pe.values.private_dns_zone_configs as { name: string }[]).map((c) => c.name).sort())
      .toEqual(['privatelink-cognitiveservices-azure-com', 'privatelink-openai-azure-com', 'privatelink-services-ai-azure-com']);
    const account = stateResources(ws.workDir).find((r) => r.type === 'azurerm_cognitive_account')!;
    expect(account.values.public_network_access_enabled).toBe(false);
    const again = await ws.plan('again.tfplan', { json: false });
    expect(again.exitCode).toBe(0);
  });

  test('removing a developer under the lock: Terraform lifts the lock, deletes the grant, puts the lock back; then no changes', async () => {
    synth({ ...env, developers: [] });
    ws.sync();
    const plan = await ws.plan('remove.tfplan');
    expect(changes(plan)).toEqual(['azurerm_management_lock delete/create', 'azurerm_role_assignment delete', 'terraform_data update']);
    // The plan review: the removed access blocks until acknowledged; the lock's replacement is information.
    const review = reviewPlan(plan.json as never);
    expect(review.findings.map((f) => [f.type, f.blocking])).toEqual(expect.arrayContaining([['azurerm_role_assignment', true], ['azurerm_management_lock', false]]));
    expect(review.findings.filter((f) => f.type === 'azurerm_management_lock')[0].text).toMatch(/^lock lifted and put back/);
    const apply = await ws.apply('remove.tfplan');
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(stateResources(ws.workDir).filter((r) => r.type === 'azurerm_management_lock')).toHaveLength(1);
    expect((await ws.plan('after-remove.tfplan', { json: false })).exitCode).toBe(0);
  });

  test('without the lock\'s replace trigger, Azure refuses the same kind of edit (ScopeLocked): why the trigger is there', async () => {
    synth({ ...env, developers: [], administrators: [] });
    const j = json();
    for (const lock of Object.values(j.resource.azurerm_management_lock) as { lifecycle?: unknown }[]) delete lock.lifecycle;
    fs.writeFileSync(path.join(ws.workDir, 'cdk.tf.json'), JSON.stringify(j));
    const plan = await ws.plan('unlifted.tfplan');
    expect(changes(plan)).toEqual(['azurerm_role_assignment delete', 'terraform_data update']);
    const apply = await ws.apply('unlifted.tfplan');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/ScopeLocked: The scope '.*\/accounts\/contoso-ai-prod-private\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]+' cannot perform delete operation/);
  });

  test('destroying the stack deletes the lock first, then everything under it', async () => {
    synth({ ...env, developers: [] });
    ws.sync();
    const destroy = await ws.terraform('destroy', '-input=false', '-no-color', '-auto-approve');
    expect(destroy.stderr).toBe('');
    expect(destroy.code).toBe(0);
    expect(stateResources(ws.workDir)).toEqual([]);
  });
});

describeOffline('private endpoint in another subscription with zones the stack creates, offline', () => {
  const root = tempDir('offline-private-zones-');
  const outdir = path.join(root, 'cdktf.out');
  const env = readExample('environments/prod-private.json');
  const hub = '00000000-0000-0000-0000-0000000000ff';
  const pe = env.account.privateEndpoints[0];
  pe.subnetId = pe.subnetId.replace(env.subscriptionId, hub);
  pe.resourceGroupName = 'rg-hub-endpoints';
  pe.dns = { create: { resourceGroupName: 'rg-hub-dns', virtualNetworkIds: [pe.subnetId.replace(/\/subnets\/[^/]+$/, '')] } };
  const stackDir = path.join(outdir, 'stacks', 'prod-private');
  let providers: OfflineProviders;
  let ws: OfflineWorkspace;

  beforeAll(async () => {
    expect(synthesize({ configDir: configDir({ 'prod-private.json': env }), outdir, strict: true }).warnings).toEqual([]);
    providers = await OfflineProviders.start({ pins: pinsFor([stackDir], defaultSchemasDir()), types: typesFor([stackDir]) });
    ws = await initWorkspace(providers, stackDir, root);
  });

  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('three zones, three links and the endpoint are created in the hub subscription; the re-plan is empty', async () => {
    const plan = await ws.plan(undefined, { json: false });
    expect(plan.stderr).toBe('');
    expect((await ws.apply()).code).toBe(0);
    const state = stateResources(ws.workDir);
    const ids = (type: string) => state.filter((r) => r.type === type).map((r) => String(r.values.id)).sort();
    expect(ids('azurerm_private_dns_zone')).toEqual(['privatelink.cognitiveservices.azure.com', 'privatelink.openai.azure.com', 'privatelink.services.ai.azure.com']
      .map((z) => `/subscriptions/${hub}/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/${z}`));
    expect(ids('azurerm_private_dns_zone_virtual_network_link')).toHaveLength(3);
    expect(ids('azurerm_private_endpoint')).toEqual([`/subscriptions/${hub}/resourceGroups/rg-hub-endpoints/providers/Microsoft.Network/privateEndpoints/pe-contoso-ai-prod-private-account`]);
    const endpoint = state.find((r) => r.type === 'azurerm_private_endpoint')!;
    expect((endpoint.values.private_dns_zone_group as { private_dns_zone_ids: string[] }[])[0].private_dns_zone_ids).toEqual(ids('azurerm_private_dns_zone'));
    expect((await ws.plan('again.tfplan', { json: false })).exitCode).toBe(0);
  });
});

describeOffline('audit logs of a locked account, offline', () => {
  const root = tempDir('offline-private-logs-');
  const outdir = path.join(root, 'cdktf.out');
  const workspaceId = '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-monitoring-prod/providers/Microsoft.OperationalInsights/workspaces/law-platform-prod';
  const env = { ...readExample('environments/prod-private.json'), auditLogs: { enabled: true, workspaceId } };
  const stackDir = path.join(outdir, 'stacks', 'prod-private');
  let providers: OfflineProviders;
  let ws: OfflineWorkspace;

  beforeAll(async () => {
    synthesize({ configDir: configDir({ 'prod-private.json': env }), outdir, strict: true });
    providers = await OfflineProviders.start({ pins: pinsFor([stackDir], defaultSchemasDir()), types: typesFor([stackDir]) });
    ws = await initWorkspace(providers, stackDir, root);
  });

  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('turning the audit logs off deletes the account\'s diagnostic setting under the lock: the lock is lifted around it', async () => {
    await ws.plan(undefined, { json: false });
    expect((await ws.apply()).code).toBe(0);
    synthesize({ configDir: configDir({ 'prod-private.json': { ...env, auditLogs: { enabled: false } } }), outdir });
    ws.sync();
    const plan = await ws.plan('logs-off.tfplan');
    expect(plan.json!.resource_changes!.filter((rc) => rc.change.actions.join() !== 'no-op').map((rc) => `${rc.type} ${rc.change.actions.join('/')}`).sort())
      .toEqual(['azurerm_management_lock delete/create', 'azurerm_monitor_diagnostic_setting delete', 'terraform_data update']);
    const apply = await ws.apply('logs-off.tfplan');
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
  });
});
