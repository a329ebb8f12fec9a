import { Testing } from 'cdktf';
import { environmentSchema } from '../../../app/config-schema';
import { EnvironmentStack } from '../../../app/environment-stack';
import { AiServicesAccount, AuditLogs, KeyAccessPolicy, Principal } from 'keyless-ai-inference';
import { buildAccessReport } from '../access-report';
import { mdText } from '../markdown-safe';
import { renderMarkdown } from '../render-markdown';
import { devWith } from '../../../test-support/config-fixtures';
import { reportOfStack } from '../test-support/report-stacks';
import { newStack, RG_SCOPE, SUBSCRIPTION } from '../../../test-support/stacks';

const KEYS_ON = { enabled: true, justification: 'Legacy batch tool until OPS-1234 ships, end of Q3' };

/** The dev example as a report, with `patch` applied to its configuration and `change` to the synthesized JSON. */
function devReport(patch: (env: any) => void, change: (json: any) => void = () => undefined) {
  const stack = new EnvironmentStack(Testing.app(), { environment: 'dev', config: environmentSchema.parse(devWith(patch)) });
  const json = JSON.parse(Testing.synth(stack, true));
  change(json);
  return buildAccessReport(json, { stackName: 'dev' });
}

/** A keys-on change to every account of the synthesized stack (as an escape hatch or a hand edit would make it). */
const keysOnChange = (json: any) => {
  for (const account of Object.values(json.resource.azurerm_cognitive_account) as any[]) account.local_auth_enabled = true;
};

