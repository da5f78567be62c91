import { stringify } from 'yaml';
import { PythonFloat, pythonFloatRepr } from './python-float.js';
import { pyyamlTags } from './pyyaml-tags.js';
import type { AnnotatedValue } from './annotate-python-types.js';

type AnnotatedObject = { [key: string]: AnnotatedValue };

function isObject(value: AnnotatedValue): value is AnnotatedObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PythonFloat);
}

/** PyYAML's float spelling: `repr` lower-cased, `1.0e-05` rather than `1e-05`, `.inf`, `.nan`. */
function yamlFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  const text = pythonFloatRepr(value).toLowerCase();
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text;
}

function yamlString(text: string): string {
  // Non-ASCII is escaped, as PyYAML does without allow_unicode.
  // Multi-line text is double-quoted with escapes (valid at any indentation), like non-ASCII text.
  if (/[^\x20-\x7e\t]/.test(text)) {
    let out = '"';
    for (const char of text) {
      const code = char.codePointAt(0) as number;
      if (char === '"') out += '\\"';
      else if (char === '\\') out += '\\\\';
      else if (char === '\n') out += '\\n';
      else if (char === '\t') out += '\\t';
      else if (code < 0x20 || (code >= 0x7f && code <= 0xff)) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
      else if (code > 0xffff) out += `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
      else if (code > 0xff) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
      else out += char;
    }
    return `${out}"`;
  }
  return stringify(text, { version: '1.1', customTags: pyyamlTags, lineWidth: 0, singleQuote: true }).replace(/\n$/, '');
}

function scalar(value: AnnotatedValue): string | undefined {
  if (value === null) return 'null';
  if (value instanceof PythonFloat) return yamlFloat(value.value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : yamlFloat(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return yamlString(value);
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (isObject(value) && Object.keys(value).length === 0) return '{}';
  return undefined;
}

function emitMapping(value: AnnotatedObject, indent: number, lines: string[], firstPrefix?: string): void {
  const pad = ' '.repeat(indent);
  Object.entries(value)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .forEach(([key, entry], index) => {
      const prefix = index === 0 && firstPrefix !== undefined ? firstPrefix : pad;
      const simple = scalar(entry);
      const keyText = yamlString(key);
      if (simple !== undefined) lines.push(`${prefix}${keyText}: ${simple}`);
      else if (Array.isArray(entry)) {
        lines.push(`${prefix}${keyText}:`);
        emitSequence(entry, indent, lines);
      } else {
        lines.push(`${prefix}${keyText}:`);
        emitMapping(entry as AnnotatedObject, indent + 2, lines);
      }
    });
}

function emitSequence(items: AnnotatedValue[], indent: number, lines: string[], firstPrefix?: string): void {
  const pad = ' '.repeat(indent);
  items.forEach((item, index) => {
    const prefix = `${index === 0 && firstPrefix !== undefined ? firstPrefix : pad}- `;
    const simple = scalar(item);
    if (simple !== undefined) lines.push(`${prefix}${simple}`);
    else if (Array.isArray(item)) emitSequence(item, indent + 2, lines, prefix);
    else emitMapping(item as AnnotatedObject, indent + 2, lines, prefix);
  });
}

/** Writes an annotated tree the way PyYAML's `yaml.dump(data, indent=2)` does (keys sorted, block style). */
export function emitPythonYaml(value: AnnotatedValue): string {
  const lines: string[] = [];
  const simple = scalar(value);
  if (simple !== undefined) return `${simple}\n`;
  if (Array.isArray(value)) emitSequence(value, 0, lines);
  else emitMapping(value as AnnotatedObject, 0, lines);
  return `${lines.join('\n')}\n`;
}

/** Writes an annotated tree as Python's `json.dumps(data, indent=2, ensure_ascii=False)` does. */
export function emitPythonJson(value: AnnotatedValue, indent = 0): string {
  if (value === null) return 'null';
  if (value instanceof PythonFloat) return pythonFloatRepr(value.value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloatRepr(value);
  if (typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${pad}${emitPythonJson(item, indent + 2)}`).join(',\n')}\n${close}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, entry]) => `${pad}${JSON.stringify(key)}: ${emitPythonJson(entry, indent + 2)}`).join(',\n')}\n${close}}`;
}
