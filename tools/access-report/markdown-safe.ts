/**
 * Text from configuration (labels, display names, UPNs, role names, justifications) is data: everything that puts it into
 * Markdown (reports, plan reviews, job summaries, pull-request comments) goes through these three functions, so no
 * configuration text can become a heading, a link, an image, raw HTML, an HTML comment, a code fence or a mention.
 */

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Shows a control character as its code point (configuration refuses them; state and plans may still hold them). */
const visibleControl = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Plain text in Markdown prose or a table cell: every ASCII punctuation character is backslash-escaped (CommonMark lets any
 * of them be escaped, and an escaped character starts nothing: no emphasis, link, image, HTML, entity, list or heading),
 * and `@` is followed by a word joiner so that GitHub makes no mention of it.
 */
export function mdText(text: string): string {
  return String(text)
    .replace(CONTROL, visibleControl)
    .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`)
    .replace(/\\@/g, '@\u2060');
}

/** Text as an inline code span: a fence of backticks longer than any run inside, so nothing in it is Markdown. */
export function mdCode(text: string): string {
  const s = String(text).replace(CONTROL, visibleControl);
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || /^ .* $/.test(s) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A fenced code block holding `text` verbatim: the fence is longer than any backtick run in the text. */
export function mdFence(text: string, info = 'text'): string {
  const body = String(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, visibleControl); // eslint-disable-line no-control-regex
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body.replace(/\n$/, '')}\n${fence}`;
}
