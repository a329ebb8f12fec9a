import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FOUNDRY_USER } from 'keyless-ai-inference/azure';
import { synthesize } from '../../../app/synthesize';
import { AccessReport, accessEntriesOf } from '../access-report';
import { mdText } from '../markdown-safe';
import { renderMarkdown } from '../render-markdown';
import { listStacks, reportOf } from '../synth-output';

// Issue 24: the access report shows projects as scopes (reaching their account's models) and lists delegates.
const CONFIG = path.join(__dirname, '..', '..', '..', 'config');

describe('access report: projects and delegations (example dev environment)', () => {
  let outdir: string;
  let dev: AccessReport;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-report-projects-'));
    synthesize({ configDir: CONFIG, outdir: path.join(outdir, 'cdktf.out') });
    dev = reportOf(listStacks(path.join(outdir, 'cdktf.out')).find((s) => s.name === 'dev')!);
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('project grants are at a project scope that covers the account', () => {
    const atProject = dev.assignments.filter((a) => a.scope.kind === 'project');
    expect(atProject).toHaveLength(2);
    for (const a of atProject) {
      expect(a.scope.label).toBe('project chat-assistant (account contoso-ai-dev)');
      expect(a.scope.accountKeys).toEqual([dev.accounts[0].key]);
    }
    const developers = dev.principals.find((p) => p.objectId === '6d8f0a2c-5e7a-4b9c-8d1e-3f5a7c9e1b48')!;
    expect(dev.summary.canCallModels).toContain(developers.key);
    const entries = accessEntriesOf(dev).filter((e) => e.principalKey === developers.key);
    expect(entries).toEqual([expect.objectContaining({ scope: 'project chat-assistant (account contoso-ai-dev)', can: expect.arrayContaining(['call models']), role: expect.stringContaining(FOUNDRY_USER.roleName) })]);
  });

  test('the team lead is listed as a delegate with what they may grant, in the JSON and the Markdown', () => {
    const lead = dev.principals.find((p) => p.objectId === '7e9a1b3d-6f8b-4c0d-9e2f-4a6b8d0f2c59')!;
    expect(dev.delegations).toEqual([expect.objectContaining({ principalKey: lead.key, scope: 'project chat-assistant (account contoso-ai-dev)', roles: [FOUNDRY_USER.roleName], principalTypes: ['Group', 'ServicePrincipal'] })]);
    const md = renderMarkdown(dev);
    expect(md).toContain('## Delegated grants');
    expect(md).toContain(`** at ${mdText('project chat-assistant (account contoso-ai-dev)')} may assign ${mdText(FOUNDRY_USER.roleName)} to Group, ServicePrincipal`);
    expect(md).toContain(`- **${mdText('Chat assistant team lead')}`);
  });

  test('each deployment shows the content filter it uses', () => {
    expect(dev.deployments!.map((d) => [d.name, d.contentFilter, d.contentFilterDetail])).toEqual([
      ['gpt-4o-mini', 'strict-chat', 'custom policy of this stack (base Microsoft.DefaultV2; Hate Prompt: Low and above, blocked; Hate Completion: Low and above, blocked; Violence Completion: Medium and above, blocked; Jailbreak Prompt: Medium and above, blocked)'],
      ['Phi-4', 'Microsoft.DefaultV2', 'Microsoft\'s policy'],
    ]);
    expect(renderMarkdown(dev)).toContain(`| ${['gpt-4o-mini', 'account contoso-ai-dev', 'OpenAI gpt-4o-mini 2024-07-18', 'strict-chat', 'custom policy of this stack'].map(mdText).join(' | ')}`);
  });
});
