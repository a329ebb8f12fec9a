import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../app/environments-cli';
import { ConfigError } from '../app/load-config';
import { configDir, readExample } from '../test-support/config-fixtures';

const ROOT = path.join(__dirname, '..');
const dev = readExample('environments/dev.json');
const prod = readExample('environments/prod.json');
const bootstrap = readExample('bootstrap.json');

function run(dir: string, ...args: string[]): string[] {
  const lines: string[] = [];
  main(['--config', dir, ...args], (l) => lines.push(l));
  return lines;
}
function errorOf(dir: string): string {
  try {
    run(dir, '--json');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('npm run environments: the environments in promotion order', () => {
  test('the real command prints the example configuration in its promotion order, as the workflows read it', () => {
    const out = execFileSync('npm', ['run', '--silent', 'environments', '--', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['dev', 'prod', 'prod-private']);
  });

  test('the order is the configured one, not the alphabetical one', () => {
    const dir = configDir({ 'prod.json': prod, 'dev.json': dev, 'staging.json': { ...dev, resourceGroup: { name: 'rg-ai-staging', create: true }, account: { ...dev.account, name: 'aoai-keyless-staging' } } },
      { ...bootstrap, promotionOrder: ['staging', 'dev', 'prod'] });
    expect(run(dir, '--json')).toEqual(['["staging","dev","prod"]']);
    expect(run(dir)).toEqual(['staging', 'dev', 'prod']);
  });

  test('files the app ignores are not environments', () => {
    const dir = configDir({ 'dev.json': dev, 'prod.json': prod, '.prod.json.swp': 'x', 'dev.json~': '{}' }, { ...bootstrap, promotionOrder: ['dev', 'prod'] });
    expect(run(dir, '--json')).toEqual(['["dev","prod"]']);
  });

  test('one environment needs no order; several without promotionOrder fail with the fix', () => {
    expect(run(configDir({ 'dev.json': dev }, { ...bootstrap, promotionOrder: undefined }), '--json')).toEqual(['["dev"]']);
    const message = errorOf(configDir({ 'dev.json': dev, 'prod.json': prod }, { ...bootstrap, promotionOrder: undefined }));
    expect(message).toMatch(/bootstrap\.json: \$\.promotionOrder: missing: 2 environments \(dev, prod\) need an explicit deployment order; add "promotionOrder": \["dev","prod"\]/);
  });

  test('every environment exactly once: unknown, duplicate and missing names are named with file, JSON path and fix', () => {
    const dir = configDir({ 'dev.json': dev, 'prod.json': prod, 'test.json': { ...dev, resourceGroup: { name: 'rg-ai-test', create: true }, account: { ...dev.account, name: 'aoai-keyless-test' } } },
      { ...bootstrap, promotionOrder: ['dev', 'qa', 'dev', 'prod'] });
    const message = errorOf(dir);
    expect(message).toContain('Invalid promotion order (3 problems)');
    expect(message).toContain('bootstrap.json: $.promotionOrder[1]: got "qa": no such environment (environments are "dev", "prod", "test", from the files in environments/); fix the name or remove it');
    expect(message).toContain('bootstrap.json: $.promotionOrder[2]: got "dev": listed twice');
    expect(message).toContain('bootstrap.json: $.promotionOrder: got ["dev","qa","dev","prod"]: "test" is not listed, so CI would never deploy it; add it where it belongs in the order');
  });

  test('the schema: an empty list or a non-string is rejected by the loader with the JSON path', () => {
    const dir = configDir({ 'dev.json': dev }, { ...bootstrap, promotionOrder: [] });
    expect(errorOf(dir)).toContain('bootstrap.json: $.promotionOrder: got []: list every environment once');
    fs.writeFileSync(path.join(dir, 'bootstrap.json'), JSON.stringify({ ...bootstrap, promotionOrder: ['dev', 3] }));
    expect(errorOf(dir)).toContain('bootstrap.json: $.promotionOrder[1]: got 3');
  });

  test('the command exits 1 and says why on a bad configuration', () => {
    const dir = configDir({ 'dev.json': dev, 'prod.json': prod }, { ...bootstrap, promotionOrder: ['prod'] });
    // What `npm run environments` runs (the first test goes through npm), without a second start of npm.
    const r = spawnSync(process.execPath, ['-r', './tools/register-ts.js', 'app/environments-cli.ts', '--json', '--config', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('environments: Invalid promotion order (1 problem)');
    expect(r.stderr).toContain('"dev" is not listed');
  });
});
