import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeRowsToParquet } from './write-rows-to-parquet.js';
import { duckdbApi, duckdbApiFile } from './duckdb-api.js';

describe('duckdbApi', () => {
  it('loads the vendored one-file bundle, which exports what @duckdb/node-api exports', () => {
    const require = createRequire(import.meta.url);
    const api = duckdbApi();
    expect(api).toBe(require(duckdbApiFile()));
    expect(api).not.toBe(require('@duckdb/node-api'));
    expect(Object.keys(api).sort()).toEqual(Object.keys(require('@duckdb/node-api') as object).sort());
  });

  it('runs queries, and works with an instance made by the package (one native binding)', async () => {
    const instance = await duckdbApi().DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll('SELECT 40 + 2 AS answer');
    expect(reader.getRowObjectsJS()).toEqual([{ answer: 42 }]);
    connection.closeSync();
    instance.closeSync();

    // Callers may pass their own instance of the package: the writer's data chunks come from the bundle.
    const own = await DuckDBInstance.create(':memory:');
    const file = `${process.env.TMPDIR ?? '/tmp'}/dd-duckdb-api-${process.pid}.parquet`;
    await writeRowsToParquet(own, [{ when: new Date(Date.UTC(2024, 0, 2)), n: 1n }], file);
    const check = await own.connect();
    const rows = (await check.runAndReadAll(`SELECT n, year("when") AS y FROM '${file}'`)).getRowObjectsJS();
    expect(rows).toEqual([{ n: 1n, y: 2024n }]);
    check.closeSync();
    own.closeSync();
  });
});
