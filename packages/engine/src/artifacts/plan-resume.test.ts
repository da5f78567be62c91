import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ResumeError } from './artifact-storage-error.js';
import type { ResumeMode } from './artifact-storage.js';
import type { ConfigFingerprint } from './dataset-metadata.js';
import { LocalArtifactStorage } from './local-artifact-storage.js';
import { planResume } from './plan-resume.js';

const FP: ConfigFingerprint = { config_hash: `sha256:${'a'.repeat(64)}`, config_hash_algo: 'sha256', config_hash_version: 2 };
const OTHER: ConfigFingerprint = { ...FP, config_hash: `sha256:${'b'.repeat(64)}` };

let root: string;
const storages: LocalArtifactStorage[] = [];
const storage = () => {
  const created = new LocalArtifactStorage({ artifactPath: root, now: () => new Date(2026, 10, 23, 10, 0, 0) });
  storages.push(created);
  return created;
};
const rows = (count: number, start = 0) => Array.from({ length: count }, (_, index) => ({ id: start + index }));

/** Simulates an interrupted first run: some row groups on disk plus the metadata the builder writes. */
async function interruptedRun(options: {
  numRecords: number;
  bufferSize: number;
  done: number[];
  fingerprint?: ConfigFingerprint;
  extra?: Record<string, unknown>;
}) {
  const first = storage();
  first.resolveDatasetDirectory({ reuse: false });
  first.setMetadataDefaults({ ...(options.fingerprint ?? FP), preserve_dropped_columns: true });
  for (const index of options.done) {
    const size = Math.min(options.bufferSize, options.numRecords - index * options.bufferSize);
    await first.writeRowGroup(index, rows(size, index * options.bufferSize));
  }
  await first.writeProgressMetadata({ targetNumRecords: options.numRecords, bufferSize: options.bufferSize });
  if (options.extra) await first.updateMetadata(options.extra);
}

const plan = (mode: ResumeMode, numRecords: number, bufferSize: number, fingerprint = FP) =>
  planResume({ storage: storage(), fingerprint, numRecords, bufferSize, mode });

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'dd-resume-'));
});
afterEach(async () => {
  for (const created of storages.splice(0)) await created.close();
  rmSync(root, { recursive: true, force: true });
});

describe('planResume: never', () => {
  test('fresh plan in the configured folder when it is free', async () => {
    const result = await plan('never', 25, 10);
    expect(result).toMatchObject({ action: 'generate', resumed: false, datasetLocation: path.join(root, 'dataset'), remainingRecords: 25 });
    expect(result.rowGroups.toArray().map((group) => group.index)).toEqual([0, 1, 2]);
  });

  test('an existing dataset is left alone: timestamped sibling', async () => {
    await interruptedRun({ numRecords: 20, bufferSize: 10, done: [0] });
    const result = await plan('never', 20, 10);
    expect(result.datasetLocation).toBe(path.join(root, 'dataset_11-23-2026_100000'));
    expect(result.completedRowGroups).toEqual([]);
  });
});

