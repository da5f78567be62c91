import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { defineErrorClass, definedOrThrow, isLlmColumnType } from '@dd/config';
import { ARTIFACT_LAYOUT } from '../artifacts/artifact-layout.js';
import { DatasetFolder } from '../artifacts/dataset-folder.js';
import { openParquetView, type DatasetRelation } from '../artifacts/duckdb.js';
import { LocalArtifactStorage } from '../artifacts/local-artifact-storage.js';
import { quoteIdentifier, quoteLiteral } from '../artifacts/sql-quote.js';
import { dtypeKind, pyarrowDtype, simpleDtype } from './duckdb-dtype.js';
import type { DtypeKind } from './duckdb-dtype.js';
import { MISSING_STAT } from './profile-types.js';
import { ConnectionPool } from './connection-pool.js';
import { ProfilingInstance, type ProfilingInstanceOptions } from './profiling-instance.js';
import { runAggregates } from './run-aggregates.js';
import { runBatched } from './run-batched.js';
import type { AggregateExpr } from './run-aggregates.js';
import type {
  CategoricalSummary,
  CategoryCount,
  ColumnStatistics,
  DatasetProfile,
  HistogramBin,
  JudgeScoreDistribution,
  JudgeScoreProfile,
  Stat,
  TextSummary,
} from './profile-types.js';

/** Profiling could not run at all (no parquet files, unreadable data); single statistics never throw. */
export class DatasetProfilingError extends defineErrorClass('DataDesignerProfilingError') {}

/** The fields of a column config the profiler reads (any built-in or plugin column config fits). */
export interface ProfileColumnConfig {
  readonly name: string;
  readonly column_type: string;
  readonly drop?: boolean;
}

/** The part of a `DataDesignerConfig` the profiler reads. */
export interface ProfileConfig {
  readonly columns: readonly ProfileColumnConfig[];
}

/** Options of `profileDataset`. */
export interface ProfileDatasetOptions extends ProfilingInstanceOptions {
  /** The dataset config; without it every data column is profiled with general statistics only. */
  config?: ProfileConfig;
  /** Target record count; defaults to `target_num_records` of `metadata.json` when present. */
  targetNumRecords?: number;
  /** Write `<dataset>/analysis/profile.json`. @default true */
  write?: boolean;
  /** An instance opened ahead (its own `memoryLimit` and `threads` apply); the profile takes it over and closes it. */
  instance?: ProfilingInstance;
  /**
   * Above this many records quantiles and medians are approximate (t-digest, constant memory) rather than
   * exact (which holds every value in memory). Counts, `num_unique` and means are always exact. @default 250_000
   */
  exactQuantileMaxRecords?: number;
  /** Datasets whose parquet files total at most this many bytes have the columns the queries read more than once loaded into memory first (and use one DuckDB thread). @default 16 MiB */
  inMemoryMaxBytes?: number;
}

/** Datasets whose parquet files hold at most this many bytes are profiled from memory (see `loadIntoMemory`). */
const IN_MEMORY_MAX_BYTES = 16 * 1024 * 1024;

