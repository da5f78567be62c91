import { ArtifactStorageError } from './artifact-storage-error.js';
import { MAX_STORABLE_DEPTH } from './find-unstorable-value.js';
import { quoteIdentifier } from './sql-quote.js';

/**
 * Column type inference for writing JS rows to parquet. Mirrors what pandas + pyarrow infer for
 * the same Python values where that is well defined:
 * - integers only → BIGINT (int64); any float (or NaN/±Infinity) mixed in → DOUBLE (float64);
 * - strings → VARCHAR, booleans → BOOLEAN, `Date` → TIMESTAMP, `Uint8Array` → BLOB, bigint → BIGINT;
 * - arrays → LIST of the merged item type; plain objects → STRUCT with the union of keys (missing → null);
 * - null/undefined never decide a type; an all-null column is written as VARCHAR.
 * Where pyarrow would refuse the column (mixed scalar kinds, a list next to a string, objects without keys)
 * the column falls back to `text`: VARCHAR where strings stay as they are and every other value is
 * JSON-encoded. One difference on purpose: integers with nulls stay BIGINT (pandas turns them into
 * float64 with NaN, an artefact of numpy rather than a property of the data).
 */
export type InferredColumnType =
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'double' }
  | { readonly kind: 'varchar' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'blob' }
  | { readonly kind: 'text' }
  | { readonly kind: 'list'; readonly item: InferredColumnType }
  | { readonly kind: 'struct'; readonly fields: ReadonlyMap<string, InferredColumnType> };

/** One output column: its name and inferred type. */
export interface InferredColumn {
  /** Column name (first-seen key order across rows). */
  readonly name: string;
  /** Inferred type. */
  readonly type: InferredColumnType;
}

const NULL_TYPE: InferredColumnType = { kind: 'null' };
const TEXT_TYPE: InferredColumnType = { kind: 'text' };
const INT64_LIMIT = 2 ** 63;

/** True for `{…}` objects (not arrays, dates, byte arrays or class instances with special meaning). */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Thrown by `typeOfValue` past `MAX_STORABLE_DEPTH` (deep or circular values), instead of a stack overflow. */
const tooDeep = (): InstanceType<typeof ArtifactStorageError> =>
  new ArtifactStorageError(`A value is nested more than ${MAX_STORABLE_DEPTH} levels deep, or refers back to itself (a circular reference).`, {
    fix: 'Store plain JSON-like data without cycles; flatten deeper structures or store them as JSON text.',
  });

/** Type of one JS value on its own (`depth`: nesting level of `value`, for the depth bound). */
export function typeOfValue(value: unknown, depth = 0): InferredColumnType {
  if (value === null || value === undefined) return NULL_TYPE;
  switch (typeof value) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'bigint':
      return { kind: 'bigint' };
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < INT64_LIMIT ? { kind: 'bigint' } : { kind: 'double' };
    case 'string':
      return { kind: 'varchar' };
    default:
      break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? NULL_TYPE : { kind: 'timestamp' };
  if (value instanceof Uint8Array) return { kind: 'blob' };
  if (depth >= MAX_STORABLE_DEPTH && typeof value === 'object') throw tooDeep();
  if (Array.isArray(value)) {
    let item: InferredColumnType = NULL_TYPE;
    for (const element of value) item = mergeColumnTypes(item, typeOfValue(element, depth + 1));
    return { kind: 'list', item };
  }
  if (isPlainRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return TEXT_TYPE;
    const fields = new Map<string, InferredColumnType>();
    for (const key of keys) fields.set(key, typeOfValue(value[key], depth + 1));
    return { kind: 'struct', fields };
  }
  return TEXT_TYPE;
}

/** Smallest type that holds values of both `a` and `b` (`text` when none does). */
export function mergeColumnTypes(a: InferredColumnType, b: InferredColumnType): InferredColumnType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === 'text' || b.kind === 'text') return TEXT_TYPE;
  if (a.kind === 'list' && b.kind === 'list') {
    const item = mergeColumnTypes(a.item, b.item);
    return item === a.item ? a : { kind: 'list', item };
  }
  if (a.kind === 'struct' && b.kind === 'struct') {
    let changed = false;
    const fields = new Map(a.fields);
    for (const [key, type] of b.fields) {
      const previous = fields.get(key);
      const merged = previous === undefined ? type : mergeColumnTypes(previous, type);
      if (merged !== previous) {
        fields.set(key, merged);
        changed = true;
      }
    }
    return changed ? { kind: 'struct', fields } : a;
  }
  if (a.kind === b.kind) return a;
  const pair = new Set([a.kind, b.kind]);
  if (pair.has('bigint') && pair.has('double')) return { kind: 'double' };
  return TEXT_TYPE;
}

/**
 * True when merging `typeOfValue(value)` into `type` would leave `type` unchanged, checked without
 * allocating. Conservative: `false` only means "take the general path".
 */
export function fitsColumnType(value: unknown, type: InferredColumnType): boolean {
  if (value === null || value === undefined) return true;
  switch (type.kind) {
    case 'text':
      return true;
    case 'varchar':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'double':
      return typeof value === 'number';
    case 'bigint':
      return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < INT64_LIMIT);
    case 'list': {
      if (!Array.isArray(value)) return false;
      for (const item of value as unknown[]) if (!fitsColumnType(item, type.item)) return false;
      return true;
    }
    case 'struct': {
      if (!isPlainRecord(value)) return false;
      let keys = 0;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        keys++;
        const field = type.fields.get(key);
        if (field === undefined || !fitsColumnType(value[key], field)) return false;
      }
      return keys > 0;
    }
    default:
      return false;
  }
}

/** Infers the columns of `rows`: union of keys in first-seen order, each with its merged type. */
export function inferColumnTypes(rows: ReadonlyArray<Readonly<Record<string, unknown>>>): InferredColumn[] {
  const types = new Map<string, InferredColumnType>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      const previous = types.get(key) ?? NULL_TYPE;
      const value = row[key];
      if (value === null || value === undefined) {
        if (!types.has(key)) types.set(key, NULL_TYPE);
        continue;
      }
      // Cheap path for the common case: a value the type inferred so far already holds (no allocation).
      if (fitsColumnType(value, previous)) continue;
      let type: InferredColumnType;
      try {
        type = typeOfValue(value);
      } catch (error) {
        if (!ArtifactStorageError.isInstance(error)) throw error;
        throw new ArtifactStorageError(`Column '${key}' cannot be stored: ${error.message}`, { fix: error.fix, cause: error });
      }
      types.set(key, mergeColumnTypes(previous, type));
    }
  }
  return [...types].map(([name, type]) => ({ name, type }));
}

/** DuckDB SQL type for an inferred type (`null` and `text` become VARCHAR). */
export function toDuckDBTypeSql(type: InferredColumnType): string {
  switch (type.kind) {
    case 'null':
    case 'varchar':
    case 'text':
      return 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'bigint':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'blob':
      return 'BLOB';
    case 'list':
      return `${toDuckDBTypeSql(type.item)}[]`;
    case 'struct':
      return `STRUCT(${[...type.fields].map(([key, field]) => `${quoteIdentifier(key)} ${toDuckDBTypeSql(field)}`).join(', ')})`;
  }
}
