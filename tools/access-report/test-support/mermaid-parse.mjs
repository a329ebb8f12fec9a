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
// An array of diagrams, or { diagrams, details: true } for the nodes and edges of flowcharts as Mermaid read them.
const request = JSON.parse(input);
const [diagrams, details] = Array.isArray(request) ? [request, false] : [request.diagrams, request.details === true];
// Mermaid keeps entity codes (#60;) encoded until it draws: decode them to the characters a reader sees.
const decoded = (s) => String(s ?? '').replace(/\ufb02\u00b0\u00b0(\d+)\u00b6\u00df/g, (_m, n) => String.fromCharCode(Number(n)));
const results = [];
for (const text of diagrams) {
  try {
    const parsed = await mermaid.parse(text);
    const result = { ok: true, type: parsed.diagramType };
    if (details) {
      const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
      const vertices = db.getVertices();
      result.nodes = [...(vertices instanceof Map ? vertices.values() : Object.values(vertices))].map((v) => ({ id: v.id, text: decoded(v.text) }));
      result.edges = db.getEdges().map((e) => ({ start: e.start, end: e.end, text: decoded(e.text) }));
    }
    results.push(result);
  } catch (e) {
    results.push({ ok: false, error: String(e?.message ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));
