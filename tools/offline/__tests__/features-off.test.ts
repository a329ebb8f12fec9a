import * as fs from 'fs';
import * as path from 'path';
import { reviewPlan } from '@keyless-ai-inference/access-report';
import { synthesize } from '../../../app/synthesize';
import { configDir, devWith } from '../../../test-support/config-fixtures';
import { OfflineProviders } from '../offline-providers';
import { localStateFile, OfflineWorkspace, pinsFor, typesFor } from '../offline-workspace';
import { defaultSchemasDir } from '../schema-store';
import { describeOffline, tempDir } from '../test-support/harness';

jest.setTimeout(180_000);

/** The example dev environment with every optional feature on, and principals looked up in every way. */
const allOn = () => devWith((env) => {
  env.justInTimeAdministrators = { enabled: true, justification: 'Platform on-call, under an approved change ticket' };
  env.developers.push(
    { kind: 'userByMail', mail: 'bob@contoso.com' },
    { kind: 'userByMailNickname', mailNickname: 'carol' },
    { kind: 'userByEmployeeId', employeeId: 'E-10042' },
    { kind: 'groupByMailNickname', mailNickname: 'ai-readers' },
    { kind: 'servicePrincipalByDisplayName', displayName: 'batch-scorer' },
    { kind: 'userAssignedIdentity', name: 'id-ingest', resourceGroupName: 'rg-jobs' },
    { kind: 'userAssignedIdentityById', resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-jobs/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-export' },
  );
});

/** Entries that look a principal up (anything but an object ID). */
const isLookup = (p: { kind: string }) => !['user', 'group', 'servicePrincipal', 'managedIdentity'].includes(p.kind);

/** Each optional feature turned off, and the types whose last resource (or data source) leaves with it. */
const FEATURES: [string, (env: any) => void, string[]][] = [
  ['the key-access policy', (env) => (env.policy = { keyAccess: { enabled: false } }), ['azurerm_resource_group_policy_assignment']],
  ['audit logs', (env) => (env.auditLogs = { enabled: false }), ['azurerm_monitor_diagnostic_setting', 'azurerm_log_analytics_workspace']],
  ['time-limited developers (PIM active)', (env) => (env.temporaryDevelopers = []), ['azurerm_pim_active_role_assignment']],
  ['just-in-time administrators (PIM eligible)', (env) => delete env.justInTimeAdministrators, ['azurerm_pim_eligible_role_assignment']],
  ['model deployments', (env) => (env.account.deployments = []), ['azurerm_cognitive_deployment']],
  ['the custom role', (env) => (env.customRole = { enabled: false }), ['azurerm_role_definition']],
  [
    'principals looked up (every kind)',
    (env) => {
      env.developers = env.developers.filter((p: any) => !isLookup(p));
      env.administrators = [{ kind: 'group', objectId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', label: 'AI Platform Admins' }];
    },
    ['azuread_user', 'azuread_group', 'azuread_service_principal', 'azuread_client_config', 'azurerm_user_assigned_identity'],
  ],
];

/**
 * Turning an optional feature off after an apply plans the deletion of what it made, which the plan review reports:
 * the offline server serves the types the state holds, not only those the configuration still uses.
 */
describeOffline('each optional feature turned off after an apply: a plan of deletes, reviewed', () => {
  const root = tempDir('offline-features-off-');
  let step = 0;
  const synth = (env: unknown) => {
    const out = path.join(root, `out-${step++}`);
    synthesize({ configDir: configDir({ 'dev.json': env }), outdir: out });
    return path.join(out, 'stacks', 'dev');
  };
  const workDir = path.join(root, 'work', 'dev');
  const state = localStateFile(workDir);
  let running: { providers: OfflineProviders; key: string } | undefined;
  /** Providers serving exactly these pins and types on the one "Azure": the running ones when they do (plans change no Azure). */
  const providersFor = async (pins: Record<string, string>, types: string[]) => {
    const key = JSON.stringify({ pins, types });
    if (running?.key !== key) {
      await running?.providers.stop();
      running = { providers: await OfflineProviders.start({ pins, types, azureStore: path.join(root, 'azure-store.json') }), key };
    }
    return running.providers;
  };

  beforeAll(async () => {
    const on = synth(allOn());
    const providers = await providersFor(pinsFor([on], defaultSchemasDir()), typesFor([on]));
    const ws = new OfflineWorkspace({ stackDir: on, workDir, providers });
    const init = await ws.init();
    if (init.code !== 0) throw new Error(`init failed:\n${init.stdout}${init.stderr}`);
    const plan = await ws.plan('on.tfplan');
    if (plan.exitCode !== 2) throw new Error(`the all-on plan failed:\n${plan.stdout}${plan.stderr}`);
    const applied = await ws.apply('on.tfplan');
    if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}${applied.stderr}`);
  });

  afterAll(async () => {
    await running?.providers.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test.each(FEATURES)('%s', async (_name, turnOff, types) => {
    const env = allOn();
    turnOff(env);
    const off = synth(env);
    const configured = typesFor([off]);
    // The configuration no longer uses these types: only the state names them.
    for (const t of types) expect(configured).not.toContain(t);
    expect(typesFor([off], [state])).toEqual(expect.arrayContaining(types));
    // A server of exactly the types of the configuration and the state (the same set for every feature, so one server).
    const providers = await providersFor(pinsFor([off], defaultSchemasDir()), typesFor([off], [state]));
    const ws = new OfflineWorkspace({ stackDir: off, workDir, providers });
    const plan = await ws.plan(`off-${step}.tfplan`);
    expect(plan.stderr).toBe('');
    expect(plan.exitCode).toBe(2);
    const managed = types.filter((t) => !t.startsWith('azuread_') && t !== 'azurerm_user_assigned_identity');
    const changes = plan.json!.resource_changes ?? [];
    for (const t of managed) expect(changes.filter((c) => c.type === t).map((c) => c.change.actions)).toContainEqual(['delete']);
    const review = reviewPlan(plan.json, { stack: 'dev' });
    expect(review.exitCode).toBe(2);
    for (const t of managed) expect(review.findings.filter((f) => f.type === t && f.kind === 'deleted').length).toBeGreaterThan(0);
    if (managed.length === 0) expect(review.findings.some((f) => f.kind === 'access-removed')).toBe(true);
  });
});
