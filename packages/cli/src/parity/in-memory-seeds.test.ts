import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuilderSerializationError, ConfigValidationError, DataDesignerConfigBuilder } from '@dd/config';
import { Field, Float64, Int32, Int64, List, Struct, Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { DataDesigner } from '../data-designer.js';

// In-memory seed rows (the original's DataFrame seed), results → builder round trips and the
// preview's analysis, through the public API.
const artifacts = mkdtempSync(path.join(os.tmpdir(), 'dd-in-memory-'));
const designer = new DataDesigner(artifacts);
const ROWS = [
  { city: 'Oslo', population: 700 },
  { city: 'Lima', population: 10000 },
  { city: 'Pune', population: 3100 },
];

describe('in-memory seed datasets', () => {
  it('an array of records seeds a run, in order', async () => {
    const builder = new DataDesignerConfigBuilder()
      .withSeedDataset(ROWS)
      .addColumn({ name: 'label', column_type: 'expression', expr: '{{ city }}:{{ population }}' });
    const results = await designer.create(builder, { numRecords: 4, analyze: false });
    expect((await results.loadDataset()).map((row) => row.label)).toEqual(['Oslo:700', 'Lima:10000', 'Pune:3100', 'Oslo:700']);
    const written = JSON.parse(readFileSync(path.join(results.datasetPath, 'builder_config.json'), 'utf8')) as {
      data_designer: { seed_config: { source: unknown } };
    };
    expect(written.data_designer.seed_config.source).toEqual({ seed_type: 'df' });
  });

  it('an Arrow-like table (toArray rows with toJSON) is read as records', async () => {
    const table = { numRows: 2, toArray: () => ROWS.slice(0, 2).map((row) => ({ toJSON: () => row })) };
    const builder = new DataDesignerConfigBuilder()
      .withSeedDataset({ seed_type: 'df', df: table })
      .addColumn({ name: 'upper', column_type: 'expression', expr: '{{ city | upper }}' });
    const preview = await designer.preview(builder, { numRecords: 2, analyze: false });
    expect(preview.records.map((row) => row.upper)).toEqual(['OSLO', 'LIMA']);
  });

  it('an apache-arrow Table seeds a run; its values are read as parquet would give them', async () => {
    const table = new Table({
      id: vectorFromArray([1n, 2n], new Int64()),
      city: vectorFromArray(['Oslo', 'Lima'], new Utf8()),
      score: vectorFromArray([0.5, 1.25], new Float64()),
      seen: vectorFromArray([new Date('2024-01-02T03:04:05Z'), new Date('2025-06-07T08:09:10Z')], new TimestampMillisecond()),
      tags: vectorFromArray([[1, 2], [3]], new List(new Field('item', new Int32()))),
      place: vectorFromArray(
        [
          { zip: 150, code: 'N' },
          { zip: 15001, code: 'P' },
        ],
        new Struct([new Field('zip', new Int32()), new Field('code', new Utf8())]),
      ),
      note: vectorFromArray([null, 'x'], new Utf8()),
    });
    const builder = new DataDesignerConfigBuilder()
      .withSeedDataset(table)
      .addColumn({ name: 'label', column_type: 'expression', expr: '{{ city }}#{{ id + 1 }}:{{ tags | length }}:{{ place.code }}' });
    const results = await designer.create(builder, { numRecords: 2, analyze: false });
    const rows = await results.loadDataset();
    expect(rows.map((row) => row.label)).toEqual(['Oslo#2:2:N', 'Lima#3:1:P']);
    expect(rows.map((row) => [row.id, row.score, row.tags, row.place, row.note])).toEqual([
      [1, 0.5, [1, 2], { zip: 150, code: 'N' }, null],
      [2, 1.25, [3], { zip: 15001, code: 'P' }, 'x'],
    ]);
    expect(rows.map((row) => (row.seen as Date).toISOString())).toEqual(['2024-01-02T03:04:05.000Z', '2025-06-07T08:09:10.000Z']);
  });

  it('an Arrow table with only columns (getChild) or only get(i) is read the same', async () => {
    const table = new Table({ id: vectorFromArray([7n, 8n], new Int64()), city: vectorFromArray(['Pune', 'Oslo'], new Utf8()) });
    const columnsOnly = { numRows: table.numRows, schema: table.schema, getChild: (name: 'id' | 'city') => table.getChild(name) };
    const rowsOnly = { numRows: table.numRows, get: (index: number) => table.get(index) };
    for (const source of [columnsOnly, rowsOnly]) {
      const builder = new DataDesignerConfigBuilder()
        .withSeedDataset({ seed_type: 'df', df: source })
        .addColumn({ name: 'label', column_type: 'expression', expr: '{{ city }}-{{ id * 2 }}' });
      const preview = await designer.preview(builder, { numRecords: 2, analyze: false });
      expect(preview.records.map((row) => row.label)).toEqual(['Pune-14', 'Oslo-16']);
    }
  });

  it('bad in-memory input names the field and the row', () => {
    expect(() => new DataDesignerConfigBuilder().withSeedDataset([{ a: 1 }, 'oops' as never])).toThrow(ConfigValidationError);
    expect(() => new DataDesignerConfigBuilder().withSeedDataset([{ a: 1 }, 'oops' as never])).toThrow(/df\[1\] is not a record/);
    expect(() => new DataDesignerConfigBuilder().withSeedDataset([])).toThrow(/df has no rows/);
  });

  it('a builder with in-memory rows cannot be written to a file', async () => {
    const builder = new DataDesignerConfigBuilder().withSeedDataset(ROWS).addColumn({ name: 'x', column_type: 'expression', expr: '{{ city }}' });
    await expect(builder.writeConfig(path.join(artifacts, 'seeded.yaml'))).rejects.toThrow(BuilderSerializationError);
  });
});

describe('round trips and preview analysis', () => {
  const stage1 = () =>
    new DataDesignerConfigBuilder()
      .addColumn({ name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 1, high: 9 }, convert_to: 'int' })
      .addColumn({ name: 'doubled', column_type: 'expression', expr: '{{ n * 2 }}', dtype: 'int' });

  it('results.toConfigBuilder() seeds the next config with the dataset (optionally some columns)', async () => {
    const first = await designer.create(stage1(), { numRecords: 5, seed: 1, analyze: false });
    const firstRows = await first.loadDataset();
    const next = (await first.toConfigBuilder(['n'])).addColumn({ name: 'tripled', column_type: 'expression', expr: '{{ n * 3 }}', dtype: 'int' });
    const second = await designer.create(next, { numRecords: 5, analyze: false });
    const rows = await second.loadDataset();
    expect(rows.map((row) => row.n)).toEqual(firstRows.map((row) => row.n));
    expect(rows.map((row) => row.tripled)).toEqual(firstRows.map((row) => Number(row.n) * 3));
    expect(Object.keys(rows[0]!).sort()).toEqual(['n', 'tripled']);
    await expect(first.toConfigBuilder(['nope'])).rejects.toThrow(/column\(s\) 'nope' are not in the dataset/);
  });

  it('preview.toConfigBuilder() and preview.analysis', async () => {
    const preview = await designer.preview(stage1(), { numRecords: 6, seed: 2 });
    expect(preview.analysis?.num_records).toBe(6);
    expect(preview.analysis?.column_statistics.map((column) => column.column_name)).toEqual(['n', 'doubled']);
    const next = preview.toConfigBuilder().addColumn({ name: 'sum', column_type: 'expression', expr: '{{ n + doubled }}', dtype: 'int' });
    const again = await designer.preview(next, { numRecords: 6, analyze: false });
    expect(again.analysis).toBeNull();
    expect(again.records.map((row) => row.sum)).toEqual(preview.records.map((row) => Number(row.n) * 3));
  });
});
