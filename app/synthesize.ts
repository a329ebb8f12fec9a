import * as fs from 'fs';
import * as path from 'path';
import { AnnotationMetadataEntryType, App, TerraformDataSource, TerraformResource, TerraformStack } from 'cdktf';
import { KeylessGuardrails, PimRoleGrant, RoleGrant } from '../constructs';
import { BootstrapStack } from './bootstrap-stack';
import { EnvironmentStack } from './environment-stack';
import { Configuration, loadConfiguration } from './load-config';

/** Builds every stack of a configuration into `app`. */
export function buildStacks(app: App, configuration: Configuration): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  if (configuration.bootstrap) stacks.push(new BootstrapStack(app, configuration.bootstrap));
  for (const env of configuration.environments) {
    stacks.push(new EnvironmentStack(app, { environment: env.name, config: env.config }));
  }
  for (const stack of stacks) KeylessGuardrails.applyTo(stack);
  return stacks;
}

export interface StackSummary {
  readonly name: string;
  readonly resources: Record<string, number>;
  readonly dataSources: Record<string, number>;
  readonly grants: Record<string, number>;
}

/** One walk over a synthesized stack: what it makes (resources and data sources by type, grants by role) and its error annotations. */
function inspect(stack: TerraformStack): { summary: StackSummary; errors: string[] } {
  const resources: Record<string, number> = {};
  const dataSources: Record<string, number> = {};
  const grants: Record<string, number> = {};
  const errors: string[] = [];
  for (const c of stack.node.findAll()) {
    if (c instanceof TerraformResource) resources[c.terraformResourceType] = (resources[c.terraformResourceType] ?? 0) + 1;
    else if (c instanceof TerraformDataSource) dataSources[c.terraformResourceType] = (dataSources[c.terraformResourceType] ?? 0) + 1;
    else if (c instanceof RoleGrant) grants[c.role.roleName] = (grants[c.role.roleName] ?? 0) + 1;
    else if (c instanceof PimRoleGrant) {
      const key = `${c.role.roleName} (${c.kind === 'eligible' ? 'eligible' : 'time-limited'})`;
      grants[key] = (grants[key] ?? 0) + 1;
    }
    for (const m of c.node.metadata) if (m.type === AnnotationMetadataEntryType.ERROR) errors.push(`[${c.node.path}] ${m.data}`);
  }
  return { summary: { name: stack.node.id, resources, dataSources, grants }, errors };
}

export interface SynthOptions {
  /** Folder with `bootstrap.json` and `environments/*.json`. */
  readonly configDir: string;
  /** Where the Terraform JSON goes. */
  readonly outdir: string;
  /** Adds your own constructs to the app's stacks (bootstrap first when configured, then environments by name). @default - nothing added */
  readonly extend?: (stacks: TerraformStack[]) => void;
}

/**
 * Validates the configuration, builds and synthesizes every stack into a fresh folder beside
 * `outdir`, and only then swaps it in: a failure leaves the previous output untouched.
 */
export function synthesize(options: SynthOptions): StackSummary[] {
  const configuration = loadConfiguration(options.configDir);
  const outdir = path.resolve(options.outdir);
  const staging = `${outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging });
    const stacks = buildStacks(app, configuration);
    options.extend?.(stacks);
    app.synth();
    // Under `cdktf synth` (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) error annotations do not throw: check them here.
    const inspected = stacks.map(inspect);
    const errors = inspected.flatMap((i) => i.errors);
    if (errors.length > 0) throw new Error(`${errors.length} error annotation${errors.length > 1 ? 's' : ''}:\n  ${errors.join('\n  ')}`);
    swapIn(staging, outdir);
    return inspected.map((i) => i.summary);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function swapIn(staging: string, outdir: string): void {
  const old = `${outdir}.old-${process.pid}`;
  // Keep what cdktf's CLI or Terraform left beside the JSON (.terraform folders, local state).
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

/** A few lines saying what was made. */
export function formatSummary(summaries: StackSummary[], outdir: string): string {
  const lines = [`Synthesized ${summaries.length} stack${summaries.length === 1 ? '' : 's'} into ${outdir}:`];
  for (const s of summaries) {
    const count = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    const list = (r: Record<string, number>) => Object.entries(r).sort(([a], [b]) => byName(a, b)).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(`  ${s.name}: ${count(s.resources)} resources (${list(s.resources)})`);
    if (count(s.dataSources) > 0) lines.push(`    data sources: ${list(s.dataSources)}`);
    if (count(s.grants) > 0) lines.push(`    grants: ${list(s.grants)}`);
  }
  return lines.join('\n');
}

/** Case-insensitive, then by code point. Not `localeCompare`: its first call loads ICU collation data (about 13 ms). */
function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
