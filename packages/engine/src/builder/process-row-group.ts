import type { ProcessorConfig } from '@dd/config';
import type { Row } from '../columns/index.js';
import { createProcessor, DatasetProcessingError, processorStages, runProcessorStage, type Processor, type ProcessorStage } from '../processors/index.js';

/** The part of a config `processRowGroup` reads. */
export interface ProcessRowGroupConfig {
  /** Configured processors, in run order. */
  processors?: ReadonlyArray<ProcessorConfig> | null;
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

/** The processors of a config, built once per `processors` list. */
export function processorsOf(config: ProcessRowGroupConfig): Processor[] {
  const configs = config.processors ?? [];
  let processors = built.get(configs);
  if (!processors) {
    processors = configs.map((processor) => createProcessor(processor));
    built.set(configs, processors);
  }
  return processors;
}

/** Whether any configured processor implements `stage`. */
export function hasProcessorStage(config: ProcessRowGroupConfig, stage: ProcessorStage): boolean {
  return processorsOf(config).some((processor) => processorStages(processor).includes(stage));
}

/**
 * Runs the post-batch stage of the configured processors, in order, on one row group (`index`) or
 * on a whole preview (`index` null). The row count must not change unless `allowRowCountChange`
 * (the preview, as in the original).
 *
 * drop_columns hides its columns from the processors after it, but their values are merged back
 * into the returned rows: the final split into kept and dropped columns (and the dropped-columns
 * files) is `splitRowColumns`' job, which resolves the same names.
 */
export async function processRowGroup(
  config: ProcessRowGroupConfig,
  rows: Row[],
  index: number | null,
  options: { allowRowCountChange?: boolean } = {},
): Promise<ProcessedRowGroup> {
  const processors = processorsOf(config);
  if (processors.length === 0) return { rows, outputs: {}, warnings: [] };
  const outcome = await runProcessorStage(processors, 'postBatch', rows, { batchNumber: index }, { allowRowCountChange: options.allowRowCountChange ?? false });
  return { rows: mergeDropped(outcome.rows, outcome.droppedRows), outputs: outcome.outputs, warnings: outcome.warnings };
}

/**
 * Runs the pre-batch stage on the rows of one row group once its seed and sampler columns are done,
 * before any other column starts (the original's `process_before_batch`). The row count must not
 * change: a pre-batch processor that adds or removes rows stops the run.
 */
export async function preBatchRowGroup(config: ProcessRowGroupConfig, rows: Row[], index: number): Promise<Row[]> {
  const processors = processorsOf(config);
  try {
    const outcome = await runProcessorStage(processors, 'preBatch', rows, { batchNumber: index }, { allowRowCountChange: false });
    return mergeDropped(outcome.rows, outcome.droppedRows);
  } catch (error) {
    if (DatasetProcessingError.isInstance(error) && /number of rows changed/.test(error.message)) {
      throw new DatasetProcessingError(`${error.message} Row-count changes in pre-batch processors are not supported.`, {
        cause: error,
        fix: 'Keep every row in process_before_batch (filter in process_after_generation, or chain a second workflow stage).',
      });
    }
    throw error;
  }
}

/** What the after-generation stage produced: the new dataset and side outputs. */
export interface AfterGenerationOutcome {
  /** The records of the whole dataset after every after-generation processor (any count). */
  rows: Row[];
  /** Side datasets by processor name. */
  outputs: Record<string, Row[]>;
  /** Warnings the processors reported. */
  warnings: string[];
}

/** Runs the after-generation stage over a whole dataset; processors may add or remove rows. */
export async function afterGeneration(config: ProcessRowGroupConfig, rows: Row[]): Promise<AfterGenerationOutcome> {
  const outcome = await runProcessorStage(processorsOf(config), 'afterGeneration', rows, { batchNumber: null }, { allowRowCountChange: true });
  return { rows: outcome.rows, outputs: outcome.outputs, warnings: outcome.warnings };
}

function mergeDropped(rows: Row[], droppedRows: Row[]): Row[] {
  return droppedRows.length === 0 ? rows : rows.map((row, position) => ({ ...droppedRows[position], ...row }));
}
