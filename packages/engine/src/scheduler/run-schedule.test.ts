import { describe, expect, it } from '@jest/globals';
import type { Row } from '../columns/index.js';
import { batchGenerator, cellGenerator } from '../dag/test-generators.js';
import { runSchedule } from './run-schedule.js';
import type { SchedulerEvent } from './scheduler-event.js';
import { checkpointRecorder, deferred, groups, idGenerator, sleep } from './test-run-helpers.js';

describe('runSchedule: readiness and output', () => {
  it('starts a cell as soon as its row inputs are ready, not after the whole column', async () => {
    const gate = deferred();
    const safety = setTimeout(gate.resolve, 2000);
    const log: string[] = [];
    await runSchedule({
      rowGroups: groups(3, 3),
      generators: [
        idGenerator(),
        cellGenerator('a', {
          requires: ['id'],
          run: async (row) => {
            if (row.id === 1) await gate.promise;
            log.push(`a${String(row.id)}`);
            return { a: row.id };
          },
        }),
        cellGenerator('b', {
          requires: ['a'],
          run: (row) => {
            log.push(`b${String(row.id)}`);
            if (row.id === 0) gate.resolve();
            return { b: row.id };
          },
        }),
      ],
    });
    clearTimeout(safety);
    expect(log.indexOf('b0')).toBeLessThan(log.indexOf('a1'));
  });

  it('runs a batch generator once per row group, after every row is ready', async () => {
    const calls: Array<{ rowGroup: number; ids: unknown[]; allHaveA: boolean }> = [];
    const recorder = checkpointRecorder();
    const summary = await runSchedule({
      rowGroups: groups(7, 3),
      generators: [
        idGenerator(),
        cellGenerator('a', {
          requires: ['id'],
          run: async (row) => {
            await sleep(Number(row.id) % 3);
            return { a: 1 };
          },
        }),
        batchGenerator('total', {
          requires: ['a'],
          run: (rows, ctx) => {
            calls.push({ rowGroup: ctx.rowGroup, ids: rows.map((r) => r.id), allHaveA: rows.every((r) => r.a === 1) });
            return rows.map(() => ({ total: rows.length }));
          },
        }),
      ],
      onRowGroupComplete: recorder.onRowGroupComplete,
    });
    expect(calls.sort((x, y) => x.rowGroup - y.rowGroup)).toEqual([
      { rowGroup: 0, ids: [0, 1, 2], allHaveA: true },
      { rowGroup: 1, ids: [3, 4, 5], allHaveA: true },
      { rowGroup: 2, ids: [6], allHaveA: true },
    ]);
    expect(summary.recordsWritten).toBe(7);
    expect(recorder.written.get(2)).toEqual([{ id: 6, a: 1, total: 1 }]);
  });

  it('keeps row order inside a row group and columns in declared order', async () => {
    const recorder = checkpointRecorder();
    await runSchedule({
      rowGroups: groups(40, 20),
      generators: [
        idGenerator(),
        cellGenerator('slow', {
          requires: ['id'],
          run: async (row) => {
            await sleep((Number(row.id) * 7) % 5);
            return { slow: row.id };
          },
        }),
        cellGenerator('fast', { requires: ['id'], run: (row) => ({ fast: Number(row.id) * 2 }) }),
      ],
      onRowGroupComplete: recorder.onRowGroupComplete,
    });
    const rows = [...recorder.written.entries()].sort(([a], [b]) => a - b).flatMap(([, r]) => r);
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(rows.every((row) => row.slow === row.id && row.fast === Number(row.id) * 2)).toBe(true);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'slow', 'fast']);
  });

  it('passes the given row group indices and offsets (resume) and reports progress', async () => {
    const recorder = checkpointRecorder();
    const events: SchedulerEvent[] = [];
    const seen: Array<[number, number]> = [];
    const summary = await runSchedule({
      rowGroups: [
        { index: 3, size: 4, rowOffset: 12 },
        { index: 5, size: 2, rowOffset: 20 },
      ],
      generators: [
        idGenerator(),
        cellGenerator('c', {
          requires: ['id'],
          run: (_row, ctx) => {
            seen.push([ctx.rowGroup, ctx.rowOffset]);
            return { c: 1 };
          },
        }),
      ],
      onRowGroupComplete: recorder.onRowGroupComplete,
      onEvent: (event) => events.push(event),
    });
    expect(recorder.written.get(3)!.map((r) => r.id)).toEqual([12, 13, 14, 15]);
    expect(recorder.written.get(5)!.map((r) => r.id)).toEqual([20, 21]);
    expect(new Set(seen.map((pair) => pair.join(':')))).toEqual(new Set(['3:12', '5:20']));
    expect(summary.rowGroupsCompleted.sort()).toEqual([3, 5]);
    const last = events.filter((event) => event.type === 'progress').at(-1);
    expect(last).toMatchObject({ type: 'progress', recordsDone: 6, numRecords: 6, errors: 0, inFlight: 0 });
    expect(last?.type === 'progress' && last.columns).toEqual([
      { name: 'id', done: 6, total: 6, failed: 0, skipped: 0 },
      { name: 'c', done: 6, total: 6, failed: 0, skipped: 0 },
    ]);
    expect(events.filter((event) => event.type === 'row-group-admitted')).toHaveLength(2);
  });

  it('completes 10k rows through 5 chained cell generators', async () => {
    const generators = [idGenerator()];
    for (let i = 0; i < 5; i++) {
      const previous = i === 0 ? 'id' : `c${i - 1}`;
      generators.push(cellGenerator(`c${i}`, { requires: [previous], run: (row) => ({ [`c${i}`]: Number(row[previous]) + 1 }) }) as never);
    }
    let count = 0;
    let correct = true;
    const summary = await runSchedule({
      rowGroups: groups(10_000, 1000),
      generators,
      onRowGroupComplete: (_index, rows: Row[]) => {
        count += rows.length;
        correct &&= rows.every((row) => row.c4 === Number(row.id) + 5);
      },
    });
    expect(count).toBe(10_000);
    expect(correct).toBe(true);
    expect(summary.columns.map((c) => c.done)).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('keeps the event loop responsive with synchronous generators', async () => {
    let ticks = 0;
    const interval = setInterval(() => ticks++, 1);
    await runSchedule({
      rowGroups: groups(30_000, 1000),
      generators: [idGenerator(), cellGenerator('a', { requires: ['id'], run: (row) => ({ a: row.id }) })],
      yieldIntervalMs: 5,
    });
    clearInterval(interval);
    expect(ticks).toBeGreaterThan(2);
  });

  it('refills a slot at once when a task settles after the event loop waited (no yield behind I/O callbacks)', async () => {
    const log: string[] = [];
    await runSchedule({
      rowGroups: groups(3, 3),
      generators: [
        idGenerator(),
        cellGenerator('a', {
          requires: ['id'],
          run: async (row) => {
            log.push(`start ${String(row.id)}`);
            await sleep(20); // the loop waits for the timer: the task settles in a fresh turn
            setImmediate(() => log.push(`immediate ${String(row.id)}`));
            return { a: row.id };
          },
        }),
      ],
      maxInFlightTasks: 1,
      yieldIntervalMs: 0, // every pump of a microtask chain would yield to setImmediate
    });
    // The next cell starts in the same turn, before a setImmediate queued by the settling one.
    expect(log.indexOf('start 1')).toBeLessThan(log.indexOf('immediate 0'));
    expect(log.indexOf('start 2')).toBeLessThan(log.indexOf('immediate 1'));
  });
});

describe('runSchedule: skipped cells', () => {
  it('reports skips through the run statistics (progress and summary), not as done or failed', async () => {
    const summary = await runSchedule({
      rowGroups: [{ index: 0, size: 6, rowOffset: 0 }],
      generators: [
        idGenerator(),
        cellGenerator('maybe', {
          requires: ['id'],
          run: async (row, ctx) => {
            if (Number(row.id) % 3 === 0) ctx.reportSkipped?.('maybe', 1);
            return { maybe: null };
          },
        }),
      ],
    });
    const column = summary.columns.find((entry) => entry.name === 'maybe');
    expect(column).toMatchObject({ skipped: 2, failed: 0, total: 6 });
  });
});
