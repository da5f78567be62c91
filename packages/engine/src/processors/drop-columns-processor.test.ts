import { createDropColumnsProcessor, resolveDropColumnNames } from './drop-columns-processor.js';

describe('resolveDropColumnNames', () => {
  it('matches literal names exactly and * globs with fnmatch', () => {
    const available = ['answer', 'answer__trace', 'question__trace', 'id', 'a.b'];
    expect(resolveDropColumnNames(['*__trace', 'id'], available)).toEqual({ names: ['answer__trace', 'question__trace', 'id'], unmatched: [] });
    expect(resolveDropColumnNames(['a*'], available).names).toEqual(['answer', 'answer__trace', 'a.b']);
    expect(resolveDropColumnNames(['a?b'], available)).toEqual({ names: [], unmatched: ['a?b'] });
  });

  it('reports patterns that match nothing and de-duplicates', () => {
    expect(resolveDropColumnNames(['id', 'i*', 'nope', 'zz*'], ['id'])).toEqual({ names: ['id'], unmatched: ['nope', 'zz*'] });
  });
});

describe('drop_columns processor', () => {
  const processor = createDropColumnsProcessor({ name: 'drop', processor_type: 'drop_columns', column_names: ['secret', '*__trace', 'missing'] });

  it('is post-batch only', () => {
    expect(typeof processor.postBatch).toBe('function');
    expect(processor.preBatch).toBeUndefined();
    expect(processor.afterGeneration).toBeUndefined();
  });

  it('removes the columns and hands back their values per row', async () => {
    const rows = [
      { id: 1, secret: 's1', answer__trace: 't1' },
      { id: 2, secret: 's2' },
    ];
    const result = await processor.postBatch!(rows, { batchNumber: 0 });
    expect(result.rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect(result.droppedRows).toEqual([{ secret: 's1', answer__trace: 't1' }, { secret: 's2' }]);
    expect(result.warnings).toEqual([expect.stringContaining("'missing'")]);
    expect(rows[0]).toEqual({ id: 1, secret: 's1', answer__trace: 't1' });
  });

  it('needs column_names', () => {
    expect(() => createDropColumnsProcessor({ name: 'd', processor_type: 'drop_columns' })).toThrow(/column_names/);
  });
});
