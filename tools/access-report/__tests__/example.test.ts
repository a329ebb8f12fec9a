import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PrincipalConfig } from '../../../app/config-schema';
import { loadConfiguration } from '../../../app/load-config';
import { synthesize } from '../../../app/synthesize';
import { FOUNDRY_USER } from 'keyless-ai-inference/azure';
import { AccessReport } from '../access-report';
import { run } from '../cli';
import { mdText } from '../markdown-safe';
import { renderMarkdown } from '../render-markdown';
import { listStacks, reportOf } from '../synth-output';

const CONFIG = path.join(__dirname, '..', '..', '..', 'config');

/** How the report must describe a configured principal. */
function identifiedBy(p: PrincipalConfig): string {
  switch (p.kind) {
    case 'user': case 'group': case 'servicePrincipal': case 'managedIdentity': return 'object ID';
    case 'userByUpn': return `user by UPN ${p.upn}`;
    case 'groupByDisplayName': return `group by display name "${p.displayName}"`;
    case 'servicePrincipalByClientId': return `service principal by client ID ${p.clientId}`;
    case 'servicePrincipalByDisplayName': return `service principal by display name "${p.displayName}"`;
    case 'deployer': return 'the deploying identity (azuread_client_config)';
    case 'userByMail': return `user by mail ${p.mail}`;
    case 'userByMailNickname': return `user by mail nickname ${p.mailNickname}`;
    case 'userByEmployeeId': return `user by employee ID ${p.employeeId}`;
    case 'groupByMailNickname': return `group by mail nickname "${p.mailNickname}"`;
    case 'systemAssignedIdentity': {
      const [, , , , rg, , ns, type, name] = p.resourceId.split('/');
      return `system-assigned identity of ${ns}/${type} ${name} in ${rg}`;
    }
    case 'systemAssignedIdentityByName': return `system-assigned identity of ${p.resourceType} ${p.name} in ${p.resourceGroupName}`;
    case 'userAssignedIdentity': return `user-assigned identity ${p.name} in ${p.resourceGroupName}`;
    case 'userAssignedIdentityById': {
      const parts = p.resourceId.split('/');
      return `user-assigned identity ${parts[8]} in ${parts[4]}`;
    }
  }
}

/** Role name and principal description of each assignment, sorted. */
function grants(r: AccessReport): string[] {
  return r.assignments.map((a) => {
    const p = r.principals.find((x) => x.key === a.principalKey)!;
    return `${r.roles.find((x) => x.key === a.roleKey)!.name} | ${p.identifiedBy}${p.objectId ? ` ${p.objectId}` : ''}`;
  }).sort();
}

