import type { ArtifactStorage, CompletedRowGroup, ResumeMode } from './artifact-storage.js';
import { ArtifactStorageError, ResumeError } from './artifact-storage-error.js';
import { checkResumeCompatibility } from './check-resume-compatibility.js';
import type { ConfigFingerprint, DatasetMetadata } from './dataset-metadata.js';
import { RowGroupPlan } from './row-group-plan.js';

/** Inputs of `planResume`. */
export interface PlanResumeOptions {
  /** Storage not yet resolved to a directory (`planResume` resolves it). */
  storage: ArtifactStorage;
  /** Fingerprint of the compiled config (from the config package). */
  fingerprint: ConfigFingerprint;
  /** Records requested by this run (may extend an earlier target). */
  numRecords: number;
  /** Rows per row group (must equal the earlier run's when resuming). */
  bufferSize: number;
  /** @default "never" */
  mode?: ResumeMode;
  /** `RunConfig.preserve_dropped_columns`. @default true */
  preserveDroppedColumns?: boolean;
  /** Fingerprint of a stored builder config, for metadata written without a hash (see `checkResumeCompatibility`). */
  fingerprintOfBuilderConfig?: (builderConfig: unknown) => ConfigFingerprint | undefined;
}

/**
 * What to do next. `generate`: run the scheduler on `rowGroups`; `complete`: every row group is on disk
 * (metadata refreshed) — still run after-generation processors if there are any, they never started;
 * `already_processed`: the dataset is complete and post-processed for this target — return it as is.
 */
export interface ResumePlan {
  /** Next step. */
  action: 'generate' | 'complete' | 'already_processed';
  /** True when an existing dataset is continued (effective mode `always`). */
  resumed: boolean;
  /** Mode after `if_possible` was decided. */
  effectiveMode: 'never' | 'always';
  /** Dataset directory (resolved). */
  datasetLocation: string;
  /** Row groups found on disk (empty for fresh runs). */
  completedRowGroups: CompletedRowGroup[];
  /** Records on disk. */
  completedRecords: number;
  /** Target of the first run (immutable across extensions); pass to `writeProgressMetadata`. */
  originalTargetNumRecords: number;
  /** Records the remaining row groups will hold. */
  remainingRecords: number;
  /** Remaining row groups (lazy; iterate or `toArray()` for the scheduler). */
  rowGroups: RowGroupPlan;
  /** Things the caller should log as warnings. */
  warnings: string[];
  /** Things the caller should log as information. */
  info: string[];
}

const FRESH_FIX = 'Use resume "never" to start a new generation run.';

/**
 * Resume decision and remaining plan (engine-spec §5.1 steps 3–8 and §6.3). Resolves the storage's
 * directory, sets its metadata defaults (fingerprint + `preserve_dropped_columns`), clears in-flight
 * partial files when continuing, and refreshes metadata when nothing is left. Throws `ResumeError` when
 * `always` cannot continue and `ArtifactStorageError` when `always` finds no dataset.
 */
export async function planResume(options: PlanResumeOptions): Promise<ResumePlan> {
  try {
    return await planResumeLocked(options);
  } catch (error) {
    // A refused resume must not keep the folder's run lock.
    await options.storage.close();
    throw error;
  }
}

