import { AccessReport, FindingKind, RoleModel } from './model';
import { renderMermaid } from './render-mermaid';

/** Text safe in a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, '<br>').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/&lt;br&gt;/g, '<br>');
}

const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

const FINDING_TITLES: Record<FindingKind, { title: string; what: string }> = {
  'keys-on-denied-by-policy': { title: 'Key-based access the policy denies', what: 'the stack turns keys on where a key-access policy with effect Deny applies: Azure refuses the change (the report reasons from the assignment; the policy itself runs only in Azure)' },
  'control-plane-role': { title: 'Principals with control-plane roles', what: 'roles that can change accounts, their deployments or access, granted on an account or on a group, subscription or management group that can hold accounts' },
  'key-listing-role': { title: 'Roles that can list keys while keys are on', what: 'anyone here can read the account keys and call models without Entra ID' },
  'key-listing-role-keys-unknown': { title: 'Roles that can list keys where the key state is unknown', what: 'keys may be on: the stack does not set them on these accounts (existing accounts, or a value known only at plan time); verify disableLocalAuth in Azure, or give --plan for an account read with a data source' },
  'duplicate-grant': { title: 'Duplicate grants', what: 'the same principal, role and scope assigned more than once' },
  'overlapping-grants': { title: 'Overlapping grants', what: 'the same principal reaches an account through two roles or two scopes' },
};

function dataActionsOf(role: RoleModel): string {
  if (!role.permissionsKnown) return 'unknown';
  return role.dataActions.length === 0 ? 'none' : role.dataActions.map(code).join('<br>')
    + (role.notDataActions.length ? `<br>except ${role.notDataActions.map(code).join(', ')}` : '');
}

/** The Markdown report of one stack: accounts, assignments, findings, the diagram, and notes. */
export function renderMarkdown(report: AccessReport): string {
  const principals = new Map(report.principals.map((p) => [p.key, p]));
  const roles = new Map(report.roles.map((r) => [r.key, r]));
  const accounts = new Map(report.accounts.map((a) => [a.key, a]));
  const out: string[] = [];
  out.push(`# Access report: ${report.stack}`, '');
  out.push(`Environment (stack) \`${report.stack}\`, read from ${code(report.sources.stack)}${report.sources.plan ? ` with the values of plan ${code(report.sources.plan)}` : ' (no plan given: looked-up principals show as lookups)'}.`);
  const s = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  // "unknown" only when there are some: "on: 0" alone would read as "no account has keys on".
  const keys = `key-based access on: ${s.keyBasedAccess.on}${s.keyBasedAccess.unknown ? `, unknown: ${s.keyBasedAccess.unknown}` : ''}`;
  out.push(`${plural(s.accounts, 'account')} (${keys}), ${plural(s.assignments, 'role assignment')}, ${plural(s.principals, 'principal')}, ${plural(s.findings, 'finding')}.`, '');

  out.push('## Accounts', '');
  if (report.accounts.length === 0) out.push('No AI Services / Cognitive Services account in this stack or in its scopes.', '');
  else {
    out.push('| Account | Managed here | Kind | Key-based access | Key-access policy | Audit logs | Public network access | Network rules | Address / ID |', '|---|---|---|---|---|---|---|---|---|');
    for (const a of report.accounts) {
      const managed = a.source === 'managed' ? 'yes' : a.source === 'data-source' ? 'no (data source)' : 'no (ARM ID)';
      const keys = a.keyAccess === 'on' ? `**ON**: ${a.keyAccessDetail.replace(/^on /, '')}` : a.keyAccessDetail;
      const logs = a.auditLogs.length ? a.auditLogs.join('\n') : 'none in this stack';
      out.push(`| ${cell(a.name)} | ${managed} | ${cell(a.kind ?? '')} | ${cell(keys)} | ${cell(a.keyAccessPolicy.detail)} | ${cell(logs)} | ${cell(a.publicNetworkAccessDetail)} | ${cell(a.networkRules)} | ${code(a.source === 'arm-id' ? a.armId ?? a.key : a.key)} |`);
    }
    out.push('');
  }

  out.push('## Role assignments', '');
  if (report.assignments.length === 0) out.push('No role assignments in this stack.', '');
  else {
    out.push('| # | Principal | Identified by | Principal type | Role | Access | Built-in / custom | Data actions | Scope | Assignment name |', '|---|---|---|---|---|---|---|---|---|---|');
    report.assignments.forEach((a, i) => {
      const p = principals.get(a.principalKey)!;
      const r = roles.get(a.roleKey)!;
      const principal = p.objectId ?? (p.reference ? 'object ID at plan time' : 'unknown');
      const identified = p.identifiedBy + (p.label ? ` ("${p.label}")` : '') + (p.reference ? ` (${code(p.reference)})` : '');
      const scope = a.scope.label + (a.scope.kind !== 'account' && a.scope.accountKeys.length
        ? `, covering ${a.scope.accountKeys.map((k) => accounts.get(k)!.name).join(', ')}` : '');
      const extras = [a.repeated && `(${a.repeated})`, a.description && `description: ${a.description}`, a.condition && `condition: ${a.condition}`].filter(Boolean).join('\n');
      const access = a.access === 'standing' ? 'standing' : `${a.access === 'eligible' ? 'eligible (PIM)' : 'time-limited (PIM)'}${a.expires ? `, ${a.expires}` : ''}`;
      out.push(`| ${i + 1} | ${cell(principal)} | ${cell(identified)} | ${cell(a.principalType)} | ${cell(r.name)} | ${cell(access)} | ${r.kind} | ${dataActionsOf(r)} | ${cell(scope)} | ${cell(a.name)}<br>${code(a.address)}${extras ? `<br>${cell(extras)}` : ''} |`);
    });
    out.push('');
  }

  if (report.logDestinations.length > 0) {
    out.push('## Where logs go', '', '| Diagnostic setting | Logs of | Categories | Destination |', '|---|---|---|---|');
    for (const d of report.logDestinations) out.push(`| ${code(d.address)} | ${cell(d.target)} | ${cell(d.categories.join(', '))} | ${cell(d.destination)} |`);
    out.push('');
  }

  out.push('## Findings', '');
  for (const kind of Object.keys(FINDING_TITLES) as FindingKind[]) {
    const list = report.findings.filter((f) => f.kind === kind);
    out.push(`### ${FINDING_TITLES[kind].title} (${list.length})`, '', `_${FINDING_TITLES[kind].what}._`, '');
    if (list.length === 0) out.push('None.');
    for (const f of list) out.push(`- ${f.message.replace(/[\r\n]+/g, ' ')} (${f.assignments.map(code).join(', ')})`);
    out.push('');
  }

  out.push('## Diagram', '', 'Principals, the roles they hold at each scope, and the accounts those scopes cover. Red: control-plane roles; blue: data-plane roles; orange border: key-based access on.', '');
  out.push('```mermaid', renderMermaid(report), '```', '');

  const custom = report.roles.filter((r) => r.kind !== 'built-in');
  if (custom.length > 0) {
    out.push('## Custom and unrecognised roles', '', '| Role | Kind | Actions | Data actions | Defined at |', '|---|---|---|---|---|');
    for (const r of custom) {
      const actions = !r.permissionsKnown ? 'unknown' : r.actions.length ? r.actions.map(code).join('<br>') : 'none';
      out.push(`| ${cell(r.name)} | ${r.kind} | ${actions} | ${dataActionsOf(r)} | ${r.address ? code(r.address) : ''} |`);
    }
    out.push('');
  }

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
