import { DataDesignerError } from '@dd/config';
import type { Row } from '../columns/index.js';
import { DatasetProcessingError } from './dataset-processing-error.js';
import type { Processor, ProcessorContext, ProcessorStage } from './processor.js';

/** What running one stage over all processors produced. */
export interface ProcessorStageOutcome {
  /** Rows after the last processor. */
  rows: Row[];
  /** Columns drop processors removed, one record per row (empty array when nothing was dropped). */
  droppedRows: Row[];
  /** Side datasets by processor name. */
  outputs: Record<string, Row[]>;
  /** Warnings the processors reported. */
  warnings: string[];
}

/** Options of `runProcessorStage`. */
export interface RunProcessorStageOptions {
  /** Whether a processor may change the number of rows. @default false for preBatch/postBatch, true for afterGeneration */
  allowRowCountChange?: boolean;
}

const STAGE_LABEL: Record<ProcessorStage, string> = {
  preBatch: 'pre-batch',
  postBatch: 'post-batch',
  afterGeneration: 'after-generation',
};

function fail(stage: ProcessorStage, processor: Processor, detail: string, cause?: unknown): never {
  throw new DatasetProcessingError(`Failed in ${STAGE_LABEL[stage]} for ${processor.name}: ${detail}`, { cause });
}

/**
 * Runs `stage` of every processor that implements it, in order (engine-spec §7.1): each sees the
 * previous one's rows. Errors and row-count violations become `DatasetProcessingError`.
 */
export async function runProcessorStage(
  processors: readonly Processor[],
  stage: ProcessorStage,
  rows: Row[],
  context: ProcessorContext,
  options: RunProcessorStageOptions = {},
): Promise<ProcessorStageOutcome> {
  const allowRowCountChange = options.allowRowCountChange ?? stage === 'afterGeneration';
  let current = rows;
  let droppedRows: Row[] = [];
  const outputs: Record<string, Row[]> = {};
  const warnings: string[] = [];
  for (const processor of processors) {
    const hook = processor[stage];
    if (typeof hook !== 'function') continue;
    let result: Awaited<ReturnType<typeof hook>> | undefined;
    try {
      result = await hook.call(processor, current, context);
    } catch (error) {
      if (DatasetProcessingError.isInstance(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      fail(stage, processor, DataDesignerError.isInstance(error) ? `${error.kind}: ${message}` : message, error);
    }
    if (!result || !Array.isArray(result.rows)) fail(stage, processor, 'the hook must return { rows: [...] }.');
    if (result.rows.length !== current.length) {
      if (!allowRowCountChange) {
        fail(
          stage,
          processor,
          `the number of rows changed from ${current.length} to ${result.rows.length}; ${STAGE_LABEL[stage]} processors must keep every row.`,
        );
      }
      if (droppedRows.length > 0) {
        fail(stage, processor, `the number of rows changed after columns were dropped, so the dropped columns can no longer be matched to their rows.`);
      }
    }
    if (result.droppedRows !== undefined) {
      if (result.droppedRows.length !== result.rows.length) {
        fail(stage, processor, `returned ${result.droppedRows.length} dropped-column records for ${result.rows.length} rows.`);
      }
      droppedRows =
        droppedRows.length === 0
          ? result.droppedRows.map((row) => ({ ...row }))
          : droppedRows.map((row, index) => ({ ...row, ...result.droppedRows?.[index] }));
    }
    if (result.output !== undefined) outputs[processor.name] = result.output;
    if (result.warnings) warnings.push(...result.warnings);
    current = result.rows;
  }
  return { rows: current, droppedRows, outputs, warnings };
}