describe('planResume: always', () => {
  test('fingerprint match, partial run: skips done groups (holes allowed) and clears partial files', async () => {
    await interruptedRun({ numRecords: 35, bufferSize: 10, done: [0, 2] });
    writeFileSync(path.join(root, 'dataset', 'tmp-partial-parquet-files', 'batch_00001.parquet'), 'half');
    const result = await plan('always', 35, 10);
    expect(result).toMatchObject({ action: 'generate', resumed: true, completedRecords: 20, remainingRecords: 15, originalTargetNumRecords: 35 });
    expect(result.rowGroups.toArray()).toEqual([
      { index: 1, size: 10, rowOffset: 10 },
      { index: 3, size: 5, rowOffset: 30 },
    ]);
    expect(existsSync(path.join(root, 'dataset', 'tmp-partial-parquet-files'))).toBe(false);
    expect(result.info.join()).toMatch(/2 of 4 row group\(s\) already complete \(20 records\)/);
  });

  test('extension keeps the original short group and adds new groups after it', async () => {
    await interruptedRun({ numRecords: 25, bufferSize: 10, done: [0, 1, 2] });
    const result = await plan('always', 32, 10);
    expect(result.rowGroups.toArray()).toEqual([{ index: 3, size: 7, rowOffset: 25 }]);
  });

  test('complete dataset: action complete and metadata refreshed from disk', async () => {
    await interruptedRun({ numRecords: 20, bufferSize: 10, done: [0, 1] });
    const metadataFile = path.join(root, 'dataset', 'metadata.json');
    const stale = JSON.parse(readFileSync(metadataFile, 'utf8'));
    writeFileSync(metadataFile, JSON.stringify({ ...stale, actual_num_records: 10, total_num_batches: 1 }));
    const result = await plan('always', 20, 10);
    expect(result.action).toBe('complete');
    expect(result.rowGroups.remainingCount).toBe(0);
    expect(JSON.parse(readFileSync(metadataFile, 'utf8'))).toMatchObject({ actual_num_records: 20, total_num_batches: 2, num_completed_batches: 2 });
    expect(result.warnings.join()).toMatch(/already complete/);
  });

  test('fingerprint mismatch is a ResumeError with the fix', async () => {
    await interruptedRun({ numRecords: 20, bufferSize: 10, done: [0] });
    const attempt = plan('always', 20, 10, OTHER);
    await expect(attempt).rejects.toThrow(ResumeError);
    await expect(plan('always', 20, 10, OTHER)).rejects.toMatchObject({ fix: expect.stringMatching(/if_possible/) });
  });

  test('hash version mismatch is incompatible too', async () => {
    await interruptedRun({ numRecords: 20, bufferSize: 10, done: [0] });
    await expect(plan('always', 20, 10, { ...FP, config_hash_version: 3 })).rejects.toThrow(/does not match/);
  });

  test('no existing dataset is an error', async () => {
    await expect(plan('always', 20, 10)).rejects.toThrow(/no existing dataset found/);
  });

  test('settings checks: buffer size, shrinking target, policy', async () => {
    await interruptedRun({ numRecords: 20, bufferSize: 10, done: [0] });
    await expect(plan('always', 20, 5)).rejects.toThrow(/buffer_size=5 does not match the original run's buffer_size=10/);
    await expect(plan('always', 15, 10)).rejects.toThrow(/less than the original target \(20\)/);
    await expect(
      planResume({ storage: storage(), fingerprint: FP, numRecords: 20, bufferSize: 10, mode: 'always', preserveDroppedColumns: false }),
    ).rejects.toThrow(/does not match/);
  });

  test('folder without metadata.json: start over in the same folder', async () => {
    mkdirSync(path.join(root, 'dataset', 'parquet-files'), { recursive: true });
    writeFileSync(path.join(root, 'dataset', 'parquet-files', 'batch_00000.parquet'), 'stray');
    const result = await plan('always', 20, 10);
    expect(result).toMatchObject({ action: 'generate', resumed: false, datasetLocation: path.join(root, 'dataset'), remainingRecords: 20 });
    expect(existsSync(path.join(root, 'dataset', 'parquet-files'))).toBe(false);
  });

  test('corrupt metadata is a ResumeError', async () => {
    mkdirSync(path.join(root, 'dataset'), { recursive: true });
    writeFileSync(path.join(root, 'dataset', 'metadata.json'), '{');
    await expect(plan('always', 20, 10)).rejects.toThrow(/corrupt or partially written/);
  });
});

describe('planResume: terminal datasets (after-generation processors ran)', () => {
  test('same target: already processed, nothing to do', async () => {
    await interruptedRun({ numRecords: 20, bufferSize: 10, done: [0, 1], extra: { post_generation_state: 'complete', post_generation_processed: true } });
    const result = await plan('always', 20, 10);
    expect(result).toMatchObject({ action: 'already_processed', remainingRecords: 0, completedRecords: 20 });
    expect(result.rowGroups.toArray()).toEqual([]);
  });

  test('larger or smaller target, or processing interrupted: errors', async () => {
    await interruptedRun({ numRecords: 20, bufferSize: 10, done: [0, 1], extra: { post_generation_state: 'complete', post_generation_processed: true } });
    await expect(plan('always', 30, 10)).rejects.toThrow(/already applied/);
    await expect(plan('always', 10, 10)).rejects.toThrow(/less than the 20 records/);
    const again = storage();
    again.resolveDatasetDirectory({ reuse: true });
    await again.updateMetadata({ post_generation_state: 'started', post_generation_processed: false });
    await expect(plan('always', 20, 10)).rejects.toThrow(/started but did not complete/);
  });
});

describe('planResume: if_possible', () => {
  test('match resumes in place', async () => {
    await interruptedRun({ numRecords: 20, bufferSize: 10, done: [0] });
    const result = await plan('if_possible', 20, 10);
    expect(result).toMatchObject({ resumed: true, effectiveMode: 'always', datasetLocation: path.join(root, 'dataset') });
    expect(result.rowGroups.toArray().map((group) => group.index)).toEqual([1]);
  });

  test('mismatch starts fresh in a timestamped folder', async () => {
    await interruptedRun({ numRecords: 20, bufferSize: 10, done: [0] });
    const result = await plan('if_possible', 20, 10, OTHER);
    expect(result).toMatchObject({ resumed: false, effectiveMode: 'never', datasetLocation: path.join(root, 'dataset_11-23-2026_100000') });
    expect(result.info.join()).toMatch(/Config has changed/);
  });

  test('no prior dataset starts fresh in the configured folder', async () => {
    const result = await plan('if_possible', 20, 10);
    expect(result).toMatchObject({ resumed: false, datasetLocation: path.join(root, 'dataset') });
  });

  test('metadata without a hash falls back to the builder config fingerprint', async () => {
    mkdirSync(path.join(root, 'dataset'), { recursive: true });
    writeFileSync(path.join(root, 'dataset', 'metadata.json'), JSON.stringify({ target_num_records: 10, buffer_size: 10 }));
    writeFileSync(path.join(root, 'dataset', 'builder_config.json'), JSON.stringify({ data_designer: { columns: ['x'] } }));
    const fingerprintOfBuilderConfig = (config: unknown) =>
      (config as { data_designer: { columns: string[] } }).data_designer.columns[0] === 'x' ? FP : OTHER;
    const same = await planResume({ storage: storage(), fingerprint: FP, numRecords: 10, bufferSize: 10, mode: 'if_possible', fingerprintOfBuilderConfig });
    expect(same.resumed).toBe(true);
    const different = await planResume({
      storage: storage(),
      fingerprint: OTHER,
      numRecords: 10,
      bufferSize: 10,
      mode: 'if_possible',
      fingerprintOfBuilderConfig: () => FP,
    });
    expect(different.resumed).toBe(false);
  });
});
