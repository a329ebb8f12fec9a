import * as fs from 'fs';
import * as path from 'path';
import { adopt } from '../app/adopt';
import { loadConfiguration } from '../app/load-config';
import { BROWNFIELD_EXPORT, brownfieldEnvironment, copyExport } from '../test-support/brownfield';
import { configDir, configErrorOf, devWith, readExample } from '../test-support/config-fixtures';
import { tempDir } from '../tools/offline/test-support/harness';

// Issue 20, point 3: configuration text that reviews show refuses control characters, line breaks and bidirectional
// controls where it enters, with the file, the JSON path, the value shown escaped and the fix.

/** The characters refused, as they are, and as the error shows them (JSON escapes). */
const CONTROLS: [string, string, RegExp][] = [
  ['\n', '\\n', /a line break \(line feed\) \(U\+000A\)/],
  ['\r', '\\r', /a line break \(carriage return\) \(U\+000D\)/],
  ['\t', '\\t', /a tab \(U\+0009\)/],
  ['\u0000', '\\u0000', /a control character \(U\+0000\)/],
  ['\u007f', '\\u007f', /a control character \(U\+007F\)/],
  ['\u0085', '\\u0085', /a line break \(next line\) \(U\+0085\)/],
  ['\u2028', '\\u2028', /a line separator \(U\+2028\)/],
  ['\u2029', '\\u2029', /a paragraph separator \(U\+2029\)/],
  ['\u202e', '\\u202e', /a bidirectional text control \(U\+202E\)/],
  ['\u2066', '\\u2066', /a bidirectional text control \(U\+2066\)/],
];

/** Each free-text position of an environment file: its JSON path and how to put `v` there. */
const POSITIONS: [string, (env: any, v: string) => void][] = [
  ['$.developers[0].label', (e, v) => { e.developers[0].label = `AI ${v}developers`; }],
  ['$.developers[1].upn', (e, v) => { e.developers[1].upn = `alice${v}@contoso.com`; }],
  ['$.administrators[0].displayName', (e, v) => { e.administrators[0].displayName = `AI Platform${v} Admins`; }],
  ['$.developers[4].mail', (e, v) => { e.developers.push({ kind: 'userByMail', mail: `carol${v}@contoso.com` }); }],
  ['$.developers[4].mailNickname', (e, v) => { e.developers.push({ kind: 'userByMailNickname', mailNickname: `carol${v}` }); }],
  ['$.developers[4].employeeId', (e, v) => { e.developers.push({ kind: 'userByEmployeeId', employeeId: `E${v}42` }); }],
  ['$.developers[4].displayName', (e, v) => { e.developers.push({ kind: 'servicePrincipalByDisplayName', displayName: `chat ${v}api` }); }],
  ['$.customRole.name', (e, v) => { e.customRole.name = `AI Model ${v}Inference User`; }],
  ['$.account.localAuth.justification', (e, v) => { e.account.localAuth = { enabled: true, justification: `Legacy batch job reads with keys${v} until 2027-03-31` }; e.policy.keyAccess.effect = 'Audit'; }],
  ['$.account.tags["cost-center"]', (e, v) => { e.account.tags['cost-center'] = `ai${v}platform`; }],
  ['$.account.deployments[0].model', (e, v) => { e.account.deployments[0].model = `gpt-4o${v}-mini`; }],
  ['$.temporaryDevelopers[0].justification', (e, v) => { e.temporaryDevelopers[0].justification = `Fabrikam contract${v} FAB-42`; }],
  ['$.temporaryDevelopers[0].principal.label', (e, v) => { e.temporaryDevelopers[0].principal.label = `Contractor${v}`; }],
  ['$.justInTimeAdministrators.justification', (e, v) => { e.justInTimeAdministrators = { enabled: true, justification: `Platform on-call${v} per change` }; }],
  ['$.justInTimeAdministrators.ticket.system', (e, v) => { e.justInTimeAdministrators = { enabled: true, justification: 'Platform on-call per change', ticket: { system: `Service${v}Now` } }; }],
  ['$.state.key', (e, v) => { e.state.key = `dev${v}.tfstate`; }],
];

