import { describe, expect, it } from '@jest/globals';
import { CompletionTracker } from './completion-tracker.js';
import { ExecutionGraph } from './execution-graph.js';
import type { Task } from './task.js';
import { batchGenerator, cellGenerator } from './test-generators.js';

const named = (graph: ExecutionGraph, tasks: Task[]): string[] =>
  tasks.map((t) => `${graph.nodes[t.node]!.name}@${t.rowGroup}:${t.row === null ? '*' : t.row}`);

describe('CompletionTracker', () => {
  const graph = ExecutionGraph.create([
    batchGenerator('seed'),
    cellGenerator('a', { requires: ['seed'] }),
    cellGenerator('b', { requires: ['a'] }),
    batchGenerator('judge', { requires: ['b'] }),
    cellGenerator('c', { requires: ['judge', 'a'] }),
  ]);

  it('starts with the root tasks only', () => {
    const tracker = new CompletionTracker(graph);
    tracker.admit(0, 3);
    expect(named(graph, tracker.takeReady())).toEqual(['seed@0:*']);
  });

  it('releases cell tasks row by row, not after the whole column', () => {
    const tracker = new CompletionTracker(graph);
    tracker.admit(0, 3);
    tracker.takeReady();
    tracker.markBatchComplete('seed', 0);
    expect(named(graph, tracker.takeReady())).toEqual(['a@0:0', 'a@0:1', 'a@0:2']);
    tracker.markCellComplete('a', 0, 1);
    expect(named(graph, tracker.takeReady())).toEqual(['b@0:1']);
    tracker.markCellComplete('a', 0, 1); // idempotent
    expect(tracker.takeReady()).toEqual([]);
  });

  it('holds a batch task until every kept row is complete, and a drop releases it', () => {
    const tracker = new CompletionTracker(graph);
    tracker.admit(0, 3);
    tracker.markBatchComplete('seed', 0);
    for (const row of [0, 1, 2]) tracker.markCellComplete('a', 0, row);
    tracker.markCellComplete('b', 0, 0);
    tracker.markCellComplete('b', 0, 2);
    tracker.takeReady();
    expect(tracker.isRowGroupComplete(0)).toBe(false);
    tracker.dropRow(0, 1);
    expect(named(graph, tracker.takeReady())).toEqual(['judge@0:*']);
    tracker.markBatchComplete('judge', 0);
    // c needs judge (batch) and a (cell): ready for the kept rows only.
    expect(named(graph, tracker.takeReady())).toEqual(['c@0:0', 'c@0:2']);
    tracker.markCellComplete('c', 0, 0);
    expect(tracker.isRowGroupComplete(0)).toBe(false);
    tracker.markCellComplete('c', 0, 2);
    expect(tracker.isRowGroupComplete(0)).toBe(true);
    expect(tracker.get(0).isRowComplete(0)).toBe(true);
    expect(tracker.get(0).isRowComplete(1)).toBe(false);
  });

  it('ignores completions of dropped rows and drops of unknown rows', () => {
    const tracker = new CompletionTracker(graph);
    tracker.admit(0, 2);
    tracker.markBatchComplete('seed', 0);
    tracker.takeReady();
    tracker.dropRow(0, 0);
    tracker.dropRow(0, 0);
    tracker.dropRow(0, 7);
    expect(tracker.get(0).droppedCount).toBe(1);
    tracker.markCellComplete('a', 0, 0);
    expect(tracker.takeReady()).toEqual([]);
    expect(tracker.isCellComplete('a', 0, 0)).toBe(false);
  });

  it('completes a row group whose rows are all dropped once its batch tasks ran', () => {
    const tracker = new CompletionTracker(graph);
    tracker.admit(4, 2);
    tracker.markBatchComplete('seed', 4);
    tracker.takeReady();
    tracker.dropRow(4, 0);
    tracker.dropRow(4, 1);
    expect(named(graph, tracker.takeReady())).toEqual(['judge@4:*']);
    expect(tracker.isRowGroupComplete(4)).toBe(false);
    tracker.markBatchComplete('judge', 4);
    expect(tracker.takeReady()).toEqual([]);
    expect(tracker.isRowGroupComplete(4)).toBe(true);
  });

  it('keeps row groups independent and reports roots complete', () => {
    const cells = ExecutionGraph.create([cellGenerator('x'), cellGenerator('y', { requires: ['x'] })]);
    const tracker = new CompletionTracker(cells);
    tracker.admit(0, 2);
    tracker.admit(1, 1);
    expect(named(cells, tracker.takeReady())).toEqual(['x@0:0', 'x@0:1', 'x@1:0']);
    tracker.markCellComplete('x', 1, 0);
    expect(named(cells, tracker.takeReady())).toEqual(['y@1:0']);
    expect(tracker.get(1).rootsComplete).toBe(true);
    expect(tracker.get(0).rootsComplete).toBe(false);
    tracker.release(1);
    expect(tracker.activeRowGroups).toEqual([0]);
    expect(() => tracker.admit(0, 1)).toThrow(/already tracked/);
  });

  it('updates in constant time per cell event on a large row group', () => {
    const wide = ExecutionGraph.create([cellGenerator('c0'), cellGenerator('c1', { requires: ['c0'] }), cellGenerator('c2', { requires: ['c1'] })]);
    let ready = 0;
    const tracker = new CompletionTracker(wide, () => ready++);
    const size = 50_000;
    tracker.admit(0, size);
    for (let node = 0; node < 3; node++) for (let row = 0; row < size; row++) tracker.markCellComplete(node, 0, row);
    expect(ready).toBe(3 * size);
    expect(tracker.isRowGroupComplete(0)).toBe(true);
  });
});
