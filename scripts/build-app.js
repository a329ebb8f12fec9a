#!/usr/bin/env node
// Bundles main.ts into dist/app.bundle.js with esbuild, unless the bundle is newer than every file it was built from, and
// writes dist/app.js, a loader that runs the bundle with V8's code cache (compiling the 3 MB bundle is a fifth of a synth).
// esbuild only strips types: type checking is `npm test` (tsc --noEmit). `--force` rebuilds regardless.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const outfile = path.join(root, 'dist', 'app.bundle.js');
const loaderFile = path.join(root, 'dist', 'app.js');
const metafile = path.join(root, 'dist', 'app.meta.json');

// The loader: compile the bundle with the code cache V8 made on an earlier run (rejected, and made again, when the bundle
// changed), run it as a CommonJS module, then save the cache with the functions this run compiled.
const LOADER = `'use strict';
// Written by scripts/build-app.js: runs app.bundle.js with V8's code cache (app.bundle.js.cache).
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');
const file = path.join(__dirname, 'app.bundle.js');
const cacheFile = file + '.cache';
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch { cachedData = undefined; }
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const bundle = new Module(file, module);
bundle.filename = file;
bundle.paths = Module._nodeModulePaths(__dirname);
script.runInThisContext().call(bundle.exports, bundle.exports, (id) => bundle.require(id), bundle, file, __dirname);
if (cachedData === undefined || script.cachedDataRejected) {
  try { fs.writeFileSync(cacheFile, script.createCachedData()); } catch { /* a read-only dist/ only costs speed */ }
}
`;

/** True when dist/app.js exists and no input recorded by the last build (sources and node_modules files) changed since. */
function isFresh() {
  let built;
  let inputs;
  try {
    built = fs.statSync(outfile).mtimeMs;
    if (fs.readFileSync(loaderFile, 'utf8') !== LOADER) return false;
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

/** Builds dist/app.bundle.js and its loader dist/app.js when forced or stale; returns whether it built. */
function buildApp({ force = false } = {}) {
  if (!force && isFresh()) return false;
  const result = require('esbuild').buildSync({
    absWorkingDir: root,
    entryPoints: ['main.ts'],
    bundle: true,
    platform: 'node',
    target: 'node22',
    outfile,
    metafile: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(metafile, JSON.stringify({ inputs: result.metafile.inputs }));
  fs.writeFileSync(loaderFile, LOADER);
  fs.rmSync(`${outfile}.cache`, { force: true });
  return true;
}

module.exports = { buildApp };

if (require.main === module) buildApp({ force: process.argv.includes('--force') });
