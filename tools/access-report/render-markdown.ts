import { renderAzureDrift } from './azure-drift';
import { accessEntriesOf, disableLocalAuthCommand, principalLabel } from './access-report';
import { AccessReport, FindingKind, RoleModel, SEVERITIES, Severity } from './model';
import { mdCode, mdText } from './markdown-safe';
import { renderMermaid } from './render-mermaid';

/** Text of several lines in one table cell or list item: each line escaped, lines joined by `<br>`. */
export function mdLines(text: string, each: (line: string) => string = mdText): string {
  return String(text).split(/\r\n|\r|\n/).map(each).join('<br>');
}

/**
 * A sentence of the report model (findings, notes, policy details) holding configuration text: spans the model quotes in
 * backticks (addresses) and `az` commands become code, the rest is escaped text. Everything goes through mdText or mdCode,
 * so a backtick in configuration text can at most move where code formatting starts.
 */
export function mdSentence(text: string): string {
  const out: string[] = [];
  const prose = (t: string) => mdText(t.replace(/\r\n|\r|\n/g, ' '));
  const spans = /`([^`\r\n]+)`|(az cognitiveservices account show --ids \S+ --query properties\.disableLocalAuth)/g;
  let at = 0;
  for (let m = spans.exec(text); m; m = spans.exec(text)) {
    out.push(prose(text.slice(at, m.index)), mdCode(m[1] ?? m[2]));
    at = m.index + m[0].length;
  }
  out.push(prose(text.slice(at)));
  return out.join('');
}

const FINDING_KINDS: Record<FindingKind, string> = {
  'no-network-path': 'no network path',
  'keys-on-denied-by-policy': 'keys on, denied by policy',
  'control-plane-role': 'control-plane role',
  'key-listing-role': 'can list keys, keys on',
  'key-listing-role-keys-unknown': 'can list keys, key state unknown',
  'duplicate-grant': 'duplicate grant',
  'overlapping-grants': 'overlapping grants',
};

const SEVERITY_TITLES: Record<Severity, string> = {
  high: 'High: act before merging',
  medium: 'Medium: check',
  low: 'Low: tidy up',
  info: 'Information: expected grants',
};

function dataActionsOf(role: RoleModel): string {
  if (!role.permissionsKnown) return 'unknown';
  return role.dataActions.length === 0 ? 'none' : role.dataActions.map(mdCode).join('<br>')
    + (role.notDataActions.length ? `<br>except ${role.notDataActions.map(mdCode).join(', ')}` : '');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "Who gains and who loses access" as a Markdown section under a heading of the given level (the report's, the review's). */
export function renderComparison(c: NonNullable<AccessReport['comparison']>, heading: string): string[] {
  const out = [`${heading} Who gains and who loses access (against ${mdText(c.against)})`, ''];
  if (c.gained.length + c.lost.length === 0) return [...out, 'No change: the same principals hold the same roles at the same scopes.', ''];
  out.push('| Change | Principal | Can | Role | Where |', '|---|---|---|---|---|');
  for (const [word, entries] of [['**gains**', c.gained], ['**loses**', c.lost]] as const) {
    for (const e of entries) out.push(`| ${word} | ${mdText(e.principal)} | ${mdText(e.can.join(', '))} | ${mdText(e.role)} | ${mdText(e.scope)} |`);
  }
  return [...out, ''];
}

/** The Markdown review of one stack: summary, changes, findings by severity, principals, accounts, assignments, diagram. */
export function renderMarkdown(report: AccessReport): string {
  const principals = new Map(report.principals.map((p) => [p.key, p]));
  const roles = new Map(report.roles.map((r) => [r.key, r]));
  const accounts = new Map(report.accounts.map((a) => [a.key, a]));
  const who = (key: string) => principalLabel(principals.get(key));
  const s = report.summary;
  const out: string[] = [];
  out.push(`# Access review: ${mdText(report.stack)}`, '');
  out.push(`Environment (stack) ${mdCode(report.stack)}, read from ${mdCode(report.sources.stack)}${report.sources.plan ? ` with the values of plan ${mdCode(report.sources.plan)}` : ' (no plan given: looked-up principals show as lookups)'}.`);
  // "unknown" only when there are some: "on: 0" alone would read as "no account has keys on".
  const keys = `key-based access on: ${s.keyBasedAccess.on}${s.keyBasedAccess.unknown ? `, unknown: ${s.keyBasedAccess.unknown}` : ''}`;
  out.push(`${plural(s.accounts, 'account')} (${keys}), ${plural(s.assignments, 'role assignment')}, ${plural(s.principals, 'principal')}, ${plural(s.findings, 'finding')}.`, '');

  // ---------------------------------------------------------------- summary
  out.push('## Summary', '');
  const bySeverity = s.findingsBySeverity;
  const risks = SEVERITIES.filter((v) => v !== 'info').map((v) => `${bySeverity[v]} ${v}`).join(', ');
  out.push(`- **Risks**: ${risks}${bySeverity.info ? `; ${bySeverity.info} for information (expected administrator grants)` : ''}.`);
  if (report.accounts.length === 0) out.push('- **Accounts**: none (this stack holds no AI Services / Cognitive Services account).');
  for (const a of report.accounts) {
    const keyText = a.keyAccess === 'on' ? `**keys ON**${a.keyJustification ? ` (justification: "${mdText(a.keyJustification)}")` : ' (no justification recorded)'}`
      : a.keyAccess === 'off' ? 'keys off' : `keys unknown: check with ${mdCode(disableLocalAuthCommand(a))}`;
    out.push(`- **Account ${mdText(a.name)}** (${a.source === 'managed' ? 'managed here' : 'existing'}): ${keyText}; public network access ${mdText(a.publicNetworkAccess)}${a.networkRules !== 'none' && !a.networkRules.startsWith('unknown') ? ` (${mdText(a.networkRules)})` : ''}.`);
  }
  const list = (keys: string[]) => (keys.length ? keys.map((k) => mdText(who(k))).join('; ') : 'nobody');
  out.push(`- **Who can call models** (${s.canCallModels.length}): ${list(s.canCallModels)}.`);
  out.push(`- **Who can administer** (${s.canAdminister.length}): ${list(s.canAdminister)}.`);
  if (report.comparison) out.push(`- **Changes** against ${mdText(report.comparison.against)}: ${report.comparison.gained.length} gained, ${report.comparison.lost.length} lost.`);
  out.push('');

  // ---------------------------------------------------------------- changes
  if (report.comparison) out.push(...renderComparison(report.comparison, '##'));

  // ---------------------------------------------------------------- findings
  out.push('## Findings', '');
  if (report.findings.length === 0) out.push('None.', '');
  for (const severity of SEVERITIES) {
    const found = report.findings.filter((f) => f.severity === severity);
    if (found.length === 0) continue;
    out.push(`### ${SEVERITY_TITLES[severity]} (${found.length})`, '');
    for (const f of found) out.push(`- **${FINDING_KINDS[f.kind]}**: ${mdSentence(f.message)}`);
    out.push('');
  }

  // ---------------------------------------------------------------- guardrails (rows of the library's rule table)
  if (report.guardrails?.length) {
    out.push('## Guardrail rules', '');
    for (const g of report.guardrails) out.push(`- **${mdText(g.rule)}** (${mdText(g.severity)}) ${mdSentence(g.title)}: ${mdCode(g.resource)}: ${mdSentence(g.found.join('; '))}. Fix: ${mdSentence(g.fix)}.`);
    out.push('');
  }

  // ---------------------------------------------------------------- principals
  out.push('## Principals: who can do what, where', '');
  const entries = accessEntriesOf(report);
  if (entries.length === 0) out.push('No role assignments in this stack.', '');
  for (const p of report.principals) {
    const mine = entries.filter((e) => e.principalKey === p.key);
    if (mine.length === 0) continue;
    const byObjectId = p.identifiedBy === 'object ID';
    const title = p.label ?? (byObjectId ? `${p.type} ${p.objectId}` : p.identifiedBy);
    const details = [p.type, ...(p.objectId && (p.label || !byObjectId) ? [`object ID ${p.objectId}`] : [])];
    out.push(`**${mdText(title)}** (${mdText(details.join(', '))})`, '');
    for (const e of mine) out.push(`- ${mdText(e.scope)}: **${mdText(e.can.join(', '))}** through ${mdText(e.role)}`);
    out.push('');
  }

  if (report.delegations?.length) {
    out.push('## Delegated grants', '', 'Principals that may assign roles themselves (Role Based Access Control Administrator with a condition): only these roles, to these principal types, at this scope.', '');
    for (const d of report.delegations) {
      out.push(`- **${mdText(who(d.principalKey))}** at ${mdText(d.scope)} may assign ${d.roles.map(mdText).join(', ')} to ${d.principalTypes.length > 0 ? d.principalTypes.map(mdText).join(', ') : 'any principal type'} (${mdCode(d.address)})`);
    }
    out.push('');
  }

  if (report.deployments?.length) {
    out.push('## Deployments and content filters', '', '| Deployment | Account | Model | Content filter | What it is |', '|---|---|---|---|---|');
    for (const d of report.deployments) out.push(`| ${mdText(d.name)} | ${mdText(d.account)} | ${mdText(d.model)} | ${mdText(d.contentFilter)} | ${mdText(d.contentFilterDetail)} |`);
    out.push('');
  }

  // ---------------------------------------------------------------- accounts
  out.push('## Accounts', '');
  if (report.accounts.length === 0) out.push('No AI Services / Cognitive Services account in this stack or in its scopes.', '');
  else {
    out.push('| Account | Managed here | Kind | Key-based access | Key-access policy | Audit logs | Public network access | Network rules |', '|---|---|---|---|---|---|---|---|');
    for (const a of report.accounts) {
      const managed = a.source === 'managed' ? 'yes' : a.source === 'data-source' ? 'no (data source)' : 'no (ARM ID)';
      const keys = a.keyAccess === 'on' ? `**ON**: ${mdSentence(a.keyAccessDetail.replace(/^on /, ''))}${a.keyJustification ? `<br>justification: ${mdText(a.keyJustification)}` : ''}` : mdSentence(a.keyAccessDetail);
      const logs = a.auditLogs.length ? a.auditLogs.map(mdSentence).join('<br>') : 'none in this stack';
      out.push(`| ${mdText(a.name)} | ${managed} | ${mdText(a.kind ?? '')} | ${keys} | ${mdSentence(a.keyAccessPolicy.detail)} | ${logs} | ${mdSentence(a.publicNetworkAccessDetail)} | ${mdSentence(a.networkRules)} |`);
    }
    out.push('');
  }

  // ---------------------------------------------------------------- network access
  if (report.accounts.length > 0) {
    out.push('## Network access', '', 'How each account is reached, from this configuration (where the callers run is not in it).', '');
    out.push('| Account | Reached through | Public endpoint | IP rules | Virtual network rules | Private endpoints (subnet) |', '|---|---|---|---|---|---|');
    for (const a of report.accounts) {
      const r = a.reach;
      const pes = r.privateEndpoints.length ? r.privateEndpoints.map((p) => `${mdCode(p.address)} in ${mdCode(p.subnet)}`).join('<br>') : 'none';
      const path = r.hasPath === 'no' ? `**${mdText(r.summary)}**` : mdText(r.summary);
      out.push(`| ${mdText(a.name)} | ${path} | ${mdText(r.publicEndpoint)} | ${r.ipRules} | ${r.virtualNetworkRules} | ${pes} |`);
    }
    out.push('');
  }

  // ---------------------------------------------------------------- diagram
  if (report.assignments.length > 0 || report.accounts.length > 0) {
    out.push('## Diagram', '', 'Principals, the roles they hold at each scope, and the accounts those scopes cover. Red: control plane (can change an account or grant access); blue: data plane; orange border: key-based access on.', '');
    out.push('```mermaid', renderMermaid(report), '```', '');
  }

  // ---------------------------------------------------------------- details
  if (report.assignments.length > 0) {
    out.push('## Role assignments', '');
    out.push('| # | Principal | Role | Access | Data actions | Scope | Assignment |', '|---|---|---|---|---|---|---|');
    report.assignments.forEach((a, i) => {
      const p = principals.get(a.principalKey)!;
      const r = roles.get(a.roleKey)!;
      const principal = `${mdText(principalLabel(p))}<br>${p.objectId ? '' : p.reference ? 'object ID at plan time, ' : ''}type ${mdText(a.principalType)}`;
      const scope = a.scope.label + (a.scope.kind !== 'account' && a.scope.accountKeys.length
        ? `, covering ${a.scope.accountKeys.map((k) => accounts.get(k)!.name).join(', ')}` : '');
      const extras = [a.repeated && mdText(`(${a.repeated})`), a.description && `description: ${mdText(a.description)}`, a.condition && `condition: ${mdLines(a.condition, mdCode)}`].filter(Boolean).join('<br>');
      const access = a.access === 'standing' ? 'standing' : `${a.access === 'eligible' ? 'eligible (PIM)' : 'time-limited (PIM)'}${a.expires ? `, ${a.expires}` : ''}`;
      out.push(`| ${i + 1} | ${principal} | ${mdText(r.name)} (${r.kind}) | ${mdText(access)} | ${dataActionsOf(r)} | ${mdText(scope)} | ${mdText(a.name)}${extras ? `<br>${extras}` : ''} |`);
    });
    out.push('', '<details><summary>Terraform addresses</summary>', '');
    report.assignments.forEach((a, i) => out.push(`${i + 1}. ${mdCode(a.address)}`));
    for (const a of report.accounts.filter((x) => x.source !== 'arm-id')) out.push(`- account ${mdText(a.name)}: ${mdCode(a.key)}`);
    out.push('', '</details>', '');
  }

  // Every end date in one place: what the nightly drift job warns about 14 days ahead (npm run grants-ending).
  const ending = report.assignments.map((a, i) => ({ a, i })).filter(({ a }) => a.access !== 'standing');
  if (ending.length > 0) {
    out.push('## Access that ends', '', '| # | Principal | Role | Kind | Ends |', '|---|---|---|---|---|');
    for (const { a, i } of ending) {
      out.push(`| ${i + 1} | ${mdText(principalLabel(principals.get(a.principalKey)!))} | ${mdText(roles.get(a.roleKey)!.name)} | ${a.access} | ${mdText(a.expires ?? '')} |`);
    }
    out.push('');
  }

  if (report.logDestinations.length > 0) {
    out.push('## Where logs go', '', '| Diagnostic setting | Logs of | Categories | Destination |', '|---|---|---|---|');
    for (const d of report.logDestinations) out.push(`| ${mdCode(d.address)} | ${mdSentence(d.target)} | ${mdText(d.categories.join(', '))} | ${mdSentence(d.destination)} |`);
    out.push('');
  }

  const custom = report.roles.filter((r) => r.kind !== 'built-in');
  if (custom.length > 0) {
    out.push('## Custom and unrecognised roles', '', '| Role | Kind | Actions | Data actions | Defined at |', '|---|---|---|---|---|');
    for (const r of custom) {
      const actions = !r.permissionsKnown ? 'unknown' : r.actions.length ? r.actions.map(mdCode).join('<br>') : 'none';
      out.push(`| ${mdText(r.name)} | ${r.kind} | ${actions} | ${dataActionsOf(r)} | ${r.address ? mdCode(r.address) : ''} |`);
    }
    out.push('');
  }

  if (report.azureDrift) out.push(...renderAzureDrift(report.azureDrift));

  if (report.notes.length > 0) {
    out.push('## Notes', '');
    for (const n of report.notes) out.push(`- ${mdSentence(n)}`);
    out.push('');
  }
  return out.join('\n');
}

/** The JSON form of a report (stable key order as built, two-space indent, trailing newline). */
export function renderJson(report: AccessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
