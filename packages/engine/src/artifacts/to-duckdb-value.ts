import type { DuckDBValue } from '@duckdb/node-api';
import { duckdbApi } from './duckdb-api.js';
import type { InferredColumnType } from './infer-column-types.js';

/** JSON text for the `text` fallback: strings stay as they are, everything else is JSON-encoded. */
export function toFallbackText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)) ?? String(value);
}

/** Converts one JS value to the DuckDB value of the column type it was inferred into. */
export function toDuckDBValue(value: unknown, type: InferredColumnType): DuckDBValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'null':
      return null;
    case 'text':
      return toFallbackText(value);
    case 'varchar':
      return String(value);
    case 'boolean':
      return Boolean(value);
    case 'bigint':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'double':
      return Number(value);
    case 'timestamp': {
      const millis = (value as Date).getTime();
      return Number.isNaN(millis) ? null : new (duckdbApi().DuckDBTimestampValue)(BigInt(millis) * 1000n);
    }
    case 'blob':
      return new (duckdbApi().DuckDBBlobValue)(value as Uint8Array);
    case 'list':
      return duckdbApi().listValue((value as unknown[]).map((item) => toDuckDBValue(item, type.item)));
    case 'struct': {
      const record = value as Record<string, unknown>;
      const entries: Record<string, DuckDBValue> = {};
      for (const [key, fieldType] of type.fields) entries[key] = toDuckDBValue(record[key], fieldType);
      return duckdbApi().structValue(entries);
    }
  }
}

/**
 * `toDuckDBValue` specialised for one column type: the type switch and the struct field list are
 * resolved once per column instead of once per value. Same results as `toDuckDBValue(value, type)`.
 */
export function compileDuckDBConverter(type: InferredColumnType): (value: unknown) => DuckDBValue {
  switch (type.kind) {
    case 'list': {
      const item = compileDuckDBConverter(type.item);
      return (value) => (value === null || value === undefined ? null : duckdbApi().listValue((value as unknown[]).map(item)));
    }
    case 'struct': {
      const fields = [...type.fields].map(([key, fieldType]) => [key, compileDuckDBConverter(fieldType)] as const);
      return (value) => {
        if (value === null || value === undefined) return null;
        const record = value as Record<string, unknown>;
        const entries: Record<string, DuckDBValue> = {};
        for (const [key, convert] of fields) entries[key] = convert(record[key]);
        return duckdbApi().structValue(entries);
      };
    }
    default:
      return (value) => toDuckDBValue(value, type);
  }
}
