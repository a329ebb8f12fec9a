import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';

/**
 * Terraform JSON (what cdktf synthesizes) written as native HCL, for teams leaving CDKTF (`npm run synth -- --hcl`).
 *
 * Not cdktf's own HCL renderer (`SYNTH_HCL_OUTPUT`): in 0.21 it writes lifecycle preconditions and postconditions as
 * arguments, quotes `depends_on` references and guesses at strings (a value that looks like a number or starts with
 * `{` is written bare). Here every value comes from the synthesized JSON with Terraform's JSON-syntax rules
 * (https://developer.hashicorp.com/terraform/language/syntax/json): strings are templates, meta-arguments are
 * references. Only which keys are nested blocks, which the JSON cannot say, comes from the provider bindings.
 */

/** The nested blocks of a resource, data source or provider body: block name -> the blocks inside it. */
export interface BlockShape {
  readonly [block: string]: BlockShape;
}

/** Block shapes by `resource.<type>`, `data.<type>` and `provider.<name>`. */
export type BlockShapes = Record<string, BlockShape>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The nested blocks of every resource, data source and provider type in a synthesized stack, from the bindings' HCL metadata. */
export function blockShapesOf(stack: TerraformStack): BlockShapes {
  const shapes: Record<string, Record<string, BlockShape>> = {};
  for (const c of stack.node.findAll()) {
    let key: string;
    if (c instanceof TerraformResource) key = `resource.${c.terraformResourceType}`;
    else if (c instanceof TerraformDataSource) key = `data.${c.terraformResourceType}`;
    else if (c instanceof TerraformProvider) key = `provider.${c.terraformResourceType}`;
    else continue;
    // Unresolved: only the `isBlock` flags and the nesting are read.
    const fragment = c.toHclTerraform() as Record<string, Record<string, unknown>>;
    for (const body of bodiesOf(fragment)) shapes[key] = mergeShape(shapes[key] ?? {}, shapeOf(body));
  }
  return shapes;
}

/** The attribute bodies in one element's `toHclTerraform()` fragment (`{resource: {type: {name: body}}}`, `{provider: {name: [body]}}`). */
function bodiesOf(fragment: Record<string, Record<string, unknown>>): unknown[] {
  const out: unknown[] = [];
  for (const byType of Object.values(fragment)) {
    for (const inner of Object.values(byType ?? {})) {
      if (Array.isArray(inner)) out.push(...inner);
      else for (const body of Object.values((inner ?? {}) as Record<string, unknown>)) out.push(body);
    }
  }
  return out;
}

function shapeOf(body: unknown): Record<string, BlockShape> {
  const shape: Record<string, BlockShape> = {};
  if (!isObject(body)) return shape;
  for (const [name, attr] of Object.entries(body)) {
    if (!isObject(attr) || !(attr.isBlock === true || attr.is_block === true)) continue;
    const items = Array.isArray(attr.value) ? attr.value : [attr.value];
    shape[name] = items.reduce<Record<string, BlockShape>>((acc, item) => mergeShape(acc, shapeOf(item)), {});
  }
  return shape;
}

function mergeShape(a: Record<string, BlockShape>, b: Record<string, BlockShape>): Record<string, BlockShape> {
  const out: Record<string, BlockShape> = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = mergeShape((out[k] ?? {}) as Record<string, BlockShape>, v as Record<string, BlockShape>);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Thrown for Terraform JSON this writer does not translate (nothing is written). */
export class HclConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HclConversionError';
  }
}

