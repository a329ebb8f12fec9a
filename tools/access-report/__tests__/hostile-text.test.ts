import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../../app/synthesize';
import { AccessReport } from '../access-report';
import { compareReports } from '../compare';
import { renderMarkdown } from '../render-markdown';
import { renderPlanReviewMarkdown } from '../plan-review-markdown';
import { reviewPlan } from '../plan-review';
import { runPlanReview } from '../plan-review-cli';
import { listStacks, reportOf } from '../synth-output';
import { CONTROL_TEXT, HOSTILE, HOSTILE_ALL } from '../test-support/hostile-text';
import { blockShape, fences, findingItems, headings, markup, visibleText } from '../test-support/markdown';
import { MermaidParseResult, mermaidParserForFile } from '../test-support/mermaid';
import { assignment, builtInRoleId, plan, rc, roleDefinition } from '../test-support/plan-fixtures';
import { configDir, devWith } from '../../../test-support/config-fixtures';
import { tempDir } from '../../offline/test-support/harness';
import { GUIDS } from '../test-support/report-stacks';

// Issue 20, point 3: configuration text in every position it reaches the review, written to break it. The review must keep
// every section and finding, gain no HTML, link, image or mention, and its Mermaid diagram must still parse with the same
// nodes and edges.

/** Text for position `n`: hostile, or plain words for the clean twin. */
type Texts = (n: string, max?: number) => string;
const hostileText: Texts = (n, max = 10_000) => `${n} ${HOSTILE_ALL}`.slice(0, max);
const cleanText: Texts = (n) => `${n} plain text of a clean configuration`;
// Looked-up identifiers have a shape (one @ and a domain, no spaces; nicknames without @()\[]";:<>, or spaces).
const hostileUpn = '<!--`|*_[l](https://example.com/)<img_src=x_onerror=alert(1)>#1@example.com';
const hostileNickname = '`*_~|&!#12{}$x$GH-3<!--'.replace(/[<]/g, '&');

/** The example dev environment with text from `t` in every free-text position of the configuration. */
function environment(t: Texts, upn: string, nickname: string): unknown {
  return devWith((env) => {
    env.developers = [
      { kind: 'group', objectId: '9f2c4b6a-1d3e-4a5b-8c7d-2e4f6a8b0c12', label: t('group label') },
      { kind: 'userByUpn', upn },
      { kind: 'userByMail', mail: upn.replace(/^.*@/, 'mail-$&') },
      { kind: 'userByMailNickname', mailNickname: nickname },
      { kind: 'servicePrincipalByDisplayName', displayName: t('sp display name') },
      { kind: 'managedIdentity', objectId: '4b6d8f0a-3c5e-4f7a-9b2d-6e8a0c2e4f36', label: t('identity label') },
    ];
    env.administrators = [
      { kind: 'groupByDisplayName', displayName: t('admin group display name') },
      { kind: 'groupByMailNickname', mailNickname: `a${nickname}` },
      { kind: 'user', objectId: '6d8f0a2c-5e7a-4b9c-8d1e-3f5a7b9c1d3e', label: t('admin label') },
    ];
    env.customRole = { enabled: true, name: t('role name', 512) };
    // Azure refuses < > % & \ ? / in tag names (constructs/azure/tags.ts); the value holds them.
    env.account.tags = { [t('tag name', 200).replace(/[<>%&\\?/]/g, '_')]: t('tag value', 200) };
    env.account.localAuth = { enabled: true, justification: t('key justification') };
    env.policy.keyAccess.effect = 'Audit';
    env.justInTimeAdministrators = { enabled: true, justification: t('jit justification'), ticket: { number: t('ticket'), system: t('system') } };
    env.temporaryDevelopers = [{ principal: { kind: 'user', objectId: '5c7e9a1b-4d6f-4a8c-9e1b-7f9b1d3f5a60', label: t('contractor label') }, expiresOn: '2026-12-31T00:00:00Z', justification: t('temporary justification') }];
  });
}

