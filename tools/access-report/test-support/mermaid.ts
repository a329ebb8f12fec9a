import { execFileSync } from 'child_process';
import * as path from 'path';

/** What Mermaid's parser said about one diagram. */
export interface MermaidParseResult {
  readonly ok: boolean;
  /** The diagram type Mermaid detected (`flowchart-v2` for `flowchart LR`). */
  readonly type?: string;
  readonly error?: string;
}

/** Parses diagrams with the `mermaid` package's own parser (Node + jsdom, in a child process). */
export function parseMermaid(diagrams: string[]): MermaidParseResult[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'mermaid-parse.mjs')], {
    input: JSON.stringify(diagrams), encoding: 'utf8', cwd: path.join(__dirname, '..'), maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as MermaidParseResult[];
}