/** Size of the files on disk (a file that vanished counts 0; reading it fails later with its own error). */
async function totalBytes(files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (info) => info.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

/**
 * Decodes the columns read more than once (`plan.counted` ones are not) from the parquet files into a
 * table once: the profile's queries then read memory instead of decompressing and decoding the files
 * each time (a third less CPU on the 20,000-record offline benchmark dataset). Columns read once (wide
 * structs, lists, side-effect columns) stay in the files: copying the 20-field struct of
 * `person_from_faker` into table storage cost more than reading it once. Only for small datasets: the
 * table lives within DuckDB's `memory_limit` (spilling to the temp directory beyond it). Returns the
 * table's name.
 */
async function loadIntoMemory(connection: DuckDBConnection, plans: readonly ColumnPlan[]): Promise<string> {
  // Not TEMP: the profile's other connections query it too (the instance is private to the profile).
  await connection.run(`CREATE TABLE ${TABLE} AS SELECT ${plans.map((plan) => quoteIdentifier(plan.name)).join(', ')} FROM ${VIEW}`);
  return TABLE;
}

/**
 * Connections the queries are spread over. A small dataset's profile runs on one DuckDB thread per query
 * (`threads` 1): its ~40 queries are small, and handing each to a DuckDB worker thread cost more than the
 * work; the connections run them side by side instead (each query on the Node thread that awaits it).
 */
const QUERY_CONNECTIONS = 3;

/** Folder and file names of the analysis outputs inside a dataset folder. */
export const ANALYSIS_LAYOUT = { folder: 'analysis', profileFile: 'profile.json', reportFile: 'report.html' } as const;

const VIEW = '__dd_profile_data';
/** The table of the columns loaded into memory (see `loadIntoMemory`). */
const TABLE = `${VIEW}_rows`;
const NUMERICAL_SAMPLERS = new Set(['bernoulli', 'bernoulli_mixture', 'binomial', 'gaussian', 'poisson', 'scipy', 'uniform']);
const CATEGORICAL_SAMPLERS = new Set(['category', 'subcategory']);
const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
const TOP_VALUES = 20;
const HISTOGRAM_BINS = 20;
const MAX_INTEGER_BINS = 50;

interface ColumnPlan {
  index: number;
  name: string;
  duckdbType: string;
  kind: DtypeKind;
  columnType: string;
  config: Readonly<Record<string, unknown>> | undefined;
  isLlm: boolean;
  samplerType: string | undefined;
  /**
   * Only counted (non-null and distinct values, in one grouped query over the files): nested and other
   * columns without text, validation or judge statistics. The others are read by several queries.
   */
  counted: boolean;
}

/** A finite number, or `"--"`. */
function toStat(value: unknown): Stat<number> {
  const number = typeof value === 'bigint' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : MISSING_STAT;
}

/** Rounds to 6 significant digits to keep the JSON readable (counts stay exact). */
function round(value: Stat<number>): Stat<number> {
  return value === MISSING_STAT || Number.isInteger(value) ? value : Number(value.toPrecision(6));
}

function asNumber(value: Stat<number>): number | undefined {
  return value === MISSING_STAT ? undefined : value;
}

/** Whether a promise-returning step failed; used so one failing statistic never aborts the profile. */
async function attempt<T>(step: () => Promise<T>): Promise<T | typeof MISSING_STAT> {
  try {
    return await step();
  } catch {
    return MISSING_STAT;
  }
}

/** The column as DuckDB JSON (JSON text columns parsed, nested values converted). */
function jsonOf(plan: ColumnPlan): string {
  const column = quoteIdentifier(plan.name);
  if (plan.kind === 'string') return `(CASE WHEN json_valid(${column}) THEN CAST(${column} AS JSON) END)`;
  return `to_json(${column})`;
}

/** Numeric value of the column with non-finite floats as NULL. */
function numericValue(plan: ColumnPlan): string {
  const column = quoteIdentifier(plan.name);
  return plan.kind === 'float' ? `(CASE WHEN isfinite(${column}) THEN ${column}::DOUBLE END)` : `${column}::DOUBLE`;
}

/** Character length of the column (JSON text for non-strings). */
function lengthValue(plan: ColumnPlan): string {
  const column = quoteIdentifier(plan.name);
  return plan.kind === 'string' ? `length(${column})` : `length(CAST(to_json(${column}) AS VARCHAR))`;
}

function hasNumeric(plan: ColumnPlan): boolean {
  return plan.kind === 'integer' || plan.kind === 'float';
}

function hasText(plan: ColumnPlan): boolean {
  return plan.isLlm || plan.kind === 'string';
}

function quantileSql(value: string, exact: boolean, quantiles: readonly number[]): string {
  const list = `[${quantiles.join(', ')}]`;
  return exact ? `quantile_cont(${value}, ${list})::DOUBLE[]` : `approx_quantile(${value}, ${list})::DOUBLE[]`;
}

/** Aggregates of the single-scan pass for one column. */
function columnAggregates(plan: ColumnPlan, exactQuantiles: boolean): AggregateExpr[] {
  const column = quoteIdentifier(plan.name);
  const prefix = `c${plan.index}.`;
  const expressions: AggregateExpr[] = [];
  const add = (key: string, ...sql: string[]): void => {
    expressions.push({ key: prefix + key, column: plan.index, sql });
  };
  add('non_null', `count(${column})`);
  if (hasNumeric(plan)) {
    const value = numericValue(plan);
    add('min', `min(${value})`);
    add('max', `max(${value})`);
    add('mean', `avg(${value})::DOUBLE`);
    add('stddev', `stddev_samp(${value})::DOUBLE`);
    add('quantiles', quantileSql(value, exactQuantiles, QUANTILES), quantileSql(value, false, QUANTILES));
  }
  if (plan.kind === 'temporal') {
    add('t_min', `CAST(min(${column}) AS VARCHAR)`);
    add('t_max', `CAST(max(${column}) AS VARCHAR)`);
  }
  if (hasText(plan)) {
    const length = lengthValue(plan);
    add('len_min', `min(${length})`);
    add('len_max', `max(${length})`);
    add('len_mean', `avg(${length})::DOUBLE`);
    add('len_stddev', `stddev_samp(${length})::DOUBLE`);
    add('len_median', quantileSql(length, exactQuantiles, [0.5]));
    if (plan.isLlm) {
      const tokens = `ceil(${length} / 4.0)`;
      add('tok_mean', `avg(${tokens})::DOUBLE`);
      add('tok_stddev', `stddev_samp(${tokens})::DOUBLE`);
      add('tok_median', quantileSql(tokens, exactQuantiles, [0.5]));
    }
  }
  if (plan.columnType === 'validation') {
    const isValid =
      plan.kind === 'boolean' ? `coalesce(${column}, false)` : `coalesce(TRY_CAST(json_extract_string(${jsonOf(plan)}, '$.is_valid') AS BOOLEAN), false)`;
    add('num_valid', `count(*) FILTER (WHERE ${isValid})`);
  }
  return expressions;
}

/** SQL values whose distinct count is a column's `num_unique`, in the order tried: 64-bit hashes, the values, their text. */
function distinctValues(plan: ColumnPlan): string[] {
  const column = quoteIdentifier(plan.name);
  return [`hash(${column})`, column, `CAST(${column} AS VARCHAR)`];
}

/** The query counting the distinct non-null `value`s (one of `distinctValues`) of a column of `source`. */
function uniqueSql(source: string, plan: ColumnPlan, value: string): string {
  return `SELECT count(*) FROM (SELECT DISTINCT ${value} FROM ${source} WHERE ${quoteIdentifier(plan.name)} IS NOT NULL)`;
}

/**
 * Distinct non-null values of one column of `source`, as its own grouped query over 64-bit value hashes:
 * small keys, one column's hash table at a time, and DuckDB's hash aggregate spills beyond
 * `memory_limit`, so memory stays bounded (a hash collision needs ~4 billion distinct values to become
 * likely). Falls back to the values themselves, then their text.
 */
async function computeUnique(connection: DuckDBConnection, source: string, plan: ColumnPlan): Promise<Stat<number>> {
  for (const value of distinctValues(plan)) {
    const count = await attempt(async () => toStat((await connection.runAndReadAll(uniqueSql(source, plan, value))).getRowsJS()[0]?.[0]));
    if (count !== MISSING_STAT) return count;
  }
  return MISSING_STAT;
}

/** `computeUnique` of several columns, their hash queries in one batch (`runBatched`); a column whose query fails takes the fallbacks. */
async function computeUniques(connection: DuckDBConnection, source: string, plans: readonly ColumnPlan[]): Promise<Map<number, Stat<number>>> {
  const batch = await runBatched(
    connection,
    plans.map((plan) => uniqueSql(source, plan, `hash(${quoteIdentifier(plan.name)})`)),
  );
  const uniques = new Map<number, Stat<number>>();
  for (const [position, plan] of plans.entries()) {
    const rows = batch[position];
    uniques.set(plan.index, rows ? toStat(rows[0]?.[0]) : await computeUnique(connection, source, plan));
  }
  return uniques;
}

/**
 * Non-null and distinct values of a counted column from the files, in one grouped query (the same
 * groups as `computeUnique`; their sizes add up to the non-null count), so the column is read once.
 * When every grouping fails, the non-null count comes from `count()` alone.
 */
async function computeCounts(connection: DuckDBConnection, plan: ColumnPlan): Promise<{ nonNull: Stat<number>; unique: Stat<number> }> {
  const column = quoteIdentifier(plan.name);
  for (const value of distinctValues(plan)) {
    const counts = await attempt(async () => {
      const reader = await connection.runAndReadAll(
        `SELECT coalesce(sum(n), 0)::BIGINT, count(*) FROM (SELECT ${value} AS v, count(*) AS n FROM ${VIEW} WHERE ${column} IS NOT NULL GROUP BY v)`,
      );
      const [nonNull, unique] = reader.getRowsJS()[0] ?? [];
      return { nonNull: toStat(nonNull), unique: toStat(unique) };
    });
    if (counts !== MISSING_STAT) return counts;
  }
  const nonNull = await attempt(async () => toStat((await connection.runAndReadAll(`SELECT count(${column}) FROM ${VIEW}`)).getRowsJS()[0]?.[0]));
  return { nonNull, unique: MISSING_STAT };
}

function firstOfList(value: unknown): Stat<number> {
  return Array.isArray(value) ? toStat(value[0]) : MISSING_STAT;
}

/** An equal-width histogram to compute: of the SQL `value` between `min` and `max` (whole-number bins when `integer`). */
interface HistogramSpec {
  /** Result key: `n<column index>` (numeric values) or `l<column index>` (lengths). */
  key: string;
  value: string;
  integer: boolean;
  min: number;
  max: number;
}

/**
 * Bin width and count of a histogram. Integer values get whole-number bins (one per value for small
 * ranges) so no bin covers more integers than another.
 */
function histogramBins({ integer, min, max }: HistogramSpec): { width: number; binCount: number } {
  const span = integer ? max - min + 1 : max - min;
  const width = min === max ? 1 : integer ? (span <= MAX_INTEGER_BINS ? 1 : Math.ceil(span / HISTOGRAM_BINS)) : span / HISTOGRAM_BINS;
  return { width, binCount: min === max ? 1 : integer ? Math.ceil(span / width) : HISTOGRAM_BINS };
}

/** The query counting the rows of `source` per bin (`bin`, `n`). */
function histogramSql(source: string, spec: HistogramSpec): string {
  const { width, binCount } = histogramBins(spec);
  return (
    `SELECT least(greatest(floor((${spec.value} - (${spec.min})) / (${width})), 0), ${binCount - 1})::BIGINT AS bin, count(*) AS n ` +
    `FROM ${source} WHERE ${spec.value} IS NOT NULL GROUP BY bin`
  );
}

/** The bins of a histogram from its query's rows (empty bins included). */
function histogramFromRows(spec: HistogramSpec, rows: readonly unknown[][]): HistogramBin[] {
  const { min, max, integer } = spec;
  const { width, binCount } = histogramBins(spec);
  const counts = new Array<number>(binCount).fill(0);
  for (const [bin, count] of rows) counts[Number(bin)] = Number(count);
  return counts.map((count, bin) => {
    const lower = min + bin * width;
    const upper = min === max ? max : integer ? lower + width : bin === binCount - 1 ? max : lower + width;
    return { lower: round(lower) as number, upper: round(upper) as number, count };
  });
}

/** Histograms of `source`, in one batch; a histogram whose query fails is `"--"`. */
async function computeHistograms(connection: DuckDBConnection, source: string, specs: readonly HistogramSpec[]): Promise<Map<string, Stat<HistogramBin[]>>> {
  const batch = await runBatched(
    connection,
    specs.map((spec) => histogramSql(source, spec)),
  );
  return new Map(
    specs.map((spec, position) => {
      const rows = batch[position];
      return [spec.key, rows ? histogramFromRows(spec, rows) : MISSING_STAT];
    }),
  );
}

/** Top values of a low-cardinality column to compute (`nonNull` is its non-null count). */
interface CategoriesSpec {
  plan: ColumnPlan;
  nonNull: number;
}

const MISSING_CATEGORIES: CategoricalSummary = { top_values: MISSING_STAT, other_count: MISSING_STAT, most_common: MISSING_STAT, least_common: MISSING_STAT };

/**
 * The query of a column's most frequent values (`k` = `top`, by count then value) and least frequent one
 * (`k` = `least`), each row with its rank `r`.
 */
function categoriesSql(source: string, plan: ColumnPlan): string {
  const column = quoteIdentifier(plan.name);
  return (
    `WITH g AS (SELECT CAST(${column} AS VARCHAR) AS v, count(*) AS n FROM ${source} WHERE ${column} IS NOT NULL GROUP BY v) ` +
    `SELECT 'top' AS k, v, n, row_number() OVER (ORDER BY n DESC, v) AS r FROM g QUALIFY r <= ${TOP_VALUES} ` +
    `UNION ALL SELECT 'least' AS k, v, n, row_number() OVER (ORDER BY n ASC, v) AS r FROM g QUALIFY r <= 1`
  );
}

function categoriesFromRows(rows: readonly unknown[][], nonNull: number): CategoricalSummary {
  const top: CategoryCount[] = [];
  let least: Stat<string> = MISSING_STAT;
  for (const [kind, value, count] of [...rows].sort((left, right) => Number(left[3]) - Number(right[3]))) {
    if (kind === 'top') top.push({ value: String(value), count: Number(count) });
    else least = String(value);
  }
  const covered = top.reduce((sum, entry) => sum + entry.count, 0);
  return {
    top_values: top,
    other_count: nonNull - covered,
    most_common: top[0]?.value ?? MISSING_STAT,
    least_common: least,
  };
}

/** Top values of several columns of `source`, in one batch, keyed by column index. */
async function computeCategories(connection: DuckDBConnection, source: string, specs: readonly CategoriesSpec[]): Promise<Map<number, CategoricalSummary>> {
  const batch = await runBatched(
    connection,
    specs.map(({ plan }) => categoriesSql(source, plan)),
  );
  return new Map(
    specs.map(({ plan, nonNull }, position) => {
      const rows = batch[position];
      return [plan.index, rows ? categoriesFromRows(rows, nonNull) : MISSING_CATEGORIES];
    }),
  );
}

/** Mean, median and sample stddev of weighted integer values. */
function weightedStats(entries: ReadonlyArray<{ value: number; count: number }>): Pick<JudgeScoreDistribution, 'mean' | 'median' | 'stddev' | 'min' | 'max'> {
  const total = entries.reduce((sum, entry) => sum + entry.count, 0);
  if (total === 0) return { mean: MISSING_STAT, median: MISSING_STAT, stddev: MISSING_STAT, min: MISSING_STAT, max: MISSING_STAT };
  const sorted = [...entries].sort((left, right) => left.value - right.value);
  const lowest = definedOrThrow(sorted[0], 'the lowest judge score');
  const highest = definedOrThrow(sorted.at(-1), 'the highest judge score');
  const mean = sorted.reduce((sum, entry) => sum + entry.value * entry.count, 0) / total;
  const squares = sorted.reduce((sum, entry) => sum + entry.count * (entry.value - mean) ** 2, 0);
  const at = (position: number): number => {
    let seen = 0;
    for (const entry of sorted) {
      seen += entry.count;
      if (position < seen) return entry.value;
    }
    return highest.value;
  };
  const median = total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
  return {
    mean: round(mean),
    median,
    stddev: total > 1 ? round(Math.sqrt(squares / (total - 1))) : MISSING_STAT,
    min: lowest.value,
    max: highest.value,
  };
}

function scoreDefinitions(plan: ColumnPlan): Array<{ name: string; options?: Record<string, string> }> {
  const scores = plan.config?.scores;
  if (!Array.isArray(scores)) return [];
  return scores.flatMap((score: unknown) => {
    if (typeof score !== 'object' || score === null) return [];
    const { name, options } = score as { name?: unknown; options?: unknown };
    if (typeof name !== 'string') return [];
    const labels =
      typeof options === 'object' && options !== null ? Object.fromEntries(Object.entries(options).map(([key, label]) => [key, String(label)])) : undefined;
    return [{ name, ...(labels ? { options: labels } : {}) }];
  });
}

async function computeScore(
  pool: ConnectionPool,
  source: string,
  plan: ColumnPlan,
  score: { name: string; options?: Record<string, string> },
  numRecords: number,
): Promise<JudgeScoreDistribution> {
  const jsonPath = quoteLiteral(`$."${score.name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}".score`);
  const base: JudgeScoreDistribution = {
    score_name: score.name,
    num_scored: MISSING_STAT,
    num_missing: MISSING_STAT,
    distribution_type: MISSING_STAT,
    histogram: MISSING_STAT,
    ...(score.options ? { options: score.options } : {}),
  };
  const rows = await attempt(async () => {
    const reader = await pool.use((on) =>
      on.runAndReadAll(`SELECT json_extract_string(${jsonOf(plan)}, ${jsonPath}) AS s, count(*) AS n FROM ${source} GROUP BY s ORDER BY n DESC, s LIMIT 1000`),
    );
    return reader.getRowsJS().map(([value, count]) => ({ value: value === null ? null : String(value), count: Number(count) }));
  });
  if (rows === MISSING_STAT) return base;
  const scored = rows.filter((row): row is CategoryCount => row.value !== null);
  const numScored = scored.reduce((sum, row) => sum + row.count, 0);
  const numerical = scored.length > 0 && scored.every((row) => /^-?\d+$/.test(row.value.trim()));
  const histogram = numerical ? [...scored].sort((left, right) => Number(left.value) - Number(right.value)) : scored;
  return {
    ...base,
    num_scored: numScored,
    num_missing: numRecords - numScored,
    distribution_type: numerical ? 'numerical' : 'categorical',
    histogram,
    ...(numerical ? weightedStats(scored.map((row) => ({ value: Number(row.value), count: row.count }))) : {}),
  };
}

/** `target_num_records` of the folder's `metadata.json`, when present and readable. */
async function readTargetRecords(folder: DatasetFolder): Promise<number | undefined> {
  try {
    return (await folder.metadata())?.target_num_records;
  } catch {
    return undefined;
  }
}

function buildPlans(
  schema: ReadonlyArray<{ name: string; type: string }>,
  config: ProfileConfig | undefined,
): { plans: ColumnPlan[]; sideEffects: string[]; missing: string[] } {
  const types = new Map(schema.map((column) => [column.name, column.type]));
  const configured = config
    ? config.columns.filter((column) => column.drop !== true)
    : schema.map((column) => ({ name: column.name, column_type: 'unconfigured' }));
  const plans: ColumnPlan[] = [];
  const missing: string[] = [];
  for (const column of configured) {
    const duckdbType = types.get(column.name);
    if (duckdbType === undefined) {
      missing.push(column.name);
      continue;
    }
    const record: Readonly<Record<string, unknown>> = { ...column };
    const plan: ColumnPlan = {
      index: plans.length,
      name: column.name,
      duckdbType,
      kind: dtypeKind(duckdbType),
      columnType: column.column_type,
      config: config ? record : undefined,
      isLlm: isLlmColumnType(column.column_type),
      samplerType: column.column_type === 'sampler' && typeof record.sampler_type === 'string' ? record.sampler_type : undefined,
      counted: false,
    };
    plan.counted = isCountedOnly(plan);
    plans.push(plan);
  }
  const names = new Set(configured.map((column) => column.name));
  const allConfigured = new Set(config?.columns.map((column) => column.name) ?? names);
  const sideEffects = schema.map((column) => column.name).filter((name) => !names.has(name) && !allConfigured.has(name));
  return { plans, sideEffects, missing };
}

/** Whether a column gets only its non-null and distinct counts (no numeric, text, temporal, category, validation or judge statistics). */
function isCountedOnly(plan: ColumnPlan): boolean {
  if (plan.kind !== 'nested' && plan.kind !== 'other') return false;
  if (hasText(plan) || plan.columnType === 'validation' || plan.columnType === 'llm-judge') return false;
  return plan.samplerType === undefined || !CATEGORICAL_SAMPLERS.has(plan.samplerType);
}

function wantsCategories(plan: ColumnPlan, numUnique: Stat<number>): boolean {
  if (plan.isLlm || numUnique === MISSING_STAT) return false;
  if (plan.samplerType !== undefined && CATEGORICAL_SAMPLERS.has(plan.samplerType)) return true;
  if (plan.kind === 'string' || plan.kind === 'boolean' || plan.kind === 'temporal') return numUnique <= 1000;
  return plan.kind === 'integer' && numUnique <= TOP_VALUES;
}

/** A column's aggregates (keyed `c<index>.<name>`, see `columnAggregates`) and distinct count. */
interface ColumnValues {
  values: ReadonlyMap<string, unknown>;
  numUnique: Stat<number>;
}

function aggregateOf(plan: ColumnPlan, { values }: ColumnValues, key: string): unknown {
  return values.get(`c${plan.index}.${key}`);
}

/** The histograms and top values a column asks for once its aggregates and distinct count are known. */
function followUpsOf(plan: ColumnPlan, column: ColumnValues): { histograms: HistogramSpec[]; categories?: CategoriesSpec } {
  const get = (key: string): unknown => aggregateOf(plan, column, key);
  const histograms: HistogramSpec[] = [];
  const low = asNumber(toStat(get('min')));
  const high = asNumber(toStat(get('max')));
  if (hasNumeric(plan) && low !== undefined && high !== undefined) {
    histograms.push({ key: `n${plan.index}`, value: numericValue(plan), integer: plan.kind === 'integer', min: low, max: high });
  }
  const shortest = asNumber(toStat(get('len_min')));
  const longest = asNumber(toStat(get('len_max')));
  if (hasText(plan) && shortest !== undefined && longest !== undefined) {
    histograms.push({ key: `l${plan.index}`, value: lengthValue(plan), integer: true, min: shortest, max: longest });
  }
  const nonNull = toStat(get('non_null'));
  const categories = wantsCategories(plan, column.numUnique) && nonNull !== MISSING_STAT ? { plan, nonNull } : undefined;
  return categories ? { histograms, categories } : { histograms };
}

/** Statistics of one column from its aggregates, distinct count, histograms and top values. */
function columnStatistics(
  plan: ColumnPlan,
  column: ColumnValues,
  histograms: ReadonlyMap<string, Stat<HistogramBin[]>>,
  categories: ReadonlyMap<number, CategoricalSummary>,
  numRecords: number,
): ColumnStatistics {
  const get = (key: string): unknown => aggregateOf(plan, column, key);
  const nonNull = toStat(get('non_null'));
  const stats: ColumnStatistics = {
    column_name: plan.name,
    column_type: plan.columnType,
    num_records: numRecords,
    num_null: nonNull === MISSING_STAT ? MISSING_STAT : numRecords - nonNull,
    num_unique: column.numUnique,
    duckdb_dtype: plan.duckdbType,
    pyarrow_dtype: (() => {
      try {
        return pyarrowDtype(plan.duckdbType);
      } catch {
        return MISSING_STAT;
      }
    })(),
    simple_dtype: simpleDtype(plan.duckdbType),
  };
  if (plan.samplerType !== undefined) {
    stats.sampler_type = plan.samplerType;
    stats.distribution_type = CATEGORICAL_SAMPLERS.has(plan.samplerType) ? 'categorical' : NUMERICAL_SAMPLERS.has(plan.samplerType) ? 'numerical' : 'other';
  }
  if (hasNumeric(plan)) {
    const quantiles = get('quantiles');
    stats.numeric = {
      min: round(toStat(get('min'))),
      max: round(toStat(get('max'))),
      mean: round(toStat(get('mean'))),
      median: Array.isArray(quantiles) ? round(toStat(quantiles[2])) : MISSING_STAT,
      stddev: round(toStat(get('stddev'))),
      percentiles:
        Array.isArray(quantiles) && quantiles.every((value) => toStat(value) !== MISSING_STAT)
          ? Object.fromEntries(QUANTILES.map((q, position) => [`p${Math.round(q * 100)}`, round(toStat(quantiles[position])) as number]))
          : MISSING_STAT,
      histogram: histograms.get(`n${plan.index}`) ?? MISSING_STAT,
    };
  }
  if (plan.kind === 'temporal') {
    const text = (value: unknown): Stat<string> => (typeof value === 'string' ? value : MISSING_STAT);
    stats.temporal = { min: text(get('t_min')), max: text(get('t_max')) };
  }
  const topValues = categories.get(plan.index);
  if (topValues) stats.categorical = topValues;
  if (hasText(plan)) {
    const text: TextSummary = {
      length_min: toStat(get('len_min')),
      length_max: toStat(get('len_max')),
      length_mean: round(toStat(get('len_mean'))),
      length_median: round(firstOfList(get('len_median'))),
      length_stddev: round(toStat(get('len_stddev'))),
      length_histogram: histograms.get(`l${plan.index}`) ?? MISSING_STAT,
    };
    if (plan.isLlm) {
      text.output_tokens_mean = round(toStat(get('tok_mean')));
      text.output_tokens_median = round(firstOfList(get('tok_median')));
      text.output_tokens_stddev = round(toStat(get('tok_stddev')));
    }
    stats.text = text;
  }
  if (plan.columnType === 'validation') {
    const valid = toStat(get('num_valid'));
    stats.num_valid_records = valid;
    stats.percent_valid = valid === MISSING_STAT || numRecords === 0 ? MISSING_STAT : round((valid / numRecords) * 100);
  }
  return stats;
}

/**
 * Profiles a dataset folder with DuckDB SQL over `parquet-files/batch_*.parquet` (rows never enter JS):
 * per-column statistics (engine-spec §7.3) and judge-score distributions (§7.4). Writes
 * `<dataset>/analysis/profile.json` unless `write: false`, and returns the same plain JSON profile.
 */
export async function profileDataset(datasetPath: string, options: ProfileDatasetOptions = {}): Promise<DatasetProfile> {
  const started = performance.now();
  const root = path.resolve(datasetPath);
  const folder = new DatasetFolder(root);
  // The private instance opens (~10-30 ms, on a libuv thread) while the files are listed, or was opened
  // ahead by the caller (e.g. while the run that writes the files ends).
  const { instance, tempDirectory, threads } = (options.instance ?? new ProfilingInstance(options)).take();
  const files = await folder.batchFiles('final');
  if (files.length === 0) {
    void instance.then(
      (unused) => unused.closeSync(),
      () => undefined,
    );
    throw new DatasetProfilingError(`Cannot profile ${root}: no ${ARTIFACT_LAYOUT.finalFolder}/batch_*.parquet files.`, {
      fix: 'Profile a dataset folder produced by create (it must hold at least one completed batch).',
    });
  }
  const inMemory = (await totalBytes(files)) <= (options.inMemoryMaxBytes ?? IN_MEMORY_MAX_BYTES);
  let relation: DatasetRelation;
  try {
    relation = await openParquetView(files, { viewName: VIEW, instance });
  } catch (error) {
    await rm(tempDirectory, { recursive: true, force: true });
    throw new DatasetProfilingError(`Cannot read the parquet files of ${root}: ${error instanceof Error ? error.message : String(error)}`, {
      fix: 'Check that the batch files are complete parquet files (a crashed run may leave partial ones).',
    });
  }
  const connection = relation.connection;
  try {
    if (threads === undefined && !inMemory) await connection.run('RESET threads');
    const described = await connection.runAndReadAll(`DESCRIBE ${VIEW}`);
    const schema = described.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
    const numRecords = relation.rowCount;
    const exactQuantiles = numRecords <= (options.exactQuantileMaxRecords ?? 250_000);
    const { plans, sideEffects, missing } = buildPlans(schema, options.config);
    const read = plans.filter((plan) => !plan.counted);
    const pool = new ConnectionPool([connection, ...(await Promise.all(Array.from({ length: QUERY_CONNECTIONS - 1 }, () => relation.connect())))]);
    // Where the columns read several times are queried: their table, or the files (large datasets, or
    // when loading fails). Counted columns are read from the files, once, while the table loads.
    const source = inMemory && read.length > 0 ? pool.use((on) => loadIntoMemory(on, read)).catch(() => VIEW) : Promise.resolve(VIEW);
    const counted = Promise.all(
      plans
        .filter((plan) => plan.counted)
        .map(async (plan): Promise<[number, ColumnValues]> => {
          const { nonNull, unique } = await pool.use((on) => computeCounts(on, plan));
          return [plan.index, { values: new Map([[`c${plan.index}.non_null`, nonNull]]), numUnique: unique }];
        }),
    );
    const from = await source;
    // Then the distinct counts (one batch), each column's aggregates (one query per column, side by
    // side) and the judge scores; then the histograms and top values those ask for (batches).
    const judges = plans.filter((candidate) => candidate.columnType === 'llm-judge');
    const judgeScores = judges.flatMap((plan) => scoreDefinitions(plan).map((score) => ({ plan, score })));
    const [uniques, aggregates, distributions] = await Promise.all([
      pool.use((on) => computeUniques(on, from, read)),
      Promise.all(read.map((plan) => pool.use((on) => runAggregates(on, from, columnAggregates(plan, exactQuantiles))))),
      Promise.all(judgeScores.map(({ plan, score }) => computeScore(pool, from, plan, score, numRecords))),
    ]);
    const columns = new Map<number, ColumnValues>(
      read.map((plan, position) => [plan.index, { values: aggregates[position] ?? new Map(), numUnique: uniques.get(plan.index) ?? MISSING_STAT }]),
    );
    const followUps = read.map((plan) => followUpsOf(plan, columns.get(plan.index) as ColumnValues));
    const histogramSpecs = followUps.flatMap((followUp) => followUp.histograms);
    const categorySpecs = followUps.flatMap((followUp) => (followUp.categories ? [followUp.categories] : []));
    // Two histogram batches, so the follow-ups run side by side on the connections.
    const half = Math.ceil(histogramSpecs.length / 2);
    const [firstHistograms, secondHistograms, categories] = await Promise.all([
      pool.use((on) => computeHistograms(on, from, histogramSpecs.slice(0, half))),
      pool.use((on) => computeHistograms(on, from, histogramSpecs.slice(half))),
      pool.use((on) => computeCategories(on, from, categorySpecs)),
    ]);
    const histograms = new Map([...firstHistograms, ...secondHistograms]);
    for (const [index, column] of await counted) columns.set(index, column);
    const columnStats = plans.map((plan) => columnStatistics(plan, columns.get(plan.index) as ColumnValues, histograms, categories, numRecords));
    const columnProfiles: JudgeScoreProfile[] = judges.map((plan) => ({
      profiler: 'judge_score',
      column_name: plan.name,
      scores: distributions.filter((_, index) => judgeScores[index]?.plan === plan),
    }));

    const target = options.targetNumRecords ?? (await readTargetRecords(folder));
    const profile: DatasetProfile = {
      profile_version: 1,
      dataset_path: root,
      created_at: new Date().toISOString(),
      num_records: numRecords,
      target_num_records: target ?? MISSING_STAT,
      percent_complete: target !== undefined && target > 0 ? round((numRecords / target) * 100) : MISSING_STAT,
      num_columns: plans.length,
      quantile_mode: exactQuantiles ? 'exact' : 'approximate',
      column_statistics: columnStats,
      side_effect_column_names: sideEffects,
      missing_column_names: missing,
      column_profiles: columnProfiles,
      elapsed_seconds: round((performance.now() - started) / 1000) as number,
    };
    if (options.write !== false) {
      const storage = LocalArtifactStorage.openExisting(root);
      try {
        await storage.writeTextFile(`${ANALYSIS_LAYOUT.folder}/${ANALYSIS_LAYOUT.profileFile}`, `${JSON.stringify(profile, null, 2)}\n`);
      } finally {
        await storage.close();
      }
    }
    return profile;
  } finally {
    relation.close();
    await folder.close();
    await rm(tempDirectory, { recursive: true, force: true });
  }
}
