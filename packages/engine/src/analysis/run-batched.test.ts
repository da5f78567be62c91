import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { runBatched } from './run-batched.js';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run('CREATE TABLE t AS SELECT range AS x FROM range(10)');
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

const sorted = (rows: unknown[][] | undefined) => rows?.map((row) => row.map(Number)).sort((left, right) => (left[0] ?? 0) - (right[0] ?? 0));

describe('runBatched', () => {
  it("returns each query's rows from one batch", async () => {
    const [evens, small, none] = await runBatched(connection, [
      'SELECT x, x * 2 FROM t WHERE x % 2 = 0',
      'SELECT x, 0 FROM t WHERE x < 2',
      'SELECT x, 1 FROM t WHERE x > 100',
    ]);
    expect(sorted(evens)).toEqual([
      [0, 0],
      [2, 4],
      [4, 8],
      [6, 12],
      [8, 16],
    ]);
    expect(sorted(small)).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(none).toEqual([]);
  });

  it('runs the queries one by one when the batch fails, leaving out only the failing one', async () => {
    const [good, bad, other] = await runBatched(connection, ['SELECT count(*) FROM t', 'SELECT no_such_function(x) FROM t', 'SELECT max(x) FROM t']);
    expect(sorted(good)).toEqual([[10]]);
    expect(bad).toBeUndefined();
    expect(sorted(other)).toEqual([[9]]);
  });

  it('runs a single query as is', async () => {
    expect(await runBatched(connection, [])).toEqual([]);
    expect(sorted((await runBatched(connection, ['SELECT 42']))[0])).toEqual([[42]]);
    expect(await runBatched(connection, ['SELECT * FROM missing_table'])).toEqual([undefined]);
  });
});
