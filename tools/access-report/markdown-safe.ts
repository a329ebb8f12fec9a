import { codePointOf, CONTROL_CHARACTER, withCodePoints } from 'keyless-ai-inference/azure';

/**
 * Text from configuration (labels, display names, UPNs, role names, justifications) is data: everything that puts it into
 * Markdown (reports, plan reviews, job summaries, pull-request comments) goes through these three functions, so no
 * configuration text can become a heading, a link, an image, raw HTML, an HTML comment, a code fence, a table cell
 * boundary, a mention or an issue reference.
 */

/**
 * Characters shown as their code point instead of being written: the ones configuration refuses (`CONTROL_CHARACTER`:
 * C0, DEL, C1, line and paragraph separators, bidirectional controls); state, plans and Azure exports may still hold them.
 */
const UNSHOWN = new RegExp(CONTROL_CHARACTER.source, 'g');
/** A fenced block shows tab and line feed as they are; every other such character as its code point. */
const visibleInBlock = (c: string) => (c === '\t' || c === '\n' ? c : codePointOf(c));

/** What `mdText` rewrites: ASCII punctuation (escaped) and the unshown characters (code points). */
const PROSE_SPECIAL = new RegExp(`[!-/:-@[-\`{-~]|${CONTROL_CHARACTER.source}`, 'g');

/** A word joiner: invisible, and it keeps GitHub from reading `@name` as a mention or `#12` as an issue reference. */
const JOINER = '\u2060';

/**
 * Plain text in Markdown prose or a table cell. Every ASCII punctuation character is backslash-escaped: CommonMark lets any
 * of them be escaped, and an escaped character starts nothing (no emphasis, link, image, HTML, comment, entity, autolink,
 * list, heading, table cell boundary or GitHub math). `@` and `#` are followed by a word joiner, so GitHub makes no mention
 * or issue reference of them. Leading spaces are left as they are: at the start of a line they can at most start an inert
 * code block.
 */
export function mdText(text: string): string {
  const escaped = String(text).replace(PROSE_SPECIAL, (c) => {
    if (c === '@') return `@${JOINER}`;
    if (c === '#') return `\\#${JOINER}`;
    return /[!-/:-@[-`{-~]/.test(c) ? `\\${c}` : codePointOf(c);
  });
  return escaped.replace(/\b(GH)\\-(?=\d)/gi, `$1\\-${JOINER}`); // GH-12 is an issue reference too
}

/**
 * Text as inline code: a code span per run between `|` characters (its fence longer than any backtick run inside), and each
 * `|` as an escaped character between them, so the same text is safe in prose and in a table cell (a `|` inside a code span
 * would still end the cell in GFM tables).
 */
export function mdCode(text: string): string {
  const s = withCodePoints(String(text));
  if (s === '') return '` `';
  return s.split('|').map((piece) => (piece ? codeSpan(piece) : '')).join('\\|');
}

function codeSpan(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each end when both ends have one (unless it is all spaces): pad so none of the text goes.
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ') && /[^ ]/.test(s)) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/**
 * A fenced code block holding `text` verbatim (control characters other than tab and line feed shown as code points): the
 * fence is longer than any backtick run in the text, so no line of the text can close it. `info` is the block's language.
 */
export function mdFence(text: string, info = 'text'): string {
  const body = String(text).replace(UNSHOWN, visibleInBlock);
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${String(info).replace(/[^\w+.#-]/g, '')}\n${body.replace(/\n$/, '')}\n${fence}`;
}
