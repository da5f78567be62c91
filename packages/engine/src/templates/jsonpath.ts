import { isPlainObject } from './py-float.js';
import { UserTemplateError } from './template-errors.js';

type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'wildcard' } | { kind: 'descend'; key: string | null };

function parsePath(path: string): Step[] {
  const text = path.trim();
  if (!text.startsWith('$')) throw new UserTemplateError(`jsonpath: expression must start with '$', got ${JSON.stringify(path)}`);
  const steps: Step[] = [];
  let pos = 1;
  const name = /^[A-Za-z_$][\w$-]*/;
  while (pos < text.length) {
    const rest = text.slice(pos);
    if (rest.startsWith('..')) {
      pos += 2;
      if (text[pos] === '*') {
        pos++;
        steps.push({ kind: 'descend', key: null });
        continue;
      }
      const match = name.exec(text.slice(pos));
      if (!match) throw new UserTemplateError(`jsonpath: expected a name after '..' in ${JSON.stringify(path)}`);
      pos += match[0].length;
      steps.push({ kind: 'descend', key: match[0] });
    } else if (rest.startsWith('.*') || rest.startsWith('[*]')) {
      pos += rest.startsWith('.*') ? 2 : 3;
      steps.push({ kind: 'wildcard' });
    } else if (rest.startsWith('.')) {
      const match = name.exec(rest.slice(1));
      if (!match) throw new UserTemplateError(`jsonpath: expected a name after '.' in ${JSON.stringify(path)}`);
      pos += 1 + match[0].length;
      steps.push({ kind: 'key', key: match[0] });
    } else if (rest.startsWith('[')) {
      const bracket = /^\[\s*(?:'([^']*)'|"([^"]*)"|(-?\d+))\s*\]/.exec(rest);
      if (!bracket) throw new UserTemplateError(`jsonpath: unsupported bracket expression in ${JSON.stringify(path)}`);
      pos += bracket[0].length;
      if (bracket[3] !== undefined) steps.push({ kind: 'index', index: Number(bracket[3]) });
      else steps.push({ kind: 'key', key: bracket[1] ?? bracket[2] ?? '' });
    } else throw new UserTemplateError(`jsonpath: unexpected ${JSON.stringify(rest[0])} in ${JSON.stringify(path)}`);
  }
  return steps;
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) return Object.values(value);
  return [];
}

function descendants(value: unknown): unknown[] {
  const out: unknown[] = [value];
  for (const child of children(value)) out.push(...descendants(child));
  return out;
}

/** The `jsonpath` filter: all matches of an RFC-style path (`$.a[*].b`, `$..name`, `$['k'][0]`) in a dict. */
export function jsonpath(value: unknown, path: unknown): unknown[] {
  if (!isPlainObject(value)) throw new UserTemplateError('jsonpath filter input must be a dict (a JSON object).');
  let current: unknown[] = [value];
  for (const step of parsePath(String(path))) {
    const next: unknown[] = [];
    for (const node of current) {
      if (step.kind === 'key') {
        if (isPlainObject(node) && Object.hasOwn(node, step.key)) next.push(node[step.key]);
      } else if (step.kind === 'index') {
        if (Array.isArray(node)) {
          const index = step.index < 0 ? node.length + step.index : step.index;
          if (index >= 0 && index < node.length) next.push(node[index]);
        }
      } else if (step.kind === 'wildcard') next.push(...children(node));
      else {
        for (const item of descendants(node)) {
          if (step.key === null) next.push(...children(item));
          else if (isPlainObject(item) && Object.hasOwn(item, step.key)) next.push(item[step.key]);
        }
      }
    }
    current = next;
  }
  return current;
}
