import * as fs from 'fs';
import * as path from 'path';
import { readAzCliExport } from 'keyless-ai-inference/azure';
import { azureDriftOf } from './azure-drift';
import { assertPlanBelongsTo, compareReports, compareWithPlan } from './compare';
import { planValuesFromJson, readPlanJson } from './plan-values';
import { fileStem, listStacks, readJson, readStackJson, reportOf, writeReport } from './synth-output';

const USAGE = `Usage: npm run access-report -- [options]

Writes, per synthesized stack (environment), <out>/<stack>.md (tables, findings, Mermaid diagram)
and <out>/<stack>.json (the same data).

Options:
  --input <path>          cdktf.out folder, or one cdk.tf.json      (default: cdktf.out)
  --out <dir>             where the reports go                       (default: access-report)
  --stack <name>          only this stack; repeatable                (default: every stack)
  --plan <stack>=<file>   values of \`terraform show -json <plan>\` for that stack, to show
                          looked-up object IDs and who gains and loses access along the plan;
                          repeatable. With one stack, --plan <file> works too. A plan of another
                          stack is refused.
  --compare <path>        an earlier report to compare with (who gains, who loses access):
                          <stack>=<file.json>, a <file.json> with one stack selected, or a
                          folder of earlier reports (<folder>/<stack>.json, stacks without one
                          are not compared); repeatable
  --azure <path>          an Azure CLI export of the stack's account (role-assignments.json,
                          account.json, principals/; README "Start from an existing account"):
                          the report shows access granted outside code and access in code that
                          Azure does not have. <stack>=<folder>, or <folder> with one stack selected
  --help                  this text`;

/** Parsed command line. */
export interface CliOptions {
  readonly input: string;
  readonly out: string;
  readonly stacks: string[];
  readonly plans: { stack?: string; file: string }[];
  readonly compares: { stack?: string; file: string }[];
  readonly azure: { stack?: string; file: string }[];
  readonly help: boolean;
}

/** Parses the arguments; throws a clear error for an unknown option or a missing value. */
export function parseArgs(argv: string[]): CliOptions {
  let input = 'cdktf.out';
  let out = 'access-report';
  const stacks: string[] = [];
  const plans: { stack?: string; file: string }[] = [];
  const compares: { stack?: string; file: string }[] = [];
  const azure: { stack?: string; file: string }[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag}: missing value\n\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--input': input = value(); break;
      case '--out': out = value(); break;
      case '--stack': stacks.push(value()); break;
      case '--plan': {
        const v = value();
        const eq = v.indexOf('=');
        plans.push(eq > 0 ? { stack: v.slice(0, eq), file: v.slice(eq + 1) } : { file: v });
        break;
      }
      case '--compare': {
        const v = value();
        const eq = v.indexOf('=');
        compares.push(eq > 0 && !v.slice(0, eq).includes('/') ? { stack: v.slice(0, eq), file: v.slice(eq + 1) } : { file: v });
        break;
      }
      case '--azure': {
        const v = value();
        const eq = v.indexOf('=');
        azure.push(eq > 0 && !v.slice(0, eq).includes('/') ? { stack: v.slice(0, eq), file: v.slice(eq + 1) } : { file: v });
        break;
      }
      case '--help': case '-h': help = true; break;
      default: throw new Error(`unknown option ${JSON.stringify(arg)}\n\n${USAGE}`);
    }
  }
  return { input, out, stacks, plans, compares, azure, help };
}

