import { execFileSync } from 'child_process';
import * as path from 'path';

/** What Mermaid's parser said about one diagram. */
export interface MermaidParseResult {
  readonly ok: boolean;
  /** The diagram type Mermaid detected (`flowchart-v2` for `flowchart LR`). */
  readonly type?: string;
  readonly error?: string;
  /** With `details`: the flowchart's nodes and edges, their text decoded as drawn. */
  readonly nodes?: { id: string; text: string }[];
  readonly edges?: { start: string; end: string; text: string }[];
}

/** Parses diagrams with the `mermaid` package's own parser (Node + jsdom, in a child process). */
export function parseMermaid(diagrams: string[], options: { details?: boolean } = {}): MermaidParseResult[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'mermaid-parse.mjs')], {
    input: JSON.stringify(options.details ? { diagrams, details: true } : diagrams), encoding: 'utf8', cwd: path.join(__dirname, '..'), maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as MermaidParseResult[];
}
