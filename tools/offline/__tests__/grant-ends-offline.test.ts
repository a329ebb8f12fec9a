import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../../app/synthesize';
import { configDir, devWith } from '../../../test-support/config-fixtures';
import { listStacks } from '../cli-common';
import { OfflineProviders } from '../offline-providers';
import { reviewPlan } from '@keyless-ai-inference/access-report';
import { OfflineWorkspace, pinsFor, run, summarizePlan, typesFor } from '../offline-workspace';
import { defaultSchemasDir } from '../schema-store';
import { describeOffline, initWorkspace, stateResources, tempDir } from '../test-support/harness';

jest.setTimeout(180_000);

/** Synthesizes `config` as the dev environment into `out` with the app's clock at `now` (KEYLESS_NOW). */
function synthesizeAt(now: string, config: unknown, out: string): ReturnType<typeof synthesize> {
  process.env.KEYLESS_NOW = now;
  try {
    return synthesize({ configDir: configDir({ 'dev.json': config }), outdir: out });
  } finally {
    delete process.env.KEYLESS_NOW;
  }
}

/**
 * Issue 21's acceptance scenario: a time-limited grant applied, the clock (KEYLESS_NOW: synth, the offline provider and,
 * through `keyless_now`, Terraform's count and check) moved past its end; the next plan neither creates it again nor fails
 * and warns what to do, synth refuses the entry, and no apply fails. Eligible administrators stay eligible past any date.
 */
