import { DatasetProcessingError } from './dataset-processing-error.js';
import { createDropColumnsProcessor } from './drop-columns-processor.js';
import type { Processor } from './processor.js';
import { runProcessorStage } from './run-processor-stage.js';

function tagger(name: string, log: string[]): Processor {
  return {
    name,
    processorType: 'tag',
    postBatch: (rows) => {
      log.push(`${name}:post:${Object.keys(rows[0] ?? {}).join(',')}`);
      return { rows: rows.map((row) => ({ ...row, [name]: true })) };
    },
    preBatch: (rows) => {
      log.push(`${name}:pre`);
      return { rows };
    },
  };
}

describe('runProcessorStage', () => {
  it('runs only the requested stage, in config order, each seeing the previous rows', async () => {
    const log: string[] = [];
    const drop = createDropColumnsProcessor({ name: 'drop', processor_type: 'drop_columns', column_names: ['x'] });
    const result = await runProcessorStage([tagger('a', log), drop, tagger('b', log)], 'postBatch', [{ x: 1, y: 2 }], { batchNumber: 3 });
    expect(log).toEqual(['a:post:x,y', 'b:post:y,a']);
    expect(result.rows).toEqual([{ y: 2, a: true, b: true }]);
    expect(result.droppedRows).toEqual([{ x: 1 }]);
    expect(result.outputs).toEqual({});
  });

  it('skips processors without the hook', async () => {
    const log: string[] = [];
    const drop = createDropColumnsProcessor({ name: 'drop', processor_type: 'drop_columns', column_names: ['x'] });
    const result = await runProcessorStage([drop, tagger('a', log)], 'preBatch', [{ x: 1 }], { batchNumber: 0 });
    expect(log).toEqual(['a:pre']);
    expect(result.rows).toEqual([{ x: 1 }]);
    expect(result.droppedRows).toEqual([]);
  });

  it('merges the dropped parts of several drop processors', async () => {
    const first = createDropColumnsProcessor({ name: 'd1', processor_type: 'drop_columns', column_names: ['a'] });
    const second = createDropColumnsProcessor({ name: 'd2', processor_type: 'drop_columns', column_names: ['b'] });
    const result = await runProcessorStage([first, second], 'postBatch', [{ a: 1, b: 2, c: 3 }], { batchNumber: 0 });
    expect(result.rows).toEqual([{ c: 3 }]);
    expect(result.droppedRows).toEqual([{ a: 1, b: 2 }]);
  });

  const shrink: Processor = {
    name: 'shrink',
    processorType: 'shrink',
    postBatch: (rows) => ({ rows: rows.slice(1) }),
    afterGeneration: (rows) => ({ rows: rows.slice(1) }),
  };

  it('refuses row-count changes in pre- and post-batch', async () => {
    const error = await runProcessorStage([shrink], 'postBatch', [{}, {}], { batchNumber: 0 }).catch((caught: unknown) => caught);
    expect(DatasetProcessingError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Failed in post-batch for shrink: the number of rows changed from 2 to 1; post-batch processors must keep every row.',
    );
  });

  it('allows row-count changes after generation', async () => {
    const result = await runProcessorStage([shrink], 'afterGeneration', [{ a: 1 }, { a: 2 }], { batchNumber: null });
    expect(result.rows).toEqual([{ a: 2 }]);
  });

  it('wraps hook errors with the stage and processor name', async () => {
    const broken: Processor = {
      name: 'broken',
      processorType: 'x',
      postBatch: async () => {
        throw new Error('nope');
      },
    };
    const error = await runProcessorStage([broken], 'postBatch', [{}], { batchNumber: 1 }).catch((caught: unknown) => caught);
    expect(DatasetProcessingError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('Failed in post-batch for broken: nope');
  });

  it('collects side outputs and warnings', async () => {
    const side: Processor = { name: 'side', processorType: 'x', postBatch: (rows) => ({ rows, output: rows.map(() => ({ k: 1 })), warnings: ['w'] }) };
    const result = await runProcessorStage([side], 'postBatch', [{ a: 1 }], { batchNumber: 0 });
    expect(result.outputs).toEqual({ side: [{ k: 1 }] });
    expect(result.warnings).toEqual(['w']);
    expect(result.rows).toEqual([{ a: 1 }]);
  });
});