async function planResumeLocked(options: PlanResumeOptions): Promise<ResumePlan> {
  const { storage, fingerprint, numRecords, bufferSize } = options;
  const mode = options.mode ?? 'never';
  const preserveDroppedColumns = options.preserveDroppedColumns ?? true;
  const warnings: string[] = [];
  const info: string[] = [];
  let effectiveMode: 'never' | 'always' = mode === 'never' ? 'never' : 'always';

  if (mode !== 'never') {
    const checked = checkResumeCompatibility(await storage.probeExistingDataset(), {
      fingerprint,
      preserveDroppedColumns,
      ...(options.fingerprintOfBuilderConfig ? { fingerprintOfBuilderConfig: options.fingerprintOfBuilderConfig } : {}),
    });
    warnings.push(...checked.warnings);
    if (mode === 'always' && checked.compatibility === 'incompatible') {
      throw new ResumeError('Cannot resume: the current config or dropped-column policy does not match the config used by the interrupted run.', {
        fix: 'Use resume "if_possible" to start fresh automatically, or resume "never" to force a new run.',
      });
    }
    if (mode === 'if_possible' && checked.compatibility !== 'compatible') {
      if (checked.compatibility === 'incompatible') info.push('Config has changed since the last run: starting a fresh generation (resume "if_possible").');
      effectiveMode = 'never';
    }
  }

  storage.setMetadataDefaults({ ...fingerprint, preserve_dropped_columns: preserveDroppedColumns });
  const datasetLocation = storage.resolveDatasetDirectory({ reuse: effectiveMode === 'always', required: effectiveMode === 'always', lock: true });
  const fresh = (): ResumePlan => {
    const rowGroups = RowGroupPlan.fresh(numRecords, bufferSize);
    return {
      action: 'generate',
      resumed: false,
      effectiveMode: 'never',
      datasetLocation,
      completedRowGroups: [],
      completedRecords: 0,
      originalTargetNumRecords: numRecords,
      remainingRecords: numRecords,
      rowGroups,
      warnings,
      info,
    };
  };
  if (effectiveMode === 'never') return fresh();

  const metadata = await readMetadataForResume(storage);
  const processed = checkPostGeneration(metadata, numRecords, warnings);
  if (processed) {
    const completedRowGroups = await storage.listCompletedRowGroups();
    const total = RowGroupPlan.fresh(numRecords, bufferSize).totalRowGroups;
    return {
      ...fresh(),
      action: 'already_processed',
      resumed: true,
      effectiveMode: 'always',
      completedRowGroups,
      completedRecords: completedRowGroups.reduce((sum, group) => sum + group.numRows, 0),
      remainingRecords: 0,
      rowGroups: new RowGroupPlan({ originalTarget: numRecords, numRecords, bufferSize, completedIds: range(total) }),
    };
  }
  if (metadata === undefined) {
    // Interrupted before the first checkpoint wrote metadata: nothing durable to continue. The original
    // only clears the partial folder; we also clear final files, which could only be strays of that run.
    info.push('No metadata.json found: the previous run stopped before any row group completed. Starting from the beginning.');
    await storage.clearGeneratedData();
    return fresh();
  }

  const completedRowGroups = await storage.listCompletedRowGroups();
  const completedRecords = completedRowGroups.reduce((sum, group) => sum + group.numRows, 0);
  const originalTarget = validateResumeState(metadata, { numRecords, bufferSize, completedRecords, preserveDroppedColumns });
  await storage.clearPartialResults();
  const rowGroups = new RowGroupPlan({
    originalTarget,
    numRecords,
    bufferSize,
    completedIds: completedRowGroups.map((group) => group.index),
  });
  const plan: ResumePlan = {
    action: 'generate',
    resumed: true,
    effectiveMode: 'always',
    datasetLocation,
    completedRowGroups,
    completedRecords,
    originalTargetNumRecords: originalTarget,
    remainingRecords: rowGroups.remainingRecords,
    rowGroups,
    warnings,
    info,
  };
  if (rowGroups.remainingCount === 0) {
    await storage.updateMetadata({
      actual_num_records: completedRecords,
      total_num_batches: completedRowGroups.length,
      num_completed_batches: completedRowGroups.length,
      file_paths: await storage.getFilePaths(),
    });
    warnings.push('Dataset is already complete: all row groups were found in the existing artifact directory. Nothing to resume.');
    return { ...plan, action: 'complete' };
  }
  info.push(
    `Resuming: ${rowGroups.totalRowGroups - rowGroups.remainingCount} of ${rowGroups.totalRowGroups} row group(s) already complete (${completedRecords} records), skipping them.`,
  );
  return plan;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

async function readMetadataForResume(storage: ArtifactStorage): Promise<DatasetMetadata | undefined> {
  try {
    return await storage.readMetadata();
  } catch (cause) {
    if (!ArtifactStorageError.isInstance(cause)) throw cause;
    throw new ResumeError('Cannot resume: metadata.json is corrupt or partially written.', {
      cause,
      fix: 'Start a fresh run (resume "never"), or restore a valid metadata.json.',
    });
  }
}

/** True when after-generation processing already finished for this target; throws when it cannot be resumed. */
function checkPostGeneration(metadata: DatasetMetadata | undefined, numRecords: number, warnings: string[]): boolean {
  if (metadata === undefined) return false;
  const state = metadata.post_generation_state;
  if (state === 'started') {
    throw new ResumeError(
      'Cannot resume: after-generation processing started but did not complete for this dataset. The final parquet files may already have been rewritten, so resuming would mix pre- and post-processor records.',
      { fix: FRESH_FIX },
    );
  }
  if (!metadata.post_generation_processed && state !== 'complete') return false;
  const priorTarget = metadata.target_num_records;
  if (priorTarget === undefined) {
    throw new ResumeError("Cannot resume: metadata.json is missing required field 'target_num_records'.", {
      fix: 'Start a fresh run (resume "never"), or restore a valid metadata.json.',
    });
  }
  if (numRecords === priorTarget) {
    warnings.push('Dataset is already complete and post-processed; nothing to resume.');
    return true;
  }
  if (numRecords < priorTarget) {
    throw new ResumeError(
      `Cannot resume: num_records=${numRecords} is less than the ${priorTarget} records already generated and post-processed for this dataset.`,
      { fix: `Use num_records >= ${priorTarget}, or resume "never" to start a new generation run.` },
    );
  }
  throw new ResumeError(
    `Cannot resume: after-generation processing was already applied to this dataset (original target ${priorTarget}, requested ${numRecords}); extending it would mix pre- and post-processor records.`,
    { fix: FRESH_FIX },
  );
}

/** Checks the stored run settings against this run (§6.3 "Resume state") and returns the original target. */
function validateResumeState(
  metadata: DatasetMetadata,
  run: { numRecords: number; bufferSize: number; completedRecords: number; preserveDroppedColumns: boolean },
): number {
  if (run.numRecords < run.completedRecords) {
    throw new ResumeError(`Cannot resume: num_records=${run.numRecords} is less than the ${run.completedRecords} records already generated.`, {
      fix: `Use num_records >= ${run.completedRecords}, or start a new run without resume "always".`,
    });
  }
  const target = metadata.target_num_records;
  if (target === undefined) {
    throw new ResumeError("Cannot resume: metadata.json is missing required field 'target_num_records'.", {
      fix: 'Start a fresh run (resume "never"), or restore a valid metadata.json.',
    });
  }
  if (run.numRecords < target) {
    throw new ResumeError(`Cannot resume: num_records=${run.numRecords} is less than the original target (${target}).`, {
      fix: `Use num_records >= ${target} (you may extend the dataset beyond the original target), or resume "never" to start a new run.`,
    });
  }
  const originalTarget = metadata.original_target_num_records ?? target;
  if (originalTarget > target) {
    throw new ResumeError(
      `Cannot resume: metadata.json has original_target_num_records=${originalTarget}, which is greater than target_num_records=${target}.`,
      { fix: 'Start a fresh run (resume "never"), or restore a valid metadata.json.' },
    );
  }
  if (metadata.buffer_size !== run.bufferSize) {
    throw new ResumeError(`Cannot resume: buffer_size=${run.bufferSize} does not match the original run's buffer_size=${String(metadata.buffer_size)}.`, {
      fix: 'Use the same buffer_size as the interrupted run, or start a new run without resume "always".',
    });
  }
  if ((metadata.preserve_dropped_columns ?? true) !== run.preserveDroppedColumns) {
    throw new ResumeError(
      `Cannot resume: preserve_dropped_columns=${String(run.preserveDroppedColumns)} does not match the original run's dropped-column policy.`,
      { fix: 'Start a fresh run (resume "never"), or use resume "if_possible" to start fresh automatically when the policy differs.' },
    );
  }
  return originalTarget;
}
