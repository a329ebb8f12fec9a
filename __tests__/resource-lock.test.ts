import { Testing } from 'cdktf';
import { AiServicesAccount } from '../constructs/ai-services-account';
import { Principal } from '../constructs/principal';
import { ResourceLock } from '../constructs/resource-lock';
import { expectRejected, LOCATION, newStack, OIDS, resourcesOf, SUBSCRIPTION, synthJson } from '../test-support/stacks';

describe('ResourceLock', () => {
  test('a CanNotDelete lock on the account, replaced when what it covers changes, covering grants added after it', () => {
    const stack = newStack();
    const a = new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION, lock: true,
      deployments: [{ name: 'gpt', format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18' }] });
    a.grantInference(Principal.user(OIDS.alice));
    const json = synthJson(stack);
    const [[lockName, lock]] = Object.entries(resourcesOf(json, 'azurerm_management_lock')) as [string, any][];
    const [[triggerName, trigger]] = Object.entries(resourcesOf(json, 'terraform_data')) as [string, any][];
    expect(lock).toMatchObject({ lock_level: 'CanNotDelete', name: 'keyless-do-not-delete', scope: expect.stringMatching(/^\$\{azurerm_cognitive_account\.Ai_[^.]+\.id\}$/) });
    expect(lock.depends_on).toEqual([`terraform_data.${triggerName}`]);
    // A bare address: Terraform's JSON syntax rejects "${...}" in replace_triggered_by.
    expect(lock.lifecycle).toEqual({ replace_triggered_by: [`terraform_data.${triggerName}`] });
    expect(trigger.input.map((i: string) => i.split('.')[0])).toEqual(['${azurerm_cognitive_account', '${azurerm_cognitive_deployment', '${azurerm_role_assignment']);
    expect(trigger.input.join()).not.toContain(lockName);
  });

  test('a time-limited grant under the lock (count 0 after its end) is covered by instance 0, falling back to its ID once it has ended', () => {
    const stack = newStack();
    const a = new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION, lock: true });
    a.grantInferenceUntil(Principal.user(OIDS.alice), { endDateTime: '2027-06-30T00:00:00Z', justification: 'Contractor until end of June' });
    const json = synthJson(stack);
    const [[pimName, pim]] = Object.entries(resourcesOf(json, 'azurerm_pim_active_role_assignment')) as [string, any][];
    expect(pim.count).toMatch(/^\$\{timecmp\(/);
    const [[, trigger]] = Object.entries(resourcesOf(json, 'terraform_data')) as [string, any][];
    const address = `azurerm_pim_active_role_assignment.${pimName}`;
    // A bare `.id` of a counted resource is Terraform's "Missing resource instance key"; `[*]` would change when it ends.
    expect(trigger.input.filter((i: string) => i.includes(address))).toEqual([
      `\${try(${address}[0].id, join("|", [${pim.scope.slice(2, -1)}, "${pim.role_definition_id}", "${OIDS.alice}"]))}`,
    ]);
  });

  test('no lock unless asked for on an account', () => {
    const stack = newStack();
    new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION });
    expect(resourcesOf(synthJson(stack), 'azurerm_management_lock')).toEqual({});
  });

  test('bad input: notes over 512 characters, a name with other characters', () => {
    const scopeId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg`;
    expectRejected(() => new ResourceLock(newStack(), 'L', { scopeId, notes: 'x'.repeat(513) }), { path: 'test/L', value: 'xxx', allowed: 'at most 512 characters' });
    expectRejected(() => new ResourceLock(newStack(), 'L', { scopeId, name: 'keep it' }), { path: 'test/L', value: 'keep it', allowed: 'letters, digits, "-" and "_"' });
    for (const bad of ['rg-ai', `${scopeId}/`, undefined as unknown as string]) {
      expectRejected(() => new ResourceLock(newStack(), 'L', { scopeId: bad }), { path: 'test/L', value: 'scopeId', allowed: 'expected the ARM ID of what to lock' });
    }
    expect(() => Testing.synth(newStack(), true)).not.toThrow();
  });
});
