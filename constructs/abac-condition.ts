// Kept free of cdktf: a basic syntax check of Azure role assignment (ABAC) conditions, so Azure's
// `InvalidConditionExpression` shows up at synth time. It checks form, not meaning (attribute names are not verified).

/** Attribute sources a condition may reference: `@Resource[...]`, `@Request[...]`, ... */
export const ABAC_ATTRIBUTE_SOURCES = ['Resource', 'Request', 'Principal', 'Environment', 'Action'] as const;

/** `Provider.Namespace/type/...:attribute` (Environment attributes are bare names such as `isPrivateLink`). */
const ATTRIBUTE = /^[A-Za-z][\w.]*(\/[\w.-]+)*:[\w.$-]+(<\$key_case_sensitive\$>)?$/;
const ENVIRONMENT_ATTRIBUTE = /^[A-Za-z]\w*$/;

/** The first syntax problem of an ABAC condition, or undefined when it looks well formed. */
export function abacConditionProblem(condition: string): string | undefined {
  const stack: { ch: string; at: number }[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let i = 0;
  while (i < condition.length) {
    const ch = condition[i];
    if (ch === "'") {
      const end = condition.indexOf("'", i + 1);
      if (end < 0) return `unterminated string starting at character ${i + 1}`;
      i = end + 1;
      continue;
    }
    if (ch === '@') {
      const m = /^@(\w+)\[([^\]]*)\]/.exec(condition.slice(i));
      if (!m) return `"@" at character ${i + 1} must start an attribute such as @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]`;
      if (!(ABAC_ATTRIBUTE_SOURCES as readonly string[]).includes(m[1])) {
        return `unknown attribute source @${m[1]} at character ${i + 1}: expected one of ${ABAC_ATTRIBUTE_SOURCES.map((s) => `@${s}`).join(', ')}`;
      }
      if (!ATTRIBUTE.test(m[2].trim()) && !(m[1] === 'Environment' && ENVIRONMENT_ATTRIBUTE.test(m[2].trim()))) {
        return `attribute @${m[1]}[${m[2]}] at character ${i + 1} is not of the form Provider.Namespace/type:attribute`;
      }
      i += m[0].length;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') stack.push({ ch, at: i });
    if (ch === ')' || ch === ']' || ch === '}') {
      const open = stack.pop();
      if (!open || open.ch !== pairs[ch]) return `unbalanced "${ch}" at character ${i + 1}`;
    }
    i++;
  }
  if (stack.length > 0) return `"${stack[stack.length - 1].ch}" at character ${stack[stack.length - 1].at + 1} is never closed`;
  if (/ActionMatches\s*\{(?!\s*'[^']+'\s*\})/.test(condition)) return "ActionMatches takes one quoted action: ActionMatches{'Provider/type/action'}";
  if (!/[A-Za-z]/.test(condition.replace(/'[^']*'/g, ''))) return 'expected an expression such as (@Resource[...] StringEquals \'value\')';
  return undefined;
}