describe('control characters in configuration text', () => {
  test.each(POSITIONS)('%s: every kind is refused with the file, the path, the value escaped and the fix', (at, put) => {
    for (const [c, shown, what] of CONTROLS) {
      const message = configErrorOf(configDir({ 'dev.json': devWith((e) => put(e, c)) }));
      const line = message.split('\n').find((l) => l.includes(`environments/dev.json: ${at}: got "`));
      expect({ c: shown, line }).toEqual({ c: shown, line: expect.stringContaining(shown) });
      expect(line).toMatch(what);
      expect(line).toMatch(/must be one line of visible characters; remove it/);
      // One problem per field (the control character, not also the field's own pattern), shown without the raw character.
      expect(message.split('\n').filter((l) => l.includes(`${at}:`))).toHaveLength(1);
      expect(line).not.toContain(c);
    }
  });

  test('a line break asks for one line; the position is counted in characters', () => {
    const message = configErrorOf(configDir({ 'dev.json': devWith((e) => { e.developers[0].label = 'AI\ndevelopers'; }) }));
    expect(message).toContain('environments/dev.json: $.developers[0].label: got "AI\\ndevelopers": holds a line break (line feed) (U+000A) at character 3: this text is shown in reviews and must be one line of visible characters; remove it and write the text on one line');
  });

  test('tag names too, and the bootstrap file', () => {
    const tags = configErrorOf(configDir({ 'dev.json': devWith((e) => { e.account.tags = { 'cost\ncenter': 'ai' }; }) }));
    expect(tags).toMatch(/environments\/dev\.json: \$\.account\.tags\["cost\\ncenter"\]: got "ai": the name "cost\\ncenter" holds a line break/);
    const bootstrap = readExample('bootstrap.json');
    bootstrap.stateAccess[0] = { kind: 'servicePrincipal', objectId: '7e9b1d3f-5a7c-4e9b-8d1f-3a5c7e9b1d48', label: 'deployer\u2028(prod)' };
    expect(configErrorOf(configDir({ 'dev.json': readExample('environments/dev.json') }, bootstrap)))
      .toMatch(/bootstrap\.json: \$\.stateAccess\[0\]\.label: got "deployer\\u2028\(prod\)": holds a line separator \(U\+2028\)/);
  });

  test('text without control characters is accepted: punctuation, markup-like text and other scripts are data', () => {
    const env = devWith((e) => {
      e.developers[0].label = '<!-- AI developers --> [x](y) @team #1 `code` ｜ Ünïcödé 開発者 مطور';
      e.customRole.name = 'AI *Model* _Inference_ | User';
    });
    expect(() => loadConfiguration(configDir({ 'dev.json': env }))).not.toThrow();
  });
});

