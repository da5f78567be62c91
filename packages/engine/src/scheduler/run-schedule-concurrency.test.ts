import { describe, expect, it } from '@jest/globals';
import { cellGenerator } from '../dag/test-generators.js';
import { RunCancelledError } from './errors/index.js';
import { InMemoryAdmissionStore } from './in-memory-admission-store.js';
import { runSchedule } from './run-schedule.js';
import { checkpointRecorder, groups, idGenerator, sleep } from './test-run-helpers.js';

describe('runSchedule: concurrency', () => {
  it('holds at most maxConcurrentRowGroups row groups in memory with rowGroupLookahead 0', async () => {
    const inMemory = new Set<number>();
    let peak = 0;
    await runSchedule({
      rowGroups: groups(50, 5),
      maxConcurrentRowGroups: 2,
      rowGroupLookahead: 0,
      generators: [
        idGenerator(),
        cellGenerator('a', {
          requires: ['id'],
          run: async (row, ctx) => {
            inMemory.add(ctx.rowGroup);
            peak = Math.max(peak, inMemory.size);
            await sleep(Number(row.id) % 3);
            return { a: 1 };
          },
        }),
      ],
      onRowGroupComplete: async (index) => {
        await sleep(2); // memory is only released once the checkpoint resolves
        inMemory.delete(index);
      },
    });
    expect(peak).toBe(2);
  });

  it('starts the next row group while the previous one finishes, within maxConcurrentRowGroups + rowGroupLookahead', async () => {
    const inMemory = new Set<number>();
    let peak = 0;
    const events: string[] = [];
    await runSchedule({
      rowGroups: groups(12, 4),
      maxConcurrentRowGroups: 1,
      generators: [
        idGenerator(),
        cellGenerator('a', {
          requires: ['id'],
          run: async (row, ctx) => {
            inMemory.add(ctx.rowGroup);
            peak = Math.max(peak, inMemory.size);
            events.push(`start ${ctx.rowGroup}`);
            // The last row of each group is slow: its tail leaves the task slots idle.
            await sleep(Number(row.id) % 4 === 3 ? 40 : 1);
            events.push(`end ${ctx.rowGroup}:${Number(row.id) % 4}`);
            return { a: 1 };
          },
        }),
      ],
      onRowGroupComplete: (index) => {
        inMemory.delete(index);
      },
    });
    // Row group 1 started before the slow last row of row group 0 ended (no drain at the boundary)…
    expect(events.indexOf('start 1')).toBeLessThan(events.indexOf('end 0:3'));
    // …and never more than 1 + 1 (look-ahead) row groups were in memory.
    expect(peak).toBe(2);
  });

  it('alternates fairly between two ready generators competing for one resource', async () => {
    const starts: string[] = [];
    const generator = (name: string) =>
      cellGenerator(name, {
        resource: 'model:shared',
        run: async () => {
          starts.push(name);
          await sleep(1);
          return { [name]: 1 };
        },
      });
    await runSchedule({
      rowGroups: groups(6, 6),
      resourceLimits: { 'model:shared': 1 },
      generators: [generator('A'), generator('B')],
    });
    expect(starts.join('')).toBe('ABABABABABAB');
  });

  it('gives weighted generators proportionally more turns', async () => {
    const starts: string[] = [];
    const generator = (name: string) =>
      cellGenerator(name, {
        resource: 'model:shared',
        run: async () => {
          starts.push(name);
          await sleep(0);
          return { [name]: 1 };
        },
      });
    await runSchedule({
      rowGroups: groups(8, 8),
      resourceLimits: { 'model:shared': 1 },
      generatorWeights: { A: 3 },
      generators: [generator('B'), generator('A')], // B first, so plain index order would favour it
    });
    // While both have work, A gets three turns for each of B's.
    expect(starts.slice(0, 8).join('')).toBe('BAAABAAA');
    expect(starts.filter((s) => s === 'B')).toHaveLength(8);
  });

  it('never exceeds the cap of a resource', async () => {
    const current: Record<string, number> = {};
    const peak: Record<string, number> = {};
    const generator = (name: string, resource: string, requires: string[]) =>
      cellGenerator(name, {
        resource,
        requires,
        run: async (row) => {
          current[resource] = (current[resource] ?? 0) + 1;
          peak[resource] = Math.max(peak[resource] ?? 0, current[resource]!);
          await sleep(Number(row.id) % 4);
          current[resource]!--;
          return { [name]: 1 };
        },
      });
    const store = new InMemoryAdmissionStore({ 'model:x': 3, 'model:y': 2 });
    await runSchedule({
      rowGroups: groups(60, 20),
      admissionStore: store,
      generators: [idGenerator(), generator('q', 'model:x', ['id']), generator('r', 'model:x', ['id']), generator('s', 'model:y', ['q'])],
    });
    expect(peak).toEqual({ 'model:x': 3, 'model:y': 2 });
    expect(store.snapshot()['model:x']).toEqual({ inFlight: 0, limit: 3, peak: 3 });
  });

  it('respects maxInFlightTasks across resources', async () => {
    let current = 0;
    let peak = 0;
    await runSchedule({
      rowGroups: groups(40, 20),
      maxInFlightTasks: 4,
      generators: [
        cellGenerator('a', {
          run: async () => {
            peak = Math.max(peak, ++current);
            await sleep(1);
            current--;
            return { a: 1 };
          },
        }),
      ],
    });
    expect(peak).toBe(4);
  });
});

