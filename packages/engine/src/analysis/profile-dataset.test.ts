import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DataDesignerConfig } from '@dd/config';
import { writeRowsToParquet } from '../artifacts/write-rows-to-parquet.js';
import { dtypeKind, pyarrowDtype, simpleDtype } from './duckdb-dtype.js';
import { DatasetProfilingError, profileDataset } from './profile-dataset.js';
import { ProfilingInstance } from './profiling-instance.js';
import type { ProfileConfig } from './profile-dataset.js';
import { MISSING_STAT } from './profile-types.js';
import type { DatasetProfile } from './profile-types.js';
import { runAggregates } from './run-aggregates.js';

const CONFIG: ProfileConfig = {
  columns: [
    { name: 'topic', column_type: 'sampler', sampler_type: 'category' } as ProfileColumnLike,
    { name: 'age', column_type: 'sampler', sampler_type: 'gaussian' } as ProfileColumnLike,
    { name: 'answer', column_type: 'llm-text' },
    {
      name: 'quality',
      column_type: 'llm-judge',
      scores: [
        { name: 'helpfulness', description: 'h', options: { '1': 'bad', '2': 'ok', '3': 'good' } },
        { name: 'tone', description: 't', options: { formal: 'formal', casual: 'casual' } },
      ],
    } as ProfileColumnLike,
    { name: 'check', column_type: 'validation' },
    { name: 'n_words', column_type: 'expression' },
    { name: 'wide', column_type: 'expression' },
    { name: 'created', column_type: 'seed-dataset' },
    { name: 'secret', column_type: 'expression', drop: true },
    { name: 'removed_by_processor', column_type: 'expression' },
  ],
};

type ProfileColumnLike = ProfileConfig['columns'][number];

function row(index: number): Record<string, unknown> {
  return {
    topic: index < 10 ? 'science' : index < 17 ? 'math' : 'art',
    age: index === 5 ? null : 20 + (index % 10),
    answer: 'x'.repeat(8 * (index + 1)),
    quality: { helpfulness: { score: (index % 3) + 1, reasoning: `r${index}` }, tone: { score: index % 4 === 0 ? 'formal' : 'casual', reasoning: 'r' } },
    check: { is_valid: index % 5 !== 0, error_messages: '' },
    n_words: index * 1.5,
    wide: index * 10,
    created: new Date(Date.UTC(2024, 0, 1 + index)),
    answer__trace: [{ role: 'assistant', content: 'hi' }],
  };
}

let root: string;
let datasetPath: string;
let profile: DatasetProfile;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dd-profile-test-'));
  datasetPath = path.join(root, 'dataset');
  await mkdir(path.join(datasetPath, 'parquet-files'), { recursive: true });
  await writeFile(path.join(datasetPath, 'metadata.json'), JSON.stringify({ target_num_records: 25 }));
  const instance = await DuckDBInstance.create(':memory:');
  const rows = Array.from({ length: 20 }, (_, index) => row(index));
  await writeRowsToParquet(instance, rows.slice(0, 12), path.join(datasetPath, 'parquet-files', 'batch_00000.parquet'));
  await writeRowsToParquet(instance, rows.slice(12), path.join(datasetPath, 'parquet-files', 'batch_00001.parquet'));
  await writeFile(path.join(datasetPath, 'parquet-files', 'not-a-batch.parquet'), 'garbage');
  instance.closeSync();
  profile = await profileDataset(datasetPath, { config: CONFIG });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function column(name: string) {
  const found = profile.column_statistics.find((stats) => stats.column_name === name);
  if (!found) throw new Error(`no statistics for ${name}`);
  return found;
}

