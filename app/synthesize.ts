import * as fs from 'fs';
import * as path from 'path';
import { Annotations, App, TerraformDataSource, TerraformResource, TerraformStack } from 'cdktf';
import { IP_RULES_WITHOUT_PUBLIC_ACCESS, KeylessGuardrails, NO_DATA_PLANE_GRANT, PimRoleGrant, RoleGrant, synthesizeAtomically, ValidationError } from '../constructs';
import { BootstrapStack } from './bootstrap-stack';
import { describeConstructError, principalEntryPath } from './config-locations';
import { EnvironmentStack } from './environment-stack';
import { blockShapesOf, terraformJsonToHcl } from './hcl';
import { ConfigError, Configuration, loadConfiguration } from './load-config';
import { askTerraformVersionOnce } from './terraform-version-once';

/**
 * Builds every stack of a configuration into `app`. A construct error raised for a configuration value
 * becomes a `ConfigError` naming the file and JSON path; every stack is tried, so all of them are reported.
 * Configuration warnings about a stack become warning annotations on it (as `cdktf synth` shows them).
 */
export function buildStacks(app: App, configuration: Configuration): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  const problems: string[] = [];
  const attempt = (make: () => TerraformStack, locate: (e: ValidationError) => string) => {
    try {
      stacks.push(make());
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push(locate(e));
    }
  };
  const bootstrapFile = configuration.bootstrapFile ?? 'bootstrap.json';
  if (configuration.bootstrap) {
    const b = configuration.bootstrap;
    attempt(() => new BootstrapStack(app, b), (e) => {
      return `${bootstrapFile}: ${principalEntryPath(e, { stateAccess: b.stateAccess }) ?? '$'}: got ${JSON.stringify(e.value)}: ${e.expected} (raised by ${e.constructPath}, ${e.field})`;
    });
  }
  for (const env of configuration.environments) {
    attempt(() => {
      // Plan-time messages name the file from the configuration folder's name on, so the output does not depend on where it was made.
      const shown = configRelative(configuration, env.file);
      return new EnvironmentStack(app, { environment: env.name, config: env.config, adopted: env.adopted, adoptedFile: env.adoptedFile, configFile: shown });
    }, (e) => describeConstructError(e, env));
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}); nothing was synthesized:\n  - ${problems.join('\n  - ')}`);
  }
  for (const w of configuration.warnings ?? []) {
    const stack = stacks.find((s) => s.node.id === w.stack);
    if (stack) Annotations.of(stack).addWarning(w.message);
  }
  for (const stack of stacks) KeylessGuardrails.applyTo(stack);
  return stacks;
}

function configRelative(configuration: Configuration, file: string): string {
  const dir = path.dirname(configuration.bootstrapFile ?? path.dirname(path.dirname(file)));
  return path.join(path.basename(dir), path.relative(dir, file)).split(path.sep).join('/');
}

export interface StackSummary {
  readonly name: string;
  readonly resources: Record<string, number>;
  readonly dataSources: Record<string, number>;
  readonly grants: Record<string, number>;
}

/** One walk over a synthesized stack: what it makes (resources and data sources by type, grants by role). */
function inspect(stack: TerraformStack): StackSummary {
  const resources: Record<string, number> = {};
  const dataSources: Record<string, number> = {};
  const grants: Record<string, number> = {};
  for (const c of stack.node.findAll()) {
    if (c instanceof TerraformResource) resources[c.terraformResourceType] = (resources[c.terraformResourceType] ?? 0) + 1;
    else if (c instanceof TerraformDataSource) dataSources[c.terraformResourceType] = (dataSources[c.terraformResourceType] ?? 0) + 1;
    else if (c instanceof RoleGrant) grants[c.role.roleName] = (grants[c.role.roleName] ?? 0) + 1;
    else if (c instanceof PimRoleGrant) {
      const key = `${c.role.roleName} (${c.kind === 'eligible' ? 'eligible' : 'time-limited'})`;
      grants[key] = (grants[key] ?? 0) + 1;
    }
  }
  return { name: stack.node.id, resources, dataSources, grants };
}

export interface SynthOptions {
  /** Folder with `bootstrap.json` and `environments/*.json`. */
  readonly configDir: string;
  /** Where the Terraform JSON goes. */
  readonly outdir: string;
  /** Adds your own constructs to the app's stacks (bootstrap first when configured, then environments by name). @default - nothing added */
  readonly extend?: (stacks: TerraformStack[]) => void;
  /** Warnings fail the synth, as errors do (for CI). @default false */
  readonly strict?: boolean;
  /** Writes each stack as HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`), for use without CDKTF. @default false */
  readonly hcl?: boolean;
}

