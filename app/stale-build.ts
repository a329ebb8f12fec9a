import * as fs from 'fs';
import * as path from 'path';

const SOURCE_DIRS = ['app', 'constructs'];

/**
 * When running the built app from `dist/`, fails if a TypeScript source is newer than the build:
 * synthesizing stale code would silently ignore the user's last edit. From source (tests, ts-node), does nothing.
 */
export function assertBuildIsFresh(runningFile: string): void {
  const compiledDir = path.dirname(runningFile);
  if (path.basename(compiledDir) !== 'dist') return;
  const root = path.dirname(compiledDir);
  const built = fs.statSync(runningFile).mtimeMs;
  const sources = [path.join(root, 'main.ts')];
  for (const dir of SOURCE_DIRS) {
    // Recursive: the Azure facts live in constructs/azure/.
    for (const f of fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]) if (f.endsWith('.ts')) sources.push(path.join(root, dir, f));
  }
  const stale = sources.filter((f) => fs.statSync(f).mtimeMs > built);
  if (stale.length > 0) {
    throw new Error(`the built app ${path.relative(root, runningFile)} is older than ${stale.map((f) => path.relative(root, f)).join(', ')}: run \`npm run build\` (or \`npm run synth\`, which builds first)`);
  }
}
