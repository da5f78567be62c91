// Test-only helpers for scheduler tests (excluded from the build by the `test-*.ts` pattern).
import type { Row } from '../columns/index.js';
import { batchGenerator } from '../dag/test-generators.js';
import type { RowGroupSpec } from './schedule-options.js';

/** Resolves after `ms` milliseconds (rejects early when `signal` aborts). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
}

/** A promise with its resolver. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Root batch generator writing `id` = dataset row index. */
export const idGenerator = () => batchGenerator('id', { run: (rows, ctx) => rows.map((_, i) => ({ id: ctx.rowOffset + i })) });

/** An error the default retry policy treats as transient. */
export class TransientError extends Error {
  readonly isRetryable = true;
}

/** Collects checkpoints. */
export function checkpointRecorder(): {
  written: Map<number, Row[]>;
  order: number[];
  onRowGroupComplete: (index: number, rows: Row[]) => void;
} {
  const written = new Map<number, Row[]>();
  const order: number[] = [];
  return {
    written,
    order,
    onRowGroupComplete: (index, rows) => {
      written.set(index, rows);
      order.push(index);
    },
  };
}

/** Row groups for `n` records in groups of `size`. */
export function groups(n: number, size: number): RowGroupSpec[] {
  const result: RowGroupSpec[] = [];
  for (let offset = 0, index = 0; offset < n; offset += size, index++) {
    result.push({ index, size: Math.min(size, n - offset), rowOffset: offset });
  }
  return result;
}
