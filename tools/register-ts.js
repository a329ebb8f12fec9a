// Lets node run the tools' TypeScript sources directly (`node -r ./tools/register-ts.js x.ts`):
// swc strips the types in a few milliseconds per file, much faster than ts-node. Type checking is tsc's job.
// Each start would still transpile the ~100 files a tool imports (and load swc's native binding): the output is kept in
// node_modules/.cache/keyless-register-ts, keyed by a hash of everything it depends on (swc's version, the options, the
// file's path and text), so an edited file is transpiled again and stale output is never used.
// KEYLESS_REGISTER_TS_CACHE=0 turns the cache off.
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');

// The package names the tools import, resolved to the sources (tsconfig.json `paths` and jest say the same).
const root = path.resolve(__dirname, '..');
const SOURCES = {
  'keyless-ai-inference': path.join(root, 'constructs', 'index.ts'),
  'keyless-ai-inference/azure': path.join(root, 'constructs', 'azure', 'index.ts'),
  '@keyless-ai-inference/access-report': path.join(root, 'tools', 'access-report', 'index.ts'),
  '@keyless-ai-inference/offline': path.join(root, 'tools', 'offline', 'index.ts'),
};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveSource(request, ...rest) {
  return resolveFilename.call(this, SOURCES[request] ?? request, ...rest);
};

const swcOptions = (filename) => ({
  filename,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
});
const cacheDir = process.env.KEYLESS_REGISTER_TS_CACHE === '0' ? undefined : path.join(root, 'node_modules', '.cache', 'keyless-register-ts');
// Read from swc's package.json, not its index: loading the native binding is what a cache hit saves.
const swcVersion = cacheDir && JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version;
let swc;

function transpile(source, filename) {
  swc ??= require('@swc/core');
  return swc.transformSync(source, swcOptions(filename)).code;
}

function cachedTranspile(source, filename) {
  const key = crypto.createHash('sha256').update(JSON.stringify([swcVersion, swcOptions(filename)])).update('\0').update(source).digest('hex');
  const file = path.join(cacheDir, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Not cached yet.
  }
  const code = transpile(source, filename);
  try {
    // Written whole under a temporary name, then renamed: a process starting at the same time reads all of it or none.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, code);
    fs.renameSync(temp, file);
  } catch {
    // A read-only or full disk costs speed, not correctness.
  }
  return code;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  module._compile(cacheDir ? cachedTranspile(source, filename) : transpile(source, filename), filename);
};