describe('profileDataset', () => {
  it('reports the overview and writes analysis/profile.json', async () => {
    expect(profile.num_records).toBe(20);
    expect(profile.target_num_records).toBe(25);
    expect(profile.percent_complete).toBe(80);
    expect(profile.column_statistics.map((stats) => stats.column_name)).toEqual(['topic', 'age', 'answer', 'quality', 'check', 'n_words', 'wide', 'created']);
    expect(profile.side_effect_column_names).toEqual(['answer__trace']);
    expect(profile.missing_column_names).toEqual(['removed_by_processor']);
    const written = JSON.parse(await readFile(path.join(datasetPath, 'analysis', 'profile.json'), 'utf8')) as DatasetProfile;
    expect(written.column_statistics).toEqual(profile.column_statistics);
  });

  it('computes general statistics and dtypes', () => {
    expect(column('age')).toMatchObject({ num_records: 20, num_null: 1, num_unique: 10, duckdb_dtype: 'BIGINT', pyarrow_dtype: 'int64', simple_dtype: 'int' });
    expect(column('answer')).toMatchObject({ num_null: 0, num_unique: 20, simple_dtype: 'string' });
    expect(column('quality').simple_dtype).toBe('dict');
    expect(column('quality').pyarrow_dtype).toBe(
      'struct<helpfulness: struct<score: int64, reasoning: string>, tone: struct<score: string, reasoning: string>>',
    );
  });

  it('computes numeric statistics, percentiles and histograms', () => {
    const numeric = column('n_words').numeric;
    expect(numeric).toMatchObject({ min: 0, max: 28.5, mean: 14.25, median: 14.25 });
    expect(numeric?.stddev).toBeCloseTo(8.87412, 4);
    expect(numeric?.percentiles).toEqual({ p5: 1.425, p25: 7.125, p50: 14.25, p75: 21.375, p95: 27.075 });
    const histogram = numeric?.histogram;
    if (histogram === MISSING_STAT || histogram === undefined) throw new Error('histogram missing');
    expect(histogram).toHaveLength(20);
    expect(histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(20);
    expect(histogram.at(-1)?.upper).toBe(28.5);
    // Small integer ranges get one bin per value.
    const ages = column('age').numeric?.histogram;
    if (ages === MISSING_STAT || ages === undefined) throw new Error('histogram missing');
    expect(ages.map((bin) => bin.lower)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(ages.map((bin) => bin.count)).toEqual([2, 2, 2, 2, 2, 1, 2, 2, 2, 2]);
    // Wider integer ranges get whole-number bins of equal width (0..190 → 20 bins of 10).
    const wide = column('wide').numeric?.histogram;
    if (wide === MISSING_STAT || wide === undefined) throw new Error('histogram missing');
    expect(wide).toHaveLength(20);
    expect(wide.every((bin) => bin.count === 1 && bin.upper - bin.lower === 10)).toBe(true);
  });

  it('reports the range of temporal columns', () => {
    expect(column('created')).toMatchObject({
      simple_dtype: 'timestamp',
      num_unique: 20,
      temporal: { min: '2024-01-01 00:00:00', max: '2024-01-20 00:00:00' },
    });
  });

  it('reports sampler distribution types and categorical top values', () => {
    expect(column('topic')).toMatchObject({ sampler_type: 'category', distribution_type: 'categorical' });
    expect(column('topic').categorical).toEqual({
      top_values: [
        { value: 'science', count: 10 },
        { value: 'math', count: 7 },
        { value: 'art', count: 3 },
      ],
      other_count: 0,
      most_common: 'science',
      least_common: 'art',
    });
    expect(column('age').distribution_type).toBe('numerical');
    expect(column('answer').categorical).toBeUndefined();
  });

  it('computes text lengths, a length histogram and chars/4 token estimates for LLM columns', () => {
    const lengths = column('answer').text?.length_histogram;
    if (lengths === MISSING_STAT || lengths === undefined) throw new Error('histogram missing');
    expect(lengths.reduce((sum, bin) => sum + bin.count, 0)).toBe(20);
    expect(column('answer').text).toEqual({
      length_min: 8,
      length_max: 160,
      length_mean: 84,
      length_median: 84,
      length_stddev: expect.any(Number),
      length_histogram: expect.any(Array),
      output_tokens_mean: 21,
      output_tokens_median: 21,
      output_tokens_stddev: expect.any(Number),
    });
  });

  it('computes the validation pass rate', () => {
    expect(column('check')).toMatchObject({ num_valid_records: 16, percent_valid: 80 });
  });

  it('computes judge score distributions per score', () => {
    expect(profile.column_profiles).toHaveLength(1);
    const [helpfulness, tone] = profile.column_profiles[0]!.scores;
    expect(helpfulness).toMatchObject({
      score_name: 'helpfulness',
      num_scored: 20,
      num_missing: 0,
      distribution_type: 'numerical',
      histogram: [
        { value: '1', count: 7 },
        { value: '2', count: 7 },
        { value: '3', count: 6 },
      ],
      min: 1,
      max: 3,
      median: 2,
      options: { '1': 'bad', '2': 'ok', '3': 'good' },
    });
    expect(helpfulness!.mean).toBeCloseTo(1.95, 5);
    expect(tone).toMatchObject({
      distribution_type: 'categorical',
      histogram: [
        { value: 'casual', count: 15 },
        { value: 'formal', count: 5 },
      ],
    });
  });

  it('reads judge and validation cells stored as JSON text too', async () => {
    const other = path.join(root, 'json-text');
    await mkdir(path.join(other, 'parquet-files'), { recursive: true });
    const instance = await DuckDBInstance.create(':memory:');
    await writeRowsToParquet(
      instance,
      [
        { quality: JSON.stringify({ helpfulness: { score: 3, reasoning: 'r' } }), check: JSON.stringify({ is_valid: true }), single: 7 },
        { quality: 'not json', check: null, single: null },
      ],
      path.join(other, 'parquet-files', 'batch_00000.parquet'),
    );
    instance.closeSync();
    const single = { name: 'single', column_type: 'expression' };
    const result = await profileDataset(other, { config: { columns: [CONFIG.columns[3]!, CONFIG.columns[4]!, single] }, write: false });
    // One value: the sample standard deviation is undefined and falls back to "--".
    expect(result.column_statistics[2]?.numeric).toMatchObject({ min: 7, max: 7, median: 7, stddev: MISSING_STAT });
    expect(result.column_profiles[0]?.scores[0]).toMatchObject({ num_scored: 1, num_missing: 1, histogram: [{ value: '3', count: 1 }] });
    expect(result.column_statistics[1]).toMatchObject({ num_valid_records: 1, percent_valid: 50 });
    expect(result.target_num_records).toBe(MISSING_STAT);
  });

  it('gives the same statistics read from the files as loaded into memory first', async () => {
    // The shared profile above is small enough to be loaded into memory; 0 bytes forces the file scans.
    const fromFiles = await profileDataset(datasetPath, { config: CONFIG, write: false, inMemoryMaxBytes: 0 });
    expect(fromFiles.column_statistics).toEqual(profile.column_statistics);
    expect(fromFiles.column_profiles).toEqual(profile.column_profiles);
  });

  it('profiles with an instance opened ahead, which it takes over (one profile per instance)', async () => {
    const ahead = new ProfilingInstance();
    const result = await profileDataset(datasetPath, { config: CONFIG, write: false, instance: ahead });
    expect(result.column_statistics).toEqual(profile.column_statistics);
    expect(result.column_profiles).toEqual(profile.column_profiles);
    expect(() => ahead.take()).toThrow(/already taken by a profile/);
    // Taken: discard leaves it to the profile (which closed it).
    await expect(ahead.discard()).resolves.toBeUndefined();
  });

  it('discards an instance opened ahead that no profile took, once; it cannot be used after', async () => {
    const unused = new ProfilingInstance();
    await unused.discard();
    await unused.discard();
    expect(() => unused.take()).toThrow(/or discarded/);
    await expect(profileDataset(datasetPath, { write: false, instance: unused })).rejects.toThrow(/or discarded/);
  });

  it('profiles every column as unconfigured without a config', async () => {
    const result = await profileDataset(datasetPath, { write: false });
    expect(result.column_statistics.map((stats) => stats.column_type)).toEqual(new Array(9).fill('unconfigured'));
    expect(result.side_effect_column_names).toEqual([]);
    // Nested columns get their counts only (read once, from the files).
    const nested = (name: string) => result.column_statistics.find((stats) => stats.column_name === name);
    expect(nested('quality')).toMatchObject({ num_null: 0, num_unique: 20, simple_dtype: 'dict' });
    expect(nested('answer__trace')).toMatchObject({ num_null: 0, num_unique: 1, simple_dtype: 'list[dict]' });
    expect(nested('quality')?.text).toBeUndefined();
  });

  it('counts nulls and distinct values of nested columns from the files', async () => {
    const other = path.join(root, 'nested');
    await mkdir(path.join(other, 'parquet-files'), { recursive: true });
    const instance = await DuckDBInstance.create(':memory:');
    const rows = Array.from({ length: 9 }, (_, index) => ({
      n: index,
      point: index % 3 === 0 ? null : { x: index % 2, label: `p${index % 2}` },
      tags: index % 4 === 0 ? null : [`t${index % 3}`],
    }));
    await writeRowsToParquet(instance, rows.slice(0, 5), path.join(other, 'parquet-files', 'batch_00000.parquet'));
    await writeRowsToParquet(instance, rows.slice(5), path.join(other, 'parquet-files', 'batch_00001.parquet'));
    instance.closeSync();
    for (const inMemoryMaxBytes of [undefined, 0]) {
      const result = await profileDataset(other, { write: false, ...(inMemoryMaxBytes === undefined ? {} : { inMemoryMaxBytes }) });
      const stats = Object.fromEntries(result.column_statistics.map((entry) => [entry.column_name, entry]));
      expect(stats.point).toMatchObject({ num_records: 9, num_null: 3, num_unique: 2 });
      expect(stats.tags).toMatchObject({ num_records: 9, num_null: 3, num_unique: 3 });
      expect(stats.n?.numeric).toMatchObject({ min: 0, max: 8 });
    }
  });

  it('throws DatasetProfilingError when there are no batch files', async () => {
    const empty = path.join(root, 'empty');
    await mkdir(empty, { recursive: true });
    await expect(profileDataset(empty)).rejects.toBeInstanceOf(DatasetProfilingError);
  });
});

describe('runAggregates', () => {
  it('keeps the statistics that work when one expression fails', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run('CREATE TABLE t AS SELECT range AS x FROM range(10)');
    const values = await runAggregates(connection, 't', [
      { key: 'sum', column: 0, sql: ['sum(x)::DOUBLE'] },
      { key: 'bad', column: 0, sql: ['no_such_function(x)'] },
      { key: 'alt', column: 0, sql: ['also_missing(x)', 'max(x)::DOUBLE'] },
      { key: 'other', column: 1, sql: ['count(*)'] },
    ]);
    expect(Object.fromEntries(values)).toEqual({ sum: 45, alt: 9, other: 10n });
    connection.closeSync();
    instance.closeSync();
  });
});

describe('ProfileConfig', () => {
  it('accepts a full DataDesignerConfig (compile-time check)', () => {
    const accept = (config: ProfileConfig): number => config.columns.length;
    const config = {
      columns: [],
      model_configs: null,
      tool_configs: null,
      seed_config: null,
      constraints: null,
      profilers: null,
      processors: null,
    } satisfies DataDesignerConfig;
    expect(accept(config as DataDesignerConfig)).toBe(0);
  });
});

describe('dtype names', () => {
  it('maps DuckDB types to Arrow and simple dtypes', () => {
    expect(pyarrowDtype('VARCHAR[]')).toBe('list<item: string>');
    expect(pyarrowDtype('STRUCT("a b" BIGINT, c DOUBLE[])')).toBe('struct<a b: int64, c: list<item: double>>');
    expect(pyarrowDtype('DECIMAL(10,2)')).toBe('decimal128(10, 2)');
    expect(simpleDtype('VARCHAR[]')).toBe('list[string]');
    expect(simpleDtype('TIMESTAMP WITH TIME ZONE')).toBe('timestamp');
    expect(simpleDtype('DATE')).toBe('date');
    expect(dtypeKind('STRUCT(a INTEGER)')).toBe('nested');
  });
});
