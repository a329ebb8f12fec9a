// Lets node run the offline server's TypeScript sources directly (`node -r ./offline/register-ts.js x.ts`):
// swc strips the types in a few milliseconds per file, much faster than ts-node. Type checking is tsc's job.
const fs = require('fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
