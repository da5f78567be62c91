import { mkdir } from 'node:fs/promises';
import { configFingerprint, dumpConfig, LIBRARY_VERSION } from '@dd/config';
import type { Row } from '../columns/index.js';
import { LocalArtifactStorage, planResume, type DatasetMetadata, type ResumeMode } from '../artifacts/index.js';
import { ModelUsageRecorder, type ModelUsageFile } from './model-usage-file.js';
import { splitRowColumns } from './order-row-columns.js';
import { processRowGroup } from './process-row-group.js';
import { prepareRun, scheduleRun, type GenerationOptions } from './run-generation.js';

/** Options of `createDataset`. */
export interface CreateDatasetOptions extends GenerationOptions {
  /** Root folder of datasets (created when missing). */
  artifactPath: string;
  /** Dataset folder name. @default 'dataset' */
  datasetName?: string;
  /** never | always | if_possible. @default 'never' */
  resume?: ResumeMode;
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

/**
 * Generates a dataset on disk (engine-spec §5.1): compiles the config, decides resume, runs the
 * scheduler and checkpoints every row group as `parquet-files/batch_NNNNN.parquet` (dropped columns
 * and processor outputs beside it), rewriting `metadata.json` atomically after each one.
 */
export async function createDataset(options: CreateDatasetOptions): Promise<CreateDatasetResult> {
  await mkdir(options.artifactPath, { recursive: true });
  const prepared = await prepareRun(options);
  const { runConfig, emit } = prepared;
  const storage = new LocalArtifactStorage({
    artifactPath: options.artifactPath,
    datasetName: options.datasetName ?? 'dataset',
    resume: options.resume ?? 'never',
  });
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
    prepared.mediaStorage.datasetPath = datasetPath;
    if (plan.action !== 'generate') {
      emit({ type: 'log', level: 'info', message: `Nothing to resume: ${plan.completedRecords} records already in ${datasetPath}.` });
      return { datasetPath, metadata: (await storage.readMetadata()) ?? {} };
    }
    // Usage of earlier runs is the baseline; every write stores baseline + this run's counters.
    const models = prepared.models;
    const usageRecorder = models ? new ModelUsageRecorder(datasetPath, prepared.compiled.config.model_configs ?? []) : undefined;
    await usageRecorder?.start();
    const builderConfig = JSON.parse(dumpConfig(prepared.compiled.config, 'json')) as { data_designer: unknown };
    await storage.writeBuilderConfig(builderConfig.data_designer, LIBRARY_VERSION);
    const progress = {
      targetNumRecords: options.numRecords,
      originalTargetNumRecords: plan.originalTargetNumRecords,
      bufferSize: runConfig.buffer_size,
    };
    let finished = false;
    try {
      await scheduleRun(prepared, {
        rowGroups: plan.rowGroups.toArray(),
        signal: options.signal,
        label: 'Dataset creation',
        earlyShutdown: {
          enabled: !runConfig.disable_early_shutdown,
          windowSize: runConfig.shutdown_error_window,
          threshold: runConfig.shutdown_error_rate,
        },
        onRowGroupComplete: async (index: number, rows: Row[]) => {
          if (rows.length === 0) return;
          const processed = await processRowGroup(prepared.compiled.config, rows, index);
          const { kept, droppedRows } = splitRowColumns(processed.rows, prepared.columnOrder, prepared.dropped);
          const file = await storage.writeRowGroup(index, kept);
          if (droppedRows.length > 0 && runConfig.preserve_dropped_columns) {
            await storage.writeRowGroup(index, droppedRows, { stage: 'dropped-columns' });
          }
          for (const [name, outputRows] of Object.entries(processed.outputs)) {
            await storage.writeProcessorOutput(name, outputRows, index);
          }
          await storage.writeProgressMetadata(progress);
          if (usageRecorder && models) await usageRecorder.write(models.usage());
          emit({ type: 'row-group-complete', index, records: kept.length, path: file ?? undefined });
        },
      });
      const metadata = await storage.writeProgressMetadata(progress);
      const modelUsage = usageRecorder && models ? await usageRecorder.write(models.usage()) : undefined;
      finished = true;
      return modelUsage ? { datasetPath, metadata, modelUsage } : { datasetPath, metadata };
    } finally {
      // A failed or cancelled run still spent tokens: record them without masking the run's error.
      if (!finished && usageRecorder && models) await usageRecorder.write(models.usage()).catch(() => undefined);
    }
  } finally {
    await storage.close();
    await prepared.seedReader?.close();
    await prepared.models?.close();
  }
}
