import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertBuildIsFresh } from '../app/stale-build';

function project(): { root: string; built: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-stale-'));
  for (const dir of ['dist', 'app', 'constructs']) fs.mkdirSync(path.join(root, dir));
  for (const f of ['main.ts', 'app/a.ts', 'constructs/b.ts']) fs.writeFileSync(path.join(root, f), '');
  const built = path.join(root, 'dist', 'app.js');
  fs.writeFileSync(built, '');
  const past = new Date(Date.now() - 60_000);
  for (const f of ['main.ts', 'app/a.ts', 'constructs/b.ts']) fs.utimesSync(path.join(root, f), past, past);
  return { root, built };
}

describe('assertBuildIsFresh', () => {
  test('a build newer than every source runs', () => {
    const { built } = project();
    expect(() => assertBuildIsFresh(built)).not.toThrow();
  });

  test('a source edited after the build stops the app and says how to rebuild', () => {
    const { root, built } = project();
    fs.writeFileSync(path.join(root, 'constructs', 'b.ts'), '// edited');
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'constructs', 'b.ts'), future, future);
    expect(() => assertBuildIsFresh(built)).toThrow('the built app dist/app.js is older than constructs/b.ts: run `npm run build`');
  });

  test('a file in a subfolder (the Azure facts in constructs/azure/) counts too', () => {
    const { root, built } = project();
    fs.mkdirSync(path.join(root, 'constructs', 'azure'));
    const nested = path.join(root, 'constructs', 'azure', 'guid.ts');
    fs.writeFileSync(nested, '// edited');
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(nested, future, future);
    expect(() => assertBuildIsFresh(built)).toThrow(`is older than ${path.join('constructs', 'azure', 'guid.ts')}`);
  });

  test('running from source (not dist/) is never stale', () => {
    const { root } = project();
    expect(() => assertBuildIsFresh(path.join(root, 'main.ts'))).not.toThrow();
  });
});