describe('access report: key-access policy, logs, just-in-time access', () => {
  test('a keys-on change to an account under a Deny assignment is reported as denied by the policy', () => {
    const before = devReport(() => undefined);
    expect(before.accounts[0].keyAccessPolicy.effect).toBe('Deny');
    expect(before.findings.filter((f) => f.kind === 'keys-on-denied-by-policy')).toEqual([]);

    const after = devReport(() => undefined, keysOnChange);
    const denied = after.findings.filter((f) => f.kind === 'keys-on-denied-by-policy');
    expect(denied).toHaveLength(1);
    expect(denied[0].accountKey).toBe(after.accounts[0].key);
    expect(denied[0].assignments).toEqual([expect.stringMatching(/^azurerm_resource_group_policy_assignment\.KeyAccessPolicy_KeyAccess_/)]);
    expect(denied[0].message).toContain('RequestDisallowedByPolicy');
    expect(denied[0].message).toContain('local_auth_enabled = true');
    expect(renderMarkdown(after)).toContain('- **keys on, denied by policy**: ');
  });

  test('an Audit assignment, or none, does not deny the change; the account says so', () => {
    const audit = devReport((e) => { e.account.localAuth = KEYS_ON; e.policy.keyAccess.effect = 'Audit'; });
    expect(audit.accounts[0].keyAccessPolicy.effect).toBe('Audit');
    expect(audit.findings.some((f) => f.kind === 'keys-on-denied-by-policy')).toBe(false);
    const none = devReport((e) => { e.account.localAuth = KEYS_ON; e.policy.keyAccess.enabled = false; });
    expect(none.accounts[0].keyAccessPolicy).toMatchObject({ effect: 'none', assignments: [] });
    expect(none.findings.some((f) => f.kind === 'keys-on-denied-by-policy')).toBe(false);
  });

  test('a subscription assignment covers accounts of that subscription only', () => {
    const stack = newStack();
    const mine = new AiServicesAccount(stack, 'Mine', { accountName: 'ai-mine', resourceGroupName: 'rg-ai', location: 'swedencentral', subscriptionId: SUBSCRIPTION });
    new KeyAccessPolicy(stack, 'Policy', { scopeId: `/subscriptions/${SUBSCRIPTION}` });
    AiServicesAccount.fromAccountId(stack, 'Other', '/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/other')
      .grantInference(Principal.user('11111111-1111-4111-8111-111111111111'));
    // Keys on under the Deny is refused at synth (KeyAccessPolicy); the report still reads such a change made by hand.
    const json = JSON.parse(Testing.synth(stack, true));
    keysOnChange(json);
    const r = buildAccessReport(json, {});
    const byName = (n: string) => r.accounts.find((a) => a.name === n)!;
    expect(byName('ai-mine').keyAccessPolicy.effect).toBe('Deny');
    expect(byName('other').keyAccessPolicy.effect).toBe('none');
    expect(r.findings.filter((f) => f.kind === 'keys-on-denied-by-policy').map((f) => f.accountKey)).toEqual([`azurerm_cognitive_account.${mine.resource.friendlyUniqueId}`]);
  });

  test('where logs go: the account and the state blob service, with categories and workspace', () => {
    const stack = newStack();
    const account = new AiServicesAccount(stack, 'Acct', { accountName: 'ai-logs', resourceGroupName: 'rg-ai', location: 'swedencentral', subscriptionId: SUBSCRIPTION });
    const logs = new AuditLogs(stack, 'Logs', { workspaceId: `${RG_SCOPE}/providers/Microsoft.OperationalInsights/workspaces/law-sec` });
    logs.addAccountLogs('Account', account.accountId);
    logs.addBlobLogs('State', `${RG_SCOPE}/providers/Microsoft.Storage/storageAccounts/sttf`);
    const r = reportOfStack(stack);
    expect(r.accounts[0].auditLogs).toEqual([`Audit, RequestResponse to Log Analytics workspace law-sec (existing: ${RG_SCOPE}/providers/Microsoft.OperationalInsights/workspaces/law-sec)`]);
    expect(r.logDestinations.map((d) => [d.target, d.categories.join(',')])).toEqual([
      ['account ai-logs', 'Audit,RequestResponse'],
      [`${RG_SCOPE}/providers/Microsoft.Storage/storageAccounts/sttf/blobServices/default`, 'StorageRead,StorageWrite,StorageDelete'],
    ]);
  });

  test('eligible and time-limited grants are told apart from standing ones', () => {
    const r = devReport((e) => { e.justInTimeAdministrators = { enabled: true, justification: 'Platform on-call, activate per change' }; e.administrators = e.administrators.filter((p: any) => p.kind !== 'deployer'); });
    const access = r.assignments.map((a) => a.access).sort();
    // Three more standing grants come with the example's project (developers, its identity, its team lead).
    expect(access).toEqual(['eligible', 'standing', 'standing', 'standing', 'standing', 'standing', 'standing', 'standing', 'time-limited']);
    expect(r.findings.find((f) => f.kind === 'control-plane-role')!.message).toContain('is eligible for (PIM, activated just in time) Cognitive Services Contributor');
    const md = renderMarkdown(r);
    expect(md).toContain(`| ${mdText('time-limited (PIM), ends 2028-03-31T00:00:00Z')} |`);
    // Every end date in one section: the time-limited grant's date, and the eligibility's permanence.
    const ends = md.slice(md.indexOf('## Access that ends'));
    const rows = ends.slice(0, ends.indexOf('\n\n', ends.indexOf('|'))).split('\n').slice(2);
    expect(rows[0]).toBe('| # | Principal | Role | Kind | Ends |');
    expect(rows.slice(2).map((row) => row.replace(/^\| \d+ /, '| n '))).toEqual([
      `| n | ${mdText('principal 5c7e9a1b-4d6f-4a8c-9e1b-7f9b1d3f5a60')} | ${mdText('AI Model Inference User (dev)')} | time-limited | ${mdText('ends 2028-03-31T00:00:00Z')} |`,
      `| n | ${mdText('group by display name "AI Platform Admins"')} | ${mdText('Cognitive Services Contributor')} | eligible | ${mdText('permanent (eligible until removed)')} |`,
    ]);
  });
});

