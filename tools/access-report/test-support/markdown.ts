import MarkdownIt from 'markdown-it';

// Reads rendered Markdown the way a CommonMark + GFM renderer does (markdown-it: tables, strikethrough, raw HTML on,
// linkify on for www./URL/e-mail/bare-domain autolinks), so tests assert on what a reader sees, not on the source text.

const md = new MarkdownIt({ html: true, linkify: true });
// Bare domains too (markdown-it 15 leaves them off): stricter than GitHub, which links www. and scheme URLs only.
md.linkify.set({ fuzzyLink: true, fuzzyEmail: true });

// A test reads one document several ways (shape, headings, findings, markup): parse each text once. Linkify's fuzzy
// matching over hostile text is slow (~0.3 s per parse of a long review). Callers only read the tokens.
const parsed = new Map<string, ReturnType<typeof md.parse>>();
function parse(source: string): ReturnType<typeof md.parse> {
  let tokens = parsed.get(source);
  if (!tokens) {
    tokens = md.parse(source, {});
    if (parsed.size >= 16) parsed.delete(parsed.keys().next().value!);
    parsed.set(source, tokens);
  }
  return tokens;
}

/** One token of the parse, block or inline, flattened in document order. */
export interface MdToken {
  readonly type: string;
  readonly tag: string;
  readonly content: string;
  readonly info: string;
  readonly href?: string;
  /** Inside a code span, fence or code block. */
  readonly inCode: boolean;
}

/** Every token of `source`, block tokens with their inline children after them. */
export function mdTokens(source: string): MdToken[] {
  const out: MdToken[] = [];
  for (const t of parse(source)) {
    const code = t.type === 'fence' || t.type === 'code_block';
    out.push({ type: t.type, tag: t.tag, content: t.content, info: t.info, inCode: code });
    for (const c of t.children ?? []) {
      out.push({ type: c.type, tag: c.tag, content: c.content, info: c.info, href: String(c.attrGet('href') ?? c.attrGet('src') ?? ''), inCode: c.type === 'code_inline' });
    }
  }
  return out;
}

/** The block structure: block token types with their tags (headings, lists, tables, fences), no text. */
export function blockShape(source: string): string[] {
  return parse(source).filter((t) => t.type !== 'inline').map((t) => `${t.type}:${t.tag}${t.type === 'fence' ? `:${t.info}` : ''}`);
}

/** Headings as `h2 Findings` (level and visible text). */
export function headings(source: string): string[] {
  const tokens = parse(source);
  return tokens.flatMap((t, i) => (t.type === 'heading_open' ? [`${t.tag} ${tokens[i + 1].content}`] : []));
}

/** The list items under the `## Findings` heading (its `###` subsections included). */
export function findingItems(source: string): number {
  const tokens = parse(source);
  const start = tokens.findIndex((t, i) => t.type === 'heading_open' && t.tag === 'h2' && tokens[i + 1].content === 'Findings');
  if (start < 0) return 0;
  let n = 0;
  for (let i = start + 1; i < tokens.length; i++) {
    if (tokens[i].type === 'heading_open' && tokens[i].tag === 'h2') break;
    if (tokens[i].type === 'list_item_open') n++;
  }
  return n;
}

/** The visible text of the document's inline content outside code, word joiners removed. */
export function visibleText(source: string): string {
  return mdTokens(source).filter((t) => t.type === 'text' && !t.inCode).map((t) => t.content).join('').replace(/\u2060/g, '');
}

/**
 * What a renderer makes of `source` beyond text: raw HTML (blocks and inline), links (written, autolinks and linkified),
 * images, GitHub mentions (`@name` in text) and issue references (`#12`, `GH-12`).
 */
export function markup(source: string): { html: string[]; links: string[]; images: string[]; mentions: string[]; references: string[] } {
  const tokens = mdTokens(source);
  const texts = tokens.filter((t) => t.type === 'text' && !t.inCode).map((t) => t.content);
  // Text tokens split at escapes: join the text of each inline run before looking for mentions and references.
  const runs = parse(source).filter((t) => t.type === 'inline').map((t) => (t.children ?? []).filter((c) => c.type === 'text').map((c) => c.content).join(''));
  return {
    html: tokens.filter((t) => t.type === 'html_inline' || t.type === 'html_block').map((t) => t.content.trim()),
    links: tokens.filter((t) => t.type === 'link_open').map((t) => t.href ?? ''),
    images: tokens.filter((t) => t.type === 'image').map((t) => t.href ?? ''),
    mentions: [...runs, ...texts].flatMap((s) => s.match(/(?<![\w`])@[A-Za-z0-9][\w-]*/g) ?? []),
    references: [...runs, ...texts].flatMap((s) => s.match(/(?<![\w&])#\d+|\bGH-\d+/gi) ?? []),
  };
}

/** The content of every fenced block with the given info string. */
export function fences(source: string, info: string): string[] {
  return parse(source).filter((t) => t.type === 'fence' && t.info.trim() === info).map((t) => t.content);
}

/** Table body rows, as the text of their cells. */
export function tableRows(source: string): string[][] {
  const tokens = parse(source);
  const rows: string[][] = [];
  let row: string[] | undefined;
  let inBody = false;
  for (const t of tokens) {
    if (t.type === 'tbody_open') inBody = true;
    else if (t.type === 'tbody_close') inBody = false;
    else if (inBody && t.type === 'tr_open') row = [];
    else if (inBody && t.type === 'tr_close' && row) rows.push(row);
    else if (inBody && row && t.type === 'inline') row.push(t.content);
  }
  return rows;
}

export { md as markdownIt };
