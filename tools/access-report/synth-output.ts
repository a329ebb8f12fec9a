import * as fs from 'fs';
import * as path from 'path';
import { AccessReport, buildAccessReport } from './access-report';
import { PlanValues } from './plan-values';
import { renderJson, renderMarkdown } from './render-markdown';

/** One synthesized stack on disk. */
export interface SynthesizedStack {
  readonly name: string;
  /** Path of its `cdk.tf.json`. */
  readonly file: string;
}

/**
 * The stacks of a synthesis output: a `cdktf.out`-style folder (its `manifest.json`, else its
 * `stacks/*` folders), or a single `cdk.tf.json` file (named by its metadata, else its folder).
 */
export function listStacks(input: string): SynthesizedStack[] {
  if (!fs.existsSync(input)) {
    throw new Error(`--input ${input}: not found; synthesize first (npm run synth, or cdktf synth) or pass --input <cdktf.out folder | cdk.tf.json>`);
  }
  if (fs.statSync(input).isFile()) {
    const json = readJson(input) as { '//'?: { metadata?: { stackName?: string } } };
    return [{ name: json['//']?.metadata?.stackName ?? path.basename(path.dirname(path.resolve(input))), file: input }];
  }
  const manifest = path.join(input, 'manifest.json');
  if (fs.existsSync(manifest)) {
    const m = readJson(manifest) as { stacks?: Record<string, { name?: string; synthesizedStackPath?: string }> };
    return Object.entries(m.stacks ?? {})
      .map(([key, s]) => ({ name: s.name ?? key, file: path.join(input, s.synthesizedStackPath ?? path.join('stacks', key, 'cdk.tf.json')) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  const stacksDir = path.join(input, 'stacks');
  const found = fs.existsSync(stacksDir)
    ? fs.readdirSync(stacksDir).filter((d) => fs.existsSync(path.join(stacksDir, d, 'cdk.tf.json'))).sort()
    : [];
  if (found.length === 0) {
    throw new Error(`--input ${input}: no manifest.json and no stacks/<name>/cdk.tf.json; synthesize first (npm run synth, or cdktf synth)`);
  }
  return found.map((name) => ({ name, file: path.join(stacksDir, name, 'cdk.tf.json') }));
}

/** Builds the report of one synthesized stack on disk. */
export function reportOf(stack: SynthesizedStack, plan?: { values: PlanValues; source: string }): AccessReport {
  return buildAccessReport(readStackJson(stack), {
    stackName: stack.name,
    stackSource: stack.file,
    ...(plan ? { plan: plan.values, planSource: plan.source } : {}),
  });
}

/** The synthesized Terraform JSON of a stack. */
export function readStackJson(stack: SynthesizedStack): Record<string, unknown> {
  const json = readJson(stack.file);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${stack.file}: expected a Terraform JSON object`);
  return json as Record<string, unknown>;
}

/** A file-name-safe form of a stack name. */
export function fileStem(stackName: string): string {
  return stackName.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Writes `<out>/<stack>.md` and `<out>/<stack>.json`; returns the paths written. */
export function writeReport(report: AccessReport, outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const stem = path.join(outDir, fileStem(report.stack));
  fs.writeFileSync(`${stem}.md`, renderMarkdown(report));
  fs.writeFileSync(`${stem}.json`, renderJson(report));
  return [`${stem}.md`, `${stem}.json`];
}

/** Reads a JSON file, or throws an error naming it. */
export function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read it as JSON (${(e as Error).message})`);
  }
}
