import { rmSync } from 'node:fs';
import { acquireTestRedis, type TestRedis } from './acquire-test-redis.js';

/** A Redis that answered PING: what {@link describeWithRedis} hands its suite. */
export type AvailableTestRedis = Extract<TestRedis, { available: true }>;

/** Options of {@link describeWithRedis}. */
export interface DescribeWithRedisOptions {
  /** The package folder that gets the `.distributed-skipped` marker when there is no Redis. */
  markerDir: string;
  /** A scratch folder of the file's tests, removed after all of them (before the Redis is closed). */
  scratchDir?: string;
}

/**
 * Declares the jest suite `title` of a test file that needs Redis (found as `acquireTestRedis` does).
 * With one, `define(redis)` declares the tests inside the suite, and after all of them `scratchDir` is
 * removed and the Redis is closed. Without one, the suite holds a single test, `did not run: <reason>`, that
 * prints the reason and fails under `CI=true`. Await it at the top level of a jest test file.
 */
export async function describeWithRedis(title: string, options: DescribeWithRedisOptions, define: (redis: AvailableTestRedis) => void): Promise<void> {
  // Loaded here, not at the top: `@dd/engine/testing` is also imported outside jest (benchmarks).
  const { afterAll, describe, expect, it } = await import('@jest/globals');
  const redis = await acquireTestRedis({ markerDir: options.markerDir });
  if (!redis.available) {
    describe(title, () => {
      it(`did not run: ${redis.reason}`, () => {
        console.warn(redis.reason);
        expect(process.env.CI).not.toBe('true');
      });
    });
    return;
  }
  afterAll(async () => {
    if (options.scratchDir !== undefined) rmSync(options.scratchDir, { recursive: true, force: true });
    await redis.close();
  });
  describe(title, () => define(redis));
}
