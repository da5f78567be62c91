import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { registerPlugin, unregisterPlugin } from '@dd/config';
import { registerProcessor, resetProcessorRegistry, type Row } from '@dd/engine';
import { DataDesigner } from '../data-designer.js';

// A plugin processor per stage, run through DataDesigner.create / preview: pre-batch sees the
// sampler columns before the other columns run, post-batch each finished row group, and
// after-generation the whole dataset (where rows may be added or removed).
const seen: { preBatch: Row[][]; postBatch: Row[][]; afterGeneration: Row[][] } = { preBatch: [], postBatch: [], afterGeneration: [] };

beforeAll(() => {
  registerPlugin({
    name: 'stage-probe',
    pluginType: 'processor',
    discriminatorValue: 'stage_probe',
    configSchema: z.strictObject({ name: z.string(), processor_type: z.literal('stage_probe'), stage: z.enum(['pre', 'post', 'after', 'bad-pre']) }),
  });
  registerProcessor('stage_probe', (config) => {
    const base = { name: String(config.name), processorType: 'stage_probe' };
    switch (config.stage) {
      case 'pre':
        return {
          ...base,
          preBatch: (rows) => {
            seen.preBatch.push(rows.map((row) => ({ ...row })));
            return { rows: rows.map((row) => ({ ...row, n: Number(row.n) * 10 })) };
          },
        };
      case 'post':
        return {
          ...base,
          postBatch: (rows, context) => {
            seen.postBatch.push(rows.map((row) => ({ ...row })));
            return { rows: rows.map((row) => ({ ...row, batch: context.batchNumber })) };
          },
        };
      case 'after':
        return {
          ...base,
          afterGeneration: (rows) => {
            seen.afterGeneration.push(rows.map((row) => ({ ...row })));
            return { rows: rows.filter((row) => Number(row.n) % 20 === 0), output: [{ total: rows.length }] };
          },
        };
      default:
        return { ...base, preBatch: (rows) => ({ rows: rows.slice(1) }) };
    }
  });
});
afterAll(() => {
  unregisterPlugin('stage-probe');
  resetProcessorRegistry();
});

const config = (stages: string[]) => ({
  columns: [
    { name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 6 }, convert_to: 'int' },
    { name: 'label', column_type: 'expression', expr: 'n={{ n }}' },
  ],
  processors: stages.map((stage) => ({ name: `probe_${stage}`, processor_type: 'stage_probe', stage })),
});

describe('processor stages through DataDesigner', () => {
  const artifacts = mkdtempSync(path.join(os.tmpdir(), 'dd-stages-'));
  const designer = new DataDesigner(artifacts, { runConfig: { buffer_size: 4 } });

  it('runs pre-batch, post-batch and after-generation where the original does', async () => {
    seen.preBatch = [];
    seen.postBatch = [];
    seen.afterGeneration = [];
    const results = await designer.create(config(['pre', 'post', 'after']), { numRecords: 10, seed: 7, analyze: false });
    // Pre-batch: once per row group, before the expression column exists.
    expect(seen.preBatch.map((rows) => rows.length)).toEqual([4, 4, 2]);
    for (const rows of seen.preBatch) for (const row of rows) expect(Object.keys(row)).toEqual(['n']);
    // The expression column saw the pre-batch value.
    for (const rows of seen.postBatch) for (const row of rows) expect(row.label).toBe(`n=${String(row.n)}`);
    expect(seen.postBatch.map((rows) => rows.length).sort()).toEqual([2, 4, 4]);
    // After-generation: once, on all 10 records (post-batch columns included); it may drop rows.
    expect(seen.afterGeneration).toHaveLength(1);
    expect(seen.afterGeneration[0]).toHaveLength(10);
    expect(seen.afterGeneration[0]!.every((row) => typeof row.batch === 'number')).toBe(true);
    const kept = seen.afterGeneration[0]!.filter((row) => Number(row.n) % 20 === 0);
    const records = await results.loadDataset();
    expect(records.map((row) => row.n)).toEqual(kept.map((row) => row.n));
    expect(await results.loadProcessorDataset('probe_after')).toEqual([{ total: 10 }]);
    const metadata = JSON.parse(readFileSync(path.join(results.datasetPath, 'metadata.json'), 'utf8')) as Record<string, unknown>;
    expect(metadata).toMatchObject({ post_generation_state: 'complete', post_generation_processed: true });
    // Rewritten in buffer_size chunks.
    expect(readdirSync(path.join(results.datasetPath, 'parquet-files')).length).toBe(Math.max(1, Math.ceil(kept.length / 4)));
  });

  it('resume after after-generation processing is a no-op for the same target and refused for more records', async () => {
    const first = await designer.create(config(['after']), { numRecords: 4, datasetName: 'resumable', analyze: false });
    const again = await designer.create(config(['after']), { numRecords: 4, datasetName: path.basename(first.datasetPath), resume: 'always', analyze: false });
    expect(again.datasetPath).toBe(first.datasetPath);
    await expect(
      designer.create(config(['after']), { numRecords: 8, datasetName: path.basename(first.datasetPath), resume: 'always', analyze: false }),
    ).rejects.toThrow(/after-generation|post-processed|already been applied/i);
  });

  it('preview runs post-batch then after-generation on the preview rows', async () => {
    seen.preBatch = [];
    seen.postBatch = [];
    seen.afterGeneration = [];
    const preview = await designer.preview(config(['pre', 'post', 'after']), { numRecords: 6, seed: 3 });
    expect(seen.preBatch).toHaveLength(1);
    expect(seen.postBatch).toHaveLength(1);
    expect(seen.afterGeneration[0]).toHaveLength(6);
    expect(preview.records.every((row) => Number(row.n) % 20 === 0)).toBe(true);
    expect(preview.records.every((row) => row.batch === null)).toBe(true);
    expect(preview.processorArtifacts.probe_after).toEqual([{ total: 6 }]);
  });

  it('a pre-batch processor that changes the row count stops the run with a clear error', async () => {
    await expect(designer.create(config(['bad-pre']), { numRecords: 4, analyze: false })).rejects.toThrow(
      /pre-batch for probe_bad-pre: the number of rows changed from 4 to 3.*not supported/s,
    );
  });
});
