import { Testing } from 'cdktf';
import { AccessReport, buildAccessReport, Finding } from '../access-report';
import { mdCode, mdText } from '../markdown-safe';
import { planValuesFromJson } from '../plan-values';
import { renderJson, renderMarkdown } from '../render-markdown';
import { mermaidText, renderMermaid } from '../render-mermaid';
import { EXISTING_ACCOUNT, GUIDS, rawStack, reportOfStack, smallStack } from '../test-support/report-stacks';
import { newStack, OIDS, RG_SCOPE, SUBSCRIPTION } from '../../../test-support/stacks';

const RA = 'azurerm_role_assignment.';
const find = (r: AccessReport, address: string) => {
  const a = r.assignments.find((x) => x.address === `${RA}${address}`);
  if (!a) throw new Error(`no assignment ${address}`);
  return {
    role: r.roles.find((x) => x.key === a.roleKey)!.name,
    principal: r.principals.find((x) => x.key === a.principalKey)!.identifiedBy,
    scope: a.scope.label,
    type: a.principalType,
  };
};
const KIND_ORDER = ['no-network-path', 'control-plane-role', 'key-listing-role', 'key-listing-role-keys-unknown', 'duplicate-grant', 'overlapping-grants'];
/** Findings by kind, then principal, account and assignments (the report itself orders by severity first). */
const brief = (f: Finding[]) => [...f].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.principalKey.localeCompare(b.principalKey)
  || (a.accountKey ?? '').localeCompare(b.accountKey ?? '') || a.assignments.join().localeCompare(b.assignments.join()))
  .map((x) => ({ kind: x.kind, principal: x.principalKey, account: x.accountKey, assignments: x.assignments.map((a) => a.replace(RA, '')) }));