/** One stack's Terraform JSON as HCL. `shapes` says which keys are blocks (`blockShapesOf`); `//` comments are dropped. */
export function terraformJsonToHcl(doc: JsonObject, shapes: BlockShapes): string {
  const out: string[][] = [];
  const sections = Object.entries(doc).sort(([a], [b]) => sectionRank(a) - sectionRank(b));
  for (const [section, value] of sections) {
    if (section === '//') continue;
    const v = value as JsonObject;
    switch (section) {
      case 'terraform':
        out.push(block('terraform', terraformBody(v)));
        break;
      case 'provider':
        for (const [name, configs] of Object.entries(v)) {
          for (const config of asArray(configs))
            out.push(block(`provider ${label(name)}`, body(config as JsonObject, shapes[`provider.${name}`] ?? {}, {})));
        }
        break;
      case 'resource':
      case 'data':
        for (const [type, byName] of Object.entries(v)) {
          for (const [name, b] of Object.entries(byName as JsonObject)) {
            out.push(
              block(`${section} ${label(type)} ${label(name)}`, body(b as JsonObject, shapes[`${section}.${type}`] ?? {}, RESOURCE_META)),
            );
          }
        }
        break;
      case 'output':
        for (const [name, b] of Object.entries(v)) out.push(block(`output ${label(name)}`, body(b as JsonObject, {}, OUTPUT_META)));
        break;
      case 'variable':
        for (const [name, b] of Object.entries(v)) out.push(block(`variable ${label(name)}`, body(b as JsonObject, {}, VARIABLE_META)));
        break;
      case 'locals':
        for (const locals of asArray(value)) out.push(block('locals', body(locals as JsonObject, {}, {})));
        break;
      case 'module':
        for (const [name, b] of Object.entries(v)) out.push(block(`module ${label(name)}`, body(b as JsonObject, {}, MODULE_META)));
        break;
      case 'moved':
        for (const b of asArray(value)) out.push(block('moved', body(b as JsonObject, {}, { from: 'reference', to: 'reference' })));
        break;
      case 'import':
        for (const b of asArray(value)) out.push(block('import', body(b as JsonObject, {}, { to: 'reference', provider: 'reference' })));
        break;
      case 'check':
        // Plan-time warnings (e.g. a grant past its end): `assert` blocks; a scoped data source is not written by this project.
        for (const [name, b] of Object.entries(v)) {
          if ((b as JsonObject).data !== undefined) throw new HclConversionError(`check "${name}": a scoped data block is not translated to HCL; keep the JSON output for this stack.`);
          out.push(block(`check ${label(name)}`, body(b as JsonObject, {}, CHECK_META)));
        }
        break;
      default:
        throw new HclConversionError(`Terraform JSON section "${section}" is not translated to HCL; keep the JSON output for this stack.`);
    }
  }
  return out.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

/** Sections in the order people write them: settings and providers first, outputs last (unknown ones keep their place). */
const SECTION_ORDER = ['terraform', 'provider', 'variable', 'locals', 'data', 'resource', 'module', 'moved', 'import', 'check', 'output'];

function sectionRank(section: string): number {
  const i = SECTION_ORDER.indexOf(section);
  return i === -1 ? SECTION_ORDER.length : i;
}

/** How a meta-argument is written in HCL: a reference, references (a list, or a map for `providers`), a type expression, condition blocks, or `lifecycle`. */
type Meta = 'reference' | 'references' | 'type' | 'conditions' | 'lifecycle';
type MetaSet = Readonly<Record<string, Meta>>;

const RESOURCE_META: MetaSet = { depends_on: 'references', provider: 'reference', lifecycle: 'lifecycle' };
const OUTPUT_META: MetaSet = { depends_on: 'references', precondition: 'conditions' };
const VARIABLE_META: MetaSet = { type: 'type', validation: 'conditions' };
const MODULE_META: MetaSet = { depends_on: 'references', providers: 'references' };
const CHECK_META: MetaSet = { assert: 'conditions' };

/** A block body: arguments first, then nested blocks (the order `terraform fmt` users expect). */
function body(b: JsonObject, shape: BlockShape, meta: MetaSet, indent = '  '): string[] {
  const args: string[] = [];
  const blocks: string[] = [];
  for (const [key, value] of Object.entries(b)) {
    if (key === '//') continue;
    const m = meta[key];
    if (m === 'lifecycle') {
      blocks.push(...block('lifecycle', lifecycleBody(value as JsonObject, indent + '  '), indent));
    } else if (m === 'reference') {
      args.push(`${indent}${key} = ${reference(value as string)}`);
    } else if (m === 'references') {
      args.push(`${indent}${key} = ${isObject(value) ? referenceMap(value as JsonObject, indent) : referenceList(value as string[])}`);
    } else if (m === 'type') {
      args.push(`${indent}${key} = ${value as string}`);
    } else if (m === 'conditions' || shape[key] !== undefined) {
      // A null block is an absent one.
      for (const item of asArray(value).filter((v) => v !== null))
        blocks.push(...block(key, body(item as JsonObject, shape[key] ?? {}, {}, indent + '  '), indent));
    } else if (key === 'provisioner' || key === 'connection' || key === 'dynamic') {
      throw new HclConversionError(`"${key}" is not translated to HCL; keep the JSON output for this stack.`);
    } else {
      args.push(`${indent}${key} = ${expression(value, indent)}`);
    }
  }
  return [...args, ...blocks];
}

function lifecycleBody(b: JsonObject, indent: string): string[] {
  const args: string[] = [];
  const blocks: string[] = [];
  for (const [key, value] of Object.entries(b)) {
    if (key === 'precondition' || key === 'postcondition') {
      for (const item of asArray(value)) blocks.push(...block(key, body(item as JsonObject, {}, {}, indent + '  '), indent));
    } else if (key === 'ignore_changes' || key === 'replace_triggered_by') {
      // `all`, or attribute names and references (plain strings in JSON, bare in HCL).
      args.push(`${indent}${key} = ${value === 'all' ? 'all' : referenceList(value as string[])}`);
    } else {
      args.push(`${indent}${key} = ${expression(value, indent)}`);
    }
  }
  return [...args, ...blocks];
}

function terraformBody(t: JsonObject): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(t)) {
    if (key === 'required_providers') {
      lines.push(
        ...block(
          'required_providers',
          Object.entries(value as JsonObject).map(([n, req]) => `    ${n} = ${expression(req, '    ')}`),
          '  ',
        ),
      );
    } else if (key === 'backend') {
      for (const [type, config] of Object.entries(value as JsonObject))
        lines.push(...block(`backend ${label(type)}`, body(config as JsonObject, {}, {}, '    '), '  '));
    } else if (key === 'cloud') {
      lines.push(...block('cloud', body(value as JsonObject, { workspaces: {} }, {}, '    '), '  '));
    } else if (key !== '//') {
      lines.push(`  ${key} = ${expression(value, '  ')}`);
    }
  }
  return lines;
}

