import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { isGuid, shortHash, slug, validateAccountName, validateObjectId, validateOneOf, validateText, ValidationError } from '../constructs/validation';

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