function reportOfConfig(env: unknown): AccessReport {
  const outdir = path.join(tempDir('hostile-'), 'cdktf.out');
  synthesize({ configDir: configDir({ 'dev.json': env }), outdir });
  const stack = listStacks(outdir).find((s) => s.name === 'dev')!;
  return reportOf(stack);
}

/** The clean twin's report, synthesized once for the file (the tests only read it). */
let cleanReport: AccessReport | undefined;
const cleanReportOfConfig = () => (cleanReport ??= reportOfConfig(environment(cleanText, 'carol@example.com', 'carolnick')));

/**
 * The report with text from `t` in every display field the model carries (what state, plans and exports can put there),
 * a comparison with gains and losses, guardrail rows, notes and log destinations. Keys stay: the structure is the same.
 */
function withModelText(r: AccessReport, t: Texts): AccessReport {
  const entry = (n: string) => ({ principalKey: `k-${n}`, principal: t(`${n} principal`), role: t(`${n} role`), can: [t(`${n} can`)], scope: t(`${n} scope`) });
  return {
    ...r,
    sources: { stack: t('stack file'), plan: t('plan file') },
    principals: r.principals.map((p, i) => ({ ...p, label: t(`label ${i}`), identifiedBy: t(`identified ${i}`), type: t(`type ${i}`) })),
    roles: r.roles.map((x, i) => ({ ...x, name: t(`role ${i}`), address: x.address && t(`role address ${i}`), actions: x.actions.map((a) => t(`action ${a}`)) })),
    accounts: r.accounts.map((a, i) => ({
      ...a, name: t(`account ${i}`), kind: t(`kind ${i}`), keyAccessDetail: t(`key detail ${i}`), keyJustification: t(`justification ${i}`),
      publicNetworkAccessDetail: t(`pna ${i}`), networkRules: t(`rules ${i}`), auditLogs: [t(`logs ${i}`)],
      keyAccessPolicy: { ...a.keyAccessPolicy, detail: t(`policy ${i}`) },
    })),
    assignments: r.assignments.map((a, i) => ({
      ...a, name: t(`name ${i}`), address: t(`address ${i}`), principalType: t(`ptype ${i}`), description: t(`description ${i}`),
      condition: t(`condition ${i}`), expires: t(`expires ${i}`), repeated: t(`repeated ${i}`), scope: { ...a.scope, label: t(`scope ${i}`) },
    })),
    findings: r.findings.map((f, i) => ({ ...f, message: t(`finding ${i}`) })),
    guardrails: [{ rule: t('rule'), severity: 'error', resource: t('resource'), title: t('title'), found: [t('found')], fix: t('fix') }],
    logDestinations: [{ address: t('diagnostic'), target: t('target'), categories: [t('category')], destination: t('destination') }],
    notes: [t('note 1'), t('note 2')],
    comparison: { against: t('against'), gained: [entry('gained')], lost: [entry('lost')] },
    azureDrift: {
      against: t('export'), accountId: t('account id'), inBoth: 1,
      outsideCode: [{ principal: t('drift principal'), principalId: t('drift id'), principalType: t('drift type'), role: t('drift role'), scope: t('drift scope'), inherited: true, ref: t('drift ref') }],
      notInAzure: [{ principal: t('missing principal'), principalType: 'User', role: t('missing role'), scope: t('missing scope'), ref: t('missing ref') }],
      unresolved: [{ principal: t('unresolved principal'), principalType: 'Group', role: t('unresolved role'), scope: t('unresolved scope'), ref: t('unresolved ref') }],
    },
  };
}

const sorted = (xs: string[]) => [...xs].sort();