describe('runSchedule: cancellation and hooks', () => {
  it('cancels: stops admitting, aborts in-flight calls and keeps finished row groups', async () => {
    const controller = new AbortController();
    const recorder = checkpointRecorder();
    let abortedCalls = 0;
    const error = await runSchedule({
      rowGroups: groups(40, 5),
      maxConcurrentRowGroups: 2,
      signal: controller.signal,
      generators: [
        idGenerator(),
        cellGenerator('slow', {
          requires: ['id'],
          run: async (row, ctx) => {
            try {
              await sleep(Number(row.id) < 5 ? 1 : 30, ctx.signal);
            } catch (e) {
              abortedCalls++;
              throw e;
            }
            return { slow: 1 };
          },
        }),
      ],
      onRowGroupComplete: (index, rows) => {
        recorder.onRowGroupComplete(index, rows);
        if (index === 0) controller.abort(new Error('user pressed Ctrl-C'));
      },
    }).catch((e: unknown) => e);
    expect(RunCancelledError.isInstance(error)).toBe(true);
    const cancelled = error as RunCancelledError;
    expect(recorder.order).toEqual([0]);
    expect(recorder.written.get(0)).toHaveLength(5);
    expect(abortedCalls).toBeGreaterThan(0);
    expect(cancelled.summary).toMatchObject({ rowGroupsCompleted: [0], recordsWritten: 5, stoppedBy: 'cancelled' });
    expect(cancelled.message).toMatch(/cancelled after 1 row group/);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const error = await runSchedule({
      rowGroups: groups(5, 5),
      signal: controller.signal,
      generators: [
        cellGenerator('x', {
          run: () => {
            calls++;
            return { x: 1 };
          },
        }),
      ],
    }).catch((e: unknown) => e);
    expect(RunCancelledError.isInstance(error)).toBe(true);
    expect(calls).toBe(0);
  });

  it('runs the pre-batch hook after the roots and before anything downstream, applying its drops', async () => {
    const order: string[] = [];
    const recorder = checkpointRecorder();
    const summary = await runSchedule({
      rowGroups: groups(4, 4),
      generators: [
        idGenerator(),
        cellGenerator('seen', {
          requires: ['id'],
          run: (row) => {
            order.push(`seen${String(row.id)}`);
            return { seen: row.tag ?? null };
          },
        }),
      ],
      hooks: {
        preBatch: (rows) => {
          order.push('pre');
          return rows.map((row) => (row.id === 1 ? null : { ...row, tag: `t${String(row.id)}` }));
        },
        postBatch: (rows) => rows.map((row) => ({ ...row, post: true })),
      },
      onRowGroupComplete: recorder.onRowGroupComplete,
    });
    expect(order[0]).toBe('pre');
    expect(order).not.toContain('seen1');
    expect(recorder.written.get(0)).toEqual([
      { id: 0, seen: 't0', tag: 't0', post: true },
      { id: 2, seen: 't2', tag: 't2', post: true },
      { id: 3, seen: 't3', tag: 't3', post: true },
    ]);
    expect(summary.droppedRows).toBe(1);
  });
});
