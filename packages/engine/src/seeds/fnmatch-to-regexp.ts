/**
 * Python `fnmatch.fnmatchcase` patterns as a RegExp over a whole basename: `*` any run, `?` one
 * character, `[seq]` / `[!seq]` character classes; everything else literal. Case-sensitive.
 */
export function fnmatchToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else if (character === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(index + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      body = body.replaceAll('\\', '\\\\').replaceAll(']', '\\]').replaceAll('^', '\\^');
      source += `[${negate ? '^' : ''}${body}]`;
      index = close;
    } else source += character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