describe('access report on a stack of raw provider resources', () => {
  const synthesized = JSON.parse(Testing.synth(rawStack(), true));
  const report = buildAccessReport(synthesized, { stackName: 'raw' });

  test('every assignment appears once, with its role, principal and scope', () => {
    const synthesizedAddresses = Object.keys(synthesized.resource.azurerm_role_assignment).map((k) => `${RA}${k}`).sort();
    expect(report.assignments.map((a) => a.address)).toEqual(synthesizedAddresses);
    expect(new Set(report.assignments.map((a) => a.address)).size).toBe(10);
    const expected: Record<string, ReturnType<typeof find>> = {
      'alice-csuser-oai': { role: 'Cognitive Services User', principal: 'user by UPN alice@contoso.com', scope: 'account oai-raw', type: 'User' },
      'alice-custom-oai': { role: 'Raw inference', principal: 'user by UPN alice@contoso.com', scope: 'account oai-raw', type: 'User' },
      'alice-csuser-rg': { role: 'Cognitive Services User', principal: 'user by UPN alice@contoso.com', scope: 'resource group rg-ai', type: 'User (inferred; principal_type not set)' },
      'admins-cscontrib-rg': { role: 'Cognitive Services Contributor', principal: 'object ID', scope: 'resource group rg-ai', type: 'Group' },
      'admins-cscontrib-rg-again': { role: 'Cognitive Services Contributor', principal: 'object ID', scope: 'resource group rg-ai', type: 'Group' },
      'mi-openai-ais': { role: 'Cognitive Services OpenAI User', principal: 'user-assigned identity "id-chat" created in this stack', scope: 'account ais-raw', type: 'ServicePrincipal' },
      'ais-identity-reader-oai': { role: 'Reader', principal: 'system-assigned identity of account "ais-raw"', scope: 'account oai-raw', type: 'ServicePrincipal' },
      'app-aiuser-existing': { role: 'Foundry User', principal: `service principal by client ID ${OIDS.app}`, scope: 'account legacy-ai', type: 'ServicePrincipal' },
      'bob-csuser-sub': { role: 'Cognitive Services User', principal: 'user by UPN bob@contoso.com', scope: `subscription ${'00000000-0000-0000-0000-000000000001'}`, type: 'User' },
      'deployer-owner-storage': { role: 'Owner', principal: 'the deploying identity (azuread_client_config)', scope: 'storage account stateraw', type: 'ServicePrincipal' },
    };
    for (const [address, want] of Object.entries(expected)) expect({ address, ...find(report, address) }).toEqual({ address, ...want });
  });

  test('roles: built-in from name, scoped and unscoped IDs; custom from the stack with its data actions', () => {
    const kinds = Object.fromEntries(report.roles.map((r) => [r.name, r.kind]));
    expect(kinds).toEqual({
      'Cognitive Services User': 'built-in', 'Cognitive Services Contributor': 'built-in', 'Cognitive Services OpenAI User': 'built-in',
      'Foundry User': 'built-in', Reader: 'built-in', Owner: 'built-in', 'Raw inference': 'custom',
    });
    expect(report.roles.find((r) => r.kind === 'custom')!.dataActions).toEqual(['Microsoft.CognitiveServices/accounts/MaaS/*']);
    expect(report.notes).toEqual([]);
  });

  test('accounts: key-based access and public access with the provider defaults, existing accounts unknown', () => {
    const acc = Object.fromEntries(report.accounts.map((a) => [a.name, [a.source, a.keyAccess, a.keyAccessDetail, a.publicNetworkAccess]]));
    expect(acc).toEqual({
      'oai-raw': ['managed', 'on', 'on (default: local_auth_enabled not set)', 'on'],
      'ais-raw': ['managed', 'off', 'off (local_authentication_enabled = false)', 'off'],
      'legacy-ai': ['arm-id', 'unknown', 'unknown (existing account, not managed by this stack)', 'unknown'],
    });
    expect(report.accounts.find((a) => a.name === 'legacy-ai')!.armId).toBe(EXISTING_ACCOUNT);
    const bob = report.assignments.find((a) => a.address.endsWith('bob-csuser-sub'))!;
    expect(bob.scope.accountKeys).toHaveLength(3);
    const rg = report.assignments.find((a) => a.address.endsWith('alice-csuser-rg'))!;
    expect(rg.scope.accountKeys).toEqual(['azurerm_ai_services.ais', 'azurerm_cognitive_account.oai']);
  });

  test('findings: exactly the ones whose condition holds', () => {
    const alice = 'lookup:azuread_user:user_principal_name=alice@contoso.com';
    const admins = `oid:${OIDS.devs}`;
    const oai = 'azurerm_cognitive_account.oai';
    const legacy = EXISTING_ACCOUNT.toLowerCase();
    expect(brief(report.findings)).toEqual([
      // ais-raw: public access Disabled and no private endpoint in the stack, yet the managed identity calls its models.
      { kind: 'no-network-path', principal: '', account: 'azurerm_ai_services.ais', assignments: [] },
      { kind: 'control-plane-role', principal: admins, account: undefined, assignments: ['admins-cscontrib-rg'] },
      { kind: 'control-plane-role', principal: admins, account: undefined, assignments: ['admins-cscontrib-rg-again'] },
      { kind: 'key-listing-role', principal: alice, account: oai, assignments: ['alice-csuser-oai'] },
      { kind: 'key-listing-role', principal: alice, account: oai, assignments: ['alice-csuser-rg'] },
      { kind: 'key-listing-role', principal: 'lookup:azuread_user:user_principal_name=bob@contoso.com', account: oai, assignments: ['bob-csuser-sub'] },
      { kind: 'key-listing-role', principal: admins, account: oai, assignments: ['admins-cscontrib-rg'] },
      { kind: 'key-listing-role', principal: admins, account: oai, assignments: ['admins-cscontrib-rg-again'] },
      // The existing account's keys are unknown: Foundry User and Cognitive Services User can list them if they are on.
      { kind: 'key-listing-role-keys-unknown', principal: 'lookup:azuread_service_principal:client_id=' + OIDS.app, account: legacy, assignments: ['app-aiuser-existing'] },
      { kind: 'key-listing-role-keys-unknown', principal: 'lookup:azuread_user:user_principal_name=bob@contoso.com', account: legacy, assignments: ['bob-csuser-sub'] },
      { kind: 'duplicate-grant', principal: admins, account: undefined, assignments: ['admins-cscontrib-rg', 'admins-cscontrib-rg-again'] },
      { kind: 'overlapping-grants', principal: alice, account: oai, assignments: ['alice-csuser-oai', 'alice-csuser-rg', 'alice-custom-oai'] },
    ]);
    // Severities: keys on = high; keys unknown and administering a whole resource group = medium; tidy-ups = low; most severe first.
    const severity = Object.fromEntries(report.findings.map((f) => [`${f.kind} ${f.assignments.join(',').replace(new RegExp(RA, 'g'), '')}`, f.severity]));
    expect(severity).toMatchObject({
      'control-plane-role admins-cscontrib-rg': 'medium', 'key-listing-role alice-csuser-oai': 'high', 'key-listing-role-keys-unknown bob-csuser-sub': 'medium',
      'duplicate-grant admins-cscontrib-rg,admins-cscontrib-rg-again': 'low', 'overlapping-grants alice-csuser-oai,alice-csuser-rg,alice-custom-oai': 'low',
    });
    const order = ['high', 'medium', 'low', 'info'];
    expect(report.findings.map((f) => order.indexOf(f.severity))).toEqual(report.findings.map((f) => order.indexOf(f.severity)).sort());
  });

  test('assignment names: literal, random when unset', () => {
    const again = report.assignments.find((a) => a.address.endsWith('admins-cscontrib-rg-again'))!;
    expect(again.name).toBe('5f3c1a2b-0000-4000-8000-000000000001');
    expect(report.assignments.find((a) => a.address.endsWith('alice-csuser-oai'))!.name).toBe('random (chosen at apply)');
  });

  test('Markdown: tables, findings, escaped cells, and the Mermaid diagram', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('# Access review: raw');
    expect(md).toContain(`| ${mdText('oai-raw')} | yes | OpenAI | **ON**: ${mdText('(default: local_auth_enabled not set)')} |`);
    expect(md).toContain('- **Risks**: 6 high, 4 medium, 2 low.');
    expect(md).toContain(`- **Account ${mdText('oai-raw')}** (managed here): **keys ON** (no justification recorded); public network access on.`);
    const command = mdCode(`az cognitiveservices account show --ids ${EXISTING_ACCOUNT} --query properties.disableLocalAuth`);
    expect(md).toContain(`- **Account ${mdText('legacy-ai')}** (existing): keys unknown: check with ${command}`);
    expect(md).toContain('### High: act before merging (6)');
    expect(md).toContain('### Low: tidy up (2)');
    expect(md).not.toContain('### Information');
    expect(md).toContain(`- **can list keys, key state unknown**: ${mdText(`user by UPN bob@contoso.com can list the keys of legacy-ai through Cognitive Services User on subscription ${SUBSCRIPTION}; `
      + 'keys may be on: key state unknown (existing account); verify disableLocalAuth: ')}${command}${mdText(' (true: keys off)')}`);
    // The existing account is counted as unknown, not folded into "on: 1".
    expect(md).toContain('\n3 accounts (key-based access on: 1, unknown: 1), 10 role assignments, 7 principals, 12 findings.\n');
    expect(md).toContain(`description: ${mdText('chat app | prod')}`);
    expect(md).toMatch(/```mermaid\nflowchart LR\n/);
    // One table row per assignment.
    expect(md.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(10);
    const json = JSON.parse(renderJson(report));
    expect(json.assignments).toHaveLength(10);
    expect(json.findings).toHaveLength(12);
    expect(json.summary).toMatchObject({ accounts: 3, keyBasedAccess: { on: 1, off: 1, unknown: 1 }, assignments: 10, principals: 7, findings: 12, findingsBySeverity: { high: 6, medium: 4, low: 2, info: 0 } });
  });

  test('the headline leaves out "unknown" when every account\'s key state is known', () => {
    const known = reportOfStack(smallStack({ keys: false }));
    expect(known.summary.keyBasedAccess).toEqual({ on: 0, off: 1, unknown: 0 });
    expect(renderMarkdown(known)).toContain('\n1 account (key-based access on: 0), 1 role assignment, 1 principal, 0 findings.\n');
    const existing = reportOfStack(smallStack({ account: 'arm-id' }));
    expect(existing.summary.keyBasedAccess).toEqual({ on: 0, off: 0, unknown: 1 });
    expect(renderMarkdown(existing)).toContain('\n1 account (key-based access on: 0, unknown: 1), 1 role assignment, 1 principal, 0 findings.\n');
  });
});

describe('each finding appears exactly when its condition holds', () => {
  const kinds = (o: Parameters<typeof smallStack>[0]) => reportOfStack(smallStack(o)).findings.map((f) => f.kind).sort();

  test('a clean setup has no findings', () => {
    expect(kinds({ keys: false })).toEqual([]);
  });

  test.each([
    [{ keys: undefined, role: GUIDS.cognitiveServicesUser }, ['key-listing-role']],
    [{ keys: true, role: GUIDS.cognitiveServicesUser }, ['key-listing-role']],
    [{ keys: false, role: GUIDS.cognitiveServicesUser }, []],
    [{ keys: true, role: GUIDS.openAiUser }, []],
  ])('key listing: %j -> %j', (o, want) => {
    expect(kinds(o)).toEqual(want);
  });

  // Existing accounts (key state unknown): roles that can list keys get a finding; keys off or a role that cannot list keys, none.
  test.each([
    [{ account: 'arm-id', role: GUIDS.cognitiveServicesUser }, ['key-listing-role-keys-unknown']],
    [{ account: 'arm-id', role: GUIDS.cognitiveServicesContributor }, ['control-plane-role', 'key-listing-role-keys-unknown']],
    [{ account: 'arm-id', role: GUIDS.owner }, ['control-plane-role', 'key-listing-role-keys-unknown']],
    [{ account: 'arm-id', role: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9' }, ['control-plane-role']],
    [{ account: 'arm-id', role: 'maas' }, []],
    [{ account: 'arm-id', role: GUIDS.openAiUser }, []],
    [{ account: 'data-source', role: GUIDS.azureAiUser }, ['key-listing-role-keys-unknown']],
    [{ account: 'data-source', role: 'maas' }, []],
    [{ keys: false, role: GUIDS.cognitiveServicesContributor }, ['control-plane-role']],
    [{ keys: true, role: 'maas' }, []],
  ] as const)('key listing, keys unknown: %j -> %j', (o, want) => {
    expect(kinds(o)).toEqual(want);
  });

  test('keys unknown: the finding names the account, role and scope, and says what to verify', () => {
    const [f] = reportOfStack(smallStack({ account: 'arm-id', role: GUIDS.cognitiveServicesUser })).findings;
    expect(f).toEqual({
      kind: 'key-listing-role-keys-unknown', principalKey: `oid:${OIDS.alice}`, accountKey: `${RG_SCOPE}/providers/Microsoft.CognitiveServices/accounts/ai-small`.toLowerCase(),
      assignments: [`${RA}carol`],
      severity: 'medium',
      message: `User ${OIDS.alice} can list the keys of ai-small through Cognitive Services User on account ai-small; keys may be on: key state unknown (existing account); `
        + `verify disableLocalAuth: az cognitiveservices account show --ids ${RG_SCOPE}/providers/Microsoft.CognitiveServices/accounts/ai-small --query properties.disableLocalAuth (true: keys off)`,
    });
  });

  test('keys unknown, read from a plan: the data source\'s local_auth_enabled decides', () => {
    const json = JSON.parse(Testing.synth(smallStack({ account: 'data-source', role: GUIDS.cognitiveServicesUser }), true));
    const planned = (on: boolean) => buildAccessReport(json, { plan: planValuesFromJson({ prior_state: { values: { root_module: { resources: [
      { address: 'data.azurerm_cognitive_account.acc', mode: 'data', type: 'azurerm_cognitive_account', name: 'acc', values: { local_auth_enabled: on } },
    ] } } } }) }).findings.map((f) => f.kind);
    expect(buildAccessReport(json).findings.map((f) => f.kind)).toEqual(['key-listing-role-keys-unknown']);
    expect(planned(false)).toEqual([]);
    expect(planned(true)).toEqual(['key-listing-role']);
  });

  test('keys unknown on a managed account (value known only at plan time) names the attribute', () => {
    const json = JSON.parse(Testing.synth(smallStack({ keys: false, role: GUIDS.cognitiveServicesUser }), true));
    json.resource.azurerm_cognitive_account.acc.local_auth_enabled = '${var.keys}';
    const [f] = buildAccessReport(json).findings;
    expect(f.kind).toBe('key-listing-role-keys-unknown');
    expect(f.message).toContain('keys may be on: key state unknown (local_auth_enabled = ${var.keys}); verify disableLocalAuth');
  });

  test.each([
    [GUIDS.cognitiveServicesContributor, ['control-plane-role']],
    [GUIDS.owner, ['control-plane-role']],
    ['18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', ['control-plane-role']],
    ['a001fd3d-188f-4b5d-821b-7da978bf7442', ['control-plane-role']],
    [GUIDS.cognitiveServicesUser, []],
    [GUIDS.azureAiUser, []],
    [GUIDS.reader, []],
  ])('control plane: role %s -> %j', (role, want) => {
    expect(kinds({ keys: false, role })).toEqual(want);
  });

  test('duplicate: same principal, role and scope twice', () => {
    expect(kinds({ keys: false, twice: true })).toEqual(['duplicate-grant']);
    expect(kinds({ keys: false, twice: false })).toEqual([]);
  });

  test('overlap: same role on the account and its group; two data-plane roles on one account', () => {
    expect(kinds({ keys: false, alsoOnGroup: true })).toEqual(['overlapping-grants']);
    expect(kinds({ keys: false, secondRole: GUIDS.azureAiUser })).toEqual(['overlapping-grants']);
    // A data-plane role plus a role without data actions is not an overlap.
    expect(kinds({ keys: false, secondRole: GUIDS.reader })).toEqual([]);
  });
});

describe('plan values', () => {
  const stack = rawStack();
  const json = JSON.parse(Testing.synth(stack, true));
  const userAddress = 'data.azuread_user.alice';
  const plan = {
    prior_state: { values: { root_module: { resources: [
      // Alice's lookup resolves to the admins group's object ID literal: the two become one principal.
      { address: userAddress, mode: 'data', type: 'azuread_user', name: 'alice', values: { object_id: OIDS.devs, user_principal_name: 'alice@contoso.com' } },
    ] } } },
    planned_values: { root_module: { resources: [
      { address: `${RA}alice-csuser-oai`, values: { name: 'aaaaaaaa-0000-4000-8000-000000000001' } },
    ] } },
  };

  test('looked-up object IDs and planned names replace plan-time expressions', () => {
    const r = buildAccessReport(json, { plan: planValuesFromJson(plan), planSource: 'plan.json' });
    const p = r.principals.find((x) => x.key === `oid:${OIDS.devs}`)!;
    expect(p.identifiedBy).toBe('user by UPN alice@contoso.com');
    expect(p.objectId).toBe(OIDS.devs);
    expect(r.principals.some((x) => x.key.startsWith('lookup:azuread_user:user_principal_name=alice'))).toBe(false);
    expect(r.assignments.find((a) => a.address.endsWith('alice-csuser-oai'))!.name).toBe('aaaaaaaa-0000-4000-8000-000000000001');
    expect(renderMarkdown(r)).toContain('with the values of plan `plan.json`');
  });

  test('a file that is not a plan is rejected with the fix', () => {
    expect(() => planValuesFromJson({ foo: 1 }, 'x.json')).toThrow(/x\.json: no "prior_state", "planned_values" or "values".*terraform show -json/);
  });
});

describe('Mermaid', () => {
  test('labels with quotes, brackets, pipes and hashes are escaped', () => {
    expect(mermaidText('Team "A" [ops] <x> | #1')).toBe('Team #34;A#34; [ops] #60;x#62; #124; #35;1');
  });

  test('a group name with quotes cannot break out of its node', () => {
    const stack = newStack('esc');
    const json = JSON.parse(Testing.synth(stack, true));
    json.data = { azuread_group: { g: { display_name: 'Ops "core" [x] | y' } } };
    json.resource = {
      azurerm_cognitive_account: { a: { name: 'ai', kind: 'AIServices', resource_group_name: 'rg-ai', sku_name: 'S0', location: 'x', local_auth_enabled: false } },
      azurerm_role_assignment: { r: { scope: '${azurerm_cognitive_account.a.id}', role_definition_name: 'Cognitive Services User', principal_id: '${data.azuread_group.g.object_id}' } },
    };
    const mermaid = renderMermaid(buildAccessReport(json));
    const node = mermaid.split('\n').find((l) => l.trim().startsWith('p1('))!;
    expect(node).toBe('    p1("group by display name #34;Ops #34;core#34; [x] #124; y#34;<br/>Group")');
  });

  test('output does not depend on creation order', () => {
    const make = (reverse: boolean) => {
      const stack = newStack('order');
      const json = JSON.parse(Testing.synth(stack, true));
      const entries: [string, unknown][] = [
        ['x', { scope: RG_SCOPE, role_definition_name: 'Reader', principal_id: OIDS.alice }],
        ['y', { scope: RG_SCOPE, role_definition_name: 'Owner', principal_id: OIDS.app }],
      ];
      json.resource = { azurerm_role_assignment: Object.fromEntries(reverse ? entries.reverse() : entries) };
      return renderMarkdown(buildAccessReport(json));
    };
    expect(make(true)).toBe(make(false));
  });
});

describe('unresolvable input is reported, not guessed', () => {
  test('unknown role, variable principal, expression scope', () => {
    const stack = newStack('odd');
    const json = JSON.parse(Testing.synth(stack, true));
    json.resource = {
      azurerm_role_assignment: {
        r: { scope: '${var.scope}', role_definition_id: roleIdOf('0000aaaa-0000-4000-8000-000000000000'), principal_id: '${var.who}' },
        s: { scope: RG_SCOPE, role_definition_id: '${azurerm_role_definition.missing.id}', principal_id: OIDS.alice },
      },
    };
    const r = buildAccessReport(json);
    expect(r.assignments).toHaveLength(2);
    expect(r.principals.map((p) => p.identifiedBy).sort()).toEqual(['Terraform variable who', 'object ID']);
    expect(r.roles.every((x) => x.kind === 'unknown' && !x.permissionsKnown)).toBe(true);
    expect(r.notes.join('\n')).toMatch(/0000aaaa-0000-4000-8000-000000000000 is neither in the built-in table nor defined in this stack/);
    expect(r.notes.join('\n')).toMatch(/scope \$\{var.scope\} cannot be resolved/);
    // An unknown role gives no finding: the report cannot tell what it allows.
    expect(r.findings).toEqual([]);
  });

  test('a role definition referenced by .id is flagged (Azure rejects "<guid>|<scope>")', () => {
    const stack = newStack('badref');
    const json = JSON.parse(Testing.synth(stack, true));
    json.resource = {
      azurerm_role_definition: { d: { name: 'Mine', scope: RG_SCOPE, permissions: [{ data_actions: ['Microsoft.CognitiveServices/accounts/MaaS/*'] }] } },
      azurerm_role_assignment: { r: { scope: RG_SCOPE, role_definition_id: '${azurerm_role_definition.d.id}', principal_id: OIDS.alice } },
    };
    const r = buildAccessReport(json);
    expect(r.roles.map((x) => [x.name, x.kind])).toEqual([['Mine', 'custom']]);
    expect(r.notes).toEqual([expect.stringContaining('use azurerm_role_definition.d.role_definition_resource_id')]);
  });
});

function roleIdOf(guid: string): string {
  return `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}
