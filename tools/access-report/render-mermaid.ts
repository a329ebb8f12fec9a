import { principalLabel } from './access-report';
import { AccessReport, AccountModel } from './model';

/**
 * Text safe inside a quoted Mermaid label: characters that end the label or start markup (`"`, `<`, `>`, `|`, backticks,
 * `&` entities, `#` entity codes, `%` of `%%{init}%%` directives, which Mermaid reads anywhere in the text, and `:` of
 * Font Awesome icons `fa:fa-x` and of the `style`/`classDef` lines Mermaid rewrites before parsing) become Mermaid entity
 * codes (`#34;`), and control and bidirectional formatting characters show as code points.
 */
export function mermaidText(text: string): string {
  return String(text)
    .replace(/[#"<>|`&%:]/g, (c) => `#${c.charCodeAt(0)};`)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

function accountCaption(a: AccountModel): string {
  const keys = a.keyAccess === 'unknown' ? 'keys unknown' : `keys ${a.keyAccess}`;
  const pna = a.publicNetworkAccess === 'unknown' ? 'public access unknown' : `public access ${a.publicNetworkAccess}`;
  return `${mermaidText(a.name)}<br/>${keys}, ${pna}`;
}

/**
 * A `flowchart LR` of principals -> roles (one node per role and scope, so edges stay exact) ->
 * accounts. Node IDs are numbered in sorted order, so the same stack always gives the same text.
 */
export function renderMermaid(report: AccessReport): string {
  const roles = new Map(report.roles.map((r) => [r.key, r]));
  const lines = ['flowchart LR'];
  const label = (id: string, text: string, shape: 'box' | 'round' | 'cyl') => {
    const q = `"${text}"`;
    return `    ${id}${shape === 'box' ? `[${q}]` : shape === 'round' ? `(${q})` : `[(${q})]`}`;
  };
  // Only what assignments use appears; accounts nobody is granted on are still drawn (keys on/off matters).
  const principalIds = new Map<string, string>();
  report.principals.filter((p) => report.assignments.some((a) => a.principalKey === p.key))
    .forEach((p, i) => principalIds.set(p.key, `p${i + 1}`));
  // Role nodes read in name order: role name, then scope.
  const grantSort = (k: string) => {
    const [roleKey, scopeKey] = k.split('\n');
    return `${roles.get(roleKey)!.name}\n${scopeKey}\n${roleKey}`;
  };
  const grantKeys = [...new Set(report.assignments.map((a) => `${a.roleKey}\n${a.scope.key}`))].sort((x, y) => grantSort(x).localeCompare(grantSort(y)));
  const grantIds = new Map(grantKeys.map((k, i) => [k, `r${i + 1}`]));
  const accountIds = new Map(report.accounts.map((a, i) => [a.key, `a${i + 1}`]));
  const otherScopes = [...new Set(report.assignments.filter((a) => a.scope.accountKeys.length === 0).map((a) => a.scope.key))].sort();
  const scopeIds = new Map(otherScopes.map((k, i) => [k, `s${i + 1}`]));

  // A subgraph is drawn only with something in it: an empty one renders as an empty box.
  const subgraph = (id: string, title: string, body: string[]) => {
    if (body.length) lines.push(`  subgraph ${id}["${title}"]`, ...body, '  end');
  };
  subgraph('principals', 'Principals', report.principals.filter((p) => principalIds.has(p.key)).map((p) => label(principalIds.get(p.key)!,
    mermaidText(`${principalLabel(p)}`) + (p.type !== 'unknown' && p.identifiedBy !== 'object ID' ? `<br/>${mermaidText(p.type)}` : ''), 'round')));
  const roleLines: string[] = [];
  const controlIds: string[] = [];
  const dataIds: string[] = [];
  for (const k of grantKeys) {
    const [roleKey, scopeKey] = k.split('\n');
    const role = roles.get(roleKey)!;
    const scope = report.assignments.find((a) => a.roleKey === roleKey && a.scope.key === scopeKey)!.scope;
    const id = grantIds.get(k)!;
    const kind = role.kind === 'built-in' ? 'built-in' : role.kind === 'custom' ? 'custom' : 'unknown role';
    roleLines.push(label(id, `${mermaidText(role.name)}<br/>${kind}, at ${mermaidText(scope.label)}`, 'box'));
    // Control plane: can change an account or grant access; data plane: data actions only (inference, blobs).
    if (role.plane === 'control') controlIds.push(id);
    else if (role.plane === 'data') dataIds.push(id);
  }
  subgraph('roles', 'Roles at scopes', roleLines);
  const keysOnIds: string[] = [];
  subgraph('accounts', 'Accounts', report.accounts.map((a) => {
    const id = accountIds.get(a.key)!;
    if (a.keyAccess === 'on') keysOnIds.push(id);
    return label(id, accountCaption(a), 'cyl');
  }));
  subgraph('scopes', 'Other scopes', otherScopes.map((k) => label(scopeIds.get(k)!, mermaidText(report.assignments.find((a) => a.scope.key === k)!.scope.label), 'box')));

  const edges = new Set<string>();
  for (const a of report.assignments) {
    const g = grantIds.get(`${a.roleKey}\n${a.scope.key}`)!;
    edges.add(`  ${principalIds.get(a.principalKey)} --> ${g}`);
    if (a.scope.accountKeys.length === 0) edges.add(`  ${g} --> ${scopeIds.get(a.scope.key)}`);
    for (const acc of a.scope.accountKeys) {
      edges.add(a.scope.kind === 'account'
        ? `  ${g} --> ${accountIds.get(acc)}`
        : `  ${g} -.->|"via ${mermaidText(a.scope.label)}"| ${accountIds.get(acc)}`);
    }
  }
  lines.push(...[...edges].sort(naturalCompare));
  lines.push('  classDef control fill:#fde2e1,stroke:#c62828,color:#000');
  lines.push('  classDef data fill:#e3f2fd,stroke:#1565c0,color:#000');
  lines.push('  classDef keysOn fill:#fff3e0,stroke:#ef6c00,stroke-width:3px,color:#000');
  if (controlIds.length) lines.push(`  class ${controlIds.join(',')} control`);
  if (dataIds.length) lines.push(`  class ${dataIds.join(',')} data`);
  if (keysOnIds.length) lines.push(`  class ${keysOnIds.join(',')} keysOn`);
  return lines.join('\n');
}

/** Orders "p2 --> r1" before "p10 --> r1". */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
