import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// The package roots load all ~1,500 provider classes: 8x slower synth and about 1 GB of memory.
// Statements only: the benchmark's baseline mentions root imports in comments, and makes them in a temporary copy.
const ROOT_IMPORT = /^\s*((import|export)\b[^;]*?\bfrom\s+|(const|let|var)\b[^;]*?\brequire\(\s*)['"]@cdktf\/provider-(azurerm|azuread)['"]/m;

test('no source file imports a provider package from its root', () => {
  const root = path.join(__dirname, '..');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.js'], { cwd: root, encoding: 'utf8' })
    .split('\n').filter((f) => f && fs.existsSync(path.join(root, f)));
  expect(files.length).toBeGreaterThan(10);
  const offenders = files.filter((f) => ROOT_IMPORT.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(offenders).toEqual([]);
});

test('the check recognises a root import', () => {
  // Built from parts, so that this file holds no root import for repository-wide searches to trip on.
  const pkg = (name: string) => `'@cdktf/provider-${name}'`;
  expect(ROOT_IMPORT.test(`import { RoleAssignment } from ${pkg('azurerm')};`)).toBe(true);
  expect(ROOT_IMPORT.test(`const { provider } = require(${pkg('azuread')});`)).toBe(true);
  expect(ROOT_IMPORT.test(`import { RoleAssignment } from ${pkg('azurerm/lib/role-assignment')};`)).toBe(false);
});

test('the lint rule (eslint.config.mjs) rejects root imports and accepts deep ones', () => {
  const root = path.join(__dirname, '..');
  const pkg = (name: string) => `'@cdktf/provider-${name}'`;
  const code = [
    `import { RoleAssignment } from ${pkg('azurerm')};`,
    `import { DataAzureadUser } from ${pkg('azuread')};`,
    `import { RoleDefinition } from ${pkg('azurerm/lib/role-definition')};`,
    'export const all = [RoleAssignment, DataAzureadUser, RoleDefinition];',
  ].join('\n');
  const eslint = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
  let out: string;
  try {
    out = execFileSync(process.execPath, [eslint, '--stdin', '--stdin-filename', 'constructs/lint-probe.ts', '--format', 'json'], {
      cwd: root, input: code, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // eslint exits 1 when it reports errors; the JSON is on stdout
  }
  const messages = JSON.parse(out)[0].messages.map((m: { ruleId: string; line: number }) => `${m.line}:${m.ruleId}`);
  expect(messages).toEqual(['1:no-restricted-imports', '2:no-restricted-imports']);
});
