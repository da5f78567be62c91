/** The global a rewritten slice calls; the engine's interpreter defines it, reference scans ignore it. */
export const SLICE_GLOBAL = '__dd_slice__';

interface OpenBracket {
  char: string;
  /** Offset of the bracket in the output. */
  at: number;
  /** Offsets in the output of the bracket's top-level colons (subscripts only). */
  colons: number[];
}

const CLOSERS: Record<string, string> = { ']': '[', ')': '(', '}': '{' };

/**
 * Rewrites Python slice subscripts inside Jinja expressions (`x[:4]`, `x[-4:]`, `x[1:8:2]`,
 * `x[::-1]`), which nunjucks' parser lacks, into `x[__dd_slice__(start, stop, step)]` with `none`
 * for omitted parts. Text outside `{{ }}` / `{% %}`, comments and string literals are left as they
 * are; templates without a slice come back unchanged.
 */
export function rewriteJinjaSlices(template: string): string {
  if (!template.includes(':') || !template.includes('[')) return template;
  let out = '';
  let index = 0;
  while (index < template.length) {
    const open = template.indexOf('{', index);
    if (open < 0 || open === template.length - 1) {
      out += template.slice(index);
      break;
    }
    const kind = template[open + 1];
    if (kind !== '{' && kind !== '%' && kind !== '#') {
      out += template.slice(index, open + 1);
      index = open + 1;
      continue;
    }
    out += template.slice(index, open + 2);
    const close = kind === '{' ? '}}' : kind === '%' ? '%}' : '#}';
    if (kind === '#') {
      const end = template.indexOf(close, open + 2);
      const stop = end < 0 ? template.length : end + 2;
      out += template.slice(open + 2, stop);
      index = stop;
      continue;
    }
    const { text, next } = rewriteExpression(template, open + 2, close);
    out += text;
    index = next;
  }
  return out;
}

/** Rewrites one `{{ … }}` / `{% … %}` body from `start` up to and including its closing delimiter. */
function rewriteExpression(template: string, start: number, close: string): { text: string; next: number } {
  let out = '';
  const stack: OpenBracket[] = [];
  let index = start;
  while (index < template.length) {
    const char = template.charAt(index);
    if (stack.length === 0 && template.startsWith(close, index)) return { text: out + close, next: index + close.length };
    if (char === '"' || char === "'") {
      let end = index + 1;
      while (end < template.length && template[end] !== char) end += template[end] === '\\' ? 2 : 1;
      out += template.slice(index, end + 1);
      index = end + 1;
      continue;
    }
    if (char === '[' || char === '(' || char === '{') {
      stack.push({ char, at: out.length, colons: [] });
    } else if (char === ':' && stack.at(-1)?.char === '[') {
      stack.at(-1)?.colons.push(out.length);
    } else if (char in CLOSERS && stack.at(-1)?.char === CLOSERS[char]) {
      const bracket = stack.pop() as OpenBracket;
      if (char === ']' && bracket.colons.length > 0 && bracket.colons.length <= 2) {
        const starts = [bracket.at + 1, ...bracket.colons.map((colon) => colon + 1)];
        const ends = [...bracket.colons, out.length];
        const parts = starts.map((from, part) => out.slice(from, ends[part]).trim() || 'none');
        while (parts.length < 3) parts.push('none');
        out = `${out.slice(0, bracket.at)}[${SLICE_GLOBAL}(${parts.join(', ')})]`;
        index++;
        continue;
      }
    }
    out += char;
    index++;
  }
  return { text: out, next: index };
}