/** Runs the command; returns the lines to print. */
export function run(argv: string[]): string[] {
  const o = parseArgs(argv);
  if (o.help) return [USAGE];
  const all = listStacks(o.input);
  const unknown = o.stacks.filter((s) => !all.some((x) => x.name === s));
  if (unknown.length) throw new Error(`--stack ${unknown.join(', ')}: no such stack in ${o.input}; stacks: ${all.map((s) => s.name).join(', ')}`);
  const selected = o.stacks.length ? all.filter((s) => o.stacks.includes(s.name)) : all;
  const plans = new Map<string, string>();
  for (const p of o.plans) {
    const stack = p.stack ?? (selected.length === 1 ? selected[0].name : undefined);
    if (stack === undefined) throw new Error(`--plan ${p.file}: several stacks are selected; write --plan <stack>=${p.file} (stacks: ${selected.map((s) => s.name).join(', ')})`);
    if (!selected.some((s) => s.name === stack)) throw new Error(`--plan ${stack}=${p.file}: no stack "${stack}" selected; stacks: ${selected.map((s) => s.name).join(', ')}`);
    if (plans.has(stack)) throw new Error(`--plan: two plans given for stack "${stack}"`);
    plans.set(stack, p.file);
  }
  const compares = new Map<string, string>();
  for (const c of o.compares) {
    if (c.stack === undefined && fs.existsSync(c.file) && fs.statSync(c.file).isDirectory()) {
      for (const s of selected) {
        const f = path.join(c.file, `${fileStem(s.name)}.json`);
        if (fs.existsSync(f) && !compares.has(s.name)) compares.set(s.name, f);
      }
      continue;
    }
    const stack = c.stack ?? (selected.length === 1 ? selected[0].name : undefined);
    if (stack === undefined) throw new Error(`--compare ${c.file}: several stacks are selected; write --compare <stack>=${c.file}, or give a folder of <stack>.json reports`);
    if (!selected.some((s) => s.name === stack)) throw new Error(`--compare ${stack}=${c.file}: no stack "${stack}" selected; stacks: ${selected.map((s) => s.name).join(', ')}`);
    compares.set(stack, c.file);
  }
  const azure = new Map<string, string>();
  for (const a of o.azure) {
    const stack = a.stack ?? (selected.length === 1 ? selected[0].name : undefined);
    if (stack === undefined || !selected.some((s) => s.name === stack)) throw new Error(`--azure ${a.file}: write --azure <stack>=${a.file} with one of the selected stacks: ${selected.map((s) => s.name).join(', ')}`);
    azure.set(stack, a.file);
  }
  const lines: string[] = [];
  for (const stack of selected) {
    const planFile = plans.get(stack.name);
    const planJson = planFile !== undefined ? readPlanJson(planFile) : undefined;
    if (planFile !== undefined) assertPlanBelongsTo(readStackJson(stack), planJson, stack.name, planFile);
    let report = reportOf(stack, planFile ? { values: planValuesFromJson(planJson, `--plan ${planFile}`), source: planFile } : undefined);
    const compareFile = compares.get(stack.name);
    if (compareFile !== undefined) report = { ...report, comparison: compareReports(report, readJson(compareFile), compareFile) };
    else if (planFile !== undefined) report = { ...report, comparison: compareWithPlan(report, planJson, planFile) };
    const azureFolder = azure.get(stack.name);
    if (azureFolder !== undefined) report = { ...report, azureDrift: azureDriftOf(report, readAzCliExport(azureFolder)) };
    const [md] = writeReport(report, o.out);
    const sev = report.summary.findingsBySeverity;
    const drift = report.azureDrift ? `, outside code ${report.azureDrift.outsideCode.length}, not in Azure ${report.azureDrift.notInAzure.length}` : '';
    const change = report.comparison ? `, access gained ${report.comparison.gained.length}, lost ${report.comparison.lost.length}` : '';
    lines.push(`${stack.name}: ${report.accounts.length} account(s), ${report.assignments.length} assignment(s), findings: `
      + `${sev.high} high, ${sev.medium} medium, ${sev.low} low, ${sev.info} info${change}${drift} -> ${displayPath(md)}`);
  }
  return lines;
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

if (require.main === module) {
  try {
    for (const line of run(process.argv.slice(2))) console.log(line);
  } catch (e) {
    console.error(`access-report: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