function block(header: string, lines: string[], indent = ''): string[] {
  return lines.length === 0 ? [`${indent}${header} {}`] : [`${indent}${header} {`, ...lines, `${indent}}`];
}

function asArray(v: Json): Json[] {
  return Array.isArray(v) ? v : [v];
}

/** A value in attribute position: strings are templates (a lone `${expr}` is written as `expr`, the same value). */
function expression(value: Json, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'string') return template(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${expression(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([k]) => k !== '//');
  if (entries.length === 0) return '{}';
  // Keys are templates in JSON too; quoted, as a bare key could read as a variable or keyword.
  return `{\n${entries.map(([k, v]) => `${inner}${quotedTemplate(k)} = ${expression(v, inner)}`).join('\n')}\n${indent}}`;
}

/** A JSON template string as an HCL quoted template (or the bare expression when it is one whole interpolation). */
export function template(s: string): string {
  const parts = templateParts(s);
  if (parts.length === 1 && parts[0].kind === 'sequence' && parts[0].text.startsWith('${') && !/^\$\{~|~\}$/.test(parts[0].text)) {
    return parts[0].text.slice(2, -1).trim();
  }
  return quotedTemplate(s);
}

function quotedTemplate(s: string): string {
  return `"${templateParts(s)
    .map((p) => (p.kind === 'literal' ? escapeLiteral(p.text) : p.text))
    .join('')}"`;
}

/** A block label (a quoted string that is never a template). */
function label(s: string): string {
  return `"${escapeLiteral(s)}"`;
}

/** Backslash escapes for a quoted HCL string's literal text (`$${` and `%%{` escapes are already template text). */
function escapeLiteral(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must be escaped
  return s.replace(/[\\"\u0000-\u001f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

interface TemplatePart {
  readonly kind: 'literal' | 'sequence';
  readonly text: string;
}

/**
 * Splits a template into literal text and `${...}` / `%{...}` sequences. A sequence's text is HCL expression source and is
 * copied as is; its end is found past nested braces and quoted strings (which may hold templates of their own).
 */
function templateParts(s: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      literal += s.slice(i, i + 3);
      i += 3;
    } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      const end = sequenceEnd(s, i + 2);
      if (literal) parts.push({ kind: 'literal', text: literal });
      literal = '';
      parts.push({ kind: 'sequence', text: s.slice(i, end) });
      i = end;
    } else {
      literal += s[i];
      i += 1;
    }
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  return parts;
}

/** Index just past the `}` closing the sequence whose body starts at `start`. */
function sequenceEnd(s: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      i = stringEnd(s, i + 1);
      continue;
    }
    if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  throw new HclConversionError(`unterminated template sequence in ${JSON.stringify(s)}`);
}

/** Index just past the `"` closing a quoted string (inside an expression) whose text starts at `start`. */
function stringEnd(s: string, start: number): number {
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (s.startsWith('$${', i) || s.startsWith('%%{', i)) i += 3;
    else if (s.startsWith('${', i) || s.startsWith('%{', i)) i = sequenceEnd(s, i + 2);
    else i += 1;
  }
  throw new HclConversionError(`unterminated string in ${JSON.stringify(s)}`);
}

/** A reference written in JSON as a string (`"azurerm_x.y"` or `"${azurerm_x.y}"`). */
function reference(s: string): string {
  const m = /^\$\{(.*)\}$/s.exec(s);
  return (m ? m[1] : s).trim();
}

function referenceList(refs: string[]): string {
  return `[${refs.map(reference).join(', ')}]`;
}

function referenceMap(refs: JsonObject, indent: string): string {
  return `{\n${Object.entries(refs)
    .map(([k, v]) => `${indent}  ${k} = ${reference(v as string)}`)
    .join('\n')}\n${indent}}`;
}
