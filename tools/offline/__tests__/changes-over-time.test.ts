import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../../app/synthesize';
import { OfflineProviders } from '../offline-providers';
import { listStacks } from '../cli-common';
import { OfflineWorkspace, PlanJson, pinsFor, summarizePlan, typesFor } from '../offline-workspace';
import { defaultSchemasDir } from '../schema-store';
import { reviewPlan } from '@keyless-ai-inference/access-report';
import { configDir, devWith, readExample } from '../../../test-support/config-fixtures';
import { describeOffline, initWorkspace, stateResources, tempDir } from '../test-support/harness';

jest.setTimeout(120_000);

/**
 * Everyday configuration changes, applied one after another to one offline dev stack (and the bootstrap), as a
 * platform team would over time: each plan shows exactly the change someone made, and no edit cuts anyone off.
 */
describeOffline('changes over time, offline', () => {
  const root = tempDir('offline-over-time-');
  let providers: OfflineProviders;
  let dev: OfflineWorkspace;
  let step = 0;

  /** Synthesizes `env` as the dev stack and puts it into the dev workspace (state stays). */
  const useDev = (env: unknown, bootstrap: unknown = readExample('bootstrap.json')) => {
    const out = path.join(root, `out-${step++}`);
    synthesize({ configDir: configDir({ 'dev.json': env }, bootstrap), outdir: out });
    return out;
  };
  const planWith = async (ws: OfflineWorkspace, stackJson: string) => {
    fs.copyFileSync(stackJson, path.join(ws.workDir, 'cdk.tf.json'));
    const plan = await ws.plan(`step-${step}.tfplan`);
    if (plan.exitCode === 1) throw new Error(`plan failed:\n${plan.stdout}${plan.stderr}`);
    return { plan, summary: summarizePlan(plan.json!), file: `step-${step}.tfplan` };
  };
  const apply = async (ws: OfflineWorkspace, file: string) => {
    const res = await ws.apply(file);
    if (res.code !== 0) throw new Error(`apply failed:\n${res.stdout}${res.stderr}`);
  };
  /** Plans, expects the summary, applies, and checks that the next plan is empty. */
  const change = async (env: unknown, expected: Record<string, Record<string, number>>) => {
    const out = useDev(env);
    const { plan, summary, file } = await planWith(dev, path.join(out, 'stacks', 'dev', 'cdk.tf.json'));
    expect(withoutNoOps(summary)).toEqual(expected);
    await apply(dev, file);
    const again = await dev.plan('again.tfplan', { json: false });
    expect(again.exitCode).toBe(0);
    return plan.json!;
  };
  const withoutNoOps = (s: Record<string, Record<string, number>>) => Object.fromEntries(Object.entries(s).filter(([a]) => a !== 'no-op'));
  const assignmentsOf = (workDir: string) => stateResources(workDir).filter((r) => r.type === 'azurerm_role_assignment');
  const moves = (plan: PlanJson) => (plan as any).resource_changes.filter((rc: any) => rc.previous_address).length;

  // A dev environment with alice looked up by UPN under a key, and the managed identity without one.
  const base = () => devWith((env) => {
    env.developers[1] = { kind: 'userByUpn', upn: 'alice@contoso.com', key: 'alice' };
  });
  let aliceObjectId = '';

  beforeAll(async () => {
    const out = useDev(base());
    const stackDir = path.join(out, 'stacks', 'dev');
    providers = await OfflineProviders.start({ pins: pinsFor([stackDir], defaultSchemasDir()), types: typesFor(listStacks(out).map((s) => path.join(out, 'stacks', s))) });
    dev = await initWorkspace(providers, stackDir, root);
    const first = await dev.plan('first.tfplan', { json: false });
    expect(first.exitCode).toBe(2);
    await apply(dev, 'first.tfplan');
    const state = JSON.parse(fs.readFileSync(path.join(dev.workDir, 'terraform.tfstate'), 'utf8'));
    aliceObjectId = state.resources.find((r: any) => r.mode === 'data' && r.type === 'azuread_user').instances[0].attributes.object_id;
  });

  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('another case in a UPN or a group\'s display name changes nothing: Entra ID compares them case-insensitively', async () => {
    const out = useDev(devWith((env) => {
      env.developers[1] = { kind: 'userByUpn', upn: 'Alice@Contoso.COM', key: 'alice' };
      env.administrators[0].displayName = 'AI PLATFORM ADMINS';
    }));
    fs.copyFileSync(path.join(out, 'stacks', 'dev', 'cdk.tf.json'), path.join(dev.workDir, 'cdk.tf.json'));
    // Before: the offline look-up made another object of another case, and the plan replaced both grants.
    const plan = await dev.plan('case.tfplan', { json: false });
    expect({ code: plan.exitCode, out: plan.exitCode === 0 ? '' : plan.stdout }).toEqual({ code: 0, out: '' });
  });

  test('adding a principal plans exactly one role assignment to add', async () => {
    await change(devWith((env) => {
      env.developers[1] = { kind: 'userByUpn', upn: 'alice@contoso.com', key: 'alice' };
      env.developers.push({ kind: 'user', objectId: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d', label: 'Bob' });
    }), { create: { azurerm_role_assignment: 1 } });
  });

  test('re-identifying a keyed principal (lookup → object ID of the same object) changes nothing', async () => {
    const before = assignmentsOf(dev.workDir).map((a) => a.values.id).sort();
    await change(devWith((env) => {
      env.developers[1] = { kind: 'user', objectId: aliceObjectId, label: 'Alice', key: 'alice' };
      env.developers.push({ kind: 'user', objectId: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d', label: 'Bob' });
    }), {});
    expect(assignmentsOf(dev.workDir).map((a) => a.values.id).sort()).toEqual(before);
  });

  test('giving an existing principal a key moves its grant: no delete, no create', async () => {
    const plan = await change(devWith((env) => {
      env.developers[1] = { kind: 'user', objectId: aliceObjectId, label: 'Alice', key: 'alice' };
      env.developers.push({ kind: 'user', objectId: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d', label: 'Bob', key: 'bob' });
    }), {});
    expect(moves(plan)).toBe(1);
  });

  test('re-identifying an unkeyed principal is caught by the plan review before anything is deleted', async () => {
    // The managed identity by object ID → the same object by its (offline) client ID lookup is not expressible; use Bob:
    // the group by object ID and a lookup differ in address, so the review must refuse the plan.
    const out = useDev(devWith((env) => {
      env.developers[1] = { kind: 'user', objectId: aliceObjectId, label: 'Alice', key: 'alice' };
      env.developers.push({ kind: 'user', objectId: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d', label: 'Bob', key: 'bob' });
      env.developers[0] = { kind: 'group', objectId: env.developers[0].objectId, label: 'AI developers (renamed label)' };
      env.administrators[0] = { kind: 'group', objectId: fakeGroupOf(dev.workDir, 'AI Platform Admins'), label: 'AI Platform Admins' };
    }));
    const { plan } = await planWith(dev, path.join(out, 'stacks', 'dev', 'cdk.tf.json'));
    // Renaming a label changes nothing; the admin group switched from lookup to object ID without a key is re-created.
    const review = reviewPlan(plan.json!, { stack: 'dev' });
    expect(review.findings.map((f) => f.kind)).toContain('re-identification');
    expect(review.exitCode).toBe(2);
    expect(review.text).toContain('key');
  });

  test('renaming the custom role updates it in place and touches no role assignment', async () => {
    const before = assignmentsOf(dev.workDir).map((a) => a.values.id).sort();
    await change(devWith((env) => {
      env.developers[1] = { kind: 'user', objectId: aliceObjectId, label: 'Alice', key: 'alice' };
      env.developers.push({ kind: 'user', objectId: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d', label: 'Bob', key: 'bob' });
      env.customRole = { enabled: true, name: 'Contoso model callers (dev)' };
    }), { update: { azurerm_role_definition: 1 } });
    expect(assignmentsOf(dev.workDir).map((a) => a.values.id).sort()).toEqual(before);
  });

  test('switching createdInThisDeployment on an existing grant plans no change (it only matters at creation)', async () => {
    await change(devWith((env) => {
      env.developers[1] = { kind: 'user', objectId: aliceObjectId, label: 'Alice', key: 'alice' };
      env.developers.push({ kind: 'user', objectId: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d', label: 'Bob', key: 'bob' });
      env.customRole = { enabled: true, name: 'Contoso model callers (dev)' };
      env.developers[3].createdInThisDeployment = true;
    }), {});
  });

  test('changing the key-access policy effect (Deny -> Audit) updates the assignment in place: parameters are not ForceNew', async () => {
    await change(devWith((env) => {
      env.developers[1] = { kind: 'user', objectId: aliceObjectId, label: 'Alice', key: 'alice' };
      env.developers.push({ kind: 'user', objectId: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d', label: 'Bob', key: 'bob' });
      env.customRole = { enabled: true, name: 'Contoso model callers (dev)' };
      env.developers[3].createdInThisDeployment = true;
      env.policy.keyAccess.effect = 'Audit';
    }), { update: { azurerm_resource_group_policy_assignment: 1 } });
  });

  test('moving the time-limited developer to developers: the first apply fails as Azure\'s does (PIM is still removing its assignment), the next one completes it', async () => {
    const out = useDev(devWith((env) => {
      env.developers[1] = { kind: 'user', objectId: aliceObjectId, label: 'Alice', key: 'alice' };
      env.developers.push({ kind: 'user', objectId: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d', label: 'Bob', key: 'bob' });
      env.customRole = { enabled: true, name: 'Contoso model callers (dev)' };
      env.developers[3].createdInThisDeployment = true;
      env.policy.keyAccess.effect = 'Audit';
      env.developers.push(env.temporaryDevelopers.pop().principal);
      delete env.temporaryDevelopers;
    }));
    const { plan, summary, file } = await planWith(dev, path.join(out, 'stacks', 'dev', 'cdk.tf.json'));
    expect(withoutNoOps(summary)).toEqual({ create: { azurerm_role_assignment: 1 }, delete: { azurerm_pim_active_role_assignment: 1 } });
    // The plan review says so before anything is applied.
    const review = reviewPlan(plan.json!, { stack: 'dev' });
    expect(review.findings.map((f) => f.kind)).toEqual(['kind-change']);
    expect(review.text).toContain('TIME-LIMITED GRANT BECOMES STANDING');
    expect(review.text).toContain('Apply twice');
    // Terraform runs the two in no defined order; azurerm's AdminRemove waits (10 s polls) until PIM has removed the
    // assignment, and until then the standing grant of the same principal, role and scope is refused.
    const first = await dev.apply(file);
    expect(first.code).toBe(1);
    expect((first.stdout + first.stderr).replace(/\s+/g, ' ')).toContain('RoleAssignmentExists: The role assignment already exists.');
    const second = await dev.plan('second.tfplan', { json: false });
    expect(second.exitCode).toBe(2);
    await apply(dev, 'second.tfplan');
    expect((await dev.plan('again.tfplan', { json: false })).exitCode).toBe(0);
  });

  /** The configuration as the steps before left it, without Bob, with the developers reversed and one relabelled. */
  const reorderedAndRelabelled = (env: any) => {
    env.developers[1] = { kind: 'user', objectId: aliceObjectId, label: 'Alice', key: 'alice' };
    env.customRole = { enabled: true, name: 'Contoso model callers (dev)' };
    env.developers[3].createdInThisDeployment = true;
    env.policy.keyAccess.effect = 'Audit';
    env.developers.push(env.temporaryDevelopers.pop().principal);
    delete env.temporaryDevelopers;
    env.developers.reverse();
    env.developers.find((d: any) => d.label === 'AI developers').label = 'AI developers (all teams)';
  };

  test('reordering developers and relabelling one plan nothing; removing one among many deletes exactly its assignment', async () => {
    const before = assignmentsOf(dev.workDir).map((a) => a.values.name).sort();
    const out = useDev(devWith(reorderedAndRelabelled));
    const { plan, summary } = await planWith(dev, path.join(out, 'stacks', 'dev', 'cdk.tf.json'));
    expect(withoutNoOps(summary)).toEqual({ delete: { azurerm_role_assignment: 1 } });
    const gone = (plan.json as any).resource_changes.find((rc: any) => rc.change.actions.join() === 'delete');
    expect(gone.change.before.principal_id).toBe('5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d');
    // Every other assignment keeps its Azure name (the UUID v5 of scope, role and principal).
    const kept = (plan.json as any).resource_changes.filter((rc: any) => rc.type === 'azurerm_role_assignment' && rc !== gone).map((rc: any) => rc.change.after.name);
    expect([...kept, gone.change.before.name].sort()).toEqual(before);
  });

  test('model and content-filter edits, a new project, audit retention and tags: each its one in-place update or create, nothing replaced; then an empty plan', async () => {
    const plan = await change(devWith((env) => {
      reorderedAndRelabelled(env);
      env.account.deployments[0].capacity = 20;
      env.account.deployments[1].version = '8';
      env.account.deployments.push({ name: 'embeddings', format: 'OpenAI', model: 'text-embedding-3-small', version: '1', sku: 'Standard', capacity: 5 });
      env.account.raiPolicies[0].contentFilters[2].severityThreshold = 'Low';
      env.projects.push({ name: 'search', displayName: 'Search', developers: [{ kind: 'group', objectId: '2b3c4d5e-6f70-4a1b-8c2d-3e4f5a6b7c8d', label: 'Search developers' }] });
      env.auditLogs.workspace.retentionInDays = 180;
      env.account.tags.owner = 'ai-platform-team';
    }), {
      // Bob's grant: removed by the previous step's configuration, applied here.
      delete: { azurerm_role_assignment: 1 },
      update: { azurerm_cognitive_account: 1, azurerm_cognitive_deployment: 2, azurerm_cognitive_account_rai_policy: 1, azurerm_log_analytics_workspace: 1 },
      create: { azurerm_cognitive_deployment: 1, azurerm_cognitive_account_project: 1, azurerm_role_assignment: 2 },
    });
    const updated = (plan as any).resource_changes.filter((rc: any) => rc.change.actions.join() === 'update' && rc.type === 'azurerm_cognitive_deployment');
    expect(updated.map((rc: any) => [rc.change.after.name, rc.change.after.sku[0].capacity, rc.change.after.model[0].version]).sort())
      .toEqual([['Phi-4', 1, '8'], ['gpt-4o-mini', 20, '2024-07-18']]);
  });

  test('renaming the state storage: Terraform refuses (prevent_destroy); opted out, the plan review flags the state storage', async () => {
    const boot = readExample('bootstrap.json');
    const out = useDev(base(), boot);
    const stackDir = path.join(out, 'stacks', 'bootstrap');
    const ws = await initWorkspace(providers, stackDir, path.join(root, 'boot'));
    const first = await ws.plan('first.tfplan', { json: false });
    await apply(ws, 'first.tfplan');
    expect(first.exitCode).toBe(2);

    // Environments follow the bootstrap's storage (the configuration checks that they agree).
    const following = () => devWith((env) => (env.state.storageAccountName = 'stkeylesstfstate02'));
    const renamed = useDev(following(), { ...boot, storageAccountName: 'stkeylesstfstate02' });
    fs.copyFileSync(path.join(renamed, 'stacks', 'bootstrap', 'cdk.tf.json'), path.join(ws.workDir, 'cdk.tf.json'));
    const refused = await ws.plan('renamed.tfplan', { json: false });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.replace(/\s+/g, ' ')).toContain('Instance cannot be destroyed');

    const optedOut = useDev(following(), { ...boot, storageAccountName: 'stkeylesstfstate02', preventDestroy: false });
    const { plan } = await planWith(ws, path.join(optedOut, 'stacks', 'bootstrap', 'cdk.tf.json'));
    const review = reviewPlan(plan.json!, { stack: 'bootstrap' });
    expect(review.exitCode).toBe(2);
    expect(review.text).toContain('state storage of every environment');
  });
});

/** The object ID the offline directory gave a group looked up by display name, read from the dev state. */
function fakeGroupOf(workDir: string, displayName: string): string {
  const state = JSON.parse(fs.readFileSync(path.join(workDir, 'terraform.tfstate'), 'utf8'));
  const group = state.resources.find((r: any) => r.mode === 'data' && r.type === 'azuread_group' && r.instances[0].attributes.display_name !== undefined);
  if (!group) throw new Error(`no azuread_group ${displayName} in the state`);
  return group.instances[0].attributes.object_id;
}
