import type { DataDesignerConfig } from '@dd/config';
import type { Row } from '../columns/index.js';
import { mergeModelUsage, type ModelUsageFile } from '../artifacts/model-usage-file.js';
import { splitRowColumns } from './order-row-columns.js';
import { afterGeneration, hasProcessorStage, processRowGroup } from './process-row-group.js';
import { prepareRun, scheduleRun, type GenerationOptions, type TaskTrace } from './run-generation.js';

/** Records of a preview, kept in memory. */
export interface PreviewDatasetResult {
  /** Generated records, dropped columns removed, columns in config order. */
  records: Row[];
  /** Dropped columns of the same records (for inspection). */
  droppedColumns: Row[];
  /** Processor side outputs by processor name. */
  processorOutputs: Record<string, Row[]>;
  /** Usage per model alias of this preview (same shape as `model_usage.json`; empty without models). */
  modelUsage: ModelUsageFile;
  /** The compiled config (seed-dataset columns appended), for display grouping. */
  config: DataDesignerConfig;
  /** Per-call traces when the run config sets `async_trace` (else empty). */
  taskTraces: TaskTrace[];
}

/**
 * Generates one row group of `numRecords` in memory (engine-spec §8): nothing is written, early
 * shutdown uses the original's fixed preview settings (0.5 over 10 outcomes).
 */
export async function previewDataset(options: GenerationOptions): Promise<PreviewDatasetResult> {
  const prepared = await prepareRun(options);
  try {
    let collected: Row[] = [];
    await scheduleRun(prepared, {
      rowGroups: [{ index: 0, size: options.numRecords, rowOffset: 0 }],
      signal: options.signal,
      label: 'Preview',
      earlyShutdown: { enabled: true, windowSize: 10, threshold: 0.5 },
      onRowGroupComplete: async (_index, rows) => {
        collected = rows;
      },
    });
    // As the original's preview: post-batch (row-count changes allowed), then after-generation.
    const processed = await processRowGroup(prepared.compiled.config, collected, null, { allowRowCountChange: true });
    let { kept, droppedRows } = splitRowColumns(processed.rows, prepared.columnOrder, prepared.dropped);
    if (hasProcessorStage(prepared.compiled.config, 'afterGeneration')) {
      const after = await afterGeneration(prepared.compiled.config, kept);
      Object.assign(processed.outputs, after.outputs);
      if (after.rows.length !== kept.length) droppedRows = [];
      kept = after.rows;
    }
    const modelUsage = prepared.models ? mergeModelUsage({}, prepared.models.usage(), prepared.compiled.config.model_configs ?? []) : {};
    return {
      records: kept,
      droppedColumns: droppedRows,
      processorOutputs: processed.outputs,
      modelUsage,
      config: prepared.compiled.config,
      taskTraces: prepared.taskTraces,
    };
  } finally {
    await prepared.seedReader?.close();
    await prepared.models?.close();
  }
}
