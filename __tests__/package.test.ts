import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

describe('the npm package', () => {
  test('packs exactly the built constructs library, its types, README, LICENSE and CHANGELOG', () => {
    // Build mode: the same output and .tsbuildinfo as `npm run build:lib` (tsc -p), but an up-to-date build is found from the
    // build info and file times (~0.3 s) instead of loading the whole program (~3 s).
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'], { cwd: root });
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const packed: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path).sort();

    // Every library source, compiled, and nothing else: no tests, app, offline provider, report, bench or config.
    const modules = (fs.readdirSync(path.join(root, 'constructs'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => f.slice(0, -3).split(path.sep).join('/'));
    const expected = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json', ...modules.flatMap((m) => [`dist/constructs/${m}.d.ts`, `dist/constructs/${m}.js`])].sort();
    expect(packed).toEqual(expected);

    // What package.json points at is in the package.
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const entries = [pkg.main, pkg.types, pkg.exports['.'].types, pkg.exports['.'].default].map((p: string) => p.replace(/^\.\//, ''));
    for (const entry of entries) expect(packed).toContain(entry);
    expect(pkg.private).toBeUndefined();
    // The construct libraries are the consumer's: one copy of each in their tree, never ours.
    for (const peer of ['cdktf', 'constructs', '@cdktf/provider-azurerm', '@cdktf/provider-azuread']) {
      expect(pkg.peerDependencies[peer]).toBeDefined();
      expect(pkg.dependencies[peer]).toBeUndefined();
      expect(pkg.devDependencies[peer]).toMatch(/^\d+\.\d+\.\d+$/); // exact pin for this repository
    }
  });

  // Installs examples/consumer from `npm pack` with another constructs minor, type-checks and synthesizes it (about a
  // minute, needs the npm registry). CI sets KEYLESS_CHECK_CONSUMER=1 (.ci/run); locally: `bash scripts/check-consumer.sh`.
  const consumerTest = process.env.KEYLESS_CHECK_CONSUMER === '1' ? test : test.skip;
  consumerTest('examples/consumer installs the packed tarball, type-checks and synthesizes', () => {
    const consumer = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'consumer', 'package.json'), 'utf8'));
    const ours = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const minor = (v: string) => v.split('.').slice(0, 2).join('.');
    expect(minor(consumer.dependencies.constructs)).not.toBe(minor(ours.devDependencies.constructs));
    const out = execFileSync('bash', [path.join(root, 'scripts', 'check-consumer.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toContain('check-consumer: examples/consumer installed keyless-ai-inference-');
  }, 300_000);

  // examples/embedding: every check of the library reached through the public API only, from the packed tarball.
  consumerTest('examples/embedding installs the packed tarball, type-checks and runs every check through the public API', () => {
    const out = execFileSync('bash', [path.join(root, 'scripts', 'check-consumer.sh'), 'embedding'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/embedding: \d+ scenarios passed/);
    expect(out).toContain('check-consumer: examples/embedding installed keyless-ai-inference-');
  }, 300_000);
  // CDK Terrain: examples/consumer-cdktn with cdktn 0.24, @cdktn/provider-azurerm 16.1.0 and azuread bindings generated from the
  // schema file, one copy of the core under both names (about two minutes). Same switch as above; locally:
  // `bash scripts/check-consumer-cdktn.sh`.
  consumerTest('examples/consumer-cdktn (CDK Terrain) installs the packed tarball, type-checks, synthesizes and runs the guardrails', () => {
    const consumer = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'consumer-cdktn', 'package.json'), 'utf8'));
    expect(consumer.dependencies.cdktf).toBe('npm:cdktn@0.24.0');
    expect(consumer.dependencies['@cdktf/provider-azurerm']).toBe('npm:@cdktn/provider-azurerm@16.1.0');
    const out = execFileSync('bash', [path.join(root, 'scripts', 'check-consumer-cdktn.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toContain('check-consumer-cdktn: examples/consumer-cdktn installed keyless-ai-inference-');
    expect(out).toContain('check-consumer-cdktn: the guardrails ran under cdktn');
  }, 600_000);

  test('peer ranges admit cdktf 0.21 and cdktn 0.24 under the cdktf names (npm aliases), and the azurerm bindings of both', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.peerDependencies.cdktf).toBe('>=0.21.0 <0.22.0 || >=0.24.0 <0.25.0');
    expect(pkg.peerDependencies['@cdktf/provider-azurerm']).toBe('^14.23.1 || ^16.1.0');
  });
});
