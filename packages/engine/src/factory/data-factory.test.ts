import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { dataFactory as createDataFactory } from './data-factory.js';
import { FactoryTimeoutError, MalformedRecordError } from './factory-errors.js';
import type { FactoryRecord } from './factory-types.js';

// These tests cover the in-memory mode (records keep their exact shape; parquet would add null columns).
const dataFactory: typeof createDataFactory = (fn, options = {}) => createDataFactory(fn, { storage: 'memory', ...options });
// A guard: nothing here may reach the default location under the real home.
const home = mkdtempSync(path.join(os.tmpdir(), 'dd-factory-home-'));
process.env.DATA_DESIGNER_HOME = home;
afterAll(() => rmSync(home, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (n: number) => Array.from({ length: n }, (_, index) => index);
const fast = { retryBaseDelayMs: 1, retryMaxDelayMs: 5 };

describe('dataFactory (in memory)', () => {
  it('never runs more than maxConcurrency attempts at once', async () => {
    let running = 0;
    let peak = 0;
    const factory = dataFactory(
      async (n: number) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5 + (n % 3));
        running--;
        return { n };
      },
      { maxConcurrency: 4 },
    );
    const result = await factory.run(range(40));
    expect(peak).toBe(4);
    expect(result.records).toHaveLength(40);
    expect(new Set(result.records.map((record) => record.n)).size).toBe(40);
  });

  it('reaches targetCount of accepted records by running more inputs when records are filtered', async () => {
    const seen: number[] = [];
    const factory = dataFactory(async (n: number) => ({ n }), {
      targetCount: 10,
      maxConcurrency: 3,
      onRecordComplete: async (record) => {
        seen.push(record.n);
        await sleep(1);
        return record.n % 3 === 0 ? 'filtered' : 'accepted';
      },
    });
    const result = await factory.run(range(100));
    expect(result.records).toHaveLength(10);
    expect(result.records.every((record) => record.n % 3 !== 0)).toBe(true);
    expect(result.progress.filteredRecords).toBeGreaterThan(0);
    expect(result.indices.filtered.length).toBe(result.progress.filteredRecords);
    // Inputs run in order and stop soon after the target: no wholesale over-generation.
    expect(seen.length).toBeLessThan(20);
  });

  it('stops short of the target when the inputs run out', async () => {
    const factory = dataFactory(async (n: number) => (n % 2 === 0 ? { n } : null), { targetCount: 10 });
    const result = await factory.run(range(10));
    expect(result.records).toHaveLength(5);
    expect(result.indices.filtered).toEqual([1, 3, 5, 7, 9]);
  });

  it('retries a throwing function with backoff, then succeeds', async () => {
    const attempts: number[] = [];
    const errors: string[] = [];
    const factory = dataFactory(
      async (n: number, { attempt }) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Error(`flaky ${attempt}`);
        return { n, attempt };
      },
      { ...fast, onRecordError: (error, _input, context) => void errors.push(`${error.message}:${context.willRetry}`) },
    );
    const result = await factory.run([7]);
    expect(attempts).toEqual([1, 2, 3]);
    expect(errors).toEqual(['flaky 1:true', 'flaky 2:true']);
    expect(result.records).toEqual([{ n: 7, attempt: 3 }]);
    expect(result.progress.failedAttempts).toBe(2);
  });

  it('an input sleeping through its backoff frees its concurrency slot for other inputs', async () => {
    const calls: string[] = [];
    let failedOnce = false;
    const factory = dataFactory(
      async (n: number) => {
        if (n === 0 && !failedOnce) {
          failedOnce = true;
          calls.push('0 fail');
          throw new Error('transient');
        }
        calls.push(`${n} ok`);
        return { n };
      },
      { maxConcurrency: 1, retryBaseDelayMs: 200, retryMaxDelayMs: 200 },
    );
    const result = await factory.run([0, 1, 2]);
    // With the slot held through the backoff this was ['0 fail', '0 ok', '1 ok', '2 ok'].
    expect(calls.slice(0, 3)).toEqual(['0 fail', '1 ok', '2 ok']);
    expect(calls).toContain('0 ok');
    expect(result.records.map((record) => record.n).sort()).toEqual([0, 1, 2]);
    expect(result.progress.failedAttempts).toBe(1);
  });

  it('aborts a hanging attempt at the timeout, retries, then dead-letters it without stopping the job', async () => {
    const aborted: unknown[] = [];
    const factory = dataFactory(
      async (n: number, { signal }) => {
        if (n === 1) {
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          aborted.push(signal.reason);
          await new Promise(() => undefined); // Ignores the abort: the factory must move on anyway.
        }
        return { n };
      },
      { ...fast, taskTimeoutMs: 30, maxRetries: 2 },
    );
    const result = await factory.run([0, 1, 2]);
    expect(result.records.map((record) => record.n).sort()).toEqual([0, 2]);
    expect(aborted).toHaveLength(3);
    expect(FactoryTimeoutError.isInstance(aborted[0])).toBe(true);
    expect(result.deadLetters).toEqual([
      { index: 1, input: 1, cause: expect.stringMatching(/timed out after 30 ms/), kind: 'FactoryTimeoutError', attempts: 3 },
    ]);
  });

  it('a signal first read after the timeout is already aborted with the timeout error', async () => {
    const seen: Array<{ aborted: boolean; reason: unknown }> = [];
    const factory = dataFactory(
      async (_n: number, context) => {
        await sleep(40); // Ignores the signal until after the timeout.
        seen.push({ aborted: context.signal.aborted, reason: context.signal.reason });
        return { late: true };
      },
      { ...fast, taskTimeoutMs: 10, maxRetries: 0 },
    );
    const result = await factory.run([0]);
    expect(result.deadLetters).toEqual([
      { index: 0, input: 0, cause: expect.stringMatching(/timed out after 10 ms/), kind: 'FactoryTimeoutError', attempts: 1 },
    ]);
    await sleep(60);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.aborted).toBe(true);
    expect(FactoryTimeoutError.isInstance(seen[0]?.reason)).toBe(true);
  });

  it('requeues a failed input deadLetterThreshold times before dead-lettering it', async () => {
    let calls = 0;
    const factory = dataFactory(
      async () => {
        calls++;
        throw new TypeError('always');
      },
      { ...fast, maxRetries: 1, deadLetterThreshold: 3 },
    );
    const result = await factory.run(['x']);
    expect(calls).toBe(6);
    expect(result.deadLetters[0]).toMatchObject({ index: 0, kind: 'TypeError', cause: 'always', attempts: 6 });
  });

  it('treats a malformed record (not a plain object) as a failure: retried, then dead-lettered', async () => {
    const outputs: unknown[] = ['text', [{ ok: 1 }, 42], new Date(0)];
    const factory = dataFactory<number, FactoryRecord>(
      async (n, { attempt }) => (n === 0 ? (outputs[attempt - 1] as FactoryRecord) : [{ n }, { n, second: true }]),
      { ...fast, maxRetries: 2 },
    );
    const result = await factory.run([0, 1]);
    expect(result.records).toEqual([{ n: 1 }, { n: 1, second: true }]);
    expect(result.deadLetters).toHaveLength(1);
    expect(result.deadLetters[0]?.kind).toBe('MalformedRecordError');
    expect(result.deadLetters[0]?.cause).toMatch(/Record 0 is a Date, not a plain object/);
    expect(MalformedRecordError.name).toBeDefined();
  });

  it('an onRecordError verdict closes the input without more retries', async () => {
    let calls = 0;
    const factory = dataFactory(
      async () => {
        calls++;
        throw new Error('content policy');
      },
      { ...fast, onRecordError: (error) => (error.message.includes('policy') ? 'filtered' : undefined) },
    );
    const result = await factory.run([1]);
    expect(calls).toBe(1);
    expect(result.indices.filtered).toEqual([0]);
    expect(result.deadLetters).toEqual([]);
  });

  it('keeps shared state exact under concurrency (async read-modify-write)', async () => {
    const factory = dataFactory<number, FactoryRecord, { count: number; seen: number[] }>(
      async (n, { state }) => {
        await state.update(async (current) => {
          const count = current.count;
          await sleep(n % 3);
          return { ...current, count: count + 1 };
        });
        return { n };
      },
      {
        maxConcurrency: 32,
        initialState: { count: 0, seen: [] },
        onRecordComplete: async (record, { state }) => {
          let duplicate = false;
          await state.update((current) => {
            duplicate = current.seen.includes(Number(record.n) % 50);
            return duplicate ? current : { ...current, seen: [...current.seen, Number(record.n) % 50] };
          });
          return duplicate ? 'duplicate' : 'accepted';
        },
      },
    );
    let finalCount = -1;
    const result = await factory.run(range(300));
    finalCount = result.records.length;
    expect(finalCount).toBe(50);
    expect(result.progress.duplicateRecords).toBe(250);
    expect(result.indices.duplicate).toHaveLength(250);
  });

  it('counter state reaches the exact total with set/get racing update', async () => {
    const factory = dataFactory<number, FactoryRecord, { count: number }>(
      async (n, { state }) => {
        await sleep(n % 4);
        await state.update((current) => ({ count: current.count + 1 }));
        return { n, seen: state.get('count') };
      },
      { maxConcurrency: 50, initialState: { count: 0 } },
    );
    const result = await factory.run(range(500));
    expect(Math.max(...result.records.map((record) => Number(record.seen)))).toBe(500);
  });

  it('dryRun runs only the first input and keeps no job', async () => {
    const calls: number[] = [];
    const factory = dataFactory(async (n: number) => {
      calls.push(n);
      return [{ n }, { n: n + 100 }];
    });
    const result = await factory.dryRun([5, 6, 7]);
    expect(calls).toEqual([5]);
    expect(result.records).toEqual([{ n: 5 }, { n: 105 }]);
    expect(factory.jobId).toBeUndefined();
    await expect(factory.records()).resolves.toEqual([]);
  });

  it('aborts in-flight attempts once the target is reached', async () => {
    const abortedInputs: number[] = [];
    const factory = dataFactory(
      async (n: number, { signal }) => {
        if (n === 0) return [{ n }, { n: 100 }];
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        abortedInputs.push(n);
        return { n };
      },
      { targetCount: 2, maxConcurrency: 3 },
    );
    const result = await factory.run([0, 1, 2]);
    expect(result.records).toEqual([{ n: 0 }, { n: 100 }]);
    await sleep(5);
    // Only 2 attempts were launched (accepted + running never exceeds the target); the second was aborted.
    expect(abortedInputs).toEqual([1]);
    expect(result.indices.done).toEqual([0]);
  });
});