describe('spaces around values', () => {
  test('a name, ID, model or look-up key with a space around it is refused with the value to write (a look-up would find nothing)', () => {
    const message = configErrorOf(configDir({ 'dev.json': devWith((e) => {
      e.developers[1].upn = ' alice@contoso.com ';
      e.administrators[0].displayName = 'AI Platform Admins ';
      e.account.deployments[0].model = 'gpt-4o-mini ';
      e.resourceGroup.name = 'rg-ai-inference-dev\u00a0';
      e.customRole.name = ' Inference';
    }) }));
    expect(message).toContain('$.developers[1].upn: got " alice@contoso.com ": starts and ends with a space: names, IDs and values are compared exactly, so remove it: "alice@contoso.com"');
    expect(message).toContain('$.administrators[0].displayName: got "AI Platform Admins ": ends with a space');
    expect(message).toContain('$.account.deployments[0].model: got "gpt-4o-mini ": ends with a space');
    expect(message).toContain('$.resourceGroup.name: got "rg-ai-inference-dev\u00a0": ends with a space');
    expect(message).toContain('$.customRole.name: got " Inference": starts with a space');
    // One problem per field: the space, not also the field's pattern.
    expect(message.split('\n').filter((l) => l.includes('$.developers[1].upn'))).toHaveLength(1);
  });

  test('free text (labels, descriptions, justifications) is trimmed; blank is refused', () => {
    const { environments } = loadConfiguration(configDir({ 'dev.json': devWith((e) => {
      e.developers[0].label = '  AI developers  ';
      e.projects[0].description = ' The support team\'s chat assistant ';
      e.temporaryDevelopers[0].justification = ' Fabrikam contract FAB-42 ';
    }) }));
    const c = environments[0].config;
    expect((c.developers[0] as { label?: string }).label).toBe('AI developers');
    expect(c.projects![0].description).toBe('The support team\'s chat assistant');
    expect(c.temporaryDevelopers![0].justification).toBe('Fabrikam contract FAB-42');
    const blank = configErrorOf(configDir({ 'dev.json': devWith((e) => { e.developers[0].label = '   '; e.projects[0].displayName = ' '; }) }));
    expect(blank).toContain('$.developers[0].label: got "   ": expected a label people recognise, or leave the key out');
    expect(blank).toContain('$.projects[0].displayName: got " ": expected a non-empty string');
  });

  test('project and blocklist text refuses control characters too (it was not checked)', () => {
    const message = configErrorOf(configDir({ 'dev.json': devWith((e) => {
      e.projects[0].description = '# heading\nsecond line';
      e.account.raiBlocklists = [{ name: 'words', description: 'bad\u202ewords' }];
    }) }));
    expect(message).toContain('$.projects[0].description: got "# heading\\nsecond line": holds a line break (line feed)');
    expect(message).toContain('$.account.raiBlocklists[0].description: got "bad\\u202ewords": holds a bidirectional text control');
  });
});

describe('control characters in an adoption record', () => {
  test('the reader refuses them with the record file and the JSON path', () => {
    const dir = configDir({ 'prod.json': brownfieldEnvironment() });
    const { recordFile } = adopt({ configDir: dir, environment: 'prod', from: BROWNFIELD_EXPORT, now: new Date('2026-01-15T12:00:00Z') });
    expect(() => loadConfiguration(dir)).not.toThrow();
    const record = JSON.parse(fs.readFileSync(recordFile, 'utf8'));
    record.assignments[0].principalName = 'AI developers\u202e';
    record.assignments[1].description = 'granted by hand\nin 2024';
    fs.writeFileSync(recordFile, JSON.stringify(record, null, 2));
    const message = configErrorOf(dir);
    expect(message).toMatch(/adopted\/prod\.json: \$\.assignments\[0\]\.principalName: got "AI developers\\u202e": holds a bidirectional text control \(U\+202E\)/);
    expect(message).toMatch(/adopted\/prod\.json: \$\.assignments\[1\]\.description: got "granted by hand\\nin 2024": holds a line break/);
  });

  test('npm run adopt refuses an Azure description it could not keep, and leaves a control character out of names', () => {
    const from = copyExport(path.join(tempDir('adopt-ctl-'), 'export'));
    const file = path.join(from, 'role-assignments.json');
    const assignments = JSON.parse(fs.readFileSync(file, 'utf8'));
    const adopted = assignments.find((a: any) => a.name === '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f1');
    adopted.description = 'line one\nline two';
    fs.writeFileSync(file, JSON.stringify(assignments));
    const dir = configDir({ 'prod.json': brownfieldEnvironment() });
    expect(() => adopt({ configDir: dir, environment: 'prod', from, write: false })).toThrow(
      /role-assignments\.json: .*0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f1: description "line one\\nline two" holds a line break \(line feed\) \(U\+000A\) at character 9: .*change the description in Azure/);
    adopted.description = null;
    adopted.principalName = 'AI developers\u0007';
    fs.writeFileSync(file, JSON.stringify(assignments));
    const { record } = adopt({ configDir: dir, environment: 'prod', from, write: false });
    expect(record.assignments.find((a) => a.name === adopted.name)!.principalName).toBeNull();
  });
});
