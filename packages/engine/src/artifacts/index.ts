export { ARTIFACT_LAYOUT, batchFileName, parseBatchFileName, mediaSubfolderName, timestampedDatasetName, validateDatasetName } from './artifact-layout.js';
export type { BatchStage } from './artifact-layout.js';
export type {
  ArtifactStorage,
  CompletedRowGroup,
  DatasetRelation,
  ExistingDatasetProbe,
  ResolveDatasetDirectoryOptions,
  ResumeMode,
  WriteRowGroupOptions,
} from './artifact-storage.js';
export { DatasetFolder } from './dataset-folder.js';
export { DatasetMediaStorage } from './dataset-media-storage.js';
export { createDuckDBInstance, openParquetView, parquetFooterSql, readParquetSql } from './duckdb.js';
export type { DuckDBSettings, OpenParquetViewOptions, ReadParquetOptions } from './duckdb.js';
export {
  MODEL_USAGE_FILE,
  ModelUsageRecorder,
  formatModelUsageJson,
  mergeModelUsage,
  parseModelUsageText,
  readModelUsageFile,
  tokenCostUsd,
  type ModelUsageFile,
  type PersistedModelUsage,
  type RunModelUsage,
} from './model-usage-file.js';
export { acquireRunLock, DatasetLockedError, isRunLock, tryAcquireRunLock } from './run-lock.js';
export type { RunLock, RunLockHeld, RunLockOwner } from './run-lock.js';
export { ArtifactStorageError, ResumeError } from './artifact-storage-error.js';
export { checkResumeCompatibility } from './check-resume-compatibility.js';
export type { ResumeCompatibility, ResumeCompatibilityOptions } from './check-resume-compatibility.js';
export { DatasetMetadataSchema, parseDatasetMetadata } from './dataset-metadata.js';
export type { ConfigFingerprint, DatasetFilePaths, DatasetMetadata, DatasetProgress } from './dataset-metadata.js';
export { formatMetadataJson } from './format-metadata-json.js';
export { fromDuckDBRow, fromDuckDBValue } from './from-duckdb-value.js';
export { inferColumnTypes } from './infer-column-types.js';
export type { InferredColumn, InferredColumnType } from './infer-column-types.js';
export { LocalArtifactStorage, parseMetadataText } from './local-artifact-storage.js';
export type { LocalArtifactStorageOptions } from './local-artifact-storage.js';
export { planResume } from './plan-resume.js';
export type { PlanResumeOptions, ResumePlan } from './plan-resume.js';
export { checkGenerationSize, GenerationSizeError, MAX_ROW_GROUPS, RowGroupPlan } from './row-group-plan.js';
export type { PlannedRowGroup, RowGroupPlanOptions } from './row-group-plan.js';
export { writeRowsToParquet } from './write-rows-to-parquet.js';
export type { WriteRowsToParquetOptions } from './write-rows-to-parquet.js';
