import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../../app/synthesize';
import { listStacks } from '../cli-common';
import { UUID_PATTERN } from '../fake-ids';
import { OfflineProviders } from '../offline-providers';
import { OfflineWorkspace, PlanJson, pinsFor, typesFor } from '../offline-workspace';
import { defaultSchemasDir } from '../schema-store';
import { countChanges, countResources, describeOffline, initWorkspace, stateResources, tempDir } from '../test-support/harness';

jest.setTimeout(90_000);

/** Resources each stack of config/ creates, by type (config/bootstrap.json and config/environments/*.json). */
const EXPECTED_CREATES: Record<string, Record<string, number>> = {
  // Audit logs on: a workspace and the state blob service's diagnostic setting.
  // ... and private: an endpoint to the blob service (hub DNS zone), a CanNotDelete lock with its trigger.
  bootstrap: {
    azurerm_resource_group: 1, azurerm_storage_account: 1, azurerm_storage_container: 1, azurerm_role_assignment: 2, azurerm_log_analytics_workspace: 1, azurerm_monitor_diagnostic_setting: 1,
    azurerm_private_endpoint: 1, azurerm_management_lock: 1, terraform_data: 1,
  },
  // Key-access policy with the two related audits, a workspace with the account's logs, one temporary developer (PIM active).
  dev: {
    // The chat-assistant project: its developers, its identity on the account, its team lead (delegation); a content filter policy.
    azurerm_resource_group: 1, azurerm_cognitive_account: 1, azurerm_cognitive_account_project: 1, azurerm_cognitive_account_rai_policy: 1, azurerm_cognitive_deployment: 2, azurerm_role_definition: 1, azurerm_role_assignment: 9,
    azurerm_resource_group_policy_assignment: 3, azurerm_log_analytics_workspace: 1, azurerm_monitor_diagnostic_setting: 1, azurerm_pim_active_role_assignment: 1,
  },
  // Private only: public access off, an endpoint with the hub's three zones, a locked account.
  'prod-private': {
    azurerm_resource_group: 1, azurerm_cognitive_account: 1, azurerm_cognitive_deployment: 1, azurerm_role_definition: 1, azurerm_role_assignment: 2,
    azurerm_resource_group_policy_assignment: 3, azurerm_private_endpoint: 1, azurerm_management_lock: 1, terraform_data: 1,
  },
  // Policy asked for, logs to an existing workspace, the one administrator group eligible instead of standing.
  prod: { azurerm_role_definition: 1, azurerm_role_assignment: 2, azurerm_resource_group_policy_assignment: 1, azurerm_monitor_diagnostic_setting: 1, azurerm_pim_eligible_role_assignment: 1, azurerm_role_management_policy: 1 },
};
const REPLACEMENT_PRINCIPAL = '0b7e5c1a-9d2f-4e3b-8a6c-5f4d3e2c1b0a';

/**
 * An offline plan without what records the source rather than the decision: `configuration` (expressions), `timestamp`,
 * and the order of `relevant_attributes` (the order references were met in the file).
 */
function comparable(plan: unknown): Record<string, unknown> {
  const { configuration: _c, timestamp: _t, relevant_attributes: relevant, ...rest } = plan as Record<string, unknown>;
  const sorted = ((relevant as unknown[] | undefined) ?? []).map((r) => JSON.stringify(r)).sort();
  return { ...rest, relevant_attributes: sorted };
}

