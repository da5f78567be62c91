import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDesignerConfigBuilder } from '@dd/config';
import { DataDesignerGenerationError } from '@dd/engine';
import { DataDesigner } from '../data-designer.js';

// create({ onBatchComplete }): the original's create(on_batch_complete=...), called with the
// written file of each row group.
const artifacts = mkdtempSync(path.join(os.tmpdir(), 'dd-on-batch-'));
const config = () =>
  new DataDesignerConfigBuilder()
    .addColumn({ name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 9 }, convert_to: 'int' })
    .addColumn({ name: 'twice', column_type: 'expression', expr: '{{ n * 2 }}' });

describe('create onBatchComplete', () => {
  it('is called once per row group, in completion order, with a parquet file that exists when it is called', async () => {
    const calls: Array<{ file: string; existed: boolean }> = [];
    const completed: number[] = [];
    const designer = new DataDesigner(artifacts, { runConfig: { buffer_size: 4, otel_metrics_port: null } });
    const results = await designer.create(config(), {
      numRecords: 10,
      analyze: false,
      datasetName: 'batches',
      onEvent: (event) => {
        if (event.type === 'row-group-complete') completed.push(event.index);
      },
      onBatchComplete: (file) => calls.push({ file, existed: existsSync(file) }),
    });
    // Row groups may finish out of order (as in the original's async engine): one call per group,
    // in the order the groups completed, after onEvent heard of it.
    expect([...completed].sort()).toEqual([0, 1, 2]);
    expect(calls.map((call) => path.relative(results.datasetPath, call.file))).toEqual(
      completed.map((index) => path.join('parquet-files', `batch_0000${index}.parquet`)),
    );
    expect(calls.every((call) => call.existed && path.isAbsolute(call.file))).toBe(true);
  });

  it('a throwing callback fails the run with a generation error', async () => {
    const designer = new DataDesigner(artifacts, { runConfig: { buffer_size: 5, otel_metrics_port: null } });
    const failure = await designer
      .create(config(), {
        numRecords: 10,
        analyze: false,
        datasetName: 'batches-throw',
        onBatchComplete: () => {
          throw new Error('upload queue is full');
        },
      })
      .catch((error: unknown) => error);
    expect(DataDesignerGenerationError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/upload queue is full/);
  });
});
