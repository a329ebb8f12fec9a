#!/usr/bin/env node
// Runs the TypeScript source as the main module through the swc hook (type checking is the test command's job).
require('../../register-ts.js');
require('module')._load(require.resolve('../cli.ts'), null, true);
