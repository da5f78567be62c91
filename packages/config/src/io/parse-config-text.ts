import { isMap, isScalar, isSeq, isAlias, isPair, parseDocument, type Node as YamlNode, type Document } from 'yaml';
import { ConfigFileError } from '../errors/index.js';
import { markFloatLiteral } from '../schema/index.js';
import { pyyamlTags } from './pyyaml-tags.js';

const FLOAT_TOKEN = /^[-+]?(\d[\d_]*)?\.\d*([eE][-+]?\d+)?$|^[-+]?\d[\d_]*[eE][-+]?\d+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
/** PyYAML's timestamp pattern (YAML 1.1), with the parts `datetime.isoformat()` needs. */
const TIMESTAMP = /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?(?:[ \t]*(Z|([-+])(\d\d?)(?::(\d\d))?))?)?$/;

const pad = (text: string | number, width = 2) => String(text).padStart(width, '0');

/** What Python's `isoformat()` gives for the date/datetime PyYAML builds from `source`. */
function isoFromYamlDate(value: Date, source: string): string {
  const match = TIMESTAMP.exec(source.trim());
  if (!match)
    return value
      .toISOString()
      .replace(/\.000Z$/, '')
      .replace(/Z$/, '');
  const [, year, month = '', day = '', hour, minute, second, fraction, tz, sign, tzHour = '', tzMinute] = match;
  let text = `${year}-${pad(month)}-${pad(day)}`;
  if (hour === undefined) return text;
  text += `T${pad(hour)}:${minute}:${second}`;
  const micros = (fraction ?? '').slice(0, 6).padEnd(6, '0');
  if (fraction !== undefined && Number(micros) !== 0) text += `.${micros}`;
  if (sign) text += `${sign}${pad(tzHour)}:${tzMinute ?? '00'}`;
  else if (tz) text += '+00:00';
  return text;
}

/** State of one conversion: the document, its text, and how many values aliases have produced so far. */
interface PlainContext {
  readonly text: string;
  readonly document: Document;
  readonly sourceName: string;
  readonly maxAliasValues: number;
  /** Alias resolutions currently being expanded (0 outside any alias). */
  aliasDepth: number;
  /** Values materialized inside alias expansions. */
  aliasValues: number;
  /** Each alias node's target: `Alias.resolve` walks the whole document, so it runs once per alias. */
  readonly aliasTargets: Map<unknown, unknown>;
}

/** Counts one value produced by an alias expansion and stops once the budget is spent. */
function countAliasValue(context: PlainContext): void {
  if (context.aliasDepth === 0) return;
  context.aliasValues += 1;
  if (context.aliasValues > context.maxAliasValues) {
    throw new ConfigFileError(
      `Cannot parse ${context.sourceName}: its YAML aliases (*name) expand to more than ${context.maxAliasValues.toLocaleString('en-US')} values ` +
        `(limit ${CONFIG_TEXT_LIMIT_ENV.maxAliasValues}); nested aliases that repeat each other (an "alias bomb") grow exponentially.`,
      {
        fix:
          'Write the repeated parts out or use fewer nested aliases; if the config really needs that many aliased values, ' +
          `raise the limit with the environment variable ${CONFIG_TEXT_LIMIT_ENV.maxAliasValues}.`,
      },
    );
  }
}

/** Converts a YAML node to plain JS, recording float literals (`1.0`) on their containers. */
function toPlain(node: unknown, context: PlainContext): unknown {
  if (isAlias(node)) {
    let target = context.aliasTargets.get(node);
    if (target === undefined) {
      target = node.resolve(context.document) ?? null;
      context.aliasTargets.set(node, target);
    }
    context.aliasDepth += 1;
    try {
      return toPlain(target, context);
    } finally {
      context.aliasDepth -= 1;
    }
  }
  countAliasValue(context);
  const { text } = context;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const keyValue = isScalar(item.key) ? item.key.value : toPlain(item.key, context);
      const key = keyValue instanceof Date ? isoFromYamlDate(keyValue, sourceOf(item.key as YamlNode, text)) : String(keyValue);
      const value = toPlain(item.value, context);
      // `__proto__` stays an own key (plain assignment would replace the prototype) so validation can refuse it.
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      if (isFloatScalar(item.value, text)) markFloatLiteral(out, key);
    }
    return out;
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    node.items.forEach((item, index) => {
      out.push(toPlain(item, context));
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

/** Bounds on the work one config text may cause; each can be raised with the environment variable in `CONFIG_TEXT_LIMIT_ENV`. */
export interface ConfigTextLimits {
  /** Largest config text accepted, in bytes of UTF-8. */
  maxBytes: number;
  /** Most values (mappings, lists, scalars) that YAML aliases may expand to in one document. */
  maxAliasValues: number;
}

/** The limits used when the environment sets none: 16 MiB of text, one million aliased values. */
export const DEFAULT_CONFIG_TEXT_LIMITS: Readonly<ConfigTextLimits> = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxAliasValues: 1_000_000,
});

