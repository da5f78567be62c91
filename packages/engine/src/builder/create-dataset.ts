import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SchedulerAdmissionRecorder, type SchedulerEvent } from '../scheduler/index.js';
import { configFingerprint, dumpConfig, LIBRARY_VERSION, RunConfigSchema, type DataDesignerConfig } from '@dd/config';
import type { GenerationEvent } from '../events/index.js';
import type { Row } from '../columns/index.js';
import {
  checkGenerationSize,
  LocalArtifactStorage,
  ModelUsageRecorder,
  planResume,
  type DatasetMetadata,
  type ModelUsageFile,
  type ResumeMode,
} from '../artifacts/index.js';
import { afterGeneration, hasProcessorStage } from './process-row-group.js';
import { writeRowGroupOutputs } from './generate-row-group.js';
import { preloadInSlices } from '../optional-packages/preload-in-slices.js';
import { duckdbApiFile } from '../artifacts/duckdb-api.js';
import { prepareRun, scheduleRun, type GenerationOptions } from './run-generation.js';

/** Options of `createDataset`. */
export interface CreateDatasetOptions extends GenerationOptions {
  /** Root folder of datasets (created when missing). */
  artifactPath: string;
  /** Dataset folder name. @default 'dataset' */
  datasetName?: string;
  /** never | always | if_possible. @default 'never' */
  resume?: ResumeMode;
  /**
   * Called once the run's parquet files are final (after the after-generation processors), before its
   * last writes and closing (model usage, DuckDB; the model clients start closing as generation ends):
   * e.g. to start profiling the dataset meanwhile. Must not throw.
   */
  onDatasetComplete?: (datasetPath: string, metadata: DatasetMetadata) => void;
}

/** Where the dataset is and what its metadata says. */
export interface CreateDatasetResult {
  /** Dataset folder (`<artifact_path>/<dataset_name>[_timestamp]`). */
  datasetPath: string;
  /** `metadata.json` after the run. */
  metadata: DatasetMetadata;
  /** Cumulative usage as written to `model_usage.json` (absent when no column uses a model). */
  modelUsage?: ModelUsageFile;
}

/** ms after generation starts before DuckDB starts loading in slices (after the first round trips' ramp). */
const DUCKDB_PRELOAD_DELAY_MS = 1_000;

/**
 * Generates a dataset on disk (engine-spec §5.1): compiles the config, decides resume, runs the
 * scheduler and checkpoints every row group as `parquet-files/batch_NNNNN.parquet` (dropped columns
 * and processor outputs beside it), rewriting `metadata.json` atomically after each one.
 */
