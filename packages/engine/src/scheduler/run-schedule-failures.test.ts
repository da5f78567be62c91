import { describe, expect, it } from '@jest/globals';
import { batchGenerator, cellGenerator } from '../dag/test-generators.js';
import { EarlyShutdownError, SchedulerHookError } from './errors/index.js';
import { runSchedule } from './run-schedule.js';
import type { SchedulerEvent } from './scheduler-event.js';
import { TransientError, checkpointRecorder, groups, idGenerator } from './test-run-helpers.js';

const noShutdown = { enabled: false } as const;

describe('runSchedule: failures', () => {
  it('drops the row of a permanently failed cell and releases the waiting batch', async () => {
    const recorder = checkpointRecorder();
    const batchInputs: unknown[][] = [];
    const summary = await runSchedule({
      rowGroups: groups(5, 5),
      errorRate: noShutdown,
      generators: [
        idGenerator(),
        cellGenerator('a', {
          requires: ['id'],
          run: (row) => {
            if (row.id === 2) throw new Error('bad row 2');
            return { a: 'ok' };
          },
        }),
        batchGenerator('judge', {
          requires: ['a'],
          run: (rows) => {
            batchInputs.push(rows.map((r) => r.id));
            return rows.map(() => ({ judge: true }));
          },
        }),
      ],
      onRowGroupComplete: recorder.onRowGroupComplete,
    });
    expect(batchInputs).toEqual([[0, 1, 3, 4]]);
    expect(recorder.written.get(0)!.map((r) => r.id)).toEqual([0, 1, 3, 4]);
    expect(summary).toMatchObject({ failedTasks: 1, droppedRows: 1, recordsWritten: 4 });
    expect(summary.firstError).toEqual({ generator: 'a', rowGroup: 0, row: 2, message: 'bad row 2' });
    expect(summary.columns.find((c) => c.name === 'a')).toMatchObject({ done: 4, failed: 1 });
  });

  it('drops the whole row group when a batch task fails, and checkpoints it empty', async () => {
    const recorder = checkpointRecorder();
    const summary = await runSchedule({
      rowGroups: groups(6, 3),
      errorRate: noShutdown,
      generators: [
        idGenerator(),
        batchGenerator('b', {
          requires: ['id'],
          run: (rows, ctx) => {
            if (ctx.rowGroup === 1) throw new Error('batch broke');
            return rows.map(() => ({ b: 1 }));
          },
        }),
        cellGenerator('after', { requires: ['b'], run: () => ({ after: 1 }) }),
      ],
      onRowGroupComplete: recorder.onRowGroupComplete,
    });
    expect(recorder.written.get(0)).toHaveLength(3);
    expect(recorder.written.get(1)).toEqual([]);
    expect(summary).toMatchObject({ recordsWritten: 3, droppedRows: 3, failedTasks: 1 });
  });

  it('treats a malformed generator result as a failure of that task', async () => {
    const summary = await runSchedule({
      rowGroups: groups(2, 2),
      errorRate: noShutdown,
      generators: [idGenerator(), batchGenerator('short', { requires: ['id'], run: () => [{ short: 1 }] })],
    });
    expect(summary.recordsWritten).toBe(0);
    expect(summary.firstError?.message).toMatch(/'short' returned 1 rows; expected 2 rows/);
  });

  it('retries transient failures with exponential backoff without holding up other rows', async () => {
    const attempts: number[] = [];
    const finished: Array<[unknown, number]> = [];
    const start = performance.now();
    const events: SchedulerEvent[] = [];
    const summary = await runSchedule({
      rowGroups: groups(10, 10),
      retry: { maxAttempts: 3, initialDelayMs: 30, maxDelayMs: 1000, jitter: 0 },
      generators: [
        idGenerator(),
        cellGenerator('flaky', {
          requires: ['id'],
          run: (row) => {
            if (row.id === 0) {
              attempts.push(performance.now() - start);
              if (attempts.length < 3) throw new TransientError('try again');
            }
            return { flaky: 1 };
          },
        }),
        cellGenerator('next', {
          requires: ['flaky'],
          run: (row) => {
            finished.push([row.id, performance.now() - start]);
            return { next: 1 };
          },
        }),
      ],
      onEvent: (event) => events.push(event),
    });
    expect(attempts).toHaveLength(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(29);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(59);
    // Rows 1..9 went all the way through while row 0 waited in the delay queue.
    const others = finished.filter(([id]) => id !== 0).map(([, at]) => at);
    expect(others).toHaveLength(9);
    expect(Math.max(...others)).toBeLessThan(attempts[1]!);
    expect(summary).toMatchObject({ recordsWritten: 10, retries: 2, failedTasks: 0 });
    expect(events.filter((event) => event.type === 'task-retry').map((e) => e.type === 'task-retry' && e.delayMs)).toEqual([30, 60]);
  });

  it('salvages exhausted retries in later rounds, then drops what still fails', async () => {
    let calls = 0;
    const events: SchedulerEvent[] = [];
    const summary = await runSchedule({
      rowGroups: groups(3, 3),
      retry: { maxAttempts: 1, salvageRounds: 2, initialDelayMs: 1 },
      errorRate: noShutdown,
      generators: [
        idGenerator(),
        cellGenerator('x', {
          requires: ['id'],
          run: (row) => {
            if (row.id === 1 && ++calls < 3) throw new TransientError('busy'); // succeeds in round 2
            if (row.id === 2) throw new TransientError('always busy');
            return { x: 1 };
          },
        }),
      ],
      onEvent: (event) => events.push(event),
    });
    expect(events.filter((event) => event.type === 'salvage-round')).toEqual([
      { type: 'salvage-round', rowGroup: 0, round: 1, tasks: 2 },
      { type: 'salvage-round', rowGroup: 0, round: 2, tasks: 2 },
    ]);
    expect(summary).toMatchObject({ recordsWritten: 2, failedTasks: 1, droppedRows: 1 });
    expect(summary.firstError?.message).toBe('always busy');
  });

  it('never drops preserved errors (rate limits): keeps retrying after salvage', async () => {
    let calls = 0;
    const summary = await runSchedule({
      rowGroups: groups(1, 1),
      retry: { maxAttempts: 2, salvageRounds: 1, initialDelayMs: 1, maxDelayMs: 5, isPreserved: () => true },
      generators: [
        cellGenerator('limited', {
          run: () => {
            if (++calls < 6) throw new TransientError('429');
            return { limited: 'finally' };
          },
        }),
      ],
    });
    expect(calls).toBe(6);
    expect(summary).toMatchObject({ recordsWritten: 1, failedTasks: 0 });
  });

  it('stops early when the error window trips, keeping the complete rows', async () => {
    const recorder = checkpointRecorder();
    const events: SchedulerEvent[] = [];
    const calls: Record<number, number> = {};
    const run = runSchedule({
      rowGroups: groups(30, 10),
      maxConcurrentRowGroups: 1,
      errorRate: { windowSize: 10, threshold: 0.5 },
      generators: [
        cellGenerator('a', {
          run: (_row, ctx) => ({ a: ctx.rowGroup }),
        }),
        cellGenerator('b', {
          requires: ['a'],
          run: (row, ctx) => {
            if (ctx.rowGroup === 1) calls[1] = (calls[1] ?? 0) + 1;
            if (ctx.rowGroup === 1 && (calls[1] ?? 0) > 4) throw new Error('model refused');
            return { b: row.a };
          },
        }),
      ],
      onRowGroupComplete: recorder.onRowGroupComplete,
      onEvent: (event) => events.push(event),
    });
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(EarlyShutdownError.isInstance(error)).toBe(true);
    const shutdown = error as EarlyShutdownError;
    expect(shutdown.failures).toBeGreaterThanOrEqual(5);
    expect(shutdown.fix).toMatch(/shutdown_error_rate/);
    expect(shutdown.message).toMatch(/model refused/);
    expect(recorder.order).toEqual([0, 1]);
    expect(recorder.written.get(0)).toHaveLength(10);
    expect(recorder.written.get(1)).toHaveLength(4);
    expect(shutdown.summary).toMatchObject({ recordsWritten: 14, partialRowGroups: [1], stoppedBy: 'early-shutdown' });
    expect(events.some((event) => event.type === 'early-shutdown')).toBe(true);
  });

  it('aborts the run on fatal errors and on hook output of the wrong size', async () => {
    const fatal = new Error('template broken');
    await expect(
      runSchedule({
        rowGroups: groups(4, 2),
        isFatal: (error) => error === fatal,
        generators: [
          cellGenerator('t', {
            run: () => {
              throw fatal;
            },
          }),
        ],
      }),
    ).rejects.toBe(fatal);
    const error = await runSchedule({
      rowGroups: groups(2, 2),
      generators: [cellGenerator('x')],
      hooks: { postBatch: (rows) => rows.slice(1) },
    }).catch((e: unknown) => e);
    expect(SchedulerHookError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/postBatch hook returned 1 rows for row group 0; expected 2/);
  });

  it('aborts the run when the checkpoint callback fails', async () => {
    const error = await runSchedule({
      rowGroups: groups(2, 1),
      generators: [cellGenerator('x')],
      onRowGroupComplete: () => {
        throw new Error('disk full');
      },
    }).catch((e: unknown) => e);
    expect(SchedulerHookError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('Checkpoint of row group 0 failed: disk full');
  });
});
