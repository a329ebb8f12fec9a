import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../../app/synthesize';
import { AccessReport } from '../access-report';
import { run } from '../cli';
import { compareReports, compareWithPlan } from '../compare';
import { mdCode, mdText } from '../markdown-safe';
import { renderMarkdown } from '../render-markdown';
import { renderMermaid } from '../render-mermaid';
import { listStacks, readStackJson, reportOf } from '../synth-output';
import { mermaidParserForFile } from '../test-support/mermaid';
import { GUIDS } from '../test-support/report-stacks';

const CONFIG = path.join(__dirname, '..', '..', '..', 'config');
const BOB = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const JUSTIFICATION = 'Legacy batch job reads with keys until 2027-03-31 (ticket OPS-1234)';

/** The example configuration with one change: bob (by object ID) becomes a developer, alice (by UPN) leaves, keys go on with a reason. */
function changedConfig(dir: string): string {
  fs.cpSync(CONFIG, dir, { recursive: true });
  const file = path.join(dir, 'environments', 'dev.json');
  const dev = JSON.parse(fs.readFileSync(file, 'utf8'));
  dev.developers = dev.developers.filter((p: { upn?: string }) => p.upn !== 'alice@contoso.com');
  dev.developers.push({ kind: 'user', objectId: BOB, label: 'Bob (contractor)' });
  dev.account.localAuth = { enabled: true, justification: JUSTIFICATION };
  // Keys on under the example's Deny policy is refused by the configuration: audit instead while keys are on.
  dev.policy = { keyAccess: { ...dev.policy?.keyAccess, effect: 'Audit' } };
  fs.writeFileSync(file, JSON.stringify(dev, null, 2));
  return dir;
}

const parseMermaid = mermaidParserForFile();

/** `subgraph` lines directly followed by `end`: boxes with nothing in them. */
const emptySubgraphs = (mermaid: string) => mermaid.split('\n').filter((l, i, all) => /^\s*subgraph /.test(l) && /^\s*end$/.test(all[i + 1] ?? ''));