/** The review of `hostile` keeps the shape of the review of `clean` and gains no markup; returns the two Markdown texts. */
function expectSameReview(clean: string, hostile: string, options: { multiLineConditions?: boolean } = {}): void {
  expect(blockShape(hostile)).toEqual(blockShape(clean));
  // Headings: the same, up to the configuration text some carry in parentheses ("against <file>").
  const titles = (md: string) => headings(md).map((h) => h.replace(/\s*\(.*$/, ''));
  expect(titles(hostile)).toEqual(titles(clean));
  expect(findingItems(hostile)).toBe(findingItems(clean));
  const [c, h] = [markup(clean), markup(hostile)];
  // The only HTML is the report's own (<br>, <details>): the same in both (a condition of several lines: more <br>).
  const own = (html: string[]) => sorted(options.multiLineConditions ? [...new Set(html)] : html);
  expect(own(h.html)).toEqual(own(c.html));
  expect(h.html.every((x) => /^(<br>|<details><summary>Terraform addresses<\/summary>|<\/details>)$/.test(x))).toBe(true);
  expect(h).toMatchObject({ links: [], images: [], mentions: [], references: [] });
}

const parseMermaid = mermaidParserForFile();

/** The diagram of `md`, parsed by Mermaid with its nodes and edges. */
async function diagramOf(md: string): Promise<MermaidParseResult> {
  const [diagram] = fences(md, 'mermaid');
  expect(diagram).toBeDefined();
  return (await parseMermaid([diagram], { details: true }))[0];
}

describe('hostile text in every configuration position', () => {
  let clean: AccessReport;
  let hostile: AccessReport;
  beforeAll(() => {
    clean = cleanReportOfConfig();
    hostile = reportOfConfig(environment(hostileText, hostileUpn, hostileNickname));
  });

  test('the configuration accepts the text (it holds no control character) and the report has something to hide', () => {
    expect(clean.findings.length).toBeGreaterThan(3);
    expect(hostile.findings.map((f) => f.kind)).toEqual(clean.findings.map((f) => f.kind));
    expect(hostile.assignments).toHaveLength(clean.assignments.length);
  });

  test('every section and finding renders; no HTML, link, image or mention comes from configuration text', () => {
    const [c, h] = [renderMarkdown(clean), renderMarkdown(hostile)];
    expect(headings(c).length).toBeGreaterThan(6);
    expect(findingItems(c)).toBe(clean.findings.length);
    expectSameReview(c, h);
    // And the text is shown as written.
    const seen = visibleText(h);
    for (const n of ['group label', 'identity label', 'admin label', 'contractor label', 'key justification', 'role name']) {
      expect(seen).toContain(hostileText(n, n === 'role name' ? 512 : undefined));
    }
    expect(seen).toContain(hostileUpn);
  });

  test('the Mermaid diagram parses, with the same nodes and edges, and labels drawn as written', async () => {
    const [c, h] = await Promise.all([diagramOf(renderMarkdown(clean)), diagramOf(renderMarkdown(hostile))]);
    expect(c).toMatchObject({ ok: true, type: 'flowchart-v2' });
    expect(h).toMatchObject({ ok: true, type: 'flowchart-v2' });
    expect(h.nodes!.map((n) => n.id)).toEqual(c.nodes!.map((n) => n.id));
    expect(h.edges!.map((e) => `${e.start}->${e.end}`)).toEqual(c.edges!.map((e) => `${e.start}->${e.end}`));
    const texts = h.nodes!.map((n) => n.text).join('\n');
    expect(texts).toContain(hostileText('group label'));
    expect(texts).toContain(hostileText('role name', 512));
    // The label source holds no character that starts markup: only the report's own <br/> line breaks.
    const [source] = fences(renderMarkdown(hostile), 'mermaid');
    for (const m of source.matchAll(/"((?:[^"])*)"/g)) expect(m[1].replace(/<br\/>/g, '')).not.toMatch(/[<>`&|%:]/);
  });
});

