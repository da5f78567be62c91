import type { ProcessorConfig } from '@dd/config';
import type { Row } from '../columns/index.js';

/** The three points of a run where processors may act (engine-spec §7.1). */
export type ProcessorStage = 'preBatch' | 'postBatch' | 'afterGeneration';

/** Every stage, in the order they occur in a run. */
export const PROCESSOR_STAGES: readonly ProcessorStage[] = ['preBatch', 'postBatch', 'afterGeneration'];

/** What a stage hook receives besides the rows. */
export interface ProcessorContext {
  /** Row group being processed; null for a preview or the whole dataset (after generation). */
  readonly batchNumber: number | null;
}

/** What a stage hook returns. */
export interface ProcessorStageResult {
  /** The rows handed to the next processor (and in the end written to the dataset). */
  rows: Row[];
  /** Columns removed from `rows`, one record per row (kept for the dropped-columns files). */
  droppedRows?: Row[];
  /** A side dataset written under `processors-files/<name>` (the main rows stay as they are). */
  output?: Row[];
  /** Things worth telling the user (e.g. column names that matched nothing). */
  warnings?: string[];
}

/** A stage hook; may be sync or async. */
export type ProcessorHook = (rows: Row[], context: ProcessorContext) => ProcessorStageResult | Promise<ProcessorStageResult>;

/**
 * One configured processor. It implements a stage by defining its hook; the runner calls only the
 * hooks that exist, in config order.
 */
export interface Processor {
  /** The config's `name`. */
  readonly name: string;
  /** The config's `processor_type`. */
  readonly processorType: string;
  /** Per row group, after the root (seed / sampler) columns, before the other columns. */
  readonly preBatch?: ProcessorHook;
  /** Per row group before its checkpoint (create), or once on the whole preview. */
  readonly postBatch?: ProcessorHook;
  /** Once on the whole dataset after every row group. */
  readonly afterGeneration?: ProcessorHook;
}

/** Builds a processor from its config (what plugins register per `processor_type`). */
export type ProcessorFactory = (config: ProcessorConfig) => Processor;

/** The stages a processor implements, in run order. */
export function processorStages(processor: Processor): ProcessorStage[] {
  return PROCESSOR_STAGES.filter((stage) => typeof processor[stage] === 'function');
}
