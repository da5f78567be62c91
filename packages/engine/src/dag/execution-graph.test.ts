import { describe, expect, it } from '@jest/globals';
import { ExecutionGraph } from './execution-graph.js';
import { ExecutionGraphError } from './execution-graph-error.js';
import { batchGenerator, cellGenerator } from './test-generators.js';

describe('ExecutionGraph', () => {
  it('computes edges from required columns and splits upstreams by strategy', () => {
    const graph = ExecutionGraph.create([
      batchGenerator('seed', { columns: ['topic', 'level'] }),
      cellGenerator('question', { requires: ['topic'] }),
      cellGenerator('answer', { requires: ['question', 'level'] }),
      batchGenerator('score', { requires: ['answer', 'topic'] }),
    ]);
    expect(graph.topologicalOrder()).toEqual(['seed', 'question', 'answer', 'score']);
    const answer = graph.nodes[graph.indexOf('answer')]!;
    expect(answer.upstream).toEqual([0, 1]);
    expect(answer.cellUpstream).toEqual([1]);
    expect(answer.batchUpstream).toEqual([0]);
    expect(graph.nodes[0]!.downstream).toEqual([1, 2, 3]);
    expect(graph.nodes[0]!.isRoot).toBe(true);
    expect(graph.producerOf('level')?.name).toBe('seed');
    expect(graph.columns).toEqual(['topic', 'level', 'question', 'answer', 'score']);
  });

  it('resolves side-effect columns to their producer, declared or by suffix', () => {
    const graph = ExecutionGraph.create([
      cellGenerator('a', { columns: ['a', 'a__trace'] }),
      cellGenerator('b'),
      cellGenerator('c', { requires: ['a__trace', 'b__reasoning_content'] }),
    ]);
    expect(graph.nodes[graph.indexOf('c')]!.upstream).toEqual([0, 1]);
  });

  it('reorders deterministically when the caller order is not topological', () => {
    const graph = ExecutionGraph.create([
      cellGenerator('z', { requires: ['y'] }),
      cellGenerator('x'),
      cellGenerator('y', { requires: ['x'] }),
      cellGenerator('w'),
    ]);
    expect(graph.topologicalOrder()).toEqual(['x', 'y', 'z', 'w']);
    // Output columns keep the caller's order.
    expect(graph.columns).toEqual(['z', 'x', 'y', 'w']);
  });

  it('detects cycles, unknown and duplicate columns; a self reference is no edge', () => {
    const cycle = () => ExecutionGraph.create([cellGenerator('a', { requires: ['b'] }), cellGenerator('b', { requires: ['a'] })]);
    expect(cycle).toThrow(/cycle among: a, b/);
    // A self reference adds no edge, as in the original's execution graph (it fails when it renders).
    const selfReferencing = ExecutionGraph.create([cellGenerator('a', { requires: ['a'] })]);
    expect(selfReferencing.nodes[selfReferencing.indexOf('a')]!.upstream).toEqual([]);
    expect(() => ExecutionGraph.create([cellGenerator('a', { requires: ['nope'] })])).toThrow(/requires column 'nope', which no generator produces/);
    expect(() => ExecutionGraph.create([cellGenerator('a', { columns: ['x'] }), cellGenerator('b', { columns: ['x'] })])).toThrow(
      /produced by both 'a' and 'b'/,
    );
    try {
      cycle();
    } catch (error) {
      expect(ExecutionGraphError.isInstance(error)).toBe(true);
      expect((error as InstanceType<typeof ExecutionGraphError>).fix).toBeDefined();
    }
  });

  it('reports the critical path, task counts and a mermaid chart', () => {
    const graph = ExecutionGraph.create([
      batchGenerator('s'),
      cellGenerator('a', { requires: ['s'] }),
      cellGenerator('b', { requires: ['a'] }),
      cellGenerator('c', { requires: ['s'] }),
    ]);
    expect(graph.criticalPath()).toEqual(['s', 'a', 'b']);
    expect(graph.taskCount(2500, 1000)).toEqual({ s: 3, a: 2500, b: 2500, c: 2500 });
    expect(graph.toMermaid()).toBe(
      [
        'flowchart TD',
        '  n0(["s<br/>full_column"])',
        '  n1["a<br/>cell_by_cell"]',
        '  n2["b<br/>cell_by_cell"]',
        '  n3["c<br/>cell_by_cell"]',
        '  n0 --> n1',
        '  n0 --> n3',
        '  n1 --> n2',
      ].join('\n'),
    );
  });
});