/** What a synth made, and every warning (configuration warnings without a stack included). */
export interface SynthReport {
  readonly summaries: StackSummary[];
  readonly warnings: { readonly stack?: string; readonly path?: string; readonly message: string }[];
}

/**
 * Validates the configuration, builds and synthesizes every stack into a fresh folder beside
 * `outdir`, and only then swaps it in: a failure (or, under `strict`, a warning) leaves the previous output untouched.
 */
export function synthesize(options: SynthOptions): SynthReport {
  const configuration = loadConfiguration(options.configDir);
  const general = (configuration.warnings ?? []).filter((w) => w.stack === undefined);
  if (options.strict && general.length > 0) {
    throw new ConfigError(`strict mode: ${general.length} configuration warning${general.length > 1 ? 's' : ''} count as errors; nothing was synthesized:\n  - ${general.map((w) => w.message).join('\n  - ')}`);
  }
  let stacks: TerraformStack[] = [];
  askTerraformVersionOnce();
  const result = synthesizeAtomically(options.outdir, (app) => {
    stacks = buildStacks(app, configuration);
    options.extend?.(stacks);
  }, { strict: options.strict, beforeSwap: options.hcl ? writeHcl : undefined });
  return { summaries: stacks.map(inspect), warnings: [...general, ...result.warnings.map((w) => locateWarning(w, configuration))] };
}

/** A library warning about a value of an environment file, with the file and JSON path in front. */
function locateWarning<W extends { stack?: string; message: string }>(w: W, configuration: Configuration): W {
  const env = configuration.environments.find((e) => e.name === w.stack);
  if (env && w.message.includes(NO_DATA_PLANE_GRANT)) return { ...w, message: `${env.file}: $.developers: ${w.message}` };
  if (env && w.message.includes(IP_RULES_WITHOUT_PUBLIC_ACCESS)) return { ...w, message: `${env.file}: $.account.networkAcls.ipRules: ${w.message}` };
  return w;
}

/**
 * Replaces each stack's `cdk.tf.json` by `cdk.tf` (all converted before any is written) and points the manifest at them.
 * The JSON's `//` comments (stack metadata, grant descriptions) go to `metadata.json`, as cdktf's own HCL mode writes it:
 * the cdktf CLI reads it (`cdktf synth --hcl`).
 */
function writeHcl(stacks: TerraformStack[], dir: string): void {
  const converted = stacks.map((stack) => {
    const stackDir = path.join(dir, 'stacks', stack.node.id);
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    return { stackDir, hcl: terraformJsonToHcl(json, blockShapesOf(stack)), metadata: commentsOf(json) };
  });
  for (const { stackDir, hcl, metadata } of converted) {
    fs.writeFileSync(path.join(stackDir, 'cdk.tf'), hcl);
    fs.writeFileSync(path.join(stackDir, 'metadata.json'), JSON.stringify(metadata, null, 2));
    fs.rmSync(path.join(stackDir, 'cdk.tf.json'));
  }
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  for (const s of Object.values(manifest.stacks)) s.synthesizedStackPath = s.synthesizedStackPath.replace(/cdk\.tf\.json$/, 'cdk.tf');
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
}

type TerraformJson = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

/** The `//` comments of a stack's Terraform JSON (top level, and per resource and data source), and its provider pins. */
function commentsOf(json: TerraformJson): Record<string, unknown> {
  const out: Record<string, unknown> = { '//': json['//'], terraform: { required_providers: json.terraform?.required_providers ?? {} } };
  for (const section of ['resource', 'data']) {
    const byType: Record<string, Record<string, unknown>> = {};
    for (const [type, byName] of Object.entries(json[section] ?? {})) {
      for (const [name, body] of Object.entries(byName)) if (body['//'] !== undefined) (byType[type] ??= {})[name] = { '//': body['//'] };
    }
    if (Object.keys(byType).length > 0) out[section] = byType;
  }
  return out;
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
