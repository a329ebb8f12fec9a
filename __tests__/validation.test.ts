import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AiServicesAccount } from '../constructs/ai-services-account';
import { BuiltInRole } from '../constructs/azure/built-in-role';
import { CONTROL_CHARACTER, controlCharacterProblem, jsonShown } from '../constructs/azure/names';
import { InferenceRoleDefinition } from '../constructs/inference-role-definition';
import { KeylessInferenceAccess } from '../constructs/keyless-inference-access';
import { Principal } from '../constructs/principal';
import { isGuid, shortHash, slug, validateAccountName, validateFreeText, validateObjectId, validateOneOf, validateTags, validateText, ValidationError } from '../constructs/validation';
import { accountArmId, LOCATION, newStack, OIDS, RG_SCOPE, SUBSCRIPTION } from '../test-support/stacks';

const stack = () => new TerraformStack(Testing.app(), 'v');

test('ValidationError names the construct path, the field, the JSON value and the fix', () => {
  const s = stack();
  const e = new ValidationError(s, 'accountName', 'a_b', 'use letters');
  expect(e.message).toBe('v: invalid accountName "a_b": use letters');
  expect(e.name).toBe('ValidationError');
  expect(new ValidationError('Somewhere', 'f', 3, 'x').message).toBe('Somewhere: invalid f 3: x');
});

test('object IDs: non-zero GUIDs only, any case; tokens pass', () => {
  const s = stack();
  expect(() => validateObjectId(s, 'oid', 'AAAAAAAA-1111-4111-8111-111111111111')).not.toThrow();
  expect(() => validateObjectId(s, 'oid', '00000000-0000-0000-0000-000000000000')).toThrow(/v: invalid oid "00000000-0000-0000-0000-000000000000": expected a Microsoft Entra object ID/);
  expect(() => validateObjectId(s, 'oid', '{11111111-1111-4111-8111-111111111111}')).toThrow(ValidationError);
  expect(() => validateObjectId(s, 'oid', new TerraformVariable(s, 'x', {}).stringValue)).not.toThrow();
  expect([isGuid('11111111-1111-4111-8111-111111111111'), isGuid('nope')]).toEqual([true, false]);
});

test.each([
  ['ab', true], ['a'.repeat(64), true], ['a-b-1', true], ['A1', true],
  ['a', false], ['a'.repeat(65), false], ['-ab', false], ['ab-', false], ['a.b', false], ['a b', false], ['', false],
])('account name %j valid: %s', (name, ok) => {
  const check = () => validateAccountName(stack(), 'accountName', name);
  if (ok) expect(check).not.toThrow();
  else expect(check).toThrow('expected 2 to 64 characters: letters, digits and hyphens, starting and ending with a letter or digit');
});

test('text and one-of checks', () => {
  const s = stack();
  expect(() => validateText(s, 'why', undefined, 1, 'say why')).toThrow('v: invalid why null: say why');
  expect(() => validateText(s, 'why', '   ', 1, 'say why')).toThrow('invalid why "   "');
  expect(() => validateOneOf(s, 'v', 'c', ['a', 'b'])).toThrow('v: invalid v "c": expected one of a, b');
  expect(() => validateOneOf(s, 'v', 'a', ['a', 'b'])).not.toThrow();
});

test('slug and shortHash are deterministic and address-safe', () => {
  expect(slug('User:UPN:Alice@Contoso.com')).toBe('user-upn-alice-contoso-com');
  expect(slug('!!!')).toBe('x');
  expect(slug('a'.repeat(30) + '-b', 31)).toBe('a'.repeat(30));
  expect(shortHash('x')).toMatch(/^[0-9a-f]{8}$/);
  expect(shortHash('x')).toBe(shortHash('x'));
  expect(shortHash('x')).not.toBe(shortHash('y'));
});

