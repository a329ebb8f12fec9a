// Parses Mermaid diagrams with Mermaid's own parser in Node, with jsdom standing in for the browser.
// Reads requests on stdin, one JSON line each (an array of diagram texts); answers each with one JSON line (an array of
// { ok, type?, error? }), until stdin ends: one process serves a whole test file (starting it takes ~1.5 s, a parse ms).
// A separate process because mermaid is ESM only and jest runs tests as CommonJS.
import { JSDOM } from 'jsdom';
import { createInterface } from 'readline';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

// Mermaid keeps entity codes (#60;) encoded until it draws: decode them to the characters a reader sees.
const decoded = (s) => String(s ?? '').replace(/\ufb02\u00b0\u00b0(\d+)\u00b6\u00df/g, (_m, n) => String.fromCharCode(Number(n)));

async function parseAll(request) {
  // An array of diagrams, or { diagrams, details: true } for the nodes and edges of flowcharts as Mermaid read them.
  const [diagrams, details] = Array.isArray(request) ? [request, false] : [request.diagrams, request.details === true];
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
  return results;
}

// One request at a time, answered in order: the caller matches answers to requests by their order.
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  process.stdout.write(`${JSON.stringify(await parseAll(JSON.parse(line)))}\n`);
}
