import { describe, expect, it } from '@jest/globals';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ConnectionPool } from './connection-pool.js';

/** Stand-ins: the pool only hands connections around. */
function fakeConnections(count: number): DuckDBConnection[] {
  return Array.from({ length: count }, (_, index) => ({ index }) as unknown as DuckDBConnection);
}

describe('ConnectionPool', () => {
  it('runs at most one piece of work per connection at a time, waiters first come first served', async () => {
    const pool = new ConnectionPool(fakeConnections(2));
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const jobs = [0, 1, 2, 3].map((job) =>
      pool.use(async () => {
        started.push(job);
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        return job;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    while (releases.length > 0 || started.length < 4) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
  });

  it('hands the connection on when the work fails', async () => {
    const pool = new ConnectionPool(fakeConnections(1));
    await expect(pool.use(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pool.use(async (connection) => connection)).resolves.toBeDefined();
  });

  it('needs a connection', () => {
    expect(() => new ConnectionPool([])).toThrow(RangeError);
  });
});
