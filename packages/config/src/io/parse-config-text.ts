import { isMap, isScalar, isSeq, isAlias, isPair, parseDocument, type Node as YamlNode, type Document } from 'yaml';
import { ConfigFileError } from '../errors/index.js';
import { markFloatLiteral } from '../schema/index.js';
import { pyyamlTags } from './pyyaml-tags.js';

const FLOAT_TOKEN = /^[-+]?(\d[\d_]*)?\.\d*([eE][-+]?\d+)?$|^[-+]?\d[\d_]*[eE][-+]?\d+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
/** PyYAML's timestamp pattern (YAML 1.1), with the parts `datetime.isoformat()` needs. */
const TIMESTAMP =
  /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?(?:[ \t]*(Z|([-+])(\d\d?)(?::(\d\d))?))?)?$/;

const pad = (text: string | number, width = 2) => String(text).padStart(width, '0');

/** What Python's `isoformat()` gives for the date/datetime PyYAML builds from `source`. */
function isoFromYamlDate(value: Date, source: string): string {
  const match = TIMESTAMP.exec(source.trim());
  if (!match) return value.toISOString().replace(/\.000Z$/, '').replace(/Z$/, '');
  const [, year, month, day, hour, minute, second, fraction, tz, sign, tzHour, tzMinute] = match;
  let text = `${year}-${pad(month)}-${pad(day)}`;
  if (hour === undefined) return text;
  text += `T${pad(hour)}:${minute}:${second}`;
  const micros = (fraction ?? '').slice(0, 6).padEnd(6, '0');
  if (fraction !== undefined && Number(micros) !== 0) text += `.${micros}`;
  if (sign) text += `${sign}${pad(tzHour)}:${tzMinute ?? '00'}`;
  else if (tz) text += '+00:00';
  return text;
}

/** Converts a YAML node to plain JS, recording float literals (`1.0`) on their containers. */
function toPlain(node: unknown, text: string, document: Document): unknown {
  if (isAlias(node)) return toPlain(node.resolve(document), text, document);
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const keyValue = isScalar(item.key) ? item.key.value : toPlain(item.key, text, document);
      const key = keyValue instanceof Date ? isoFromYamlDate(keyValue, sourceOf(item.key as YamlNode, text)) : String(keyValue);
      out[key] = toPlain(item.value, text, document);
      if (isFloatScalar(item.value, text)) markFloatLiteral(out, key);
    }
    return out;
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    node.items.forEach((item, index) => {
      out.push(toPlain(item, text, document));
      if (isFloatScalar(item, text)) markFloatLiteral(out, index);
    });
    return out;
  }
  if (isScalar(node)) {
    const value = node.value;
    if (value instanceof Date) return isoFromYamlDate(value, sourceOf(node, text));
    if (typeof value === 'bigint') return Number(value);
    return value;
  }
  return node ?? null;
}

function sourceOf(node: YamlNode | null | undefined, text: string): string {
  const range = node?.range;
  return range ? text.slice(range[0], range[1]) : '';
}

function isFloatScalar(node: unknown, text: string): boolean {
  return isScalar(node) && typeof node.value === 'number' && FLOAT_TOKEN.test(sourceOf(node, text).trim());
}

/**
 * Parses YAML or JSON config text like PyYAML's `safe_load` (YAML 1.1: dates become ISO strings),
 * keeping track of which numbers were written as floats. Syntax errors give line and column.
 */
export function parseConfigText(text: string, sourceName = 'config'): unknown {
  const document = parseDocument(text, { version: '1.1', customTags: pyyamlTags, uniqueKeys: false, prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const position = first.linePos?.[0];
    const where = position ? ` at line ${position.line}, column ${position.col}` : '';
    throw new ConfigFileError(`Cannot parse ${sourceName}: YAML syntax error${where}: ${first.message.split('\n')[0]}`, {
      fix: 'Fix the YAML/JSON syntax at that position.',
      cause: first,
    });
  }
  return toPlain(document.contents, text, document);
}