describeOffline('grant ends, offline, with a moved clock', () => {
  const root = tempDir('offline-grant-ends-');
  const store = path.join(root, 'azure-store.json');
  const END = '2027-01-15T00:00:00Z';
  let providers: OfflineProviders | undefined;
  let ws: OfflineWorkspace;
  let initialized = false;
  let step = 0;
  let applied: { stackDir: string; out: string } | undefined;

  const env = (patch: (e: any) => void = () => undefined) => devWith((e) => {
    e.temporaryDevelopers[0].expiresOn = END;
    e.justInTimeAdministrators = { enabled: true, justification: 'Platform on-call, activate per change' };
    e.administrators = e.administrators.filter((a: any) => a.kind !== 'deployer');
    patch(e);
  });
  /** Synthesizes `config` at `now`, returning the dev stack folder and the synth warnings. */
  const synthAt = (now: string, config: unknown) => {
    const out = path.join(root, `out-${step++}`);
    const report = synthesizeAt(now, config, out);
    return { stackDir: path.join(out, 'stacks', 'dev'), out, warnings: report.warnings.map((w) => w.message) };
  };
  let served: { types: string[]; pins: string } | undefined;
  /**
   * Moves the offline providers' clock to `now` on the same "Azure" (a restart with KEYLESS_NOW=now when the running server
   * does not serve the types and pins needed), and points the workspace at `stackDir` (state stays).
   */
  const at = async (now: string, stackDir: string, out: string) => {
    // The types of the first stack too: the state may hold resources the current configuration no longer has.
    const dirs = [out, ...(applied ? [applied.out] : [])].flatMap((o) => listStacks(o).map((s) => path.join(o, 'stacks', s)));
    const types = typesFor(dirs);
    const pins = pinsFor([stackDir], defaultSchemasDir());
    if (providers && served && served.pins === JSON.stringify(pins) && types.every((t) => served!.types.includes(t))) {
      providers.setClock(now);
    } else {
      await providers?.stop();
      providers = await OfflineProviders.start({ azureStore: store, env: { KEYLESS_NOW: now }, pins, types });
      served = { types, pins: JSON.stringify(pins) };
    }
    ws = new OfflineWorkspace({ stackDir, workDir: path.join(root, 'work'), providers });
    // Once: the reattached providers are not recorded in .terraform, so a restarted server needs no new init.
    if (!initialized) {
      initialized = true;
      const init = await ws.init();
      if (init.code !== 0) throw new Error(`init failed:\n${init.stdout}${init.stderr}`);
    }
  };
  const activeInAzure = () => Object.values(JSON.parse(fs.readFileSync(store, 'utf8')).objects as Record<string, { type: string }>)
    .filter((o) => o.type === 'azurerm_pim_active_role_assignment');

  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** The stack as 0.2 before this change synthesized it (no count, no check): the state an upgrade starts from. */
  const previousLayout = (from: { stackDir: string }) => {
    const stackDir = path.join(root, `previous-${step++}`, 'stacks', 'dev');
    fs.cpSync(from.stackDir, stackDir, { recursive: true });
    const file = path.join(stackDir, 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const r of Object.values(json.resource.azurerm_pim_active_role_assignment) as any[]) delete r.count;
    delete json.check;
    fs.writeFileSync(file, JSON.stringify(json));
    return { stackDir, out: path.dirname(path.dirname(stackDir)) };
  };
  const text = (r: { stdout: string; stderr: string }) => (r.stdout + r.stderr).replace(/\s+/g, ' ');
  const checkWarning = /Warning: Check block assertion failed .*time-limited grant Contractor \(Fabrikam\) \(AI Model Inference User \(dev\)\) ended on 2027-01-15T00:00:00Z: Azure no longer lists it and this plan does not create it again\. Remove keyless-config-\w+\/environments\/dev\.json \$\.temporaryDevelopers\[0\] from the configuration\./;

  test('applied before its end (state of the previous layout, without count): the new layout only moves it to [0]; then plans are empty', async () => {
    applied = synthAt('2026-12-03T12:00:00Z', env());
    const previous = previousLayout(applied);
    await at('2026-12-03T12:00:00Z', previous.stackDir, previous.out);
    const plan = await ws.plan('first.tfplan');
    expect(plan.exitCode).toBe(2);
    expect(summarizePlan(plan.json!).create).toEqual(expect.objectContaining({ azurerm_pim_active_role_assignment: 1, azurerm_pim_eligible_role_assignment: 1, azurerm_role_management_policy: 1 }));
    expect((await ws.apply('first.tfplan')).code).toBe(0);
    const active = stateResources(ws.workDir).find((r) => r.type === 'azurerm_pim_active_role_assignment')!;
    const address = `${active.type}.${active.name}`;

    // Upgrade: Terraform moves the un-indexed instance to [0] by itself; nothing is created, changed or replaced.
    await at('2026-12-03T12:00:00Z', applied.stackDir, applied.out);
    // plantimestamp() in count: validate accepts it (unknown there), the plan knows it.
    expect(await ws.validate()).toEqual(expect.objectContaining({ code: 0 }));
    const upgrade = await ws.plan('upgrade.tfplan');
    expect(upgrade.exitCode).toBe(2);
    expect(Object.keys(summarizePlan(upgrade.json!))).toEqual(['no-op']);
    const moved = upgrade.json!.resource_changes!.filter((rc: any) => rc.previous_address);
    expect(moved.map((rc: any) => [rc.previous_address, rc.address, rc.change.actions])).toEqual([[address, `${address}[0]`, ['no-op']]]);
    const review = reviewPlan(upgrade.json, { stack: 'dev' });
    expect(review.exitCode).toBe(0);
    expect(review.text).toContain(`moved: ${address} → ${address}[0] (same Azure object, nothing deleted)`);
    expect(text(upgrade)).not.toMatch(/Check block assertion failed/);
    expect((await ws.apply('upgrade.tfplan')).code).toBe(0);
    expect((await ws.plan('again.tfplan', { json: false })).exitCode).toBe(0);
    expect(activeInAzure()).toHaveLength(1);
  });

  test('five days before the end: synth warns with the entry; the plan is empty and Terraform does not warn', async () => {
    const s = synthAt('2027-01-10T00:00:00Z', env());
    expect(s.warnings).toEqual([expect.stringMatching(/environments\/dev\.json \$\.temporaryDevelopers\[0\]\) ends on 2027-01-15T00:00:00Z, in 5 days/)]);
    await at('2027-01-10T00:00:00Z', s.stackDir, s.out);
    const plan = await ws.plan('before-end.tfplan', { json: false });
    expect(plan.exitCode).toBe(0);
    expect(text(plan)).not.toMatch(/Warning/);
  });

  test('after the end: Azure no longer lists the grant; the plan exits 0 with no create and warns what to do, applies, nothing else changes; synth fails naming the entry', async () => {
    // The plan from a stack synthesized before the end (as a nightly job would run it), with -detailed-exitcode.
    await at('2027-01-16T00:00:00Z', applied!.stackDir, applied!.out);
    const plan = await ws.plan('after-end.tfplan');
    expect({ code: plan.exitCode, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
    expect(text(plan)).toContain('No changes. Your infrastructure matches the configuration.');
    expect(text(plan)).toMatch(checkWarning);
    expect(Object.keys(summarizePlan(plan.json!))).toEqual(['no-op']);
    const failed = ((plan.json as any).checks as any[]).filter((c) => c.status !== 'pass');
    expect(failed).toEqual([expect.objectContaining({ status: 'fail', address: expect.objectContaining({ kind: 'check', name: expect.stringMatching(/_EndCheck_/) }) })]);
    const review = reviewPlan(plan.json, { stack: 'dev' });
    expect(review.exitCode).toBe(0);
    expect(review.findings).toEqual([expect.objectContaining({ kind: 'check-failed', blocking: false, addresses: [expect.stringMatching(/^check\..*_EndCheck_/)] })]);
    expect(review.text.replace(/\s+/g, ' ')).toMatch(/CHECK FAILED \(a warning, nothing is changed by it\): time-limited grant Contractor \(Fabrikam\) .* ended on 2027-01-15T00:00:00Z: .*Remove .* from the configuration\. \(check\./);
    expect(activeInAzure()).toHaveLength(0);
    const res = await ws.apply('after-end.tfplan');
    expect(res.code).toBe(0);
    expect(text(res)).toContain('Apply complete! Resources: 0 added, 0 changed, 0 destroyed.');
    const again = await ws.plan('after-end-again.tfplan', { json: false });
    expect(again.exitCode).toBe(0);
    expect(text(again)).toMatch(checkWarning);
    expect(stateResources(ws.workDir).filter((r) => r.type === 'azurerm_pim_active_role_assignment')).toHaveLength(0);
    expect(() => synthAt('2027-01-16T00:00:00Z', env())).toThrow(/environments\/dev\.json: \$\.temporaryDevelopers\[0\]\.expiresOn: got "2027-01-15T00:00:00Z": the grant ended on .*remove the entry/);
  });

  test('the nightly drift job after the end (synth with KEYLESS_ENDED_GRANTS=warn, plan -detailed-exitcode): a synth warning, exit 0, the check warning; not drift', async () => {
    process.env.KEYLESS_ENDED_GRANTS = 'warn';
    let s: ReturnType<typeof synthAt>;
    try {
      s = synthAt('2027-01-17T00:00:00Z', env());
    } finally {
      delete process.env.KEYLESS_ENDED_GRANTS;
    }
    expect(s.warnings).toEqual([expect.stringMatching(/environments\/dev\.json \$\.temporaryDevelopers\[0\]\) ended on 2027-01-15T00:00:00Z .*: the plan creates nothing for it \(KEYLESS_ENDED_GRANTS=warn\); remove the entry/)]);
    await at('2027-01-17T00:00:00Z', s.stackDir, s.out);
    const plan = await ws.plan('nightly.tfplan', { json: false });
    expect(plan.exitCode).toBe(0);
    expect(text(plan)).toContain('No changes.');
    expect(text(plan)).toMatch(checkWarning);
  });

  test('with the entry removed: synth is clean, the plan shows no change and applies; eligibilities are still there a year later', async () => {
    const s = synthAt('2027-01-16T00:00:00Z', env((e) => { delete e.temporaryDevelopers; }));
    expect(s.warnings).toEqual([]);
    await at('2027-01-16T00:00:00Z', s.stackDir, s.out);
    const plan = await ws.plan('removed.tfplan', { json: false });
    expect({ code: plan.exitCode, out: plan.exitCode === 0 ? '' : plan.stdout + plan.stderr }).toEqual({ code: 0, out: '' });
    expect(text(plan)).toContain('No changes.');
    expect(text(plan)).not.toMatch(/Warning/);
    expect((await ws.apply('removed.tfplan')).code).toBe(0);
    const later = synthAt('2028-02-01T00:00:00Z', env((e) => { delete e.temporaryDevelopers; }));
    await at('2028-02-01T00:00:00Z', later.stackDir, later.out);
    expect((await ws.plan('a-year-later.tfplan', { json: false })).exitCode).toBe(0);
    expect(stateResources(ws.workDir).filter((r) => r.type === 'azurerm_pim_eligible_role_assignment')).toHaveLength(1);
  });

  test('creating a schedule whose end has passed fails as Azure does (a plan with an earlier clock, applied after the end)', async () => {
    const s = synthAt('2028-02-01T00:00:00Z', env((e) => { e.temporaryDevelopers[0].expiresOn = '2028-03-01T00:00:00Z'; }));
    await at('2028-03-02T00:00:00Z', s.stackDir, s.out);
    // Terraform's clock (keyless_now) before the end, Azure's after it: count is 1, Azure refuses.
    const early = { ...providers!.env(), TF_VAR_keyless_now: '2028-02-01T00:00:00Z' };
    const plan = await run('terraform', ['plan', '-input=false', '-no-color', '-out=late.tfplan'], { cwd: ws.workDir, env: early });
    expect(plan.code).toBe(0);
    const res = await run('terraform', ['apply', '-input=false', '-no-color', '-auto-approve', 'late.tfplan'], { cwd: ws.workDir, env: early });
    expect(res.code).toBe(1);
    expect(res.stdout + res.stderr).toMatch(/RoleAssignmentRequestPolicyValidationFailed: The following policy rules failed: \["ExpirationRule"\]/);
  });
});

describeOffline('permanent eligibility offline: refused until the role\'s PIM policy allows it', () => {
  const root = tempDir('offline-eligibility-');
  let providers: OfflineProviders | undefined;
  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('without the azurerm_role_management_policy the create fails as Azure\'s default policy (an end required) makes it', async () => {
    const out = path.join(root, 'out');
    synthesize({ configDir: configDir({ 'dev.json': devWith((e) => {
      e.justInTimeAdministrators = { enabled: true, justification: 'Platform on-call, activate per change' };
      e.administrators = [{ kind: 'group', objectId: '6d5a2f3e-7b1c-4f8a-9e2d-1c3b5a7f9e01', label: 'Admins' }];
      delete e.temporaryDevelopers;
    }) }), outdir: out });
    const stackDir = path.join(out, 'stacks', 'dev');
    const file = path.join(stackDir, 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(Object.keys(json.resource.azurerm_role_management_policy)).toHaveLength(1);
    delete json.resource.azurerm_role_management_policy;
    for (const r of Object.values(json.resource.azurerm_pim_eligible_role_assignment) as any[]) delete r.depends_on;
    fs.writeFileSync(file, JSON.stringify(json));
    providers = await OfflineProviders.start({ azureStore: path.join(root, 'store.json'), pins: pinsFor([stackDir], defaultSchemasDir()), types: typesFor([stackDir]) });
    const ws = await initWorkspace(providers, stackDir, root);
    expect((await ws.plan('p.tfplan', { json: false })).exitCode).toBe(2);
    const res = await ws.apply('p.tfplan');
    expect(res.code).toBe(1);
    expect((res.stdout + res.stderr).replace(/\s+/g, ' ')).toContain('creating Scoped Role Eligibility Schedule Request');
    expect((res.stdout + res.stderr).replace(/\s+/g, ' ')).toContain('RoleAssignmentRequestPolicyValidationFailed: The following policy rules failed: ["ExpirationRule"]');
  });
});

describeOffline('one assignment per principal, role and scope, offline: standing and time-limited grants of one looked-up object', () => {
  const root = tempDir('offline-dup-kinds-');
  let providers: OfflineProviders | undefined;
  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the plan stops at the precondition; without it, Azure (offline) refuses the second with RoleAssignmentExists', async () => {
    const contractor = '5c7e9a1b-4d6f-4a8c-9e1b-7f9b1d3f5a60';
    const directory = path.join(root, 'directory.json');
    fs.writeFileSync(directory, JSON.stringify({ users: [{ userPrincipalName: 'contractor@fabrikam.com', objectId: contractor }] }));
    const out = path.join(root, 'out');
    synthesize({ configDir: configDir({ 'dev.json': devWith((e) => { e.developers.push({ kind: 'userByUpn', upn: 'contractor@fabrikam.com' }); }) }), outdir: out });
    const stackDir = path.join(out, 'stacks', 'dev');
    providers = await OfflineProviders.start({ azureStore: path.join(root, 'store.json'), directory, pins: pinsFor([stackDir], defaultSchemasDir()), types: typesFor([stackDir]) });
    const ws = await initWorkspace(providers, stackDir, root);
    const plan = await ws.plan('dup.tfplan');
    expect(plan.exitCode).toBe(1);
    expect((plan.stdout + plan.stderr).replace(/\s+/g, ' ')).toMatch(/Resource precondition failed .*Two of the User principals that get AI Model Inference User \(dev\) on this scope are the same Microsoft Entra object \(.*contractor@fabrikam\.com.*Contractor \(Fabrikam\) \(time-limited\)\)/);

    // The same configuration without the check: the apply fails where Azure would.
    const file = path.join(ws.workDir, 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const r of Object.values(json.resource.azurerm_pim_active_role_assignment) as any[]) {
      r.lifecycle.precondition = r.lifecycle.precondition.filter((p: any) => !p.error_message.startsWith('Two of the'));
    }
    fs.writeFileSync(file, JSON.stringify(json));
    const unchecked = await ws.plan('unchecked.tfplan', { json: false });
    expect(unchecked.exitCode).toBe(2);
    const res = await ws.apply('unchecked.tfplan');
    expect(res.code).toBe(1);
    expect((res.stdout + res.stderr).replace(/\s+/g, ' ')).toContain('RoleAssignmentExists: The role assignment already exists.');
  });
});

