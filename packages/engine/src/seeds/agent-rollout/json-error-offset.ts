const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * Offset of the first JSON syntax error in `text`, or -1 when it parses: what a message needs to name
 * a line and column, since `JSON.parse` does not always say where it stopped.
 */
export function jsonErrorOffset(text: string): number {
  let index = 0;
  const stop = new Error('stop');
  const fail = (): never => {
    throw stop;
  };
  const skipWhitespace = () => {
    while (' \t\n\r'.includes(text.charAt(index)) && index < text.length) index++;
  };
  const expectWord = (word: string) => {
    for (const char of word) {
      if (text.charAt(index) !== char) fail();
      index++;
    }
  };
  const scanString = () => {
    index++;
    while (index < text.length) {
      const char = text.charAt(index);
      if (char === '"') {
        index++;
        return;
      }
      if (char === '\\') {
        const next = text.charAt(index + 1);
        if (next === 'u') {
          HEX4.lastIndex = index + 2;
          if (!HEX4.test(text)) {
            index += 2;
            fail();
          }
          index += 6;
        } else if (next !== '' && '"\\/bfnrt'.includes(next)) index += 2;
        else {
          index++;
          fail();
        }
      } else if (char < ' ') fail();
      else index++;
    }
    fail();
  };
  /** An object or a list from its opening bracket: items split by commas up to `close`. */
  const scanContainer = (close: string, scanItem: () => void): void => {
    index++;
    skipWhitespace();
    if (text.charAt(index) === close) {
      index++;
      return;
    }
    for (;;) {
      scanItem();
      skipWhitespace();
      const after = text.charAt(index);
      index++;
      if (after === close) return;
      if (after !== ',') {
        index--;
        fail();
      }
    }
  };
  const scanMember = (): void => {
    skipWhitespace();
    if (text.charAt(index) !== '"') fail();
    scanString();
    skipWhitespace();
    if (text.charAt(index) !== ':') fail();
    index++;
    scanValue();
  };
  const scanValue = (): void => {
    skipWhitespace();
    const char = text.charAt(index);
    const word = char === 't' ? 'true' : char === 'f' ? 'false' : char === 'n' ? 'null' : null;
    if (char === '{') scanContainer('}', scanMember);
    else if (char === '[') scanContainer(']', scanValue);
    else if (char === '"') scanString();
    else if (word) expectWord(word);
    else {
      NUMBER.lastIndex = index;
      if (!NUMBER.test(text)) fail();
      index = NUMBER.lastIndex;
    }
  };
  try {
    scanValue();
    skipWhitespace();
    return index < text.length ? index : -1;
  } catch (error) {
    if (error !== stop) throw error;
    return Math.min(index, text.length);
  }
}
