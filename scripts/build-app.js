#!/usr/bin/env node
// Bundles main.ts into dist/app.js with esbuild, unless the bundle is newer than every file it was built from.
// esbuild only strips types: type checking is `npm test` (tsc --noEmit). `--force` rebuilds regardless.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const outfile = path.join(root, 'dist', 'app.js');
const metafile = path.join(root, 'dist', 'app.meta.json');

/** True when dist/app.js exists and no input recorded by the last build (sources and node_modules files) changed since. */
function isFresh() {
  let built;
  let inputs;
  try {
    built = fs.statSync(outfile).mtimeMs;
    inputs = Object.keys(JSON.parse(fs.readFileSync(metafile, 'utf8')).inputs);
  } catch {
    return false;
  }
  for (const input of inputs) {
    try {
      if (fs.statSync(path.join(root, input)).mtimeMs > built) return false;
    } catch {
      return false; // an input was deleted or moved
    }
  }
  return true;
}

/** Builds dist/app.js when forced or stale; returns whether it built. */
function buildApp({ force = false } = {}) {
  if (!force && isFresh()) return false;
  const result = require('esbuild').buildSync({
    absWorkingDir: root,
    entryPoints: ['main.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    metafile: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(metafile, JSON.stringify({ inputs: result.metafile.inputs }));
  return true;
}

module.exports = { buildApp };

if (require.main === module) buildApp({ force: process.argv.includes('--force') });
