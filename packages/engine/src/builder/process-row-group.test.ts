import { DatasetProcessingError, registerProcessor, resetProcessorRegistry } from '../processors/index.js';
import { splitRowColumns } from './order-row-columns.js';
import { processRowGroup } from './process-row-group.js';

afterEach(() => resetProcessorRegistry());

describe('processRowGroup', () => {
  it('returns the rows untouched when there are no processors', async () => {
    const rows = [{ a: 1 }];
    await expect(processRowGroup({ processors: null }, rows, 0)).resolves.toEqual({ rows, outputs: {}, warnings: [] });
    await expect(processRowGroup({}, rows, null)).resolves.toMatchObject({ rows });
  });

  it('keeps drop_columns values in the rows so splitRowColumns can save them', async () => {
    const config = { processors: [{ name: 'drop', processor_type: 'drop_columns', column_names: ['*__trace', 'nope'] }] };
    const rows = [
      { q: 'a', q__trace: 't1' },
      { q: 'b', q__trace: 't2' },
    ];
    const processed = await processRowGroup(config, rows, 4);
    expect(processed.rows).toEqual(rows);
    expect(processed.warnings).toEqual([expect.stringContaining("'nope'")]);
    const { kept, droppedRows } = splitRowColumns(processed.rows, ['q', 'q__trace'], new Set(['q__trace']));
    expect(kept).toEqual([{ q: 'a' }, { q: 'b' }]);
    expect(droppedRows).toEqual([{ q__trace: 't1' }, { q__trace: 't2' }]);
  });

  it('hides dropped columns from later processors and passes the batch number', async () => {
    const seen: Array<{ keys: string[]; batch: number | null }> = [];
    registerProcessor('spy', (config) => ({
      name: config.name,
      processorType: 'spy',
      postBatch: (rows, context) => {
        seen.push({ keys: Object.keys(rows[0] ?? {}), batch: context.batchNumber });
        return { rows: rows.map((row) => ({ ...row, spied: true })) };
      },
      preBatch: () => {
        throw new Error('pre-batch must not run here');
      },
    }));
    const config = {
      processors: [
        { name: 'drop', processor_type: 'drop_columns', column_names: ['secret'] },
        { name: 'spy', processor_type: 'spy' },
      ],
    };
    const processed = await processRowGroup(config, [{ id: 1, secret: 's' }], null);
    expect(seen).toEqual([{ keys: ['id'], batch: null }]);
    expect(processed.rows).toEqual([{ id: 1, secret: 's', spied: true }]);
  });

  it('refuses a processor that changes the row count', async () => {
    registerProcessor('shrink', (config) => ({ name: config.name, processorType: 'shrink', postBatch: (rows) => ({ rows: rows.slice(1) }) }));
    const error = await processRowGroup({ processors: [{ name: 'shrinker', processor_type: 'shrink' }] }, [{}, {}], 0).catch((caught: unknown) => caught);
    expect(DatasetProcessingError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Failed in post-batch for shrinker: the number of rows changed from 2 to 1/);
  });

  it('rejects an unknown processor type', async () => {
    await expect(processRowGroup({ processors: [{ name: 'x', processor_type: 'mystery' }] }, [{}], 0)).rejects.toThrow(/'mystery'/);
  });

  it('adds schema_transform outputs under the processor name', async () => {
    const config = {
      processors: [
        { name: 'drop', processor_type: 'drop_columns', column_names: ['b'] },
        { name: 'pairs', processor_type: 'schema_transform', template: { text: '{{ a }}' } },
      ],
    };
    const rows = [
      { a: 'x', b: 1 },
      { a: 'y', b: 2 },
    ];
    const processed = await processRowGroup(config, rows, 0);
    expect(processed.rows).toEqual(rows);
    expect(processed.outputs).toEqual({ pairs: [{ text: 'x' }, { text: 'y' }] });
  });
});
