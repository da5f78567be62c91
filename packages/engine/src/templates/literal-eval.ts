import { makeNumber } from './py-float.js';

/** Returned by `literalEval` when the text is not a Python literal. */
export const NOT_A_LITERAL: unique symbol = Symbol('not-a-literal');

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseAll(): unknown {
    const value = this.parseValue();
    this.skipSpace();
    if (this.pos !== this.text.length) throw new SyntaxError('trailing characters');
    return value;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r\f\v'.includes(this.text.charAt(this.pos))) this.pos++;
  }

  private parseValue(): unknown {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === undefined) throw new SyntaxError('unexpected end');
    if (char === '[' || char === '(') return this.parseSequence(char === '[' ? ']' : ')');
    if (char === '{') return this.parseDict();
    if (char === "'" || char === '"') return this.parseStrings();
    if (char === '-' || char === '+' || (char >= '0' && char <= '9') || char === '.') return this.parseNumber();
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos))?.[0];
    if (word === 'True' || word === 'False' || word === 'None') {
      this.pos += word.length;
      return word === 'True' ? true : word === 'False' ? false : null;
    }
    throw new SyntaxError(`unexpected ${char}`);
  }

  private parseNumber(): unknown {
    let sign = 1;
    while (this.text[this.pos] === '-' || this.text[this.pos] === '+') {
      if (this.text[this.pos] === '-') sign = -sign;
      this.pos++;
      this.skipSpace();
    }
    const match = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*\.)/.exec(this.text.slice(this.pos));
    if (!match || match[0] === '') throw new SyntaxError('bad number');
    this.pos += match[0].length;
    const raw = match[0].replaceAll('_', '');
    if (/^0[xob]/i.test(raw)) return sign * Number(raw);
    const isFloat = /[.eE]/.test(raw);
    if (!isFloat && raw.length > 1 && raw.startsWith('0') && /[1-9]/.test(raw)) throw new SyntaxError('leading zeros');
    return makeNumber(sign * Number(raw), isFloat);
  }

  private parseStrings(): string {
    let out = this.parseString();
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      const char = this.text[this.pos];
      if (char === "'" || char === '"') out += this.parseString();
      else {
        this.pos = save;
        return out;
      }
    }
  }

  private parseString(): string {
    const quote = this.text.charAt(this.pos);
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const close = triple ? quote.repeat(3) : quote;
    this.pos += close.length;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) throw new SyntaxError('unterminated string');
      if (this.text.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      const char = this.text.charAt(this.pos++);
      if (char === '\n' && !triple) throw new SyntaxError('newline in string');
      if (char !== '\\') {
        out += char;
        continue;
      }
      const next = this.text.charAt(this.pos++);
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        "'": "'",
        '"': '"',
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v',
        '0': '\0',
        '\n': '',
      };
      const escaped = simple[next];
      if (escaped !== undefined) out += escaped;
      else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = this.text.slice(this.pos, this.pos + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw new SyntaxError('bad escape');
        out += String.fromCodePoint(parseInt(hex, 16));
        this.pos += length;
      } else out += `\\${next}`;
    }
  }

  private parseSequence(close: string): unknown[] {
    this.pos++;
    const items: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.parseValue());
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== close) throw new SyntaxError('expected , or close');
    }
  }

  private parseDict(): unknown {
    this.pos++;
    const out: Record<string, unknown> = {};
    let isSet = false;
    const setItems: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return isSet ? setItems : out;
      }
      const key = this.parseValue();
      this.skipSpace();
      if (this.text[this.pos] === ':' && !isSet) {
        this.pos++;
        out[typeof key === 'string' ? key : String(key)] = this.parseValue();
      } else {
        isSet = true;
        setItems.push(key);
      }
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') throw new SyntaxError('expected , or }');
    }
  }
}

/**
 * Python `ast.literal_eval` for what Jinja's native rendering needs: numbers, strings, `True`,
 * `False`, `None`, lists, tuples (as arrays), dicts and sets (as arrays). Leading whitespace is a
 * syntax error as in Jinja's `native_concat`. Returns `NOT_A_LITERAL` when it does not parse.
 */
export function literalEval(text: string): unknown {
  if (text === '' || text[0] === ' ' || text[0] === '\t') return NOT_A_LITERAL;
  try {
    return new Parser(text).parseAll();
  } catch {
    return NOT_A_LITERAL;
  }
}