export async function createDataset(options: CreateDatasetOptions): Promise<CreateDatasetResult> {
  // Sizes that cannot work are refused before anything starts (health checks, seed readers, folders).
  checkGenerationSize(options.numRecords, RunConfigSchema.parse(options.runConfig ?? {}).buffer_size);
  await mkdir(options.artifactPath, { recursive: true });
  const prepared = await prepareRun(options);
  const { runConfig, emit } = prepared;
  const storage = new LocalArtifactStorage({
    artifactPath: options.artifactPath,
    datasetName: options.datasetName ?? 'dataset',
    resume: options.resume ?? 'never',
  });
  // Closed as soon as generation ends (see below), else in the last finally.
  let modelsClosed: Promise<void> | undefined;
  try {
    const plan = await planResume({
      storage,
      fingerprint: configFingerprint(options.config),
      numRecords: options.numRecords,
      bufferSize: runConfig.buffer_size,
      mode: options.resume ?? 'never',
      preserveDroppedColumns: runConfig.preserve_dropped_columns,
    });
    for (const message of plan.info) emit({ type: 'log', level: 'info', message });
    for (const message of plan.warnings) emit({ type: 'log', level: 'warning', message });
    const datasetPath = plan.datasetLocation;
    prepared.mediaStorage.storage = storage;
    if (plan.action !== 'generate') {
      emit({ type: 'log', level: 'info', message: `Nothing to resume: ${plan.completedRecords} records already in ${datasetPath}.` });
      // A run that crashed between its last row group and the after-generation stage finishes it now.
      if (plan.action === 'complete') await runAfterGenerationStage(prepared.compiled.config, storage, runConfig.buffer_size, emit);
      return { datasetPath, metadata: (await storage.readMetadata()) ?? {} };
    }
    // Usage of earlier runs is the baseline; every write stores baseline + this run's counters.
    const models = prepared.models;
    const usageRecorder = models ? new ModelUsageRecorder(storage, prepared.compiled.config.model_configs ?? []) : undefined;
    await usageRecorder?.start();
    const builderConfig = JSON.parse(dumpConfig(prepared.compiled.config, 'json', { omitInMemoryRows: true })) as { data_designer: unknown };
    await storage.writeBuilderConfig(builderConfig.data_designer, LIBRARY_VERSION);
    const progress = {
      targetNumRecords: options.numRecords,
      originalTargetNumRecords: plan.originalTargetNumRecords,
      bufferSize: runConfig.buffer_size,
    };
    let finished = false;
    // A run with models mostly waits on its provider: the first checkpoint's DuckDB loads meanwhile in
    // slices of ~2 ms (in one piece it would hold every response arriving for 0.1–0.15 s).
    const stopPreload = models ? preloadInSlices(duckdbApiFile(), import.meta.url, { delayMs: DUCKDB_PRELOAD_DELAY_MS }) : undefined;
    try {
      await scheduleRun(prepared, {
        rowGroups: plan.rowGroups,
        numRecords: plan.remainingRecords,
        rowGroupCount: plan.rowGroups.remainingCount,
        signal: options.signal,
        label: 'Dataset creation',
        // write_scheduler_events: one JSON line per scheduler event, flushed as it happens (create only).
        // Records in the original's SchedulerAdmissionEvent field names (see SchedulerAdmissionRecorder).
        ...(runConfig.write_scheduler_events
          ? (() => {
              const recorder = new SchedulerAdmissionRecorder(`run-${randomUUID().replaceAll('-', '')}`);
              const file = path.join(datasetPath, 'scheduler_events.jsonl');
              return { schedulerEventSink: (event: SchedulerEvent) => appendFileSync(file, `${JSON.stringify(recorder.record(event))}\n`) };
            })()
          : {}),
        earlyShutdown: {
          enabled: !runConfig.disable_early_shutdown,
          windowSize: runConfig.shutdown_error_window,
          threshold: runConfig.shutdown_error_rate,
        },
        onRowGroupComplete: async (index: number, rows: Row[]) => {
          if (rows.length === 0) return;
          const { records, file } = await writeRowGroupOutputs(prepared, storage, index, rows);
          await storage.writeProgressMetadata(progress);
          if (usageRecorder && models) await usageRecorder.write(models.usage());
          emit({ type: 'row-group-complete', index, records, path: file ?? undefined, datasetPath });
        },
      });
      // No model is called after generation (processors do not call models): the clients close now,
      // beside the final writes, instead of beside the profile a caller starts at onDatasetComplete.
      // Awaited (and a failure thrown) in the last finally; usage counters stay readable.
      modelsClosed = models?.close();
      modelsClosed?.catch(() => undefined);
      await storage.writeProgressMetadata(progress);
      const metadata =
        (await runAfterGenerationStage(prepared.compiled.config, storage, runConfig.buffer_size, emit)) ?? (await storage.writeProgressMetadata(progress));
      options.onDatasetComplete?.(datasetPath, metadata);
      const modelUsage = usageRecorder && models ? await usageRecorder.write(models.usage()) : undefined;
      finished = true;
      return modelUsage ? { datasetPath, metadata, modelUsage } : { datasetPath, metadata };
    } finally {
      stopPreload?.();
      // A failed or cancelled run still spent tokens: record them without masking the run's error.
      if (!finished && usageRecorder && models) await usageRecorder.write(models.usage()).catch(() => undefined);
    }
  } finally {
    await storage.close();
    await prepared.seedReader?.close();
    await (modelsClosed ?? prepared.models?.close());
  }
}

/**
 * The after-generation stage (the original's `process_after_generation`): when a processor
 * implements it, marks `post_generation_state: started` in `metadata.json`, loads the whole
 * dataset, runs the processors (they may add or remove rows), rewrites `parquet-files/` in
 * `buffer_size` chunks, writes their side outputs and marks the state `complete`. A crash in between
 * leaves `started`, which resume refuses rather than mixing pre- and post-processed records.
 * Returns the new metadata, or undefined when no processor has this stage.
 */
export async function runAfterGenerationStage(
  config: DataDesignerConfig,
  storage: LocalArtifactStorage,
  bufferSize: number,
  emit: (event: GenerationEvent) => void,
): Promise<DatasetMetadata | undefined> {
  if (!hasProcessorStage(config, 'afterGeneration')) return undefined;
  emit({ type: 'log', level: 'info', message: '⏳ Running after-generation processors on the final dataset...' });
  await storage.updateMetadata({ post_generation_state: 'started', post_generation_processed: false });
  const rows = await storage.readDataset();
  const outcome = await afterGeneration(config, rows);
  for (const warning of outcome.warnings) emit({ type: 'log', level: 'warning', message: warning });
  // An emptied dataset keeps its columns (one empty parquet file, as the original writes).
  const columnOrder = outcome.rows.length === 0 ? Object.keys(rows[0] ?? {}) : undefined;
  await storage.replaceDataset(outcome.rows, columnOrder && columnOrder.length > 0 ? { bufferSize, columnOrder } : { bufferSize });
  for (const [name, outputRows] of Object.entries(outcome.outputs)) await storage.writeProcessorOutput(name, outputRows);
  if (outcome.rows.length !== rows.length) {
    emit({
      type: 'log',
      level: 'info',
      message: `ℹ️ After-generation processors changed the record count by ${outcome.rows.length - rows.length > 0 ? '+' : ''}${outcome.rows.length - rows.length}.`,
    });
  }
  const metadata = await storage.updateMetadata({
    post_generation_state: 'complete',
    post_generation_processed: true,
    file_paths: await storage.getFilePaths(),
  });
  emit({ type: 'log', level: 'info', message: `✅ After-generation processing complete: the dataset has ${outcome.rows.length} records.` });
  return metadata;
}
