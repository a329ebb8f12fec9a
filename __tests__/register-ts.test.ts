import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'keyless-register-ts');
/** The cache entries holding `text` (other tests may add entries at the same time: count only ours). */
const cachedWith = (text: string) => (fs.existsSync(cacheDir) ? (fs.readdirSync(cacheDir, { recursive: true }) as string[]) : [])
  .filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(cacheDir, f), 'utf8').includes(text));

describe('tools/register-ts.js: its cache of transpiled sources', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'register-ts-'));
  const file = path.join(dir, 'probe.ts');
  const run = (env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ['-r', path.join(root, 'tools', 'register-ts.js'), file], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('an edited file runs as edited (never the output of its earlier text), and each text is cached once', () => {
    // A unique text: its cache entry cannot exist yet.
    const marker = `${process.pid}-${Date.now()}`;
    fs.writeFileSync(file, `const said: string = 'first ${marker}';\nconsole.log(said);\n`);
    expect(cachedWith(marker)).toEqual([]);
    expect(run().stdout).toBe(`first ${marker}\n`);
    const first = cachedWith(`'first ${marker}'`);
    expect(first).toHaveLength(1);
    // Run again: served from the cache, same output, no new entry.
    expect(run().stdout).toBe(`first ${marker}\n`);
    expect(cachedWith(marker)).toEqual(first);

    // The same path, another text (same length, same mtime second): the new text runs.
    fs.writeFileSync(file, `const said: string = 'later ${marker}';\nconsole.log(said);\n`);
    expect(run().stdout).toBe(`later ${marker}\n`);
    expect(cachedWith(marker)).toHaveLength(2);
    expect(cachedWith(`'later ${marker}'`)).toHaveLength(1);
  });

  test('KEYLESS_REGISTER_TS_CACHE=0 transpiles without reading or writing the cache', () => {
    const marker = `${process.pid}-${Date.now()}-off`;
    fs.writeFileSync(file, `const said: string = 'off ${marker}';\nconsole.log(said);\n`);
    const r = run({ KEYLESS_REGISTER_TS_CACHE: '0' });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: `off ${marker}\n` });
    expect(cachedWith(marker)).toEqual([]);
  });
});
