'use strict';
// Generates the `cdktf init`-style baseline from the project's own sources: the same main.ts, app/ and
// constructs/, with every deep provider import (`@cdktf/provider-x/lib/<name>`) rewritten to an import
// from the package root, run with type-checking ts-node (`npx ts-node main.ts`, the template's app).
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SOURCES = ['main.ts', 'app', 'constructs'];
const DEEP_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+['"](@cdktf\/provider-[a-z0-9-]+)\/lib\/([a-z0-9-]+)['"];?/g;

/** `export * as roleAssignment from './role-assignment'` in the package's index: folder name to namespace. */
function namespacesOf(pkg) {
  const index = fs.readFileSync(require.resolve(`${pkg}/lib/index.d.ts`, { paths: [ROOT] }), 'utf8');
  const map = new Map();
  for (const m of index.matchAll(/export \* as (\w+) from '\.\/([^']+)';/g)) map.set(m[2], m[1]);
  return map;
}

/**
 * Rewrites `import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment'` to
 * an import of the `roleAssignment` namespace from the package root plus `import RoleAssignment = <namespace>.RoleAssignment`,
 * which keeps both the value and the type, as a `cdktf init` project written against the root would use them.
 */
function rewriteImports(source, file) {
  const cache = new Map();
  let count = 0;
  const text = source.replace(DEEP_IMPORT, (_, typeOnly, names, pkg, folder) => {
    if (typeOnly) throw new Error(`${file}: type-only deep import from ${pkg}/lib/${folder}: extend bench/baseline.js to rewrite it`);
    if (!cache.has(pkg)) cache.set(pkg, namespacesOf(pkg));
    const ns = cache.get(pkg).get(folder);
    if (!ns) throw new Error(`${file}: ${pkg} has no root export for lib/${folder}`);
    count++;
    const alias = `${ns}_${pkg.replace(/\W/g, '_')}`;
    const lines = [`import { ${ns} as ${alias} } from '${pkg}';`];
    for (const spec of names.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [name, local] = spec.split(/\s+as\s+/);
      lines.push(`import ${local ?? name} = ${alias}.${name};`);
    }
    return lines.join('\n');
  });
  return { text, count };
}

function copySources(from, to, stats) {
  const st = fs.statSync(from);
  if (st.isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from)) copySources(path.join(from, entry), path.join(to, entry), stats);
    return;
  }
  if (!from.endsWith('.ts') || from.endsWith('.d.ts')) return;
  const { text, count } = rewriteImports(fs.readFileSync(from, 'utf8'), path.relative(ROOT, from));
  stats.files++;
  stats.rewritten += count;
  fs.writeFileSync(to, text);
}

/** Writes the baseline project into `dir` and returns what was rewritten. */
function generateBaseline(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const stats = { files: 0, rewritten: 0 };
  for (const s of SOURCES) copySources(path.join(ROOT, s), path.join(dir, s), stats);
  if (stats.rewritten === 0) throw new Error('no deep provider import found to rewrite: the baseline would equal the app');
  // The project's own compiler settings (strict), for these sources only; ts-node type-checks by default.
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  tsconfig.compilerOptions.types = ['node'];
  tsconfig.include = ['main.ts', 'app/**/*.ts', 'constructs/**/*.ts'];
  delete tsconfig.exclude;
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  // What `cdktf init --template=typescript` writes: the app is run by ts-node.
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts' }, null, 2));
  return stats;
}

module.exports = { generateBaseline, rewriteImports };

if (require.main === module) {
  const dir = process.argv[2] ?? path.join(__dirname, '.work', 'baseline');
  console.log(generateBaseline(dir));
}
