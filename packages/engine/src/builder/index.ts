export { compileConfig, INTERNAL_ROW_ID_COLUMN, type CompiledConfig } from './compile-config.js';
export { createGenerators, type GeneratorResources } from './create-generators.js';
export { createDataset, type CreateDatasetOptions, type CreateDatasetResult } from './create-dataset.js';
export { previewDataset, type PreviewDatasetResult } from './preview-dataset.js';
export { validateForGeneration } from './validate-for-generation.js';
export {
  MODEL_USAGE_FILE,
  ModelUsageRecorder,
  formatModelUsageJson,
  mergeModelUsage,
  readModelUsageFile,
  tokenCostUsd,
  type ModelUsageFile,
  type PersistedModelUsage,
} from './model-usage-file.js';
export { openDatasetReader, type DatasetReader } from './open-dataset-reader.js';
export { DataDesignerGenerationError, DataDesignerEarlyShutdownError } from './generation-error.js';
export { UnsupportedColumnError } from './unsupported-column-error.js';
export { matchesColumnGlob, droppedColumnNames } from './dropped-columns.js';
export type { GenerationOptions } from './run-generation.js';
