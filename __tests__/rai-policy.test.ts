import { AiServicesAccount, AiServicesAccountProps } from '../constructs/ai-services-account';
import { RaiPolicy } from '../constructs/rai-policy';
import { errorOf, LOCATION, newStack, resourcesOf, synthJson } from '../test-support/stacks';

const base: AiServicesAccountProps = { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION };
const strict = { name: 'strict', basePolicyName: 'Microsoft.DefaultV2', contentFilters: [
  { name: 'Hate', source: 'Prompt' as const, severityThreshold: 'Low' as const, blocking: true },
  { name: 'Violence', source: 'Completion' as const, severityThreshold: 'High' as const, blocking: false },
  { name: 'Jailbreak', source: 'Prompt' as const },
] };

describe('RaiPolicy and RaiBlocklist', () => {
  test('policies and blocklists on the account; a deployment naming the policy references it (created after it)', () => {
    const stack = newStack();
    new AiServicesAccount(stack, 'Ai', {
      ...base, raiPolicies: [strict], raiBlocklists: [{ name: 'competitors', description: 'Competitor names' }],
      deployments: [
        { name: 'gpt-4o-mini', format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18', raiPolicyName: 'strict' },
        { name: 'Phi-4', format: 'Microsoft', modelName: 'Phi-4', modelVersion: '7' },
      ],
    });
    const json = synthJson(stack);
    const [policy] = Object.values(resourcesOf(json, 'azurerm_cognitive_account_rai_policy'));
    expect(policy).toMatchObject({
      name: 'strict', base_policy_name: 'Microsoft.DefaultV2',
      content_filter: [
        { name: 'Hate', source: 'Prompt', severity_threshold: 'Low', block_enabled: true, filter_enabled: true },
        { name: 'Violence', source: 'Completion', severity_threshold: 'High', block_enabled: false, filter_enabled: true },
        { name: 'Jailbreak', source: 'Prompt', severity_threshold: 'Medium', block_enabled: true, filter_enabled: true },
      ],
    });
    expect(policy.cognitive_account_id).toMatch(/^\$\{azurerm_cognitive_account\..+\.id\}$/);
    const [list] = Object.values(resourcesOf(json, 'azurerm_cognitive_account_rai_blocklist'));
    expect(list).toMatchObject({ name: 'competitors', description: 'Competitor names' });
    const deployments = Object.values(resourcesOf(json, 'azurerm_cognitive_deployment'));
    expect(deployments.find((d) => d.name === 'gpt-4o-mini').rai_policy_name).toMatch(/^\$\{azurerm_cognitive_account_rai_policy\..+\.name\}$/);
    expect(deployments.find((d) => d.name === 'Phi-4').rai_policy_name).toBe('Microsoft.DefaultV2');
  });

  test('a deployment added later takes the policy construct', () => {
    const stack = newStack();
    const account = new AiServicesAccount(stack, 'Ai', base);
    const policy = account.addRaiPolicy(strict);
    account.addDeployment({ name: 'd1', format: 'OpenAI', modelName: 'gpt-4o-mini', modelVersion: '2024-07-18', raiPolicy: policy });
    const [d] = Object.values(resourcesOf(synthJson(stack), 'azurerm_cognitive_deployment'));
    expect(d.rai_policy_name).toMatch(/azurerm_cognitive_account_rai_policy\..+\.name/);
    expect(errorOf(() => account.addDeployment({ name: 'd2', format: 'OpenAI', modelName: 'm', modelVersion: '1', raiPolicy: policy, raiPolicyName: 'strict' }))).toMatch(/deployments\[1\]\.raiPolicy.*not both/);
    const other = new AiServicesAccount(stack, 'Other', { ...base, accountName: 'ai-other' });
    expect(errorOf(() => other.addDeployment({ name: 'd3', format: 'OpenAI', modelName: 'm', modelVersion: '1', raiPolicy: policy }))).toMatch(/belongs to another account \(test\/Ai\)/);
  });

  test('bad input fails clearly: unknown base policy, threshold out of range, unknown filter, no filters, duplicates, Microsoft. names', () => {
    const stack = newStack();
    const account = new AiServicesAccount(stack, 'Ai', base);
    const p = (id: string, over: object) => errorOf(() => new RaiPolicy(stack, id, { account, ...strict, ...over } as any));
    expect(p('A', { basePolicyName: 'Microsoft.Strict' })).toBe('test/A: invalid basePolicyName "Microsoft.Strict": expected one of Microsoft.Default, Microsoft.DefaultV2');
    expect(p('B', { contentFilters: [{ name: 'Hate', source: 'Prompt', severityThreshold: 'Severe' }] })).toBe('test/B: invalid contentFilters[0].severityThreshold "Severe": expected one of Low, Medium, High');
    expect(p('C', { contentFilters: [{ name: 'Hatred', source: 'Prompt' }] })).toMatch(/^test\/C: invalid contentFilters\[0\]\.name "Hatred": expected one of Hate, Sexual, Violence, SelfHarm, Jailbreak/);
    expect(p('D', { contentFilters: [{ name: 'Hate', source: 'Input' }] })).toMatch(/contentFilters\[0\]\.source "Input": expected one of Prompt, Completion/);
    expect(p('E', { contentFilters: [] })).toMatch(/contentFilters.*list at least one filter/);
    expect(p('F', { contentFilters: [{ name: 'Hate', source: 'Prompt' }, { name: 'Hate', source: 'Prompt', severityThreshold: 'Low' }] })).toMatch(/contentFilters\[1\].*already listed/);
    expect(p('G', { name: 'Microsoft.Mine' })).toMatch(/Microsoft's own policies/);
    expect(errorOf(() => account.addRaiPolicy(strict) && account.addRaiPolicy(strict))).toMatch(/raiPolicies\[1\]\.name "strict": a policy with this name is already defined/);
  });
});