describe('hostile and control text in every display field of the report model', () => {
  let base: AccessReport;
  beforeAll(() => {
    base = cleanReportOfConfig();
  });
  const controlled: Texts = (n, max) => `${CONTROL_TEXT} ${hostileText(n, max)}`;

  test.each([['hostile', hostileText], ['hostile with control characters', controlled]] as const)('%s text: same sections, findings, tables; no markup', async (_name, t) => {
    const [c, h] = [renderMarkdown(withModelText(base, cleanText)), renderMarkdown(withModelText(base, t))];
    expect(headings(c)).toEqual(expect.arrayContaining([expect.stringMatching(/^h2 Who gains/), expect.stringMatching(/^h2 Code and Azure/), 'h2 Notes', 'h2 Guardrail rules', 'h2 Where logs go']));
    expectSameReview(c, h, { multiLineConditions: t === controlled });
    expect(h).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/); // eslint-disable-line no-control-regex
    const [dc, dh] = await Promise.all([diagramOf(c), diagramOf(h)]);
    expect(dh).toMatchObject({ ok: true });
    expect(dh.nodes!.length).toBe(dc.nodes!.length);
    expect(dh.edges!.length).toBe(dc.edges!.length);
  });

  test('a comparison against an earlier report of hostile labels renders the same way', () => {
    const hostileBase = withModelText(base, hostileText);
    const earlier = JSON.parse(JSON.stringify({ ...hostileBase, assignments: hostileBase.assignments.slice(1) }));
    const comparison = compareReports(hostileBase, earlier, hostileText('earlier'));
    expect(comparison.gained.length).toBeGreaterThan(0);
    const cleanBase = withModelText(base, cleanText);
    const cleanComparison = compareReports(cleanBase, JSON.parse(JSON.stringify({ ...cleanBase, assignments: cleanBase.assignments.slice(1) })), 'earlier');
    expectSameReview(renderMarkdown({ ...cleanBase, comparison: cleanComparison }), renderMarkdown({ ...hostileBase, comparison }));
  });
});

describe('the plan review in Markdown', () => {
  test('a heading and one fence holding the review as written, whatever the plan names', () => {
    const name = `${HOSTILE_ALL}\n\`\`\`\`\n${HOSTILE.htmlComment}\n::error::injected \u001b[2J`;
    const doc = plan([
      rc('azurerm_role_definition.custom', ['delete'], roleDefinition(name), null),
      rc('azurerm_role_assignment.a', ['delete'], assignment('11111111-2222-4333-8444-555555555555', '22222222-3333-4444-8555-666666666666', 'User', builtInRoleId(GUIDS.cognitiveServicesUser)), null),
    ]);
    const review = reviewPlan(doc, { planPath: 'plan.json' });
    expect(review.text).toContain(HOSTILE.htmlComment);
    // Plan values stay on their finding's line: no runner command (::error::) or terminal sequence starts or hides a line.
    expect(review.text).toContain('U+000A````U+000A<!-- the rest');
    expect(review.text.split('\n').length).toBe(4);
    expect(review.text).not.toMatch(/^::|\u001b/m); // eslint-disable-line no-control-regex
    const out = renderPlanReviewMarkdown(review, 'plan.json', 'dev');
    expect(blockShape(out)).toEqual(['heading_open:h2', 'heading_close:h2', 'fence:code:text']);
    expect(fences(out, 'text')).toEqual([`Plan review of plan.json\n${review.text}\n`]);
    expect(markup(out)).toEqual({ html: [], links: [], images: [], mentions: [], references: [] });
    // The command prints the same: npm run plan-review -- <plan.json> --markdown (exit code unchanged: 2, destructive).
    const file = path.join(tempDir('plan-md-'), 'plan.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const res = runPlanReview([file, '--markdown']);
    expect(res.code).toBe(2);
    expect(fences(res.stdout, 'text')).toEqual([`Plan review of ${file}\n${reviewPlan(doc, { planPath: file }).text}\n`]);
    expect(runPlanReview([file, '--markdown', '--json']).code).toBe(1);
  });
});

