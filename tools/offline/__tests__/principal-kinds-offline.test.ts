import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../../app/synthesize';
import { listStacks, reportOf } from '@keyless-ai-inference/access-report';
import { OfflineProviders } from '../offline-providers';
import { OfflineWorkspace, pinsFor, summarizePlan, typesFor } from '../offline-workspace';
import { defaultSchemasDir } from '../schema-store';
import { configDir, devWith } from '../../../test-support/config-fixtures';
import { NEW_KIND_DIRECTORY, NEW_KIND_PRINCIPALS } from '../../../test-support/principal-kind-fixtures';
import { describeOffline, initWorkspace, tempDir } from '../test-support/harness';

jest.setTimeout(180_000);

/**
 * An environment whose developers use every principal kind of issue 17, planned offline against a fake directory that
 * holds them: every lookup resolves to the seeded object (postconditions included), and the access report names each
 * principal the way the configuration did.
 */
describeOffline('every principal kind, offline', () => {
  const root = tempDir('offline-kinds-');
  const directory = path.join(root, 'directory.json');
  let providers: OfflineProviders;
  let ws: OfflineWorkspace;
  let step = 0;
  const bob = NEW_KIND_DIRECTORY.users[0];

  const synth = (patch: (env: any) => void) => {
    const out = path.join(root, `out-${step++}`);
    synthesize({ configDir: configDir({ 'dev.json': devWith(patch) }), outdir: out });
    return out;
  };
  /** The plan of `out`'s dev stack must fail: its output, whitespace folded. */
  const failedPlanOutput = async (out: string, file: string) => {
    fs.copyFileSync(path.join(out, 'stacks', 'dev', 'cdk.tf.json'), path.join(ws.workDir, 'cdk.tf.json'));
    const plan = await ws.plan(file, { json: false });
    expect(plan.exitCode).toBe(1);
    return (plan.stdout + plan.stderr).replace(/\s+/g, ' ');
  };
  const planOf = async (out: string, file: string, json = true) => {
    fs.copyFileSync(path.join(out, 'stacks', 'dev', 'cdk.tf.json'), path.join(ws.workDir, 'cdk.tf.json'));
    const plan = await ws.plan(file, { json });
    if (plan.exitCode === 1) throw new Error(`plan failed:\n${plan.stdout}${plan.stderr}`);
    return plan;
  };

  beforeAll(async () => {
    fs.writeFileSync(directory, JSON.stringify(NEW_KIND_DIRECTORY));
    const out = synth((e) => e.developers.push(...NEW_KIND_PRINCIPALS.map((p) => p.entry)));
    const stackDir = path.join(out, 'stacks', 'dev');
    providers = await OfflineProviders.start({ pins: pinsFor([stackDir], defaultSchemasDir()), types: typesFor([stackDir]), directory });
    ws = await initWorkspace(providers, stackDir, root);
  });

  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('plans with every lookup resolved to the seeded principal, and the report names each as configured', async () => {
    const out = synth((e) => e.developers.push(...NEW_KIND_PRINCIPALS.map((p) => p.entry)));
    const plan = await planOf(out, 'every-kind.tfplan');
    expect(plan.exitCode).toBe(2);
    const planned = plan.json!.resource_changes!.filter((rc) => rc.type === 'azurerm_role_assignment').map((rc) => (rc.change.after as any).principal_id);
    const seeded = [
      ...NEW_KIND_DIRECTORY.users, ...NEW_KIND_DIRECTORY.groups, ...NEW_KIND_DIRECTORY.servicePrincipals, ...NEW_KIND_DIRECTORY.userAssignedIdentities,
    ].map((e) => e.objectId);
    for (const oid of seeded) expect(planned).toContain(oid);

    const [stack] = listStacks(out).filter((s) => s.name === 'dev');
    const report = reportOf(stack);
    const described = report.principals.map((p) => p.identifiedBy);
    for (const { describedAs } of NEW_KIND_PRINCIPALS) expect(described).toContain(describedAs);
    for (const p of report.principals.filter((x) => NEW_KIND_PRINCIPALS.some((k) => k.describedAs === x.identifiedBy))) {
      expect(p.type).toBe(p.identifiedBy.startsWith('user by') ? 'User' : p.identifiedBy.startsWith('group') ? 'Group' : 'ServicePrincipal');
    }
  });

  test('a system-assigned identity whose service principal belongs to another resource fails the plan', async () => {
    const out = synth((e) => e.developers.push({ kind: 'systemAssignedIdentityByName', resourceType: 'Microsoft.Web/sites', name: 'chat-api', resourceGroupName: 'rg-other' }));
    const output = await failedPlanOutput(out, 'wrong-holder.tfplan');
    expect(output).toContain('Resource postcondition failed');
    expect(output).toContain('is not the system-assigned identity of Microsoft.Web/sites chat-api in rg-other');
  });

  test('one group given by object ID and again by a lookup that resolves to it: the plan stops before Azure rejects the duplicate', async () => {
    const readers = NEW_KIND_DIRECTORY.groups[0];
    const out = synth((e) => e.developers.push(
      { kind: 'group', objectId: readers.objectId, label: 'AI readers (by object ID)' },
      { kind: 'groupByMailNickname', mailNickname: readers.mailNickname },
    ));
    const output = await failedPlanOutput(out, 'same-group-twice.tfplan');
    expect(output).toContain('Resource precondition failed');
    expect(output).toContain('Two of the Group principals that get AI Model Inference User (dev) on this scope are the same Microsoft Entra object');
    expect(output).toContain('AI readers (by object ID); group by mail nickname ai-readers');
  });

  test('switching a keyed principal from object ID to a lookup by mail changes no address: nothing to do', async () => {
    const byObjectId = synth((e) => e.developers.push({ kind: 'user', objectId: bob.objectId, label: 'Bob', key: 'bob' }));
    const first = await planOf(byObjectId, 'bob-oid.tfplan', false);
    expect(first.exitCode).toBe(2);
    const applied = await ws.apply('bob-oid.tfplan');
    expect(applied.code).toBe(0);
    const byMail = synth((e) => e.developers.push({ kind: 'userByMail', mail: bob.mail, key: 'bob' }));
    const second = await planOf(byMail, 'bob-mail.tfplan');
    expect(Object.keys(summarizePlan(second.json!)).filter((a) => a !== 'no-op')).toEqual([]);
    expect(second.exitCode).toBe(0);
  });
});
