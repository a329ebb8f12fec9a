import { KeyAccessPolicy } from '../constructs/key-access-policy';
import { KEY_ACCESS_POLICY } from '../constructs/azure/policy';
import { expectRejected, newStack, RG_SCOPE, resourcesOf, SUBSCRIPTION, synthJson } from '../test-support/stacks';

describe('KeyAccessPolicy', () => {
  test('assigns the built-in key-access policy with effect Deny at the resource group by default, no identity or location', () => {
    const stack = newStack();
    new KeyAccessPolicy(stack, 'Policy', { scopeId: RG_SCOPE, nameSuffix: 'dev' });
    const json = synthJson(stack);
    const list = Object.values(resourcesOf(json, 'azurerm_resource_group_policy_assignment'));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      name: 'deny-ai-keys-dev',
      resource_group_id: RG_SCOPE,
      policy_definition_id: `/providers/Microsoft.Authorization/policyDefinitions/${KEY_ACCESS_POLICY.guid}`,
    });
    expect(JSON.parse(list[0].parameters)).toEqual({ effect: { value: 'Deny' } });
    expect(list[0].identity).toBeUndefined();
    expect(list[0].location).toBeUndefined();
    expect(resourcesOf(json, 'azurerm_subscription_policy_assignment')).toEqual({});
  });

  test('a subscription ID gives a subscription assignment; related audits add two more with their own effect', () => {
    const stack = newStack();
    const p = new KeyAccessPolicy(stack, 'Policy', { scopeId: `/subscriptions/${SUBSCRIPTION}`, effect: 'Audit', relatedAudits: 'Audit' });
    expect(p.scope).toBe('subscription');
    const list = Object.values(resourcesOf(synthJson(stack), 'azurerm_subscription_policy_assignment')) as any[];
    expect(list.map((a) => a.policy_definition_id.split('/').pop()).sort()).toEqual(
      ['037eea7a-bd0a-46c5-9a66-03aea78705d3', '71ef260a-8f18-47b7-abcb-62d0673d94dc', 'fe3fd216-4f83-4fc1-8984-2bbec80a3418']);
    expect(list.every((a) => a.subscription_id === `/subscriptions/${SUBSCRIPTION}` && JSON.parse(a.parameters).effect.value === 'Audit')).toBe(true);
  });

  test('rejects an unknown effect and a scope that does not match its kind', () => {
    expectRejected(() => new KeyAccessPolicy(newStack(), 'Policy', { scopeId: RG_SCOPE, effect: 'deny' as never }),
      { path: 'test/Policy', value: '"deny"', allowed: 'Audit, Deny, Disabled' });
    expectRejected(() => new KeyAccessPolicy(newStack(), 'Policy', { scopeId: RG_SCOPE, scope: 'subscription' }),
      { path: 'test/Policy', value: JSON.stringify(RG_SCOPE), allowed: '/subscriptions/<guid>' });
    expectRejected(() => new KeyAccessPolicy(newStack(), 'Policy', { scopeId: 'rg-ai' }),
      { path: 'test/Policy', value: '"rg-ai"', allowed: 'resource group ID' });
  });
});
