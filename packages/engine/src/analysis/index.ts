export { ANALYSIS_LAYOUT, DatasetProfilingError, profileDataset } from './profile-dataset.js';
export type { ProfileColumnConfig, ProfileConfig, ProfileDatasetOptions } from './profile-dataset.js';
export { ProfilingInstance } from './profiling-instance.js';
export type { ProfilingInstanceOptions, TakenProfilingInstance } from './profiling-instance.js';
export { dtypeKind, pyarrowDtype, simpleDtype } from './duckdb-dtype.js';
export type { DtypeKind } from './duckdb-dtype.js';
export { MISSING_STAT } from './profile-types.js';
export type {
  CategoricalSummary,
  CategoryCount,
  ColumnStatistics,
  DatasetProfile,
  HistogramBin,
  JudgeScoreDistribution,
  JudgeScoreProfile,
  NumericSummary,
  Stat,
  TextSummary,
} from './profile-types.js';
