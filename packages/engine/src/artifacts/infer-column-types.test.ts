import { describe, expect, test } from '@jest/globals';
import { ArtifactStorageError } from './artifact-storage-error.js';
import { fitsColumnType, inferColumnTypes, mergeColumnTypes, toDuckDBTypeSql, typeOfValue } from './infer-column-types.js';

const sqlTypes = (rows: Record<string, unknown>[]) => Object.fromEntries(inferColumnTypes(rows).map((column) => [column.name, toDuckDBTypeSql(column.type)]));

describe('inferColumnTypes', () => {
  test('integers → BIGINT, any float → DOUBLE, nulls never decide', () => {
    expect(
      sqlTypes([
        { a: 1, b: 1, c: null },
        { a: 2, b: 2.5, c: null },
        { a: null, b: 3 },
      ]),
    ).toEqual({ a: 'BIGINT', b: 'DOUBLE', c: 'VARCHAR' });
    expect(sqlTypes([{ a: Number.NaN }, { a: 1 }])).toEqual({ a: 'DOUBLE' });
  });

  test('scalars, dates, bytes', () => {
    expect(sqlTypes([{ s: 'x', t: true, d: new Date(0), b: new Uint8Array([1]), i: 5n }])).toEqual({
      s: 'VARCHAR',
      t: 'BOOLEAN',
      d: 'TIMESTAMP',
      b: 'BLOB',
      i: 'BIGINT',
    });
  });

  test('uniform nested values become LIST / STRUCT with the union of keys', () => {
    expect(
      sqlTypes([
        { l: [1, 2], o: { x: 1 } },
        { l: [3.5], o: { y: 'a' } },
        { l: [], o: null },
      ]),
    ).toEqual({
      l: 'DOUBLE[]',
      o: 'STRUCT("x" BIGINT, "y" VARCHAR)',
    });
  });

  test('mixed kinds fall back to text (VARCHAR)', () => {
    const columns = inferColumnTypes([{ m: 'a' }, { m: 1 }, { n: [1] }, { n: 'x' }, { e: {} }]);
    expect(columns.map((column) => [column.name, column.type.kind])).toEqual([
      ['m', 'text'],
      ['n', 'text'],
      ['e', 'text'],
    ]);
  });

  test('column order is first-seen key order', () => {
    expect(inferColumnTypes([{ b: 1 }, { a: 1, b: 2 }, { c: 1 }]).map((column) => column.name)).toEqual(['b', 'a', 'c']);
  });

  test('fitsColumnType (the no-allocation fast path) only claims fits that merging would not change', () => {
    const samples: unknown[] = [
      null,
      1,
      2.5,
      -0,
      Number.NaN,
      2 ** 64,
      3n,
      'x',
      '',
      true,
      new Date(0),
      new Uint8Array(1),
      [],
      [1],
      [1, 'a'],
      [[1]],
      {},
      { a: 1 },
      { a: 1.5 },
      { a: 'x', b: [1] },
      { b: null },
      { a: { c: 1 } },
    ];
    for (const existing of samples) {
      const type = typeOfValue(existing);
      for (const value of samples) {
        if (fitsColumnType(value, type)) expect(toDuckDBTypeSql(mergeColumnTypes(type, typeOfValue(value)))).toBe(toDuckDBTypeSql(type));
      }
    }
    expect(fitsColumnType(7, typeOfValue(1))).toBe(true);
    expect(fitsColumnType({ a: 2, b: null }, typeOfValue({ a: 1, b: 'x' }))).toBe(true);
    expect(fitsColumnType({ a: 2, z: 1 }, typeOfValue({ a: 1 }))).toBe(false);
  });

  test('a circular or 5,000-deep value is an ArtifactStorageError naming the column, not a stack overflow', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 5000; level++) deep = { x: deep };
    for (const value of [circular, deep]) {
      let caught: unknown;
      try {
        inferColumnTypes([{ ok: 1, payload: value }]);
      } catch (error) {
        caught = error;
      }
      expect(ArtifactStorageError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toMatch(/^Column 'payload' cannot be stored: .*more than 100 levels deep, or refers back to itself/);
    }
  });
});
