#!/usr/bin/env node
// stdin in a Markdown code fence its text cannot close (mdFence), for plan text in job summaries: `node scripts/md-fence.js < plan.txt`.
require('../tools/register-ts.js');
const { mdFence } = require('../tools/access-report/markdown-safe.ts');

process.stdout.write(`${mdFence(require('fs').readFileSync(0, 'utf8'), process.argv[2] ?? 'text')}\n`);
