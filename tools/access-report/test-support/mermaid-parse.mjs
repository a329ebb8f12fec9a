// Parses Mermaid diagrams with Mermaid's own parser in Node, with jsdom standing in for the browser.
// Reads a JSON array of diagram texts on stdin; writes a JSON array of { ok, type?, error? }.
// A separate process because mermaid is ESM only and jest runs tests as CommonJS.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, type: parsed.diagramType });
  } catch (e) {
    results.push({ ok: false, error: String(e?.message ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));
