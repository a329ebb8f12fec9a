// Lets node run the tools' TypeScript sources directly (`node -r ./tools/register-ts.js x.ts`):
// swc strips the types in a few milliseconds per file, much faster than ts-node. Type checking is tsc's job.
const fs = require('fs');
const Module = require('module');
const path = require('path');
const { transformSync } = require('@swc/core');

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

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
