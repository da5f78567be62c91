import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InvalidFileFormatError, loadConfig, type DataDesignerConfig, type ModelProvider } from '@dd/config';
import { createDataset, LocalArtifactStorage } from '@dd/engine';
import { startTestServer, type TestServer } from '@dd/engine/testing';
import { DataDesigner } from '../data-designer.js';
import { DatasetCreationResults } from './dataset-creation-results.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-results-'));
let server: TestServer;
let providers: ModelProvider[];
let config: DataDesignerConfig;
let results: DatasetCreationResults;

/** A stream that collects what is written (not a TTY). */
function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

beforeAll(async () => {
  server = await startTestServer();
  providers = [{ name: 'nvidia', endpoint: server.url, provider_type: 'openai', api_key: null, extra_body: null, extra_headers: null }];
  const seedFile = path.join(tmp, 'cities.csv');
  writeFileSync(seedFile, 'city,country\nParis,France\nLima,Peru\nOslo,Norway\n');
  config = await loadConfig(`
model_configs:
  - alias: writer
    model: test-model
    provider: nvidia
    skip_health_check: true
    pricing: {input_per_million_tokens: 1, output_per_million_tokens: 4}
seed_config:
  source: {seed_type: local, path: ${JSON.stringify(seedFile)}}
columns:
  - name: topic
    column_type: sampler
    sampler_type: category
    params: {values: [food, weather]}
  - name: n
    column_type: sampler
    sampler_type: uniform
    params: {low: 0, high: 100}
    convert_to: int
  - name: blurb
    column_type: llm-text
    model_alias: writer
    prompt: "One line on {{ topic }} in {{ city }}."
    with_trace: all_messages
  - name: rating
    column_type: llm-judge
    model_alias: writer
    prompt: "Rate {{ blurb }}"
    scores:
      - name: clarity
        description: Is it clear?
        options: {"1": Unclear, "2": Clear}
  - name: label
    column_type: expression
    expr: "{{ city }}-{{ topic }}"
`);
  const created = await createDataset({
    config,
    numRecords: 7,
    seed: 5,
    artifactPath: tmp,
    datasetName: 'cities',
    runConfig: { buffer_size: 3 },
    modelProviders: providers,
  });
  results = new DatasetCreationResults(created.datasetPath, created.metadata);
});

afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('DatasetCreationResults', () => {
  it('exposes the dataset path and metadata, loads and counts records', async () => {
    expect(results.datasetPath).toBe(path.join(tmp, 'cities'));
    expect(results.metadata.actual_num_records).toBe(7);
    const records = await results.loadDataset();
    expect(records).toHaveLength(7);
    expect(Object.keys(records[0]!)).toEqual(expect.arrayContaining(['topic', 'n', 'blurb', 'blurb__trace', 'rating', 'label', 'city', 'country']));
    expect(await results.countRecords()).toBe(7);
  });

  it('runs SQL over the parquet files with queryDataset and loadDatasetRelation', async () => {
    const rows = await results.queryDataset('SELECT topic, count(*)::INTEGER AS n FROM dataset GROUP BY topic ORDER BY topic');
    expect(rows.reduce((sum, row) => sum + Number(row.n), 0)).toBe(7);
    const relation = await results.loadDatasetRelation();
    try {
      expect(relation.rowCount).toBe(7);
      expect(relation.viewName).toBe('dataset');
    } finally {
      relation.close();
    }
  });

  it('samples distinct records reproducibly by seed, across row groups', async () => {
    const all = await results.loadDataset();
    const key = (row: Record<string, unknown>) => JSON.stringify([row.label, row.n, row.blurb]);
    const allKeys = all.map(key);
    const first = await results.sampleRecords(5, { seed: 42 });
    const again = await results.sampleRecords(5, { seed: 42 });
    expect(first).toHaveLength(5);
    expect(first.map(key)).toEqual(again.map(key));
    expect(new Set(first.map(key)).size).toBe(5);
    for (const row of first) expect(allKeys).toContain(key(row));
    expect(first[0]).not.toHaveProperty('file_row_number');
    // Asking for more than exist returns every record once.
    expect((await results.sampleRecords(50, { seed: 1 })).map(key).sort()).toEqual([...allKeys].sort());
    expect(await results.sampleRecords(0)).toEqual([]);
    // The record at a position matches loadDataset's order.
    expect(key(await results.recordAt(4))).toBe(allKeys[4]);
  });

  it('displays a record grouped by kind, without color on a non-TTY, advancing a cursor', async () => {
    const out = sink();
    const text = await results.displaySampleRecord(undefined, { stream: out.stream, width: 100 });
    expect(out.text()).toBe(text);
    expect(text).toContain('[index: 0]');
    expect(text).not.toContain('\u001b[');
    const order = ['Seed columns', 'Sampler columns', 'LLM-generated columns', 'Expression columns', 'Judge scores: rating', 'Traces'].map((title) =>
      text.indexOf(`\n${title}\n`),
    );
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toMatch(/\n {2}city +\S+/);
    expect(text).toMatch(/\n {2}clarity +\d/);
    expect(text).toMatch(/blurb__trace +\d+ messages, 0 tool calls in 0 turns \(collapsed\)/);
    expect(await results.displaySampleRecord(undefined, { stream: sink().stream })).toContain('[index: 1]');
    const hidden = await results.displaySampleRecord(6, { stream: sink().stream, hideSeedColumns: true, includeTraces: false, color: true });
    expect(hidden).toContain('[index: 6]');
    expect(hidden).not.toContain('Seed columns');
    expect(hidden).not.toContain('Traces');
    expect(hidden).toContain('\u001b[1m');
    await expect(results.displaySampleRecord(7, { stream: sink().stream })).rejects.toThrow(/out of bounds/);
  });

  it.each(['parquet', 'jsonl', 'csv', 'json'] as const)('exports to one %s file via DuckDB COPY', async (format) => {
    const target = path.join(tmp, 'exports', `out.${format}`);
    expect(await results.exportTo(target)).toBe(target);
    const text = readFileSync(target, format === 'parquet' ? 'latin1' : 'utf8');
    if (format === 'parquet') {
      expect(text.startsWith('PAR1')).toBe(true);
    } else if (format === 'jsonl') {
      const lines = text.trim().split('\n');
      expect(lines).toHaveLength(7);
      expect(Object.keys(JSON.parse(lines[0]!) as object)).toContain('blurb');
    } else if (format === 'json') {
      expect(JSON.parse(text) as unknown[]).toHaveLength(7);
    } else {
      const lines = text.trim().split('\n');
      expect(lines[0]?.split(',')).toEqual(expect.arrayContaining(['topic', 'label']));
      // The judge struct is written as JSON text, not DuckDB's struct literal.
      expect(text).toContain('""clarity""');
    }
  });

  it('exports with an explicit format regardless of extension and rejects unknown formats', async () => {
    const target = path.join(tmp, 'exports', 'data.txt');
    await results.exportTo(target, 'jsonl');
    expect(readFileSync(target, 'utf8').trim().split('\n')).toHaveLength(7);
    await expect(results.exportTo(path.join(tmp, 'exports', 'data.xlsx'))).rejects.toThrow(InvalidFileFormatError);
    await expect(results.exportTo(path.join(tmp, 'exports', 'data.xlsx'))).rejects.toThrow(/parquet, jsonl, csv, json/);
  });

  it('reads the persisted model usage with cost', async () => {
    const usage = await results.modelUsage();
    expect(Object.keys(usage)).toEqual(['writer']);
    expect(usage.writer!.provider).toBe('nvidia');
    expect(usage.writer!.requests.total).toBeGreaterThanOrEqual(14);
    expect(usage.writer!.cost_usd).toBeCloseTo((usage.writer!.tokens.input + usage.writer!.tokens.output * 4) / 1e6, 12);
  });

  it('loads the analysis profile when present, else null', async () => {
    expect(await results.loadAnalysis()).toBeNull();
    mkdirSync(path.join(results.datasetPath, 'analysis'), { recursive: true });
    writeFileSync(path.join(results.datasetPath, 'analysis', 'profile.json'), JSON.stringify({ profile_version: 1, num_records: 7 }));
    expect(await results.loadAnalysis()).toMatchObject({ num_records: 7 });
    rmSync(path.join(results.datasetPath, 'analysis'), { recursive: true });
  });

  it('reports an empty usage and an artifact error for a dataset without models or files', async () => {
    const folder = path.join(tmp, 'empty');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'metadata.json'), '{}');
    const empty = new DatasetCreationResults(folder, {});
    expect(await empty.modelUsage()).toEqual({});
    expect(await empty.countRecords()).toBe(0);
    await expect(empty.exportTo(path.join(tmp, 'exports', 'none.csv'))).rejects.toThrow(/No parquet files/);
    await expect(empty.displaySampleRecord(0, { stream: sink().stream })).rejects.toThrow(/no records/);
    expect(LocalArtifactStorage).toBeDefined();
  });
});

describe('DataDesigner results', () => {
  it('threads preview usage and column kinds into PreviewResults', async () => {
    const designer = new DataDesigner(tmp, { modelProviders: providers });
    const preview = await designer.preview(config, { numRecords: 3, seed: 2 });
    expect(preview.records).toHaveLength(3);
    expect(preview.dataset).toBe(preview.records);
    expect(preview.modelUsage.writer?.requests.total).toBeGreaterThanOrEqual(6);
    expect(preview.modelUsage.writer?.cost_usd).toBeGreaterThan(0);
    const text = preview.displaySampleRecord(2, { stream: sink().stream });
    expect(text).toContain('Seed columns');
    expect(text).toContain('Judge scores: rating');
  });

  it('create returns results whose usage accumulates over a resumed run', async () => {
    const designer = new DataDesigner(tmp, { modelProviders: providers, runConfig: { buffer_size: 2 } });
    const first = await designer.create(config, { numRecords: 2, datasetName: 'grow', seed: 1 });
    const before = await first.modelUsage();
    const second = await designer.create(config, { numRecords: 4, datasetName: 'grow', seed: 1, resume: 'always' });
    expect(second.datasetPath).toBe(first.datasetPath);
    const after = await second.modelUsage();
    // Two records per run, two requests per record (blurb + rating): exactly double.
    expect(after.writer?.requests.total).toBe(2 * (before.writer?.requests.total ?? 0));
    expect(await second.countRecords()).toBe(4);
  });
});
