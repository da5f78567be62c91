import type { FactoryRecord } from './factory-types.js';
import { INPUT_INDEX_COLUMN, RECORD_STATUS_COLUMN } from './job-store.js';

type ColumnKind = 'string' | 'boolean' | 'number';

/** A lone surrogate (a surrogate pair is one code point under the u flag and does not match). */
const LONE_SURROGATE = /\p{Cs}/u;
/** True when a string can be encoded as UTF-8 as it is. */
const wellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/** Kind of a value whose parquet round trip is exact whatever else its column holds; undefined otherwise. */
function exactKind(value: unknown): ColumnKind | undefined {
  switch (typeof value) {
    case 'string':
      // Lone surrogates cannot be encoded as UTF-8: they would come back as U+FFFD.
      return wellFormed(value) ? 'string' : undefined;
    case 'boolean':
      return 'boolean';
    case 'number':
      // Integers are stored as BIGINT (back as the same number while safe); -0 would come back as 0.
      if (Number.isInteger(value)) return Number.isSafeInteger(value) && !Object.is(value, -0) ? 'number' : undefined;
      return Number.isFinite(value) ? 'number' : undefined;
    default:
      // null (an all-null batch is a VARCHAR column), undefined (back as null), bigint, Date, bytes, lists, structs.
      return undefined;
  }
}

/**
 * Tracks whether the accepted records of a run, read back from the parquet batches they were written to,
 * would equal the records as written (same keys in the same order, same values): then the run's result
 * can be built from them instead of reading every batch again. It holds while every record has the same
 * keys in the same order (no column filled with nulls, one schema in every batch) and each column holds
 * values of one kind whose round trip is exact (well-formed strings, booleans, safe integers and finite
 * numbers); anything else (null, undefined, bigint, dates, bytes, nested values) ends it for the run.
 */
export class ReadBackIdentity {
  private keys: string[] | undefined;
  private kinds: ColumnKind[] = [];
  private holding = true;

  /** True while every record added so far round-trips exactly. */
  get holds(): boolean {
    return this.holding;
  }

  /** Adds one accepted record (as the function returned it); returns `holds`. */
  add(record: FactoryRecord): boolean {
    if (!this.holding) return false;
    const keys = Object.keys(record);
    if (this.keys === undefined) {
      const lower = new Set(keys.map((key) => key.toLowerCase()));
      // DuckDB matches column names case-insensitively; the internal columns are added and stripped around the record.
      if (lower.size !== keys.length || lower.has(INPUT_INDEX_COLUMN) || lower.has(RECORD_STATUS_COLUMN) || !keys.every(wellFormed)) {
        return this.stop();
      }
      this.keys = keys;
      this.kinds = [];
      for (const key of keys) {
        const kind = exactKind(record[key]);
        if (kind === undefined) return this.stop();
        this.kinds.push(kind);
      }
      return true;
    }
    if (keys.length !== this.keys.length) return this.stop();
    for (let column = 0; column < keys.length; column++) {
      const key = keys[column];
      if (key !== this.keys[column] || key === undefined || exactKind(record[key]) !== this.kinds[column]) return this.stop();
    }
    return true;
  }

  private stop(): false {
    this.holding = false;
    return false;
  }
}
