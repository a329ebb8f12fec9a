import * as fs from 'fs';
import * as path from 'path';

/** The app's folder: the nearest folder above this file with a cdktf.json (the tools' own package.json files do not count). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'cdktf.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
