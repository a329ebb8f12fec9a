import { Fn, IResolvable, IResolveContext, Token, Tokenization } from 'cdktf';

/** Literals written as they are: no quote, backslash, `${`/`%{`/`#{` sequence, number-token sign or control character. */
const PLAIN_LITERAL = /^[\x20-\x7e]*$/;
const NEEDS_CDKTF = /["\\$%{}#+]/;

/**
 * The Terraform expression `uuidv5(namespace, lower(join("|", parts)))`: byte for byte what
 * `Fn.uuidv5(namespace, Fn.lower(Fn.join('|', parts)))` synthesizes, built as one token.
 *
 * cdktf resolves nested function calls by resolving each argument several times, on every one of its
 * resolution passes, and records a stack trace for every call; with thousands of role assignments that
 * was a fifth of the synth time. Parts that are not plain literals or single references (a string
 * mixing text and tokens, text that needs escaping) take the `Fn` path, so cdktf handles them.
 */
export function uuidv5OfJoined(namespace: string, parts: string[]): string {
  if (![namespace, ...parts].every(isSimplePart)) return Fn.uuidv5(namespace, Fn.lower(Fn.join('|', parts)));
  return Token.asString(new Uuidv5OfJoined(namespace, parts));
}

/** A literal that needs no escaping, or exactly one token and nothing else. */
function isSimplePart(part: string): boolean {
  if (typeof part !== 'string') return false;
  if (!Token.isUnresolved(part)) return PLAIN_LITERAL.test(part) && !NEEDS_CDKTF.test(part);
  const fragments = Tokenization.reverseString(part);
  return fragments.literals.length === 0 && fragments.escapes.length === 0 && fragments.tokens.length + fragments.intrinsic.length === 1;
}

class Uuidv5OfJoined implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly namespace: string, private readonly parts: string[]) {}

  public resolve(context: IResolveContext): string {
    // As cdktf's function calls do: references inside a call are written without `${ }` and unescaped.
    const braces = !context.suppressBraces;
    const { ignoreEscapes, warnEscapes } = context;
    context.suppressBraces = true;
    context.ignoreEscapes = true;
    context.warnEscapes = true;
    const args = this.parts.map((p) => (Token.isUnresolved(p) ? context.resolve(p) : `"${p}"`));
    context.ignoreEscapes = ignoreEscapes;
    context.warnEscapes = warnEscapes;
    const expression = `uuidv5("${this.namespace}", lower(join("|", [${args.join(', ')}])))`;
    return braces ? `\${${expression}}` : expression;
  }

  public toString(): string {
    return Token.asString(this);
  }
}
