import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
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

/** Parses diagrams with the `mermaid` package's own parser (Node + jsdom), in one child process that answers requests in order. */
export class MermaidParser {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (r: MermaidParseResult[]) => void; reject: (e: Error) => void }[] = [];
  private stdout = '';
  private stderr = '';
  private ended?: Error;

  constructor() {
    this.child = spawn(process.execPath, [path.join(__dirname, 'mermaid-parse.mjs')], { cwd: path.join(__dirname, '..') });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      for (let nl = this.stdout.indexOf('\n'); nl >= 0; nl = this.stdout.indexOf('\n')) {
        const line = this.stdout.slice(0, nl);
        this.stdout = this.stdout.slice(nl + 1);
        this.waiting.shift()?.resolve(JSON.parse(line) as MermaidParseResult[]);
      }
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk; });
    this.child.on('error', (e) => this.fail(e));
    this.child.on('exit', (code, signal) => this.fail(new Error(`the Mermaid parser process ended (${signal ?? `exit code ${code}`}): ${this.stderr}`)));
  }

  /** The parser's answer for each diagram; with `details`, the nodes and edges of flowcharts. */
  parse(diagrams: string[], options: { details?: boolean } = {}): Promise<MermaidParseResult[]> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${JSON.stringify(options.details ? { diagrams, details: true } : diagrams)}\n`);
    });
  }

  /** Ends the process (after it has answered every request); resolves when it has exited. */
  close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
    });
  }

  private fail(e: Error): void {
    this.ended ??= e;
    for (const w of this.waiting.splice(0)) w.reject(e);
  }
}

/**
 * One parser for the calling test file: started in `beforeAll` (it loads Mermaid while the file's other set-up runs) and
 * ended in `afterAll`. Call at the top of a file or `describe`.
 */
export function mermaidParserForFile(): (diagrams: string[], options?: { details?: boolean }) => Promise<MermaidParseResult[]> {
  let parser: MermaidParser | undefined;
  beforeAll(() => {
    parser = new MermaidParser();
  });
  afterAll(() => parser?.close());
  return (diagrams, options) => {
    if (!parser) throw new Error('mermaidParserForFile: parse is only available inside tests (the parser starts in beforeAll)');
    return parser.parse(diagrams, options);
  };
}
