import { deserializeJsonValue } from './deserialize-json-values.js';
import { isPlainObject, PyFloat } from './py-float.js';
import { pythonInt } from './python-ops.js';

const BIG_INT_TEXT = /^[ \t\n\r]*-?[1-9]\d{15,}[ \t\n\r]*$/;
const FLOAT_TEXT = /^\s*-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?\s*$/;

/** One row value as a template sees it: JSON-deserialized, Sets/Maps as lists/dicts, `"3.0"` a float. */
export function templateValue(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  // Python ints are exact: a BIGINT cell or a long integer text keeps every digit.
  if (typeof value === 'bigint') return pythonInt(value);
  if (typeof value === 'string' && BIG_INT_TEXT.test(value)) return pythonInt(BigInt(value.trim()));
  if (value instanceof Set) return [...value].map(templateValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), templateValue(item)]));
  if (typeof value === 'string') {
    const parsed = deserializeJsonValue(value);
    // A JSON float cell like "3.0" stays a float, as Python's json.loads would keep it.
    if (typeof parsed === 'number' && Number.isInteger(parsed) && /[.eE]/.test(value) && FLOAT_TEXT.test(value)) return new PyFloat(parsed);
    return parsed;
  }
  return deserializeJsonValue(value);
}

/** What the interpreter reads from the record: membership and values by column name. */
export interface RecordLookup {
  has(name: string): boolean;
  get(name: string): unknown;
  /**
   * `get(name)[key]` for a dict column when that is a scalar (string, number, boolean, null), found
   * without converting the rest of the dict; `NO_FIELD` when the general path must answer.
   */
  field?(name: string, key: string): unknown;
}

/** `RecordLookup.field`'s answer when the field is not a scalar of a dict column. */
export const NO_FIELD: unique symbol = Symbol('no field');

interface Converted {
  raw: unknown;
  value: unknown;
}

/** Deserialized values per row object, shared by every template rendered against that row. */
const convertedByRow = new WeakMap<object, Map<string, Converted>>();

/**
 * True for raw values whose template value costs more than a lookup to build: containers and
 * strings that may hold a JSON container. Numbers, booleans, null and plain text convert in
 * constant time and are not cached (the cache itself costs a WeakMap entry per row).
 */
function isCostly(raw: unknown): boolean {
  if (typeof raw === 'string') {
    const first = raw.charCodeAt(0);
    return raw.length > 16 && (first === 0x7b || first === 0x5b || first === 0x20 || first === 0x0a || first === 0x09 || first === 0x0d || first === 0x22);
  }
  return typeof raw === 'object' && raw !== null;
}

/**
 * The render context over a row: a value is deserialized only when a template reads it, and a
 * costly one (a dict, a list, JSON text) at most once per row object (the scheduler hands every
 * cell of a row the same object), so the expression cells, skip conditions and prompts of one row
 * share the work. A cached value is reused only while the row still holds the identical raw
 * value. Only own keys are visible.
 */
export class RecordContext implements RecordLookup {
  private converted: Map<string, Converted> | undefined;

  constructor(private readonly row: Readonly<Record<string, unknown>>) {}

  /** True when the row has the column. */
  has(name: string): boolean {
    return Object.hasOwn(this.row, name);
  }

  /** The template value of a column (`undefined` when the row lacks it). */
  get(name: string): unknown {
    if (!Object.hasOwn(this.row, name)) return undefined;
    const raw = this.row[name];
    if (!isCostly(raw)) return templateValue(raw);
    let converted = this.converted ?? convertedByRow.get(this.row);
    if (converted === undefined) {
      converted = new Map();
      convertedByRow.set(this.row, converted);
    }
    this.converted = converted;
    const hit = converted.get(name);
    if (hit !== undefined && hit.raw === raw) return hit.value;
    const value = templateValue(raw);
    converted.set(name, { raw, value });
    return value;
  }

  /**
   * One scalar field of a dict column (`customer.first_name`), converted alone: the same value as
   * `get(name)[key]`, since a dict is converted key by key, without building the whole converted
   * dict per row. Containers take the general path (their converted object is cached per row).
   */
  field(name: string, key: string): unknown {
    if (!Object.hasOwn(this.row, name)) return NO_FIELD;
    const raw = this.row[name];
    if (!isPlainObject(raw) || key.startsWith('__') || !Object.prototype.propertyIsEnumerable.call(raw, key)) return NO_FIELD;
    const value = deserializeJsonValue(raw[key]);
    return typeof value === 'object' && value !== null ? NO_FIELD : value;
  }

  /** The row's column names. */
  keys(): string[] {
    return Object.keys(this.row);
  }
}
