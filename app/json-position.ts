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

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
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
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Fail(i, `expected a double-quoted property name, found ${describe()}${text[i] === '}' ? ' (a trailing comma is not allowed in JSON)' : ''}`);
        string();
        expect(':', '":" after the property name');
        value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        throw new Fail(i, `expected "," or "}" after a property value, found ${describe()}`);
      }
    }
    if (ch === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        ws();
        if (text[i] === ']') throw new Fail(i, 'a trailing comma is not allowed in JSON');
        value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        throw new Fail(i, `expected "," or "]" after an array element, found ${describe()}`);
      }
    }
    if (ch === '"') return string();
    const lit = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (lit) { i += lit[0].length; return; }
    throw new Fail(i, i >= text.length ? 'unexpected end of the file' : `expected a value (string, number, true, false, null, object or array), found ${describe()}${text[i] === '/' ? ' (JSON has no comments)' : ''}`);
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < text.length) throw new Fail(i, `unexpected ${describe()} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    const before = text.slice(0, e.at);
    const line = before.split('\n').length;
    return { line, column: e.at - before.lastIndexOf('\n'), message: e.message };
  }
}
