import { describe, expect, it } from '@jest/globals';
import { batchGenerator, cellGenerator } from '../dag/test-generators.js';
import { SkippedCells, withSkip } from './with-skip.js';

describe('withSkip reports skipped cells to the scheduler', () => {
  const context = () => {
    const reported: Array<[string, number]> = [];
    return {
      reported,
      ctx: { rowGroup: 0, rowOffset: 0, signal: new AbortController().signal, reportSkipped: (g: string, n: number) => reported.push([g, n]) },
    };
  };

  it('cell by cell: one report per skipped row; generated rows are not reported', async () => {
    const { reported, ctx } = context();
    const wrapped = withSkip(cellGenerator('y'), { decide: (row) => Number(row.x) > 1, skipValue: 'n/a', skipped: new SkippedCells() });
    if (wrapped.strategy !== 'cell_by_cell') throw new Error('strategy changed');
    expect(await wrapped.generateCell({ x: 2 }, ctx)).toEqual({ y: 'n/a' });
    expect(await wrapped.generateCell({ x: 0 }, ctx)).toEqual({ y: 'y!' });
    expect(reported).toEqual([['y', 1]]);
  });

  it('full column: the skipped rows of a batch are reported once with their count', async () => {
    const { reported, ctx } = context();
    const wrapped = withSkip(batchGenerator('z', { run: (rows) => rows.map(() => ({ z: 1 })) }), {
      decide: (row) => Number(row.x) % 2 === 0,
      skipValue: null,
      skipped: new SkippedCells(),
    });
    if (wrapped.strategy !== 'full_column') throw new Error('strategy changed');
    expect(await wrapped.generateBatch([{ x: 0 }, { x: 1 }, { x: 2 }, { x: 3 }], ctx)).toEqual([{ z: null }, { z: 1 }, { z: null }, { z: 1 }]);
    expect(reported).toEqual([['z', 2]]);
  });
});
