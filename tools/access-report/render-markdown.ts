import { renderAzureDrift } from './azure-drift';
import { accessEntriesOf, disableLocalAuthCommand, principalLabel } from './access-report';
import { AccessReport, FindingKind, RoleModel, SEVERITIES, Severity } from './model';
import { renderMermaid } from './render-mermaid';

/** Text safe in a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, '<br>').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/&lt;br&gt;/g, '<br>');
}

const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

const FINDING_KINDS: Record<FindingKind, string> = {
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
  return role.dataActions.length === 0 ? 'none' : role.dataActions.map(code).join('<br>')
    + (role.notDataActions.length ? `<br>except ${role.notDataActions.map(code).join(', ')}` : '');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The Markdown review of one stack: summary, changes, findings by severity, principals, accounts, assignments, diagram. */
export function renderMarkdown(report: AccessReport): string {
  const principals = new Map(report.principals.map((p) => [p.key, p]));
  const roles = new Map(report.roles.map((r) => [r.key, r]));
  const accounts = new Map(report.accounts.map((a) => [a.key, a]));
  const who = (key: string) => principalLabel(principals.get(key));
  const s = report.summary;
  const out: string[] = [];
  out.push(`# Access review: ${report.stack}`, '');
  out.push(`Environment (stack) \`${report.stack}\`, read from ${code(report.sources.stack)}${report.sources.plan ? ` with the values of plan ${code(report.sources.plan)}` : ' (no plan given: looked-up principals show as lookups)'}.`);
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
    const keyText = a.keyAccess === 'on' ? `**keys ON**${a.keyJustification ? ` (justification: "${a.keyJustification}")` : ' (no justification recorded)'}`
      : a.keyAccess === 'off' ? 'keys off' : `keys unknown: check with ${code(disableLocalAuthCommand(a))}`;
    out.push(`- **Account ${a.name}** (${a.source === 'managed' ? 'managed here' : 'existing'}): ${keyText}; public network access ${a.publicNetworkAccess}${a.networkRules !== 'none' && !a.networkRules.startsWith('unknown') ? ` (${a.networkRules})` : ''}.`);
  }
  const list = (keys: string[]) => (keys.length ? keys.map(who).join('; ') : 'nobody');
  out.push(`- **Who can call models** (${s.canCallModels.length}): ${list(s.canCallModels)}.`);
  out.push(`- **Who can administer** (${s.canAdminister.length}): ${list(s.canAdminister)}.`);
  if (report.comparison) out.push(`- **Changes** against ${report.comparison.against}: ${report.comparison.gained.length} gained, ${report.comparison.lost.length} lost.`);
  out.push('');

  // ---------------------------------------------------------------- changes
  if (report.comparison) {
    const c = report.comparison;
    out.push(`## Who gains and who loses access (against ${c.against})`, '');
    if (c.gained.length + c.lost.length === 0) out.push('No change: the same principals hold the same roles at the same scopes.', '');
    else {
      out.push('| Change | Principal | Can | Role | Where |', '|---|---|---|---|---|');
      for (const [word, entries] of [['**gains**', c.gained], ['**loses**', c.lost]] as const) {
        for (const e of entries) out.push(`| ${word} | ${cell(e.principal)} | ${cell(e.can.join(', '))} | ${cell(e.role)} | ${cell(e.scope)} |`);
      }
      out.push('');
    }
  }

  // ---------------------------------------------------------------- findings
  out.push('## Findings', '');
  if (report.findings.length === 0) out.push('None.', '');
  for (const severity of SEVERITIES) {
    const found = report.findings.filter((f) => f.severity === severity);
    if (found.length === 0) continue;
    out.push(`### ${SEVERITY_TITLES[severity]} (${found.length})`, '');
    for (const f of found) out.push(`- **${FINDING_KINDS[f.kind]}**: ${f.message.replace(/[\r\n]+/g, ' ').replace(/az cognitiveservices account show --ids \S+ --query properties\.disableLocalAuth/g, code)}`);
    out.push('');
  }

  // ---------------------------------------------------------------- guardrails (rows of the library's rule table)
  if (report.guardrails?.length) {
    out.push('## Guardrail rules', '');
    for (const g of report.guardrails) out.push(`- **${g.rule}** (${g.severity}) ${g.title}: \`${g.resource}\`: ${g.found.join('; ').replace(/[\r\n]+/g, ' ')}. Fix: ${g.fix}.`);
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
    out.push(`**${cell(title)}** (${details.join(', ')})`, '');
    for (const e of mine) out.push(`- ${e.scope}: **${e.can.join(', ')}** through ${e.role}`);
    out.push('');
  }

  if (report.delegations?.length) {
    out.push('## Delegated grants', '', 'Principals that may assign roles themselves (Role Based Access Control Administrator with a condition): only these roles, to these principal types, at this scope.', '');
    for (const d of report.delegations) {
      out.push(`- **${cell(who(d.principalKey))}** at ${cell(d.scope)} may assign ${d.roles.map(cell).join(', ')} to ${d.principalTypes.length > 0 ? d.principalTypes.map(cell).join(', ') : 'any principal type'} (\`${d.address}\`)`);
    }
    out.push('');
  }

  if (report.deployments?.length) {
    out.push('## Deployments and content filters', '', '| Deployment | Account | Model | Content filter | What it is |', '|---|---|---|---|---|');
    for (const d of report.deployments) out.push(`| ${cell(d.name)} | ${cell(d.account)} | ${cell(d.model)} | ${cell(d.contentFilter)} | ${cell(d.contentFilterDetail)} |`);
    out.push('');
  }

  // ---------------------------------------------------------------- accounts
  out.push('## Accounts', '');
  if (report.accounts.length === 0) out.push('No AI Services / Cognitive Services account in this stack or in its scopes.', '');
  else {
    out.push('| Account | Managed here | Kind | Key-based access | Key-access policy | Audit logs | Public network access | Network rules |', '|---|---|---|---|---|---|---|---|');
    for (const a of report.accounts) {
      const managed = a.source === 'managed' ? 'yes' : a.source === 'data-source' ? 'no (data source)' : 'no (ARM ID)';
      const keys = a.keyAccess === 'on' ? `**ON**: ${a.keyAccessDetail.replace(/^on /, '')}${a.keyJustification ? `<br>justification: ${cell(a.keyJustification)}` : ''}` : cell(a.keyAccessDetail);
      const logs = a.auditLogs.length ? a.auditLogs.join('\n') : 'none in this stack';
      out.push(`| ${cell(a.name)} | ${managed} | ${cell(a.kind ?? '')} | ${keys} | ${cell(a.keyAccessPolicy.detail)} | ${cell(logs)} | ${cell(a.publicNetworkAccessDetail)} | ${cell(a.networkRules)} |`);
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
      const principal = `${principalLabel(p)}<br>${p.objectId ? '' : p.reference ? 'object ID at plan time, ' : ''}type ${a.principalType}`;
      const scope = a.scope.label + (a.scope.kind !== 'account' && a.scope.accountKeys.length
        ? `, covering ${a.scope.accountKeys.map((k) => accounts.get(k)!.name).join(', ')}` : '');
      const extras = [a.repeated && `(${a.repeated})`, a.description && `description: ${a.description}`, a.condition && `condition: ${a.condition}`].filter(Boolean).join('\n');
      const access = a.access === 'standing' ? 'standing' : `${a.access === 'eligible' ? 'eligible (PIM)' : 'time-limited (PIM)'}${a.expires ? `, ${a.expires}` : ''}`;
      out.push(`| ${i + 1} | ${cell(principal).replace(/&lt;br&gt;/g, '<br>')} | ${cell(r.name)} (${r.kind}) | ${cell(access)} | ${dataActionsOf(r)} | ${cell(scope)} | ${cell(a.name)}${extras ? `<br>${cell(extras)}` : ''} |`);
    });
    out.push('', '<details><summary>Terraform addresses</summary>', '');
    report.assignments.forEach((a, i) => out.push(`${i + 1}. ${code(a.address)}`));
    for (const a of report.accounts.filter((x) => x.source !== 'arm-id')) out.push(`- account ${a.name}: ${code(a.key)}`);
    out.push('', '</details>', '');
  }

  if (report.logDestinations.length > 0) {
    out.push('## Where logs go', '', '| Diagnostic setting | Logs of | Categories | Destination |', '|---|---|---|---|');
    for (const d of report.logDestinations) out.push(`| ${code(d.address)} | ${cell(d.target)} | ${cell(d.categories.join(', '))} | ${cell(d.destination)} |`);
    out.push('');
  }

  const custom = report.roles.filter((r) => r.kind !== 'built-in');
  if (custom.length > 0) {
    out.push('## Custom and unrecognised roles', '', '| Role | Kind | Actions | Data actions | Defined at |', '|---|---|---|---|---|');
    for (const r of custom) {
      const actions = !r.permissionsKnown ? 'unknown' : r.actions.length ? r.actions.map(code).join('<br>') : 'none';
      out.push(`| ${cell(r.name)} | ${r.kind} | ${actions} | ${dataActionsOf(r)} | ${r.address ? code(r.address) : ''} |`);
    }
    out.push('');
  }

  if (report.azureDrift) out.push(...renderAzureDrift(report.azureDrift));

  if (report.notes.length > 0) {
    out.push('## Notes', '');
    for (const n of report.notes) out.push(`- ${n.replace(/[\r\n]+/g, ' ')}`);
    out.push('');
  }
  return out.join('\n');
}

/** The JSON form of a report (stable key order as built, two-space indent, trailing newline). */
export function renderJson(report: AccessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