describeOffline('a time-limited grant under an account lock, offline: valid Terraform, and its end replaces nothing', () => {
  const root = tempDir('offline-lock-ends-');
  let providers: OfflineProviders | undefined;
  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('applied, its end moved earlier (the grant replaced, the lock lifted around it); after the end the nightly plan (stack synthesized before) shows no change: the lock stays', async () => {
    const synthEnding = (end: string, out: string) => {
      synthesizeAt('2026-12-03T12:00:00Z', devWith((e) => {
        e.account.lock = true;
        e.temporaryDevelopers[0].expiresOn = end;
      }), out);
      return path.join(out, 'stacks', 'dev');
    };
    const stackDir = synthEnding('2027-02-15T00:00:00Z', path.join(root, 'out'));
    providers = await OfflineProviders.start({ azureStore: path.join(root, 'store.json'), env: { KEYLESS_NOW: '2026-12-03T12:00:00Z' }, pins: pinsFor([stackDir], defaultSchemasDir()), types: typesFor([stackDir]) });
    const ws = await initWorkspace(providers, stackDir, root);
    // Before the fix: "Missing resource instance key" (the lock's trigger named the counted grant without [0]).
    const plan = await ws.plan('first.tfplan', { json: false });
    expect({ code: plan.exitCode, err: plan.stderr }).toEqual({ code: 2, err: '' });
    expect((await ws.apply('first.tfplan')).code).toBe(0);
    expect(stateResources(ws.workDir).filter((r) => ['azurerm_management_lock', 'azurerm_pim_active_role_assignment'].includes(r.type))).toHaveLength(2);

    // An end is ForceNew in azurerm (no AdminExtend/AdminUpdate): the schedule is replaced, the lock lifted around it.
    fs.copyFileSync(path.join(synthEnding('2027-01-15T00:00:00Z', path.join(root, 'out-shorter')), 'cdk.tf.json'), path.join(ws.workDir, 'cdk.tf.json'));
    const shorter = await ws.plan('shorter.tfplan');
    expect(summarizePlan(shorter.json!)).toEqual(expect.objectContaining({
      replace: { azurerm_management_lock: 1, azurerm_pim_active_role_assignment: 1 }, update: { terraform_data: 1 },
    }));
    expect((await ws.apply('shorter.tfplan')).code).toBe(0);

    providers.setClock('2027-01-16T00:00:00Z');
    const after = await ws.plan('after-end.tfplan', { json: false });
    expect({ code: after.exitCode, err: after.stderr }).toEqual({ code: 0, err: '' });
    expect(after.stdout).toContain('No changes.');
    expect(after.stdout.replace(/\s+/g, ' ')).toMatch(/Check block assertion failed .*ended on 2027-01-15T00:00:00Z/);
  });
});
