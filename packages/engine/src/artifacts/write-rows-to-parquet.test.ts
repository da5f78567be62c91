import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { createDuckDBInstance } from './duckdb.js';
import { inferColumnTypes } from './infer-column-types.js';
import { quoteLiteral } from './sql-quote.js';
import { parquetWritePath, writeColumnsToParquet, writeRowsToParquet } from './write-rows-to-parquet.js';

type Rows = Array<Record<string, unknown>>;

let dir: string;
let instance: DuckDBInstance;
let fileCounter = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-write-parquet-'));
  instance = await createDuckDBInstance();
});

afterAll(() => {
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** The file's column types and rows as DuckDB reads them back. */
async function readBack(file: string): Promise<{ types: Array<[string, string]>; rows: unknown[] }> {
  const connection = await instance.connect();
  try {
    const source = `read_parquet(${quoteLiteral(file)})`;
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const types = described.getRowObjectsJS().map((row): [string, string] => [String(row.column_name), String(row.column_type)]);
    const rows = (await connection.runAndReadAll(`SELECT * FROM ${source}`)).getRowObjectsJS();
    return { types, rows };
  } finally {
    connection.closeSync();
  }
}

/** Writes `rows` both ways and returns which way `auto` took and both read-backs. */
async function writeBothWays(rows: Rows) {
  const columns = inferColumnTypes(rows);
  const auto = path.join(dir, `auto-${++fileCounter}.parquet`);
  const reference = path.join(dir, `appender-${fileCounter}.parquet`);
  const via = await writeColumnsToParquet(instance, rows, columns, auto);
  await writeColumnsToParquet(instance, rows, columns, reference, 'appender');
  return { via, auto: await readBack(auto), reference: await readBack(reference) };
}

describe('writeRowsToParquet: the JSON path', () => {
  test('plain JSON-like rows go through JSON and read back exactly as the appender writes them', async () => {
    const person = (i: number) => ({ first_name: `Ann ${i}`, age: 30 + i, city: i === 2 ? null : 'Zürich', zip: i === 1 ? undefined : '8001' });
    const rows: Rows = [0, 1, 2, 3].map((i) => ({
      id: i,
      big: Number.MAX_SAFE_INTEGER - i,
      negative: -(2 ** 40) - i,
      price: i === 3 ? 4 : 0.1 + i / 3,
      tiny: 5e-324,
      large: 1.7976931348623157e308,
      text: ['plain', 'quote " and \\ backslash', 'line\nbreak\ttab', 'emoji 😀 and ü and \u0000 nul'][i],
      flag: i % 2 === 0,
      maybe: i === 1 ? null : i,
      customer: person(i),
      tags: i === 0 ? [] : ['a', `b${i}`],
      scores: i === 2 ? null : [0.5, i, 2.25],
      nested: { inner: { deep: [{ k: i }] } },
      empty: null,
    }));
    const { via, auto, reference } = await writeBothWays(rows);

    expect(via).toBe('json');
    expect(auto.types).toEqual(reference.types);
    expect(auto.rows).toEqual(reference.rows);
    expect(auto.rows[1]).toMatchObject({
      id: 1n,
      big: BigInt(Number.MAX_SAFE_INTEGER - 1),
      negative: -(2n ** 40n) - 1n,
      maybe: null,
      customer: { first_name: 'Ann 1', zip: null },
    });
    expect(readdirSync(dir).filter((name) => name.endsWith('.ndjson'))).toEqual([]);
  });

  test('NaN, infinities and -0 keep the appender path and read back unchanged', async () => {
    for (const special of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]) {
      const rows: Rows = [
        { x: 1.5, s: { v: 0.25 } },
        { x: special, s: { v: 1.5 } },
      ];
      const nestedRows: Rows = [{ s: { v: 1.5 } }, { s: { v: special } }];
      expect(parquetWritePath(rows, inferColumnTypes(rows))).toBe('appender');
      expect(parquetWritePath(nestedRows, inferColumnTypes(nestedRows))).toBe('appender');
      const { via, auto } = await writeBothWays(rows);
      expect(via).toBe('appender');
      expect(Object.is((auto.rows[1] as { x: number }).x, special)).toBe(true);
    }
  });

  test('integers JSON would print rounded (beyond 2^53) keep the appender path and every digit', async () => {
    const rows: Rows = [
      { n: 1, s: { m: [1] } },
      { n: 2 ** 60, s: { m: [2 ** 60] } },
    ];
    expect(parquetWritePath([{ s: { m: [2 ** 60] } }], inferColumnTypes([{ s: { m: [2 ** 60] } }]))).toBe('appender');
    const { via, auto } = await writeBothWays(rows);
    expect(via).toBe('appender');
    expect(auto.rows[1]).toEqual({ n: 2n ** 60n, s: { m: [2n ** 60n] } });
  });

  test('values JSON or DuckDB refuse (bigint values, lone surrogates) fall back to the appender with its result', async () => {
    const bigints: Rows = [{ n: 2n ** 62n }, { n: 1 }];
    const surrogates: Rows = [{ s: 'ok' }, { s: 'broken \ud800 half' }];
    for (const rows of [bigints, surrogates]) {
      expect(parquetWritePath(rows, inferColumnTypes(rows))).toBe('json');
      const { via, auto, reference } = await writeBothWays(rows);
      expect(via).toBe('appender');
      expect(auto.rows).toEqual(reference.rows);
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.ndjson'))).toEqual([]);
  });

  test('dates, bytes and the JSON-encoded text fallback take the appender path', () => {
    for (const rows of [
      [{ when: new Date(0) }],
      [{ bytes: new Uint8Array([1, 2]) }],
      [{ mixed: 'a' }, { mixed: 3 }],
      [{ s: { when: new Date(0) } }],
    ] as Rows[]) {
      expect(parquetWritePath(rows, inferColumnTypes(rows))).toBe('appender');
    }
  });

  test('a declared column absent from every row is written as an all-null VARCHAR column in its place', async () => {
    const file = path.join(dir, 'ordered.parquet');
    await writeRowsToParquet(instance, [{ b: 1 }, { b: 2 }], file, { columnOrder: ['a', 'b'] });
    const { types, rows } = await readBack(file);
    expect(types).toEqual([
      ['a', 'VARCHAR'],
      ['b', 'BIGINT'],
    ]);
    expect(rows).toEqual([
      { a: null, b: 1n },
      { a: null, b: 2n },
    ]);
  });
});