describe('access report over the example configuration', () => {
  let outdir: string;
  let reports: Map<string, AccessReport>;
  const configuration = loadConfiguration(CONFIG);

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-report-'));
    synthesize({ configDir: CONFIG, outdir: path.join(outdir, 'cdktf.out') });
    reports = new Map(listStacks(path.join(outdir, 'cdktf.out')).map((s) => [s.name, reportOf(s)]));
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('one report per stack: the bootstrap stack and every environment', () => {
    expect([...reports.keys()].sort()).toEqual([...(configuration.bootstrap ? ['bootstrap'] : []), ...configuration.environments.map((e) => e.name)].sort());
  });

  test.each(configuration.environments.map((e) => [e.name, e] as const))('%s: every assignment appears once, with the configured role and principal', (name, env) => {
    const r = reports.get(name)!;
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), 'utf8'));
    const types = ['azurerm_role_assignment', 'azurerm_pim_eligible_role_assignment', 'azurerm_pim_active_role_assignment'];
    expect(r.assignments.map((a) => a.address)).toEqual(types.flatMap((t) => Object.keys(json.resource[t] ?? {}).map((k) => `${t}.${k}`)).sort());
    const c = env.config;
    const devRole = c.customRole.enabled ? r.roles.find((x) => x.kind === 'custom')!.name : 'Cognitive Services User';
    if (c.customRole.enabled) expect(devRole).toContain(name);
    const oid = (p: PrincipalConfig) => ('objectId' in p ? ` ${p.objectId.toLowerCase()}` : '');
    const expected = [
      ...c.developers.map((p) => `${devRole} | ${identifiedBy(p)}${oid(p)}`),
      ...c.administrators.map((p) => `Cognitive Services Contributor | ${identifiedBy(p)}${oid(p)}`),
      ...(c.temporaryDevelopers ?? []).map((t) => `${devRole} | ${identifiedBy(t.principal)}${oid(t.principal)}`),
      // Projects (issue 24): developers and the project's identity get Foundry User; delegates RBAC Administrator with a condition.
      ...(c.projects ?? []).flatMap((pr) => [
        ...pr.developers.map((p) => `${FOUNDRY_USER.roleName} | ${identifiedBy(p)}${oid(p)}`),
        `${FOUNDRY_USER.roleName} | system-assigned identity of azurerm_cognitive_account_project "${pr.name}"`,
        ...(pr.delegates ?? []).map((d) => `Role Based Access Control Administrator | ${identifiedBy(d.principal)}${oid(d.principal)}`),
      ]),
      ...(c.delegates ?? []).map((d) => `Role Based Access Control Administrator | ${identifiedBy(d.principal)}${oid(d.principal)}`),
    ].sort();
    expect(grants(r)).toEqual(expected);
    // Administrators are eligible exactly when the environment says so; temporary developers end on their date.
    const admins = r.assignments.filter((a) => r.roles.find((x) => x.key === a.roleKey)!.name === 'Cognitive Services Contributor');
    expect(new Set(admins.map((a) => a.access))).toEqual(new Set([c.justInTimeAdministrators?.enabled ? 'eligible' : 'standing']));
    expect(r.assignments.filter((a) => a.access === 'time-limited').map((a) => a.expires).sort())
      .toEqual((c.temporaryDevelopers ?? []).map((t) => `ends ${t.expiresOn}`).sort());
    // Every grant lands on the environment's one account.
    expect(r.accounts).toHaveLength(1);
    expect(new Set(r.assignments.flatMap((a) => a.scope.accountKeys))).toEqual(new Set([r.accounts[0].key]));
  });

  test.each(configuration.environments.map((e) => [e.name, e] as const))('%s: account settings and findings follow the configuration', (name, env) => {
    const r = reports.get(name)!;
    const c = env.config;
    const account = r.accounts[0];
    const keysOn = c.account ? (c.account.localAuth?.enabled ?? false) : undefined;
    expect(account.keyAccess).toBe(keysOn === undefined ? 'unknown' : keysOn ? 'on' : 'off');
    if (c.account) {
      expect(account.name).toBe(c.account.name);
      expect(account.publicNetworkAccess).toBe(c.account.publicNetworkAccess === false ? 'off' : 'on');
    } else {
      expect(account.armId).toBe(c.existingAccount!.id);
    }
    const count = (k: string) => r.findings.filter((f) => f.kind === k).length;
    const delegates = (c.delegates ?? []).length + (c.projects ?? []).reduce((n, pr) => n + (pr.delegates ?? []).length, 0);
    expect(count('control-plane-role')).toBe(c.administrators.length + delegates);
    // Cognitive Services Contributor can list keys; so can Cognitive Services User (developers without the custom role), the MaaS-only custom role cannot.
    const keyListers = c.administrators.length + (c.customRole.enabled ? 0 : c.developers.length);
    expect(count('key-listing-role')).toBe(keysOn ? keyListers : 0);
    // An existing account's keys are unknown: the same grants may read them.
    expect(count('key-listing-role-keys-unknown')).toBe(keysOn === undefined ? keyListers : 0);
    expect(r.summary.keyBasedAccess).toEqual({ on: keysOn ? 1 : 0, off: keysOn === false ? 1 : 0, unknown: keysOn === undefined ? 1 : 0 });
    expect(count('duplicate-grant')).toBe(0);
    expect(count('overlapping-grants')).toBe(0);
    // The policy: on by default for a new account, for an existing one only when asked.
    const policyOn = c.policy?.keyAccess?.enabled ?? c.account !== undefined;
    expect(account.keyAccessPolicy.effect).toBe(policyOn ? (c.policy?.keyAccess?.effect ?? 'Deny') : 'none');
    expect(count('keys-on-denied-by-policy')).toBe(keysOn && account.keyAccessPolicy.effect === 'Deny' ? 1 : 0);
    // Logs go where the configuration says.
    expect(account.auditLogs).toHaveLength(c.auditLogs?.enabled ? 1 : 0);
    if (c.auditLogs?.workspaceId) expect(account.auditLogs[0]).toContain(c.auditLogs.workspaceId);
  });

  test('dev: a principal is shown with how it is looked up, and the diagram is embedded', () => {
    const md = fs.readFileSync(run(['--input', path.join(outdir, 'cdktf.out'), '--out', path.join(outdir, 'reports'), '--stack', 'dev'])
      .map((l) => l.split(' -> ')[1])[0], 'utf8');
    expect(md).toContain('# Access review: dev');
    expect(md).toContain('user by UPN alice@contoso.com');
    expect(md).toContain('```mermaid\nflowchart LR');
    expect(fs.readdirSync(path.join(outdir, 'reports')).sort()).toEqual(['dev.json', 'dev.md']);
  });

  test('the excerpt in docs/access-report.md is what the report says today', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'access-report.md'), 'utf8');
    const excerpt = /````markdown\n([\s\S]*?)````/.exec(doc)![1];
    const diagram = /\n```mermaid\n([\s\S]*?)```/.exec(doc)![1];
    const generated = renderMarkdown(reports.get('dev')!).split(`${outdir}${path.sep}`).join('');
    const lines = new Set(generated.split('\n'));
    const stale = [...excerpt.split('\n'), ...diagram.split('\n')]
      .filter((l) => l !== '' && !/^\(.*\)$/.test(l) && !lines.has(l));
    // If this fails, regenerate the excerpt: npm run synth && npm run access-report, then copy from access-report/dev.md.
    expect(stale).toEqual([]);
  });

  test('principals given by object ID carry the label the constructs recorded', () => {
    const md = renderMarkdown(reports.get('dev')!);
    expect(md).toContain(`**${mdText('chat-api (container app)')}** (${mdText('ServicePrincipal, object ID 4b6d8f0a-3c5e-4f7a-9b2d-6e8a0c2e4f36')})`);
    expect(md).toContain('p5("chat-api (container app)#58; ServicePrincipal 4b6d8f0a-3c5e-4f7a-9b2d-6e8a0c2e4f36")');
  });

  test('the excerpt in the README is what the report says today', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const excerpt = /````markdown\n([\s\S]*?)````/.exec(readme)![1];
    const lines = new Set(renderMarkdown(reports.get('dev')!).split(`${outdir}${path.sep}`).join('').split('\n'));
    const stale = excerpt.split('\n').filter((l) => l !== '' && !lines.has(l));
    expect(excerpt).toContain('# Access review: dev');
    expect(excerpt).toContain('## Summary');
    expect(stale).toEqual([]);
  });
});
