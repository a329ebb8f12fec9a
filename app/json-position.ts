/**
 * Where strict JSON (RFC 8259) first goes wrong, as line and column (both from 1), with what was expected.
 * Used only after `JSON.parse` has failed: Node's own messages do not always carry a position.
 */
export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

class Fail extends Error {
  constructor(public readonly at: number, message: string) {
    super(message);
  }
}

/** A key written twice in one object: `JSON.parse` keeps the last silently, so the first is never read. */
export interface JsonDuplicateKey {
  readonly line: number;
  readonly column: number;
  /** The path of the object holding the key, then the key. */
  readonly path: (string | number)[];
  /** Line of the first occurrence. */
  readonly firstLine: number;
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    scan(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    const { line, column } = position(text, e.at);
    return { line, column, message: e.message };
  }
}

/** Keys written twice in one object of valid JSON, in file order (none for text that is not valid JSON). */
export function findDuplicateKeys(text: string): JsonDuplicateKey[] {
  const found: JsonDuplicateKey[] = [];
  try {
    scan(text, (path, at, firstAt) => found.push({ ...position(text, at), path, firstLine: position(text, firstAt).line }));
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    return [];
  }
  return found;
}

function position(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

/** Why a character cannot start a value, for the characters people type there. */
function valueHint(ch: string | undefined, quoted = 'strings'): string {
  if (ch === '/') return ' (JSON has no comments)';
  if (ch === "'") return ` (JSON ${quoted} take double quotes)`;
  if (ch === '\u201c' || ch === '\u201d' || ch === '\u2018' || ch === '\u2019') return ' (a typographic quote: use the straight double quote ")';
  return '';
}

type OnDuplicate = (path: (string | number)[], at: number, firstAt: number) => void;

function scan(text: string, onDuplicate?: OnDuplicate): void {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const describe = () => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
  const expect = (ch: string, what: string) => {
    ws();
    if (text[i] !== ch) throw new Fail(i, `expected ${what}, found ${describe()}`);
    i++;
  };
  const string = () => {
    if (text[i] !== '"') throw new Fail(i, `expected a double-quoted string, found ${describe()}`);
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) throw new Fail(i, 'a line break or control character inside a string: close the string or write \\n');
      if (text[i] === '\\') {
        const m = /^\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/.exec(text.slice(i, i + 6));
        if (!m) throw new Fail(i, 'invalid escape sequence in a string');
        i += m[0].length;
      } else i++;
    }
    if (i >= text.length) throw new Fail(i, 'unterminated string');
    i++;
  };
  const value = (path: (string | number)[] = []): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      const keys = new Map<string, number>();
      for (;;) {
        ws();
        if (text[i] !== '"') {
          const hint = text[i] === '}' ? ' (a trailing comma is not allowed in JSON)' : valueHint(text[i], 'names');
          throw new Fail(i, `expected a double-quoted property name, found ${describe()}${hint}`);
        }
        const keyAt = i;
        string();
        const key = JSON.parse(text.slice(keyAt, i)) as string;
        const firstAt = keys.get(key);
        if (firstAt !== undefined) onDuplicate?.([...path, key], keyAt, firstAt);
        else keys.set(key, keyAt);
        expect(':', '":" after the property name');
        value([...path, key]);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        throw new Fail(i, `expected "," or "}" after a property value, found ${describe()}`);
      }
    }
    if (ch === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === ']') throw new Fail(i, 'a trailing comma is not allowed in JSON');
        value([...path, n]);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        throw new Fail(i, `expected "," or "]" after an array element, found ${describe()}`);
      }
    }
    if (ch === '"') return string();
    const lit = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (lit) { i += lit[0].length; return; }
    throw new Fail(i, i >= text.length ? 'unexpected end of the file' : `expected a value (string, number, true, false, null, object or array), found ${describe()}${valueHint(text[i])}`);
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  value();
  ws();
  if (i < text.length) throw new Fail(i, `unexpected ${describe()} after the end of the JSON value`);
}
