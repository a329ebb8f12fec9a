import * as fs from 'fs';
import * as path from 'path';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Testing } from 'cdktf';
import { AiServicesAccount, Principal } from 'keyless-ai-inference';
import { OfflineProviders } from '../offline-providers';
import { OfflineWorkspace, pinsFor, summarizePlan, typesFor } from '../offline-workspace';
import { defaultSchemasDir } from '../schema-store';
import { newStack } from '../../../test-support/stacks';
import { describeOffline, initWorkspace, tempDir, writeStack } from '../test-support/harness';

jest.setTimeout(180_000);

/**
 * A grant to a principal given by reference (a managed identity's `principalId`) used to be addressed by its token's
 * number. Applied under such an address, the stack is planned again with the library's stable address: the `moved` block
 * carries the assignment over (a move, nothing deleted or created), and the next plan is empty.
 */
describeOffline('a grant to a principal by reference keeps its state across the address change, offline', () => {
  const root = tempDir('offline-grant-address-');
  let providers: OfflineProviders;
  let ws: OfflineWorkspace;

  /** The stack as this library writes it now, and as an earlier version wrote it (the role assignment under its token-numbered address). */
  const stackJsons = () => {
    const stack = newStack('dev');
    const identity = new UserAssignedIdentity(stack, 'Identity', { name: 'id-chat', resourceGroupName: 'rg-ai', location: 'swedencentral' });
    new AiServicesAccount(stack, 'Ai', { accountName: 'ai-chat-offline', resourceGroupName: 'rg-ai', location: 'swedencentral' })
      .grantInference(Principal.managedIdentity(identity.principalId, { label: 'chat app' }));
    const now = JSON.parse(Testing.synth(stack, true));
    const [{ from, to }] = now.moved as Array<{ from: string; to: string }>;
    const [oldName, newName] = [from, to].map((a) => a.slice('azurerm_role_assignment.'.length));
    const before = JSON.parse(JSON.stringify(now));
    delete before.moved;
    before.resource.azurerm_role_assignment = { [oldName]: now.resource.azurerm_role_assignment[newName] };
    return { now, before, oldName, newName };
  };

  afterAll(async () => {
    await providers?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('applied under the old address, the new one plans a move and nothing else; then nothing', async () => {
    const { now, before, oldName } = stackJsons();
    expect(oldName).toMatch(/tftoken-token-\d+/);
    const stackDir = writeStack(root, 'dev', before);
    providers = await OfflineProviders.start({ pins: pinsFor([stackDir], defaultSchemasDir()), types: typesFor([stackDir]) });
    ws = await initWorkspace(providers, stackDir, root);
    const first = await ws.plan('first.tfplan', { json: false });
    expect(first.exitCode).toBe(2);
    expect((await ws.apply('first.tfplan')).code).toBe(0);

    fs.writeFileSync(path.join(ws.workDir, 'cdk.tf.json'), JSON.stringify(now, null, 2));
    const moved = await ws.plan('moved.tfplan');
    expect(moved.exitCode).not.toBe(1);
    const changes = moved.json!.resource_changes!.filter((rc) => rc.type === 'azurerm_role_assignment');
    expect(changes.map((rc) => [rc.change.actions, (rc as any).previous_address])).toEqual([[['no-op'], `azurerm_role_assignment.${oldName}`]]);
    expect(Object.keys(summarizePlan(moved.json!)).filter((a) => a !== 'no-op')).toEqual([]);
    expect((await ws.apply('moved.tfplan')).code).toBe(0);
    expect((await ws.plan('again.tfplan', { json: false })).exitCode).toBe(0);
  });
});
