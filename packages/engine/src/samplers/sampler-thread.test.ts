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

const plan = (count: number, last = SIZE) => Array.from({ length: count }, (_, index) => ({ index, size: index === count - 1 ? last : SIZE }));

/** Waits until the thread has finished (`rowGroup`, `size`) (false after 10 s). */
async function finished(thread: SamplerThread, rowGroup: number, size: number): Promise<boolean> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (thread.hasFinished(rowGroup, size)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

describe('SamplerThread', () => {
  it('samples the planned row groups in order, identical to sampling on the main thread', async () => {
    const local = createSamplerGenerator({ columns, constraints, seed: SEED, evaluateCondition });
    const thread = new SamplerThread({ columns, constraints, seed: SEED }, plan(6));
    try {
      expect(await thread.started).toBe(true);
      // It keeps two finished row groups ahead: 0 and 1.
      expect(await finished(thread, 0, SIZE)).toBe(true);
      expect(await finished(thread, 1, SIZE)).toBe(true);
      for (const rowGroup of [0, 1, 2, 3]) {
        const rows = await thread.take(rowGroup, SIZE);
        expect(rows).toBeDefined();
        expect(rows).toEqual(await local.generateBatch(emptyRows(SIZE), context(rowGroup)));
        // Plain objects as the main thread makes them (no prototype lost or added on the way).
        for (const row of rows ?? []) expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
        await finished(thread, rowGroup + 2, SIZE);
      }
    } finally {
      thread.close();
    }
  });

  it('leaves row groups it is not on to the main thread, and skips the ones the main thread took', async () => {
    const thread = new SamplerThread({ columns, constraints, seed: SEED }, plan(8, 13));
    try {
      expect(await thread.started).toBe(true);
      expect(await finished(thread, 1, SIZE)).toBe(true);
      // Row group 5 is neither finished nor being sampled: the main thread samples it, the thread moves past it.
      expect(await thread.take(5, SIZE)).toBeUndefined();
      expect(await thread.take(0, SIZE)).toBeDefined();
      expect(await finished(thread, 6, SIZE)).toBe(true);
      expect(thread.hasFinished(2, SIZE)).toBe(false);
      // Asked for with a size the plan does not give it, a row group is the main thread's to sample.
      expect(await thread.take(6, SIZE - 1)).toBeUndefined();
      thread.close();
      expect(thread.hasFinished(6, SIZE)).toBe(false);
      expect(await thread.take(6, SIZE)).toBeUndefined();
    } finally {
      thread.close();
    }
  });
});

describe('createSamplerGenerator with backgroundThread', () => {
  it('gives the same rows for every row group of a run as without the thread', async () => {
    const withThread = createSamplerGenerator({ columns, constraints, seed: SEED, evaluateCondition, backgroundThread: true });
    const reference = createSamplerGenerator({ columns, constraints, seed: SEED, evaluateCondition });
    const rowGroups = plan(8, 13);
    withThread.beginRun?.({ rowGroupCount: rowGroups.length, numRecords: 7 * SIZE + 13, rowGroups });
    try {
      for (const { index, size } of rowGroups) {
        expect(await withThread.generateBatch(emptyRows(size), context(index))).toEqual(await reference.generateBatch(emptyRows(size), context(index)));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      withThread.endRun?.();
    }
  });
});
