import * as fs from 'fs';
import * as path from 'path';
import { AnnotationMetadataEntryType, App, AppConfig, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/** One annotation of a synthesized app. */
export interface SynthAnnotation {
  /** The stack's name. */
  readonly stack: string;
  /** The construct's path. */
  readonly path: string;
  /** The message. */
  readonly message: string;
}

/** Options of `synthesizeAtomically`. */
export interface AtomicSynthOptions {
  /** Fail on warning annotations as on errors (for CI). @default false */
  readonly strict?: boolean;
  /** More `App` settings (`outdir` is set by the helper). @default - none */
  readonly appConfig?: Omit<AppConfig, 'outdir'>;
  /** Runs on the synthesized output (the staging folder) before it is swapped in; throwing leaves `outdir` untouched. @default - nothing */
  readonly beforeSwap?: (stacks: TerraformStack[], stagingDir: string) => void;
}

/** What `synthesizeAtomically` made. */
export interface AtomicSynthResult {
  /** The app's stacks, in construction order. */
  readonly stacks: TerraformStack[];
  /** Every warning annotation, by stack then construct path. */
  readonly warnings: SynthAnnotation[];
}

/** Thrown when a synthesized app has error annotations (or warnings under `strict`); nothing was written. */
export class SynthesisError extends Error {
  constructor(message: string, public readonly errors: SynthAnnotation[], public readonly warnings: SynthAnnotation[]) {
    super(message);
    this.name = 'SynthesisError';
  }
}

/**
 * Builds and synthesizes a multi-stack cdktf app all-or-nothing: into a staging folder beside `outdir`,
 * swapped in only when every stack synthesized without error annotations (and, under `strict`, without
 * warnings). cdktf's own `app.synth()` writes each stack as it goes, so a later failure leaves earlier
 * stacks' new JSON beside the old; here the previous `outdir` stays byte-identical on any failure.
 * Terraform working files in the previous output (`.terraform`, lock file, local state, plans) are carried over.
 */
export function synthesizeAtomically(outdir: string, build: (app: App) => void, options: AtomicSynthOptions = {}): AtomicSynthResult {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  // `outdir` may be in a folder that does not exist yet (CDKTF_OUTDIR=build/tf/out): the App creates only the last level.
  fs.mkdirSync(path.dirname(staging), { recursive: true });
  try {
    const app = new App({ ...options.appConfig, outdir: staging });
    build(app);
    app.synth();
    const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
    const { errors, warnings } = collectAnnotations(stacks);
    // Under `cdktf synth` (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) error annotations do not throw: check them here.
    if (errors.length > 0) throw errorAnnotationsError(errors, warnings);
    if (options.strict && warnings.length > 0) throw strictModeError(warnings);
    options.beforeSwap?.(stacks, staging);
    swapIn(staging, target);
    return { stacks, warnings };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Warnings grouped by stack, as `cdktf synth` prints them. */
export function formatWarnings(warnings: readonly { stack?: string; path?: string; message: string }[]): string {
  if (warnings.length === 0) return '';
  const byStack = new Map<string, string[]>();
  for (const w of warnings) {
    const k = w.stack ?? 'configuration';
    byStack.set(k, [...(byStack.get(k) ?? []), w.path ? `[${w.path}] ${w.message}` : w.message]);
  }
  const lines = [`${warnings.length} warning${warnings.length > 1 ? 's' : ''}:`];
  for (const [stack, messages] of byStack) {
    lines.push(`  ${stack}:`);
    for (const m of messages) lines.push(`    - ${m}`);
  }
  return lines.join('\n');
}

function format(a: SynthAnnotation): string {
  return `[${a.path}] ${a.message}`;
}

/** The error for error annotations (also thrown by KeylessGuardrails before any stack is written). @internal */
export function errorAnnotationsError(errors: SynthAnnotation[], warnings: SynthAnnotation[]): SynthesisError {
  return new SynthesisError(`${errors.length} error annotation${errors.length > 1 ? 's' : ''}:\n  ${errors.map(format).join('\n  ')}`, errors, warnings);
}

/** The error for warnings under strict mode. @internal */
export function strictModeError(warnings: SynthAnnotation[]): SynthesisError {
  return new SynthesisError(`strict mode: ${warnings.length} warning${warnings.length > 1 ? 's' : ''} count as errors:\n  ${warnings.map(format).join('\n  ')}`, [], warnings);
}

/** Error and warning annotations of every stack, in one walk of each tree. @internal */
export function collectAnnotations(stacks: TerraformStack[]): { errors: SynthAnnotation[]; warnings: SynthAnnotation[] } {
  const errors: SynthAnnotation[] = [];
  const warnings: SynthAnnotation[] = [];
  for (const stack of stacks) {
    for (const c of stack.node.findAll() as IConstruct[]) {
      for (const m of c.node.metadata) {
        const into = m.type === AnnotationMetadataEntryType.ERROR ? errors : m.type === AnnotationMetadataEntryType.WARN ? warnings : undefined;
        into?.push({ stack: stack.node.id, path: c.node.path, message: String(m.data) });
      }
    }
  }
  return { errors, warnings };
}

function swapIn(staging: string, outdir: string): void {
  const old = `${outdir}.old-${process.pid}`;
  if (fs.existsSync(outdir)) {
    fs.renameSync(outdir, old);
    carryOver(old, staging);
  }
  fs.renameSync(staging, outdir);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Moves Terraform working files (not synthesized JSON) of each stack from the old output into the new one. */
function carryOver(old: string, fresh: string): void {
  const stacksDir = path.join(old, 'stacks');
  if (!fs.existsSync(stacksDir)) return;
  for (const stack of fs.readdirSync(stacksDir)) {
    const target = path.join(fresh, 'stacks', stack);
    if (!fs.existsSync(target)) continue;
    for (const entry of fs.readdirSync(path.join(stacksDir, stack))) {
      if (entry === '.terraform' || entry === '.terraform.lock.hcl' || entry.endsWith('.tfstate') || entry.endsWith('.tfstate.backup') || entry.endsWith('.tfplan')) {
        fs.renameSync(path.join(stacksDir, stack, entry), path.join(target, entry));
      }
    }
  }
}
