import { mdCode, mdFence, mdText } from '../markdown-safe';
import { CONTROL_TEXT, HOSTILE, HOSTILE_ALL } from '../test-support/hostile-text';
import { blockShape, fences, markup, mdTokens, tableRows, visibleText } from '../test-support/markdown';

const NONE = { html: [], links: [], images: [], mentions: [], references: [] };
/** What a reader sees of text shown as code: the code spans' content joined with the escaped `|` between them. */
const codeText = (source: string) => mdTokens(source).filter((t) => t.type === 'code_inline' || (t.type === 'text' && !t.inCode)).map((t) => t.content).join('');
const shown = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`); // eslint-disable-line no-control-regex

describe('mdText: configuration text in prose and table cells', () => {
  test.each(Object.entries(HOSTILE))('%s renders as itself, in a paragraph, a list item, a heading and a table cell', (_kind, text) => {
    for (const source of [`Before ${mdText(text)} after.`, `- ${mdText(text)}`, `## Principal ${mdText(text)}`, `| A | B |\n|---|---|\n| ${mdText(text)} | z |`]) {
      expect(markup(source)).toEqual(NONE);
      expect(visibleText(source)).toContain(text);
    }
    // Alone on a line, it is still one paragraph (no heading, list, fence, quote, table, HTML block or rule).
    expect(blockShape(mdText(text))).toEqual(['paragraph_open:p', 'paragraph_close:p']);
    // In a table it stays in its cell.
    expect(tableRows(`| A | B |\n|---|---|\n| ${mdText(text)} | z |`)).toEqual([[expect.any(String), 'z']]);
  });

  test('every kind at once, and the text is exactly what a reader sees', () => {
    const source = `| A | B |\n|---|---|\n| ${mdText(HOSTILE_ALL)} | z |`;
    expect(markup(source)).toEqual(NONE);
    expect(tableRows(source)).toHaveLength(1);
    expect(visibleText(`${mdText(HOSTILE_ALL)}`)).toBe(HOSTILE_ALL);
  });

  test('control characters, line breaks and bidirectional controls show as code points, on one line', () => {
    const out = mdText(CONTROL_TEXT);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/); // eslint-disable-line no-control-regex
    expect(visibleText(out)).toBe(shown(CONTROL_TEXT));
    expect(blockShape(`- ${out}`)).toEqual(['bullet_list_open:ul', 'list_item_open:li', 'paragraph_open:p', 'paragraph_close:p', 'list_item_close:li', 'bullet_list_close:ul']);
  });

  test('@ and # are followed by a word joiner (no GitHub mention or issue reference), every other ASCII punctuation is escaped', () => {
    expect(mdText('@octocat')).toBe('@\u2060octocat');
    expect(mdText('#12')).toBe('\\#\u206012');
    expect(mdText('GH-12')).toBe('GH\\-\u206012');
    expect(mdText('a*b_c')).toBe('a\\*b\\_c');
    expect(mdText('plain words 42')).toBe('plain words 42');
    // GitHub math and footnotes (not CommonMark, so not seen by the parser above): their characters are escaped.
    expect(mdText('$x$ [^1]')).toBe('\\$x\\$ \\[\\^1\\]');
    expect(mdText('')).toBe('');
  });
});

describe('mdCode: configuration text as inline code', () => {
  test.each(Object.entries(HOSTILE))('%s is code, exactly, in prose and in a table cell', (_kind, text) => {
    const prose = `See ${mdCode(text)} here.`;
    expect(markup(prose)).toEqual(NONE);
    expect(codeText(prose)).toBe(`See ${text} here.`);
    const table = `| A | B |\n|---|---|\n| ${mdCode(text)} | z |`;
    expect(markup(table)).toEqual(NONE);
    expect(tableRows(table)).toHaveLength(1);
    expect(codeText(table)).toBe(`AB${text}z`);
  });

  test('backticks inside get a longer fence; edge backticks and spaces survive', () => {
    for (const s of ['a`b', '``x``', '`lead', 'trail`', ' both ', '   ', 'x | y', '|', 'a\\|b', 'end\\']) {
      expect(codeText(mdCode(s))).toBe(s);
      expect(codeText(`| ${mdCode(s)} |\n|---|\n| ${mdCode(s)} |`).endsWith(s)).toBe(true);
    }
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('')).toBe('` `');
  });

  test('control characters show as code points', () => {
    expect(codeText(mdCode(CONTROL_TEXT))).toBe(shown(CONTROL_TEXT));
  });
});

describe('mdFence: configuration text as a fenced block', () => {
  test('no line of the text closes the fence, and the block holds the text verbatim', () => {
    const text = `${Object.values(HOSTILE).join('\n')}\n\`\`\`\`\`\`\n\`\`\`\n~~~`;
    const source = `# Title\n\n${mdFence(text)}\n\n## After`;
    expect(blockShape(source)).toEqual(['heading_open:h1', 'heading_close:h1', 'fence:code:text', 'heading_open:h2', 'heading_close:h2']);
    expect(fences(source, 'text')).toEqual([`${text}\n`]);
    expect(markup(source)).toEqual(NONE);
  });

  test('tabs and line feeds are kept, other control characters show as code points; the info string is a word', () => {
    const out = mdFence('a\tb\nc\rd\u2028e\u202ef');
    expect(fences(out, 'text')).toEqual(['a\tb\nc U+000Dd U+2028e U+202Ef\n'.replace(/ U\+/g, 'U+')]);
    expect(mdFence('x', 'js`\n<')).toBe('```js\nx\n```');
  });
});