describe('free text (labels, names, descriptions, justifications, tags): no control characters', () => {
  test('controlCharacterProblem names the first one, where it is, and the fix; jsonShown escapes what JSON leaves raw', () => {
    expect(controlCharacterProblem('AI developers (prod) <!-- @x -->')).toBeUndefined();
    expect(controlCharacterProblem('ab\ncd')).toBe('holds a line break (line feed) (U+000A) at character 3: this text is shown in reviews and must be one line of visible characters; remove it and write the text on one line');
    expect(controlCharacterProblem('x\u202ey')).toMatch(/^holds a bidirectional text control \(U\+202E\) at character 2: .*; remove it$/);
    for (const c of ['\u0000', '\t', '\r', '\u001f', '\u007f', '\u0080', '\u009f', '\u2028', '\u2029', '\u202a', '\u2066', '\u2069']) expect(controlCharacterProblem(`a${c}`)).toBeDefined();
    for (const c of ['\u00a0', '\u200b', '\u200e', '\u2060', 'é', '開']) expect(controlCharacterProblem(`a${c}`)).toBeUndefined();
    expect(CONTROL_CHARACTER.test('a\u0085')).toBe(true);
    expect(jsonShown('a\n\u0085\u2028\u202e"')).toBe('"a\\n\\u0085\\u2028\\u202e\\""');
    expect(jsonShown(3)).toBe('3');
  });

  test('validateFreeText throws a ValidationError with the value escaped; tokens and undefined pass', () => {
    const s = stack();
    expect(() => validateFreeText(s, 'label', 'a\u2028b')).toThrow('v: invalid label "a\\u2028b": holds a line separator (U+2028) at character 2');
    expect(() => validateFreeText(s, 'label', undefined)).not.toThrow();
    expect(() => validateFreeText(s, 'label', new TerraformVariable(s, 'x', {}).stringValue)).not.toThrow();
    expect(() => validateTags(s, 'tags', { 'a\nb': 'c' })).toThrow('v: invalid tags name "a\\nb"');
    expect(() => validateTags(s, 'tags', { a: 'c\td' })).toThrow('v: invalid tags["a"] "c\\td"');
  });

  test('constructs refuse it where the text enters: principal labels and identifiers, role names and descriptions, justifications, tickets, tags', () => {
    const s = newStack();
    const account = () => AiServicesAccount.fromAccountId(s, `A${Math.random().toString(36).slice(2, 8)}`, accountArmId('ai-x'));
    const rejected = (f: () => unknown, field: string) => expect(f).toThrow(new RegExp(`invalid ${field.replace(/[[\]]/g, '\\$&')} .*holds a (line break|control character|bidirectional|tab|line separator)`));
    rejected(() => Principal.group(OIDS.devs, { label: 'AI\ndevelopers' }), 'label or identifier');
    rejected(() => Principal.userByUpn('alice\u0000@contoso.com'), 'label or identifier');
    rejected(() => Principal.groupByDisplayName('AI\u202e Admins'), 'label or identifier');
    rejected(() => Principal.userByMailNickname('carol\t'), 'label or identifier');
    rejected(() => new InferenceRoleDefinition(s, 'R1', { scope: RG_SCOPE, roleName: 'AI\u2028role' }), 'roleName');
    rejected(() => new InferenceRoleDefinition(s, 'R2', { scope: RG_SCOPE, description: 'one\ntwo' }), 'description');
    rejected(() => new AiServicesAccount(s, 'Ai1', { accountName: 'ai-a', resourceGroupName: 'rg', location: LOCATION, subscriptionId: SUBSCRIPTION, tags: { team: 'ai\nx' } }), 'tags["team"]');
    rejected(() => new AiServicesAccount(s, 'Ai2', { accountName: 'ai-b', resourceGroupName: 'rg', location: LOCATION, subscriptionId: SUBSCRIPTION, localAuthEnabled: true, localAuthJustification: 'legacy batch job until 2027\r\nreally' }), 'localAuthJustification');
    rejected(() => account().grant(Principal.user(OIDS.alice), BuiltInRole.AZURE_AI_USER, { description: 'granted\nby hand' }), 'description');
    rejected(() => new KeylessInferenceAccess(newStack(), 'Jit1', { existingAccountId: accountArmId('ai-j'), administrators: [Principal.group(OIDS.devs)], administratorsJustInTime: { justification: 'on-call platform team\u0085' } }), 'justification');
    rejected(() => new KeylessInferenceAccess(newStack(), 'Jit2', { existingAccountId: accountArmId('ai-k'), administrators: [Principal.group(OIDS.devs)], administratorsJustInTime: { justification: 'on-call platform team', ticket: { number: 'CHG\n1' } } }), 'ticket.number');
    // The same text without the control character is accepted.
    expect(() => Principal.group(OIDS.devs, { label: 'AI <!-- developers --> @team' })).not.toThrow();
  });
});
