import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as schemas from '../app/config-schema';
import { ConfigError, loadConfiguration } from '../app/load-config';
import { ValidationCache } from '../app/validation-cache';
import { configDir, devWith, readExample } from '../test-support/config-fixtures';

function cacheFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-cache-')), 'nested', 'validated-config.json');
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

afterEach(() => jest.restoreAllMocks());

describe('loadConfiguration with a validation cache', () => {
  test('an unchanged file is not validated again and yields the same configuration', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json') });
    const file = cacheFile();
    const uncached = loadConfiguration(dir);
    const first = loadConfiguration(dir, { validationCacheFile: file });
    expect(fs.existsSync(file)).toBe(true);

    const parse = jest.spyOn(schemas.environmentSchema, 'safeParse');
    const second = loadConfiguration(dir, { validationCacheFile: file });
    expect(parse).not.toHaveBeenCalled();
    expect(second).toEqual(uncached);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  test('a changed file is validated again, and its problems are reported as without a cache', () => {
    const file = cacheFile();
    const dir = configDir({ 'dev.json': readExample('environments/dev.json') });
    loadConfiguration(dir, { validationCacheFile: file });
    fs.writeFileSync(path.join(dir, 'environments', 'dev.json'), JSON.stringify(devWith((e) => { e.developers[0].objectId = 'not-a-guid'; })));

    const parse = jest.spyOn(schemas.environmentSchema, 'safeParse');
    const cached = messageOf(() => loadConfiguration(dir, { validationCacheFile: file }));
    expect(parse).toHaveBeenCalledTimes(1);
    expect(cached).toBe(messageOf(() => loadConfiguration(dir)));
    expect(cached).toContain('$.developers[0].objectId: got "not-a-guid"');
  });

  test('a failed validation is not remembered', () => {
    const file = cacheFile();
    const dir = configDir({ 'dev.json': devWith((e) => { delete e.tenantId; }) });
    const first = messageOf(() => loadConfiguration(dir, { validationCacheFile: file }));
    const parse = jest.spyOn(schemas.environmentSchema, 'safeParse');
    expect(messageOf(() => loadConfiguration(dir, { validationCacheFile: file }))).toBe(first);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  test('a corrupt or unwritable cache only loses the speed-up', () => {
    const dir = configDir({ 'dev.json': readExample('environments/dev.json') });
    const corrupt = cacheFile();
    fs.mkdirSync(path.dirname(corrupt), { recursive: true });
    fs.writeFileSync(corrupt, '{"format":1,"entries":');
    expect(loadConfiguration(dir, { validationCacheFile: corrupt })).toEqual(loadConfiguration(dir));

    const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-cache-')), 'a-file');
    fs.writeFileSync(blocker, '');
    expect(() => loadConfiguration(dir, { validationCacheFile: path.join(blocker, 'validated-config.json') })).not.toThrow();
  });
});

describe('ValidationCache', () => {
  test('the key changes with the schema name, the file bytes and the schema module', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-cache-'));
    const schemaA = path.join(dir, 'a.js');
    const schemaB = path.join(dir, 'b.js');
    fs.writeFileSync(schemaA, 'module.exports = 1;');
    fs.writeFileSync(schemaB, 'module.exports = 2;');
    const a = new ValidationCache(path.join(dir, 'cache.json'), schemaA);
    const b = new ValidationCache(path.join(dir, 'cache.json'), schemaB);
    const key = a.keyFor('environmentSchema', '{}');
    expect(a.keyFor('environmentSchema', '{}')).toBe(key);
    expect(a.keyFor('bootstrapSchema', '{}')).not.toBe(key);
    expect(a.keyFor('environmentSchema', '{ }')).not.toBe(key);
    expect(b.keyFor('environmentSchema', '{}')).not.toBe(key);
  });

  test('keeps only the entries the last run used', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-cache-'));
    const file = path.join(dir, 'cache.json');
    const first = new ValidationCache(file, __filename);
    first.set('old', { a: 1 });
    first.save();
    const second = new ValidationCache(file, __filename);
    second.set('new', { b: 2 });
    second.save();
    const third = new ValidationCache(file, __filename);
    expect(third.get('old')).toBeUndefined();
    expect(third.get('new')).toEqual({ b: 2 });
  });
});
