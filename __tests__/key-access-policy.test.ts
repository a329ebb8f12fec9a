import { KeyAccessPolicy } from '../constructs/key-access-policy';
import { KEY_ACCESS_POLICY } from '../constructs/azure/policy';
import { AnnotationMetadataEntryType } from 'cdktf';
import { AiServicesAccount, AiServicesAccountProps } from '../constructs/ai-services-account';
import { errorOf, expectRejected, LOCATION, newStack, RG_SCOPE, resourcesOf, SUBSCRIPTION, synthJson } from '../test-support/stacks';

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

describe('a Deny that the stack\'s own account would violate', () => {
  const account = (stack: ReturnType<typeof newStack>, props: Partial<AiServicesAccountProps> = {}) =>
    new AiServicesAccount(stack, 'Account', { accountName: 'contoso-ai-dev', resourceGroupName: 'rg-ai', location: LOCATION, subscriptionId: SUBSCRIPTION, ...props });

  test('relatedAudits Deny with public network access and no network rules is an error at synth naming the account setting', () => {
    const stack = newStack();
    account(stack);
    new KeyAccessPolicy(stack, 'Policy', { scopeId: RG_SCOPE, relatedAudits: 'Deny' });
    const message = errorOf(() => synthJson(stack));
    expect(message).toContain('test/Policy: relatedAudits "Deny" assigns "Azure AI Services resources should restrict network access" with effect Deny');
    expect(message).toContain('contoso-ai-dev (test/Account): public network access is on and the default network action is Allow (no network rules)');
    expect(message).toContain('set networkAcls.defaultAction to "Deny"');
    expect(message).toContain('or set relatedAudits to "Audit"');
  });

  test('the account\'s own fix makes it synthesize: default action Deny, or public network access off', () => {
    for (const fix of [{ networkAcls: { defaultAction: 'Deny' as const, ipRules: ['203.0.113.0/24'] } }, { publicNetworkAccessEnabled: false }]) {
      const stack = newStack();
      account(stack, fix);
      new KeyAccessPolicy(stack, 'Policy', { scopeId: RG_SCOPE, relatedAudits: 'Deny' });
      expect(Object.keys(resourcesOf(synthJson(stack), 'azurerm_resource_group_policy_assignment'))).toHaveLength(3);
    }
    // An explicit Allow is refused as well; Audit never refuses.
    const allow = newStack();
    account(allow, { networkAcls: { defaultAction: 'Allow' } });
    new KeyAccessPolicy(allow, 'Policy', { scopeId: RG_SCOPE, relatedAudits: 'Deny' });
    expect(errorOf(() => synthJson(allow))).toContain('the default network action is "Allow"');
    const audit = newStack();
    account(audit);
    new KeyAccessPolicy(audit, 'Policy', { scopeId: RG_SCOPE, relatedAudits: 'Audit' });
    expect(() => synthJson(audit)).not.toThrow();
  });

  test('key access Deny over an account with keys on is an error naming local auth; an account in another group is not checked', () => {
    const stack = newStack();
    account(stack, { localAuthEnabled: true, localAuthJustification: 'legacy batch job until the end of Q1 2027', networkAcls: { defaultAction: 'Deny' } });
    new KeyAccessPolicy(stack, 'Policy', { scopeId: RG_SCOPE });
    expect(errorOf(() => synthJson(stack))).toContain('effect "Deny" assigns "Azure AI Services resources should have key access disabled (disable local authentication)" with effect Deny, which refuses this stack\'s own account contoso-ai-dev (test/Account): key-based access is on');
    const other = newStack();
    account(other, { resourceGroupName: 'rg-other' });
    new KeyAccessPolicy(other, 'Policy', { scopeId: RG_SCOPE, relatedAudits: 'Deny' });
    expect(() => synthJson(other)).not.toThrow();
  });

  test('a subscription-scope Deny warns that other teams\' resources of the policy\'s types are refused too', () => {
    const stack = newStack();
    const p = new KeyAccessPolicy(stack, 'Policy', { scopeId: `/subscriptions/${SUBSCRIPTION}` });
    const warnings = p.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining(`Deny at subscription scope (/subscriptions/${SUBSCRIPTION})`)]);
    expect(warnings[0]).toContain('every non-compliant Microsoft.CognitiveServices/accounts and Microsoft.Search/searchServices in the subscription, other teams\' included');
    const audit = new KeyAccessPolicy(newStack(), 'Policy', { scopeId: `/subscriptions/${SUBSCRIPTION}`, effect: 'Audit' });
    expect(audit.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN)).toEqual([]);
  });
});
