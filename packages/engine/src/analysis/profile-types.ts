/** Placeholder stored in place of a statistic whose calculation failed or does not apply (engine-spec §7.3). */
export const MISSING_STAT = '--';

/** A statistic, or `"--"` when it could not be calculated. */
export type Stat<T> = T | typeof MISSING_STAT;

/** One equal-width histogram bin `[lower, upper)` (the last bin includes `upper`). */
export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

/** A value (as text) and how many rows hold it. */
export interface CategoryCount {
  value: string;
  count: number;
}

/** Statistics of a numeric column (non-finite values ignored). */
export interface NumericSummary {
  min: Stat<number>;
  max: Stat<number>;
  mean: Stat<number>;
  median: Stat<number>;
  /** Sample standard deviation. */
  stddev: Stat<number>;
  /** Continuous quantiles keyed `p5`, `p25`, `p50`, `p75`, `p95`. */
  percentiles: Stat<Record<string, number>>;
  histogram: Stat<HistogramBin[]>;
}

/** Most frequent values of a low-cardinality column. */
export interface CategoricalSummary {
  /** Up to 20 most frequent values, most frequent first (ties by value). */
  top_values: Stat<CategoryCount[]>;
  /** Non-null rows whose value is not among `top_values`. */
  other_count: Stat<number>;
  most_common: Stat<string>;
  least_common: Stat<string>;
}

/** Character lengths of a text column (JSON text for nested values) and, for LLM columns, token estimates. */
export interface TextSummary {
  length_min: Stat<number>;
  length_max: Stat<number>;
  length_mean: Stat<number>;
  length_median: Stat<number>;
  length_stddev: Stat<number>;
  /** Histogram of character lengths (whole-number bins). */
  length_histogram: Stat<HistogramBin[]>;
  /** Output tokens estimated as ceil(chars / 4) (LLM columns only). */
  output_tokens_mean?: Stat<number>;
  output_tokens_median?: Stat<number>;
  output_tokens_stddev?: Stat<number>;
}

/** Statistics of one column (engine-spec §7.3); every field falls back to `"--"` on failure. */
export interface ColumnStatistics {
  column_name: string;
  /** The config's `column_type`, or `"unconfigured"` when profiling without a config. */
  column_type: string;
  num_records: Stat<number>;
  num_null: Stat<number>;
  num_unique: Stat<number>;
  /** DuckDB type of the parquet column. */
  duckdb_dtype: Stat<string>;
  /** The Arrow type name pyarrow would report (`int64`, `string`, `list<item: string>`…). */
  pyarrow_dtype: Stat<string>;
  /** `int`, `float`, `string`, `bool`, `timestamp`, `date`, `time`, `bytes`, `list[...]`, `dict`. */
  simple_dtype: Stat<string>;
  /** Sampler columns: the sampler type. */
  sampler_type?: string;
  /** Sampler columns: how the distribution is summarised. */
  distribution_type?: 'categorical' | 'numerical' | 'other';
  numeric?: NumericSummary;
  categorical?: CategoricalSummary;
  text?: TextSummary;
  /** Timestamp, date and time columns: earliest and latest value as ISO-like text. */
  temporal?: { min: Stat<string>; max: Stat<string> };
  /** Validation columns: rows whose `is_valid` is truthy (null counts as invalid). */
  num_valid_records?: Stat<number>;
  /** Validation columns: `num_valid_records / num_records * 100`. */
  percent_valid?: Stat<number>;
}

/** Distribution of one llm-judge score (engine-spec §7.4). */
export interface JudgeScoreDistribution {
  score_name: string;
  /** Rows with a score value. */
  num_scored: Stat<number>;
  /** Rows whose cell has no score value (null cell, missing key, malformed JSON). */
  num_missing: Stat<number>;
  /** Numerical when every score is an integer, else categorical. */
  distribution_type: Stat<'numerical' | 'categorical'>;
  /** Score values with counts: ascending for numerical scores, by frequency otherwise. */
  histogram: Stat<CategoryCount[]>;
  mean?: Stat<number>;
  median?: Stat<number>;
  stddev?: Stat<number>;
  min?: Stat<number>;
  max?: Stat<number>;
  /** The rubric's option labels keyed by score value, when the config has them. */
  options?: Record<string, string>;
}

/** Judge-score profile of one llm-judge column. */
export interface JudgeScoreProfile {
  profiler: 'judge_score';
  column_name: string;
  scores: JudgeScoreDistribution[];
}

/** The dataset profile written to `<dataset>/analysis/profile.json` (plain JSON). */
export interface DatasetProfile {
  profile_version: 1;
  dataset_path: string;
  created_at: string;
  num_records: number;
  target_num_records: Stat<number>;
  percent_complete: Stat<number>;
  num_columns: number;
  /** `approximate` when quantiles and medians were estimated with t-digest (large datasets, see `exactQuantileMaxRecords`). */
  quantile_mode: 'exact' | 'approximate';
  column_statistics: ColumnStatistics[];
  /** Dataset columns not among the configured ones (traces, reasoning content, custom side effects). */
  side_effect_column_names: string[];
  /** Configured, non-dropped columns absent from the data (not profiled). */
  missing_column_names: string[];
  column_profiles: JudgeScoreProfile[];
  /** Seconds spent profiling. */
  elapsed_seconds: number;
}