describe('access review over the example configuration and a change to it', () => {
  let dir: string;
  let before: Map<string, AccessReport>;
  let after: Map<string, AccessReport>;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-review-'));
    synthesize({ configDir: CONFIG, outdir: path.join(dir, 'before') });
    synthesize({ configDir: changedConfig(path.join(dir, 'config')), outdir: path.join(dir, 'after') });
    before = new Map(listStacks(path.join(dir, 'before')).map((s) => [s.name, reportOf(s)]));
    after = new Map(listStacks(path.join(dir, 'after')).map((s) => [s.name, reportOf(s)]));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the summary comes first: accounts, key state, who can call models, who can administer, risks by severity', () => {
    const md = renderMarkdown(before.get('dev')!);
    const summary = md.slice(md.indexOf('## Summary'), md.indexOf('## Findings'));
    expect(md.indexOf('## Summary')).toBeLessThan(md.indexOf('## Accounts'));
    expect(summary).toContain('- **Risks**: 0 high, 0 medium, 0 low; 3 for information (expected administrator grants).');
    expect(summary).toContain(`- **Account ${mdText('contoso-ai-dev')}** (managed here): keys off; public network access on (${mdText('default action Deny, 1 IP rule, bypass AzureServices')}).`);
    expect(summary).toContain('- **Who can call models** (7): ');
    for (const who of ['user by UPN alice@contoso.com', 'AI developers: Group 9f2c4b6a-1d3e-4a5b-8c7d-2e4f6a8b0c12', 'chat-api (container app)', 'service principal by client ID 3c5e7a9b-2d4f-4e6a-8b1c-5d7f9a1b3c24']) {
      expect(summary).toContain(mdText(who));
    }
    expect(summary).toContain(`- **Who can administer** (3): ${mdText('group by display name "AI Platform Admins"')}; ${mdText('the deploying identity (azuread_client_config)')}; ${mdText('Chat assistant team lead: User 7e9a1b3d-6f8b-4c0d-9e2f-4a6b8d0f2c59')}.`);
  });

  test('severities: expected administrator grants are information, real risks stand out', () => {
    const dev = before.get('dev')!;
    // The third: the chat-assistant team lead's delegation (bounded to Foundry User by its condition).
    expect(dev.findings.map((f) => [f.kind, f.severity])).toEqual([['control-plane-role', 'info'], ['control-plane-role', 'info'], ['control-plane-role', 'info']]);
    // prod: an existing account whose key state is unknown, and administrators who can list keys: medium.
    const prod = before.get('prod')!;
    expect(prod.findings.map((f) => [f.kind, f.severity])).toEqual([['key-listing-role-keys-unknown', 'medium'], ['control-plane-role', 'info']]);
    expect(renderMarkdown(prod)).toContain('### Medium: check (1)');
    // Keys on: every key lister is a high risk, listed first (administrators, and Foundry User at the project: the project's developers and identity).
    const changed = after.get('dev')!;
    expect(changed.findings.filter((f) => f.severity === 'high').map((f) => f.kind)).toEqual(['key-listing-role', 'key-listing-role', 'key-listing-role', 'key-listing-role']);
    expect(changed.findings[0].severity).toBe('high');
    expect(renderMarkdown(changed)).toContain('### High: act before merging (4)');
  });

  test('the unknown-key finding gives the exact az command', () => {
    const prod = before.get('prod')!;
    const id = prod.accounts[0].armId!;
    expect(id).toMatch(/^\/subscriptions\/.*\/providers\/Microsoft\.CognitiveServices\/accounts\/contoso-ai-prod$/);
    expect(prod.findings[0].message).toContain(`az cognitiveservices account show --ids ${id} --query properties.disableLocalAuth`);
    expect(renderMarkdown(prod)).toContain(mdCode(`az cognitiveservices account show --ids ${id} --query properties.disableLocalAuth`));
  });

  test('keys on: the written justification is read from the synthesized JSON and shown', () => {
    const json = readStackJson({ name: 'dev', file: path.join(dir, 'after', 'stacks', 'dev', 'cdk.tf.json') });
    const account = Object.values((json.resource as Record<string, Record<string, { '//'?: unknown }>>).azurerm_cognitive_account)[0];
    expect(JSON.stringify(account['//'])).toContain(JUSTIFICATION);
    const changed = after.get('dev')!;
    expect(changed.accounts[0]).toMatchObject({ keyAccess: 'on', keyJustification: JUSTIFICATION });
    expect(before.get('dev')!.accounts[0].keyJustification).toBeUndefined();
    const md = renderMarkdown(changed);
    expect(md).toContain(`- **Account ${mdText('contoso-ai-dev')}** (managed here): **keys ON** (justification: "${mdText(JUSTIFICATION)}")`);
    expect(md).toContain(`justification: ${mdText(JUSTIFICATION)}`);
  });

  test('per-principal view: each principal, what it can do, where and through which role', () => {
    const md = renderMarkdown(before.get('dev')!);
    const view = md.slice(md.indexOf('## Principals: who can do what, where'), md.indexOf('## Accounts'));
    expect(view).toContain(`**${mdText('user by UPN alice@contoso.com')}** (User)\n\n- ${mdText('account contoso-ai-dev')}: **call models** through ${mdText('AI Model Inference User (dev)')}`);
    expect(view).toContain(`**${mdText('group by display name "AI Platform Admins"')}** (Group)\n\n- ${mdText('account contoso-ai-dev')}: **${mdText('administer, list keys')}** through Cognitive Services Contributor`);
    expect(view).toContain(`**${mdText('chat-api (container app)')}** (${mdText('ServicePrincipal, object ID 4b6d8f0a-3c5e-4f7a-9b2d-6e8a0c2e4f36')})`);
    expect(view.match(/^\*\*/gm)).toHaveLength(before.get('dev')!.principals.length);
  });

  test('compare with the earlier report: who gains and who loses access', () => {
    const c = compareReports(after.get('dev')!, JSON.parse(JSON.stringify(before.get('dev')!)), 'before/dev.json');
    expect(c.gained).toEqual([{ principalKey: `oid:${BOB}`, principal: `Bob (contractor): User ${BOB}`, role: 'AI Model Inference User (dev)', can: ['call models'], scope: 'account contoso-ai-dev' }]);
    expect(c.lost).toEqual([{ principalKey: 'lookup:azuread_user:user_principal_name=alice@contoso.com', principal: 'user by UPN alice@contoso.com', role: 'AI Model Inference User (dev)', can: ['call models'], scope: 'account contoso-ai-dev' }]);
    // Nothing else changed in who holds what: prod compares clean.
    expect(compareReports(after.get('prod')!, before.get('prod')!, 'p')).toMatchObject({ gained: [], lost: [] });
    expect(() => compareReports(after.get('dev')!, before.get('prod')!, 'prod.json')).toThrow(/that report is of stack "prod", not "dev"/);
    expect(() => compareReports(after.get('dev')!, { hello: 1 }, 'x.json')).toThrow(/not an access report JSON/);
  });

  test('npm run access-report -- --compare <folder of earlier reports> writes the change table', () => {
    run(['--input', path.join(dir, 'before'), '--out', path.join(dir, 'reports-before')]);
    const lines = run(['--input', path.join(dir, 'after'), '--out', path.join(dir, 'reports-after'), '--compare', path.join(dir, 'reports-before')]);
    expect(lines.find((l) => l.startsWith('dev:'))).toMatch(/findings: 4 high, 0 medium, 0 low, 3 info, access gained 1, lost 1 -> /);
    const md = fs.readFileSync(path.join(dir, 'reports-after', 'dev.md'), 'utf8');
    expect(md).toContain(`## Who gains and who loses access (against ${mdText(`report ${path.join(dir, 'reports-before', 'dev.json')}`)})`);
    const row = (...cells: string[]) => `| ${cells.map(mdText).join(' | ')} |`;
    expect(md).toContain(`| **gains** ${row(`Bob (contractor): User ${BOB}`, 'call models', 'AI Model Inference User (dev)', 'account contoso-ai-dev')}`);
    expect(md).toContain(`| **loses** ${row('user by UPN alice@contoso.com', 'call models', 'AI Model Inference User (dev)', 'account contoso-ai-dev')}`);
    expect(fs.readFileSync(path.join(dir, 'reports-after', 'prod.md'), 'utf8')).toContain('No change: the same principals hold the same roles at the same scopes.');
  });

  test('compare along a plan: created assignments gain, deleted ones lose', () => {
    const dev = after.get('dev')!;
    const bobGrant = dev.assignments.find((a) => a.principalKey === `oid:${BOB}`)!;
    const accountId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ai-inference-dev/providers/Microsoft.CognitiveServices/accounts/contoso-ai-dev';
    const plan = {
      resource_changes: [
        { address: bobGrant.address, type: 'azurerm_role_assignment', change: { actions: ['create'], before: null } },
        { address: 'azurerm_role_assignment.portal_grant', type: 'azurerm_role_assignment', change: { actions: ['delete'], before: {
          principal_id: '11111111-2222-4333-8444-555555555555', principal_type: 'User', scope: accountId,
          role_definition_id: `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/${GUIDS.cognitiveServicesUser}`,
        } } },
        { address: 'azurerm_cognitive_account.x', type: 'azurerm_cognitive_account', change: { actions: ['update'], before: {} } },
      ],
    };
    const c = compareWithPlan(dev, plan, 'dev.plan.json');
    expect(c.against).toBe('plan dev.plan.json');
    expect(c.gained.map((e) => [e.principal, e.role, e.scope])).toEqual([[`Bob (contractor): User ${BOB}`, 'AI Model Inference User (dev)', 'account contoso-ai-dev']]);
    expect(c.lost).toEqual([{ principalKey: 'oid:11111111-2222-4333-8444-555555555555', principal: 'User 11111111-2222-4333-8444-555555555555', role: 'Cognitive Services User', can: ['call models', 'list keys'], scope: 'account contoso-ai-dev' }]);
  });

  test('a plan of another stack is refused', () => {
    const prodJson = readStackJson({ name: 'prod', file: path.join(dir, 'before', 'stacks', 'prod', 'cdk.tf.json') });
    const devJson = readStackJson({ name: 'dev', file: path.join(dir, 'before', 'stacks', 'dev', 'cdk.tf.json') });
    const resources = Object.entries(prodJson.resource as Record<string, Record<string, object>>)
      .flatMap(([t, byName]) => Object.entries(byName).map(([n, block]) => ({ address: `${t}.${n}`, values: block })));
    const planFile = path.join(dir, 'prod-plan.json');
    fs.writeFileSync(planFile, JSON.stringify({ planned_values: { root_module: { resources } } }));
    expect(() => run(['--input', path.join(dir, 'before'), '--out', path.join(dir, 'r'), '--stack', 'dev', '--plan', planFile]))
      .toThrow(/--plan .*prod-plan\.json does not belong to stack "dev": \d+ of its resources are not in stack "dev" \(azurerm_.*; plan that stack \(npm run plan:offline -- dev/);
    // Environments share construct IDs: a plan holding only addresses dev also has is still refused by its values.
    const shared = resources.filter((r) => (devJson.resource as Record<string, Record<string, object>>)[r.address.split('.')[0]]?.[r.address.split('.')[1]]);
    expect(shared.length).toBeGreaterThan(0);
    const sharedFile = path.join(dir, 'prod-shared-plan.json');
    fs.writeFileSync(sharedFile, JSON.stringify({ planned_values: { root_module: { resources: shared } } }));
    expect(() => run(['--input', path.join(dir, 'before'), '--out', path.join(dir, 'r'), '--stack', 'dev', '--plan', sharedFile]))
      .toThrow(/does not belong to stack "dev": it was made from another configuration \(.*AI Model Inference User \(prod\)" in the plan, "AI Model Inference User \(dev\)" in the stack/);
    // The same plan is accepted for its own stack.
    expect(run(['--input', path.join(dir, 'before'), '--out', path.join(dir, 'r'), '--stack', 'prod', '--plan', planFile])[0]).toMatch(/^prod: /);
  });

  test('the diagrams parse with Mermaid\'s own parser and draw no empty box', async () => {
    const reports = [...before.values(), ...after.values()];
    const diagrams = reports.map(renderMermaid);
    expect(await parseMermaid(diagrams)).toEqual(diagrams.map(() => ({ ok: true, type: 'flowchart-v2' })));
    for (const d of diagrams) expect(emptySubgraphs(d)).toEqual([]);
    // The bootstrap stack has no account: no "Accounts" box at all.
    const bootstrap = renderMermaid(before.get('bootstrap')!);
    expect(before.get('bootstrap')!.accounts).toEqual([]);
    expect(bootstrap).not.toContain('subgraph accounts');
    expect(bootstrap).toContain('subgraph scopes["Other scopes"]');
    // The Markdown embeds the same text.
    expect(renderMarkdown(before.get('dev')!)).toContain(`\`\`\`mermaid\n${renderMermaid(before.get('dev')!)}\n\`\`\``);
  });

  test('the parser check can fail: a broken diagram is reported', async () => {
    const [bad] = await parseMermaid(['flowchart LR\n  p1("unclosed --> r1']);
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/Parse error/);
  });

  test('Storage Blob Data Owner is drawn as data plane; control plane means "can change an account or grant access"', () => {
    const bootstrap = before.get('bootstrap')!;
    const owner = bootstrap.roles.find((r) => r.name === 'Storage Blob Data Owner')!;
    expect(owner).toMatchObject({ plane: 'data', canGrantAccess: false, controlPlaneActions: [] });
    const d = renderMermaid(bootstrap);
    expect(d).toMatch(/r1\["Storage Blob Data Owner<br\/>built-in, at storage container tfstate"\]/);
    expect(d).toContain('class r1 data');
    expect(d).not.toContain('class r1 control');
    const contributor = before.get('dev')!.roles.find((r) => r.name === 'Cognitive Services Contributor')!;
    expect(contributor).toMatchObject({ plane: 'control', canGrantAccess: false });
    // Keys on: the account gets the orange border.
    expect(renderMermaid(after.get('dev')!)).toMatch(/class a1 keysOn/);
  });
});
