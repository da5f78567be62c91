import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDesignerConfigBuilder } from '@dd/config';
import { customColumnGenerator, type GenerationEvent } from '@dd/engine';
import { DataDesigner } from '../data-designer.js';

// Run-config fields that used to be accepted and ignored now act as in the original.
const artifacts = mkdtempSync(path.join(os.tmpdir(), 'dd-run-config-'));
const sampler = { name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 9 }, convert_to: 'int' } as const;
const config = () => new DataDesignerConfigBuilder().addColumn(sampler).addColumn({ name: 'twice', column_type: 'expression', expr: '{{ n * 2 }}' });

describe('run-config fields', () => {
  it('write_scheduler_events writes scheduler_events.jsonl in the original schema in the dataset folder (create only)', async () => {
    const designer = new DataDesigner(artifacts, { runConfig: { write_scheduler_events: true, buffer_size: 5 } });
    const results = await designer.create(config(), { numRecords: 10, analyze: false, datasetName: 'events' });
    const lines = readFileSync(path.join(results.datasetPath, 'scheduler_events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            event_kind: string;
            sequence: number;
            ts: string;
            task_lease_id: unknown;
            captured_correlation: { run_id: string };
            diagnostics: { row_group?: number; surviving_rows?: number };
          },
      );
    expect(lines.map((event) => event.sequence)).toEqual(lines.map((_, index) => index + 1));
    const checkpointed = lines.filter((event) => event.event_kind === 'row_group_checkpointed');
    expect(checkpointed.map((event) => event.diagnostics.row_group).sort()).toEqual([0, 1]);
    expect(checkpointed.map((event) => event.diagnostics.surviving_rows)).toEqual([5, 5]);
    expect(lines.filter((event) => event.event_kind === 'row_group_admitted')).toHaveLength(2);
    expect(new Set(lines.map((event) => event.captured_correlation.run_id)).size).toBe(1);
    expect(lines[0]!.captured_correlation.run_id).toMatch(/^run-[0-9a-f]{32}$/);
    expect(lines.every((event) => event.task_lease_id === null && !Number.isNaN(Date.parse(event.ts)))).toBe(true);
    const plain = await new DataDesigner(artifacts).create(config(), { numRecords: 2, analyze: false, datasetName: 'no-events' });
    expect(existsSync(path.join(plain.datasetPath, 'scheduler_events.jsonl'))).toBe(false);
  });

  it('async_trace records one trace per generator call on the preview', async () => {
    const traced = await new DataDesigner(artifacts, { runConfig: { async_trace: true } }).preview(config(), { numRecords: 3, analyze: false });
    const traces = traced.taskTraces ?? [];
    expect(traces.filter((trace) => trace.column === 'twice')).toHaveLength(3);
    expect(traces.every((trace) => trace.status === 'ok' && trace.durationMs >= 0 && trace.rowGroup === 0)).toBe(true);
    expect(traces.some((trace) => trace.kind === 'batch')).toBe(true);
    const untraced = await new DataDesigner(artifacts).preview(config(), { numRecords: 3, analyze: false });
    expect(untraced.taskTraces).toBeNull();
  });

  it('DATA_DESIGNER_ASYNC_TRACE=1 turns traces on as async_trace does; other values do not', async () => {
    const saved = process.env.DATA_DESIGNER_ASYNC_TRACE;
    try {
      process.env.DATA_DESIGNER_ASYNC_TRACE = '1';
      const traced = await new DataDesigner(artifacts).preview(config(), { numRecords: 2, analyze: false });
      expect((traced.taskTraces ?? []).filter((trace) => trace.column === 'twice')).toHaveLength(2);
      process.env.DATA_DESIGNER_ASYNC_TRACE = 'true';
      const untraced = await new DataDesigner(artifacts).preview(config(), { numRecords: 2, analyze: false });
      expect(untraced.taskTraces).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.DATA_DESIGNER_ASYNC_TRACE;
      else process.env.DATA_DESIGNER_ASYNC_TRACE = saved;
    }
  });

  it('non_inference_max_parallel_workers caps concurrent non-model tasks', async () => {
    let running = 0;
    let peak = 0;
    const slow = customColumnGenerator(
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 15));
        running -= 1;
        return 'done';
      },
      { requiredColumns: ['n'] },
    );
    const builder = new DataDesignerConfigBuilder().addColumn(sampler).addColumn({ name: 'slow', column_type: 'custom', generator_function: slow });
    await new DataDesigner(artifacts, { runConfig: { non_inference_max_parallel_workers: 2 } }).preview(builder, { numRecords: 12, analyze: false });
    expect(peak).toBe(2);
    peak = 0;
    await new DataDesigner(artifacts, { runConfig: { non_inference_max_parallel_workers: 6 } }).preview(builder, { numRecords: 12, analyze: false });
    expect(peak).toBe(6);
  });

  it('progress_interval sets how often progress events come', async () => {
    const events: GenerationEvent[] = [];
    const slow = customColumnGenerator(async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return 1;
    });
    const builder = new DataDesignerConfigBuilder().addColumn(sampler).addColumn({ name: 'slow', column_type: 'custom', generator_function: slow });
    await new DataDesigner(artifacts, { runConfig: { progress_interval: 0.05, non_inference_max_parallel_workers: 1 } }).preview(builder, {
      numRecords: 8,
      analyze: false,
      onEvent: (event) => events.push(event),
    });
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(3);
  });
});
