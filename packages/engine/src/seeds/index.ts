export { createSeedDatasetGenerator } from './create-seed-dataset-generator.js';
export { fnmatchToRegExp } from './fnmatch-to-regexp.js';
export { createTextDecoder, openFileSystemRowSource, type BytesDecoder } from './open-file-system-row-source.js';
export { openLocalFileRowSource, resolveLocalSeedFiles, seedFileFormat } from './open-local-file-row-source.js';
export type { SeedFileFormat } from './open-local-file-row-source.js';
export { openMemoryRowSource } from './open-memory-row-source.js';
export { openSeedReader } from './open-seed-reader.js';
export type { OpenSeedReaderOptions, SeedReader } from './open-seed-reader.js';
export { resolveSelectionRange } from './resolve-selection-range.js';
export type { SelectedRange } from './resolve-selection-range.js';
export type {
  AgentRolloutSeedSourceInput,
  DataFrameSeedSourceInput,
  DirectorySeedSourceInput,
  FileContentsSeedSourceInput,
  HuggingFaceSeedSourceInput,
  IndexRangeInput,
  LocalSeedSourceInput,
  PartitionBlockInput,
  SeedConfigInput,
  SeedSourceInput,
} from './seed-config-input.js';
export { SeedDatasetError, SeedReaderError } from './seed-reader-error.js';
export { SeedRowOrder } from './seed-row-order.js';
export type { SeedSamplingStrategy } from './seed-row-order.js';
export type { SeedRowSource } from './seed-row-source.js';
export { seededPermutation } from './seeded-permutation.js';
export { registerSeedReaderPlugin, resolveSeedReaderPlugin, type SeedRowsLoader } from './seed-reader-plugins.js';
