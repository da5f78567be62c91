import type { Row } from '../columns/index.js';
import { createProcessor, runProcessorStage, type Processor, type ProcessorConfigLike } from '../processors/index.js';

/** The part of a config `processRowGroup` reads. */
export interface ProcessRowGroupConfig {
  /** Configured processors, in run order. */
  processors?: ReadonlyArray<ProcessorConfigLike> | null;
}

/** What the post-batch stage produced for one row group. */
export interface ProcessedRowGroup {
  /**
   * The rows after every post-batch processor, with the values of dropped columns still in them:
   * the caller's `splitRowColumns` moves those to the dropped-columns part.
   */
  rows: Row[];
  /** Side datasets (schema_transform outputs) by processor name. */
  outputs: Record<string, Row[]>;
  /** Warnings the processors reported (e.g. drop patterns that matched nothing). */
  warnings: string[];
}

const built = new WeakMap<object, Processor[]>();

function processorsOf(config: ProcessRowGroupConfig): Processor[] {
  const configs = config.processors ?? [];
  let processors = built.get(configs);
  if (!processors) {
    processors = configs.map((processor) => createProcessor(processor));
    built.set(configs, processors);
  }
  return processors;
}

/**
 * Runs the post-batch stage of the configured processors, in order, on one row group (`index`) or
 * on a whole preview (`index` null). The row count must not change.
 *
 * drop_columns hides its columns from the processors after it, but their values are merged back
 * into the returned rows: the final split into kept and dropped columns (and the dropped-columns
 * files) is `splitRowColumns`' job, which resolves the same names.
 */
export async function processRowGroup(config: ProcessRowGroupConfig, rows: Row[], index: number | null): Promise<ProcessedRowGroup> {
  const processors = processorsOf(config);
  if (processors.length === 0) return { rows, outputs: {}, warnings: [] };
  const outcome = await runProcessorStage(processors, 'postBatch', rows, { batchNumber: index }, { allowRowCountChange: false });
  const merged =
    outcome.droppedRows.length === 0
      ? outcome.rows
      : outcome.rows.map((row, position) => ({ ...outcome.droppedRows[position], ...row }));
  return { rows: merged, outputs: outcome.outputs, warnings: outcome.warnings };
}
