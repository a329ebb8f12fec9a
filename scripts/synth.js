#!/usr/bin/env node
// `npm run synth`: bundle the app if a source changed, then run it, in one node process (each process start costs ~0.1 s).
require('./build-app').buildApp();
require('../dist/app.js');