/** Environment variables that raise (or lower) each config text limit. */
export const CONFIG_TEXT_LIMIT_ENV = Object.freeze({
  maxBytes: 'DATA_DESIGNER_CONFIG_MAX_BYTES',
  maxAliasValues: 'DATA_DESIGNER_CONFIG_MAX_ALIAS_VALUES',
} as const satisfies Record<keyof ConfigTextLimits, string>);

/** The config text limits in force: the defaults, overridden by positive integers in the environment. */
export function configTextLimits(env: Record<string, string | undefined> = process.env): ConfigTextLimits {
  const read = (key: keyof ConfigTextLimits): number => {
    const name = CONFIG_TEXT_LIMIT_ENV[key];
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return DEFAULT_CONFIG_TEXT_LIMITS[key];
    const value = Number(raw.trim().replace(/_/g, ''));
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new ConfigFileError(`${name}=${JSON.stringify(raw)} is not a positive whole number.`, {
        fix: `Set ${name} to a positive integer (default ${DEFAULT_CONFIG_TEXT_LIMITS[key]}), or unset it.`,
      });
    }
    return value;
  };
  return { maxBytes: read('maxBytes'), maxAliasValues: read('maxAliasValues') };
}

/** Throws a ConfigFileError naming the size limit when `byteLength` exceeds it. */
export function assertConfigTextSize(byteLength: number, sourceName: string, limits: ConfigTextLimits = configTextLimits()): void {
  if (byteLength <= limits.maxBytes) return;
  throw new ConfigFileError(
    `Cannot read ${sourceName}: it is ${byteLength.toLocaleString('en-US')} bytes, more than the ${limits.maxBytes.toLocaleString('en-US')}-byte limit ` +
      `for a config (limit ${CONFIG_TEXT_LIMIT_ENV.maxBytes}).`,
    {
      fix:
        'Check that this is the config you meant (large data belongs in a seed dataset, not in the config); ' +
        `to accept larger configs, raise the limit with the environment variable ${CONFIG_TEXT_LIMIT_ENV.maxBytes}.`,
    },
  );
}

/**
 * Parses YAML or JSON config text like PyYAML's `safe_load` (YAML 1.1: dates become ISO strings),
 * keeping track of which numbers were written as floats. Syntax errors give line and column. The
 * text size and the values YAML aliases expand to are bounded by `limits` (see `configTextLimits`).
 */
export function parseConfigText(text: string, sourceName = 'config', limits: ConfigTextLimits = configTextLimits()): unknown {
  assertConfigTextSize(text.length > limits.maxBytes / 3 ? Buffer.byteLength(text, 'utf8') : text.length, sourceName, limits);
  const document = parseDocument(text, { version: '1.1', customTags: pyyamlTags, uniqueKeys: false, prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const position = first?.linePos?.[0];
    const where = position ? ` at line ${position.line}, column ${position.col}` : '';
    throw new ConfigFileError(`Cannot parse ${sourceName}: YAML syntax error${where}: ${first?.message.split('\n')[0] ?? 'unknown error'}`, {
      fix: 'Fix the YAML/JSON syntax at that position.',
      cause: first,
    });
  }
  return toPlain(document.contents, {
    text,
    document,
    sourceName,
    maxAliasValues: limits.maxAliasValues,
    aliasDepth: 0,
    aliasValues: 0,
    aliasTargets: new Map(),
  });
}
