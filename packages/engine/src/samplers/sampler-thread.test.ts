import { describe, expect, it } from '@jest/globals';
import type { ConstraintConfig, SamplerColumnConfig } from '@dd/config';
import type { Row } from '../columns/column-generator.js';
import { evaluateCondition } from '../templates/evaluate-condition.js';
import { createSamplerGenerator } from './create-sampler-generator.js';
import { SamplerThread } from './sampler-thread.js';

// The thread runs the built worker (dist/samplers/sampler-worker.js): `npm test` builds first.
const columns = [
  { name: 'customer', column_type: 'sampler', sampler_type: 'person_from_faker', params: { locale: 'en_US', age_range: [18, 80] } },
  { name: 'product', column_type: 'sampler', sampler_type: 'category', params: { values: ['a', 'b', 'c'], weights: [1, 2, 3] } },
  {
    name: 'price',
    column_type: 'sampler',
    sampler_type: 'gaussian',
    params: { mean: 10, stddev: 2, decimal_places: 2 },
    conditional_params: { "product == 'a'": { mean: 100, stddev: 5 } },
  },
  { name: 'quantity', column_type: 'sampler', sampler_type: 'poisson', params: { mean: 2 } },
  { name: 'weight', column_type: 'sampler', sampler_type: 'scipy', params: { dist_name: 'gamma', dist_params: { a: 2, scale: 1.5 } } },
  { name: 'when', column_type: 'sampler', sampler_type: 'datetime', params: { start: '2024-01-01', end: '2025-01-01', unit: 'D' } },
] as unknown as SamplerColumnConfig[];
const constraints = [{ target_column: 'quantity', constraint_type: 'scalar_inequality', operator: 'ge', rhs: 1 }] as unknown as ConstraintConfig[];
const SEED = 1234;
const SIZE = 50;

const emptyRows = (n: number): Row[] => Array.from({ length: n }, () => ({}));
const context = (rowGroup: number) => ({ rowGroup, rowOffset: rowGroup * SIZE, signal: new AbortController().signal });

/** Row group 0 asked for before the thread has started (the main thread samples it), then waits for the start. */
async function startAfterFirst(thread: SamplerThread): Promise<void> {
  expect(thread.take(0, SIZE)).toBeUndefined();
  expect(await thread.started).toBe(true);
}

/** Asks for `rowGroup` until the thread has finished it (undefined after 5 s). */
async function takeFinished(thread: SamplerThread, rowGroup: number, size: number): Promise<Row[] | undefined> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const rows = thread.hasFinished(rowGroup, size) ? thread.take(rowGroup, size) : undefined;
    if (rows !== undefined) return rows;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}

describe('SamplerThread', () => {
  it('samples the row groups after the ones asked for, identical to sampling on the main thread', async () => {
    const local = createSamplerGenerator({ columns, constraints, seed: SEED, evaluateCondition });
    const thread = new SamplerThread({ columns, constraints, seed: SEED });
    try {
      // Once started, the thread samples the two row groups after the highest one asked for (0).
      await startAfterFirst(thread);
      const second = await takeFinished(thread, 1, SIZE);
      const third = await takeFinished(thread, 2, SIZE);
      expect(second).toBeDefined();
      expect(third).toBeDefined();
      expect(second).toEqual(await local.generateBatch(emptyRows(SIZE), context(1)));
      expect(third).toEqual(await local.generateBatch(emptyRows(SIZE), context(2)));
      // Plain objects as the main thread makes them (no prototype lost or added on the way).
      for (const row of [...(second ?? []), ...(third ?? [])]) expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    } finally {
      thread.close();
    }
  });

  it('answers nothing for a size it did not guess and after close', async () => {
    const thread = new SamplerThread({ columns, constraints, seed: SEED });
    try {
      await startAfterFirst(thread);
      // It samples row group 1 at SIZE rows; a smaller last row group is the caller's to sample.
      expect(await takeFinished(thread, 1, SIZE)).toBeDefined();
      expect(thread.take(2, SIZE - 7)).toBeUndefined();
      thread.close();
      expect(thread.take(3, SIZE)).toBeUndefined();
    } finally {
      thread.close();
    }
  });
});

describe('createSamplerGenerator with backgroundThread', () => {
  it('gives the same rows for every row group of a run as without the thread', async () => {
    const withThread = createSamplerGenerator({ columns, constraints, seed: SEED, evaluateCondition, backgroundThread: true });
    const reference = createSamplerGenerator({ columns, constraints, seed: SEED, evaluateCondition });
    withThread.beginRun?.({ rowGroupCount: 8, numRecords: 8 * SIZE });
    try {
      for (let rowGroup = 0; rowGroup < 8; rowGroup++) {
        const size = rowGroup === 7 ? 13 : SIZE;
        expect(await withThread.generateBatch(emptyRows(size), context(rowGroup))).toEqual(await reference.generateBatch(emptyRows(size), context(rowGroup)));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      withThread.endRun?.();
    }
  });
});