describeOffline('offline terraform over every stack of the example configuration', () => {
  // Synthesize the real app (config/) once; the stack list drives the tests below.
  const root = tempDir('offline-stacks-');
  const outdir = path.join(root, 'cdktf.out');
  synthesize({ configDir: path.join(__dirname, '..', '..', '..', 'config'), outdir });
  // And as HCL (npm run synth -- --hcl): planned beside the JSON, then on the JSON's applied state.
  const hclOut = path.join(root, 'hcl');
  synthesize({ configDir: path.join(__dirname, '..', '..', '..', 'config'), outdir: hclOut, hcl: true });
  const stacks = listStacks(outdir);
  const stackJson = (s: string) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'));

  let providers: OfflineProviders;
  const workspaces: Record<string, OfflineWorkspace> = {};
  const hcl: Record<string, OfflineWorkspace> = {};
  /** Each stack's first plan (from empty state), which the HCL's plan must equal. */
  const firstPlans: Record<string, PlanJson> = {};

  beforeAll(async () => {
    const dirs = stacks.map((s) => path.join(outdir, 'stacks', s));
    providers = await OfflineProviders.start({ pins: pinsFor(dirs, defaultSchemasDir()), types: typesFor(dirs) });
    // init is fast with reattached providers, but run them side by side anyway.
    await Promise.all(stacks.flatMap((s) => [
      initWorkspace(providers, path.join(outdir, 'stacks', s), root).then((ws) => (workspaces[s] = ws)),
      initWorkspace(providers, path.join(hclOut, 'stacks', s), path.join(root, 'hcl-work')).then((ws) => (hcl[s] = ws)),
    ]));
  });

  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the configuration has a bootstrap stack and at least one environment stack', () => {
    expect(stacks).toContain('bootstrap');
    expect(stacks.length).toBeGreaterThan(1);
  });

  test('as HCL (npm run synth -- --hcl), each stack is written as cdk.tf only, and the manifest points at it', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(hclOut, 'manifest.json'), 'utf8'));
    expect(stacks.length).toBeGreaterThanOrEqual(3);
    for (const s of stacks) {
      expect(fs.readdirSync(path.join(hclOut, 'stacks', s)).filter((f) => f.startsWith('cdk.'))).toEqual(['cdk.tf']);
      // The JSON's comments (stack metadata, what each grant is) are kept beside it, where the cdktf CLI reads them.
      const metadata = JSON.parse(fs.readFileSync(path.join(hclOut, 'stacks', s, 'metadata.json'), 'utf8'));
      const source = stackJson(s);
      expect(metadata['//']).toEqual(source['//']);
      const grant = Object.entries(source.resource.azurerm_role_assignment as Record<string, { '//': unknown }>)[0];
      expect(metadata.resource.azurerm_role_assignment[grant[0]]['//']).toEqual(grant[1]['//']);
      expect(manifest.stacks[s].synthesizedStackPath).toBe(`stacks/${s}/cdk.tf`);
    }
  });

  test('the example configuration\'s stacks all have expected counts', () => {
    expect(Object.keys(EXPECTED_CREATES).every((name) => stacks.includes(name))).toBe(true);
  });

  describe.each(stacks)('stack %s', (stack) => {
    test('terraform validate succeeds', async () => {
      const res = await workspaces[stack].validate();
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
    });

    test('the plan creates exactly the synthesized resources, and nothing else', async () => {
      const plan = await workspaces[stack].plan();
      expect(plan.stderr).toBe('');
      expect(plan.exitCode).toBe(2);
      firstPlans[stack] = plan.json!;
      expect(countChanges(plan.json!, ['create'])).toEqual(countResources(stackJson(stack)));
      // And what the example configuration is expected to make, written down independently of the synthesized JSON.
      if (EXPECTED_CREATES[stack]) expect(countChanges(plan.json!, ['create'])).toEqual(EXPECTED_CREATES[stack]);
      const others = plan.json!.resource_changes!.filter((rc) => rc.mode === 'managed' && rc.change.actions.join() !== 'create');
      expect(others).toEqual([]);
      // Names known at plan time must already be UUIDs (the others are checked after apply).
      for (const rc of plan.json!.resource_changes!.filter((r) => r.type === 'azurerm_role_assignment')) {
        if (!rc.change.after_unknown?.name) expect(rc.change.after!.name).toMatch(UUID_PATTERN);
      }
    });

    test('as HCL: terraform validate accepts it', async () => {
      const res = await hcl[stack].validate();
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
    });

    test('as HCL: the offline plan equals the offline plan of the JSON (both from empty state, before the apply)', async () => {
      const b = await hcl[stack].plan();
      expect(b.stderr).toBe('');
      expect(b.exitCode).toBe(2);
      expect(firstPlans[stack]).toBeDefined();
      expect(comparable(b.json)).toEqual(comparable(firstPlans[stack]));
      expect(firstPlans[stack].resource_changes!.length).toBeGreaterThan(0);
    });

    test('apply succeeds; role assignments have UUID names; a second plan shows no changes', async () => {
      const ws = workspaces[stack];
      const apply = await ws.apply();
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      const assignments = stateResources(ws.workDir).filter((r) => r.type === 'azurerm_role_assignment');
      expect(assignments.length).toBe(countResources(stackJson(stack)).azurerm_role_assignment);
      for (const a of assignments) {
        expect(a.values.name).toMatch(UUID_PATTERN);
        expect(a.values.id).toBe(`${a.values.scope}/providers/Microsoft.Authorization/roleAssignments/${a.values.name}`);
        expect(a.values.principal_id).toMatch(UUID_PATTERN);
      }
      const again = await ws.plan('second.tfplan', { json: false });
      expect(again.stdout).toContain('No changes.');
      expect(again.exitCode).toBe(0);
    });

    test('leaving CDKTF keeps the state: after the JSON stack is applied, the HCL plans no changes on that same state', async () => {
      // The state file the apply above wrote goes to the HCL folder unchanged, as its backend would find it.
      fs.copyFileSync(path.join(workspaces[stack].workDir, 'terraform.tfstate'), path.join(hcl[stack].workDir, 'terraform.tfstate'));
      const again = await hcl[stack].plan('after-apply.tfplan', { json: false });
      expect(again.stderr).toBe('');
      expect(again.exitCode).toBe(0);
    });

    test('changing an argument that forces replacement (a role assignment principal) plans a replace', async () => {
      const ws = workspaces[stack];
      const json = stackJson(stack);
      const [name] = Object.keys(json.resource.azurerm_role_assignment);
      json.resource.azurerm_role_assignment[name].principal_id = REPLACEMENT_PRINCIPAL;
      fs.writeFileSync(path.join(ws.workDir, 'cdk.tf.json'), JSON.stringify(json));
      try {
        const plan = await ws.plan('replace.tfplan');
        expect(plan.exitCode).toBe(2);
        const changed = plan.json!.resource_changes!.filter((rc) => rc.mode === 'managed' && rc.change.actions.join() !== 'no-op');
        // A CanNotDelete lock above the assignment is lifted and put back around the replacement (ResourceLock).
        const locks = Object.keys(json.resource.azurerm_management_lock ?? {});
        expect(changed.map((rc) => [rc.address, rc.change.actions])).toEqual([
          ...locks.map((l) => [`azurerm_management_lock.${l}`, ['delete', 'create']]),
          [`azurerm_role_assignment.${name}`, ['delete', 'create']],
          ...Object.keys(json.resource.terraform_data ?? {}).map((t) => [`terraform_data.${t}`, ['update']]),
        ]);
        expect(changed.find((rc) => rc.type === 'azurerm_role_assignment')!.change.replace_paths).toContainEqual(['principal_id']);
      } finally {
        ws.sync();
      }
    });
  });

  test('after apply, policy assignments, PIM grants, diagnostic settings and workspaces carry the IDs Azure gives them', () => {
    const dev = stateResources(workspaces.dev.workDir);
    const prod = stateResources(workspaces.prod.workDir);
    const ids = (list: typeof dev, type: string) => list.filter((r) => r.type === type).map((r) => String(r.values.id));
    expect(ids(dev, 'azurerm_resource_group_policy_assignment').sort()).toEqual(['ai-identity-dev', 'ai-network-dev', 'deny-ai-keys-dev']
      .map((n) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ai-inference-dev/providers/Microsoft.Authorization/policyAssignments/${n}`));
    expect(ids(prod, 'azurerm_pim_eligible_role_assignment')).toEqual([expect.stringMatching(/^\/subscriptions\/[^|]+\/accounts\/contoso-ai-prod\|\/subscriptions\/[^|]+\/roleDefinitions\/25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68\|[0-9a-f-]{36}$/)]);
    expect(ids(dev, 'azurerm_monitor_diagnostic_setting')).toEqual([expect.stringMatching(/\/accounts\/contoso-ai-dev\|keyless-audit$/)]);
    expect(ids(dev, 'azurerm_log_analytics_workspace')).toEqual([expect.stringMatching(/\/providers\/Microsoft\.OperationalInsights\/workspaces\/log-keyless-dev$/)]);
  });

  test('changing the key-access effect updates the assignment in place (parameters: no ForceNew, assignment_resource_base.go:404-409)', async () => {
    const ws = workspaces.dev;
    const json = stackJson('dev');
    const [name] = Object.keys(json.resource.azurerm_resource_group_policy_assignment).filter((k) => k.startsWith('KeyAccessPolicy_KeyAccess_'));
    json.resource.azurerm_resource_group_policy_assignment[name].parameters = JSON.stringify({ effect: { value: 'Audit' } });
    fs.writeFileSync(path.join(ws.workDir, 'cdk.tf.json'), JSON.stringify(json));
    try {
      const plan = await ws.plan('effect.tfplan');
      const changed = plan.json!.resource_changes!.filter((rc) => rc.mode === 'managed' && rc.change.actions.join() !== 'no-op');
      expect(changed.map((rc) => [rc.address, rc.change.actions])).toEqual([[`azurerm_resource_group_policy_assignment.${name}`, ['update']]]);
    } finally {
      ws.sync();
    }
  });
});
