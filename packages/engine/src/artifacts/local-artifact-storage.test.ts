import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArtifactStorageError } from './artifact-storage-error.js';
import { LocalArtifactStorage } from './local-artifact-storage.js';

let root: string;
const storages: LocalArtifactStorage[] = [];
const open = (options: Partial<ConstructorParameters<typeof LocalArtifactStorage>[0]> = {}) => {
  const storage = new LocalArtifactStorage({ artifactPath: root, ...options });
  storages.push(storage);
  return storage;
};

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'dd-artifacts-'));
});
afterEach(async () => {
  for (const storage of storages.splice(0)) await storage.close();
  rmSync(root, { recursive: true, force: true });
});

describe('LocalArtifactStorage layout', () => {
  test('writes row groups, builder config and metadata under <artifact>/<dataset>/ with the original names', async () => {
    const storage = open();
    expect(await storage.writeRowGroup(3, [{ a: 1 }])).toBe('parquet-files/batch_00003.parquet');
    expect(await storage.writeRowGroup(3, [{ d: 1 }], { stage: 'dropped-columns' })).toBe('dropped-columns-parquet-files/batch_00003.parquet');
    await storage.writeBuilderConfig({ columns: [] }, '0.1.0');
    await storage.writeMetadata({ target_num_records: 1 });
    const dataset = path.join(root, 'dataset');
    // The run lock exists while the storage writes and is gone once it closes: the layout is the original's.
    expect(readdirSync(dataset)).toContain('.data_designer.lock');
    await storage.close();
    expect(readdirSync(dataset).sort()).toEqual([
      'builder_config.json',
      'dropped-columns-parquet-files',
      'metadata.json',
      'parquet-files',
      'tmp-partial-parquet-files',
    ]);
    expect(readdirSync(path.join(dataset, 'tmp-partial-parquet-files'))).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(dataset, 'builder_config.json'), 'utf8'))).toEqual({ data_designer: { columns: [] }, library_version: '0.1.0' });
  });

  test('an existing non-empty dataset folder gets a timestamped sibling in "never" mode', () => {
    mkdirSync(path.join(root, 'dataset'));
    writeFileSync(path.join(root, 'dataset', 'x'), '');
    const storage = open({ now: () => new Date(2026, 10, 23, 9, 5, 1) });
    expect(storage.resolvedDatasetName()).toBe('dataset_11-23-2026_090501');
    expect(storage.datasetName).toBe('dataset');
    const reused = open({ resume: 'if_possible' });
    expect(reused.resolvedDatasetName()).toBe('dataset');
  });

  test('"always" without an existing dataset is an error; a missing artifact path too', () => {
    expect(() => open({ resume: 'always' }).resolvedDatasetName()).toThrow(/no existing dataset found/);
    expect(() => new LocalArtifactStorage({ artifactPath: path.join(root, 'missing') })).toThrow(ArtifactStorageError);
  });

  test('media files go to images/<sanitized column>/<uuid>.<ext>', async () => {
    const storage = open();
    const relative = await storage.writeMediaFile('my/col', new Uint8Array([137, 80]), 'png');
    expect(relative).toMatch(/^images\/my_col\/[0-9a-f-]{36}\.png$/);
    expect(existsSync(path.join(root, 'dataset', relative))).toBe(true);
  });
});

describe('metadata.json', () => {
  test('keys sorted, indent 2, defaults merged, written through a temp file that is gone afterwards', async () => {
    const storage = open();
    storage.setMetadataDefaults({ config_hash: 'sha256:ab', config_hash_algo: 'sha256', config_hash_version: 2, preserve_dropped_columns: true });
    await storage.writeMetadata({ target_num_records: 10, buffer_size: 5, dataset_name: 'dataset' });
    const text = readFileSync(path.join(root, 'dataset', 'metadata.json'), 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual(['{', '  "buffer_size": 5,', '  "config_hash": "sha256:ab",']);
    expect(Object.keys(JSON.parse(text))).toEqual([...Object.keys(JSON.parse(text))].sort());
    expect(readdirSync(path.join(root, 'dataset')).filter((name) => name.includes('.tmp.'))).toEqual([]);
  });

  test('updateMetadata merges generic extension fields and concurrent updates are not lost', async () => {
    const storage = open();
    await storage.writeMetadata({ target_num_records: 10 });
    await Promise.all([
      storage.updateMetadata({ usage: { tokens: 5 } }),
      storage.updateMetadata({ column_statistics: [] }),
      storage.updateMetadata({ other: 1 }),
    ]);
    expect(await storage.readMetadata()).toEqual({ target_num_records: 10, usage: { tokens: 5 }, column_statistics: [], other: 1 });
  });

  test('missing metadata reads as undefined, corrupt metadata is an error naming the file', async () => {
    const storage = open();
    expect(await storage.readMetadata()).toBeUndefined();
    mkdirSync(path.join(root, 'dataset'), { recursive: true });
    writeFileSync(path.join(root, 'dataset', 'metadata.json'), '{"target_num');
    await expect(storage.readMetadata()).rejects.toThrow(/metadata.json is corrupt/);
  });

  test('writeProgressMetadata fills counters and file_paths from disk', async () => {
    const storage = open();
    await storage.writeRowGroup(0, [{ a: 1 }, { a: 2 }]);
    await storage.writeRowGroup(2, [{ a: 3 }]);
    await storage.writeProcessorOutput('flat', [{ x: 1 }], 0);
    const metadata = await storage.writeProgressMetadata({ targetNumRecords: 6, bufferSize: 2 });
    expect(metadata).toMatchObject({
      target_num_records: 6,
      original_target_num_records: 6,
      actual_num_records: 3,
      total_num_batches: 2,
      num_completed_batches: 2,
      buffer_size: 2,
      dataset_name: 'dataset',
      file_paths: {
        'parquet-files': ['parquet-files/batch_00000.parquet', 'parquet-files/batch_00002.parquet'],
        'processor-files': { flat: ['processors-files/flat/batch_00000.parquet'] },
      },
    });
  });

  test('a progress write identical to the previous one is skipped until another metadata write comes between', async () => {
    const storage = open();
    await storage.writeRowGroup(0, [{ a: 1 }]);
    const progress = { targetNumRecords: 2, bufferSize: 1 };
    const file = path.join(root, 'dataset', 'metadata.json');
    // Each real write renames a fresh temp file over metadata.json, created while the old one exists: a new inode.
    const first = await storage.writeProgressMetadata(progress);
    const written = statSync(file).ino;
    const again = await storage.writeProgressMetadata(progress);
    expect(statSync(file).ino).toBe(written);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    // New progress is written.
    await storage.writeRowGroup(1, [{ a: 2 }]);
    expect((await storage.writeProgressMetadata(progress)).actual_num_records).toBe(2);
    const afterRowGroup = statSync(file).ino;
    expect(afterRowGroup).not.toBe(written);
    // Another write in between (here one that changes a progress field) makes the next progress write real.
    await storage.updateMetadata({ actual_num_records: 0, post_generation_state: 'started' });
    const updated = statSync(file).ino;
    expect(updated).not.toBe(afterRowGroup);
    const restored = await storage.writeProgressMetadata(progress);
    expect(statSync(file).ino).not.toBe(updated);
    expect(restored).toMatchObject({ actual_num_records: 2, post_generation_state: 'started' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ actual_num_records: 2, post_generation_state: 'started' });
  });
});

/** removeRowGroup keeps the incremental progress in step with the files. */
async function storageRemoves(storage: LocalArtifactStorage): Promise<void> {
  await storage.removeRowGroup(9);
  expect((await storage.listCompletedRowGroups()).map((group) => group.index)).not.toContain(9);
  expect((await storage.listCompletedRowGroups({ refresh: true })).map((group) => group.index)).not.toContain(9);
}

describe('parquet row groups', () => {
  test('round trip of mixed types', async () => {
    const storage = open();
    const rows = [
      {
        int: 1,
        float: 0.5,
        text: 'héllo',
        flag: true,
        none: null,
        when: new Date('2024-05-06T07:08:09.123Z'),
        list: [1, 2],
        obj: { k: 'v', n: 1 },
        mixed: 'a',
        big: 2n ** 40n,
      },
      { int: null, float: 2, text: null, flag: false, none: null, when: null, list: [], obj: { k: 'w' }, mixed: { deep: [1] }, big: 3n },
    ];
    await storage.writeRowGroup(0, rows);
    expect(await storage.readDataset()).toEqual([
      {
        int: 1,
        float: 0.5,
        text: 'héllo',
        flag: true,
        none: null,
        when: new Date('2024-05-06T07:08:09.123Z'),
        list: [1, 2],
        obj: { k: 'v', n: 1 },
        mixed: 'a',
        big: 2 ** 40,
      },
      { int: null, float: 2, text: null, flag: false, none: null, when: null, list: [], obj: { k: 'w', n: null }, mixed: '{"deep":[1]}', big: 3 },
    ]);
  });

  test('concurrent row-group writes (several groups in flight) all land intact', async () => {
    const storage = open();
    const groups = [0, 1, 2, 3].map((index) => Array.from({ length: 3000 }, (_, row) => ({ id: index * 3000 + row, text: `r${row}` })));
    await Promise.all(groups.map((rows, index) => storage.writeRowGroup(index, rows)));
    expect((await storage.listCompletedRowGroups()).map((group) => group.numRows)).toEqual([3000, 3000, 3000, 3000]);
    expect((await storage.readDataset()).map((row) => row.id)).toEqual(Array.from({ length: 12000 }, (_, id) => id));
  });

  test('column order can be imposed (config order) and missing declared columns are null', async () => {
    const storage = open();
    await storage.writeRowGroup(0, [{ b: 1, a: 2 }], { columnOrder: ['a', 'c', 'b'] });
    const [row] = await storage.readDataset();
    expect(Object.keys(row!)).toEqual(['a', 'c', 'b']);
    expect(row).toEqual({ a: 2, c: null, b: 1 });
  });

  test('completed row groups come from the files on disk; strays and broken files do not count', async () => {
    const storage = open();
    await storage.writeRowGroup(0, [{ a: 1 }, { a: 2 }]);
    await storage.writeRowGroup(2, [{ a: 3 }]);
    expect(await storage.writeRowGroup(1, [])).toBeNull();
    const final = path.join(root, 'dataset', 'parquet-files');
    writeFileSync(path.join(final, 'batch_00005.parquet'), 'not parquet');
    writeFileSync(path.join(final, 'notes.txt'), '');
    writeFileSync(path.join(root, 'dataset', 'tmp-partial-parquet-files', 'batch_00001.parquet'), 'half');
    expect(await storage.listCompletedRowGroups({ refresh: true })).toEqual([
      { index: 0, numRows: 2, path: 'parquet-files/batch_00000.parquet' },
      { index: 2, numRows: 1, path: 'parquet-files/batch_00002.parquet' },
    ]);
    expect(await storage.datasetRowCount()).toBe(3);
    await storage.clearPartialResults();
    expect(existsSync(path.join(root, 'dataset', 'tmp-partial-parquet-files'))).toBe(false);
  });

  test('recordRowGroup counts a row group of another writer without rereading the folder; a refresh reads the files', async () => {
    const storage = open();
    await storage.writeRowGroup(0, [{ a: 1 }]);
    const worker = open({ resume: 'always' });
    worker.resolveDatasetDirectory({ reuse: true, required: true });
    const written = await worker.writeRowGroup(1, [{ a: 2 }, { a: 3 }]);
    // The coordinator's listing does not see the worker's file until told or refreshed.
    expect((await storage.listCompletedRowGroups()).map((group) => group.index)).toEqual([0]);
    storage.recordRowGroup({ index: 1, numRows: 2, path: written ?? '' });
    storage.recordRowGroup({ index: 7, numRows: 5, path: 'parquet-files/batch_00007.parquet' }); // Claimed, but not on disk.
    expect(await storage.datasetRowCount()).toBe(8);
    const metadata = await storage.writeProgressMetadata({ targetNumRecords: 10, bufferSize: 2 });
    expect(metadata).toMatchObject({ actual_num_records: 8, total_num_batches: 3 });
    expect((await storage.listCompletedRowGroups({ refresh: true })).map((group) => [group.index, group.numRows])).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  test('writeRowGroup is idempotent per index: rewrites and concurrent writers leave exactly one file', async () => {
    const storage = open();
    await storage.writeRowGroup(4, [{ a: 1 }]);
    await storage.writeRowGroup(4, [{ a: 2 }, { a: 3 }]);
    // Two writers of the same row group at once (distributed workers retrying one job).
    const other = open({ resume: 'always' });
    other.resolveDatasetDirectory({ reuse: true, required: true });
    await Promise.all([storage.writeRowGroup(5, [{ a: 5 }]), other.writeRowGroup(5, [{ a: 6 }]), storage.writeRowGroup(5, [{ a: 7 }])]);
    const final = path.join(root, 'dataset', 'parquet-files');
    expect(readdirSync(final).sort()).toEqual(['batch_00004.parquet', 'batch_00005.parquet']);
    expect(readdirSync(path.join(root, 'dataset', 'tmp-partial-parquet-files'))).toEqual([]);
    const groups = await storage.listCompletedRowGroups({ refresh: true });
    expect(groups.map((group) => [group.index, group.numRows])).toEqual([
      [4, 2],
      [5, 1],
    ]);
    expect([5, 6, 7]).toContain((await storage.readDataset())[2]?.a);
  });

  test('progress is kept from the writes: footers are read once for an existing folder, never per checkpoint', async () => {
    const first = open();
    for (let index = 0; index < 5; index++) await first.writeRowGroup(index, [{ a: index }]);
    for (let index = 0; index < 5; index++) await first.writeProgressMetadata({ targetNumRecords: 10, bufferSize: 1 });
    expect(first.footerReads).toBe(0); // a fresh folder holds nothing: no footer is ever read
    await first.close();
    const resumed = open({ resume: 'always' });
    resumed.resolveDatasetDirectory({ reuse: true, required: true, lock: true });
    expect((await resumed.listCompletedRowGroups()).length).toBe(5);
    expect(resumed.footerReads).toBe(5); // one read per existing file, at resume
    for (let index = 5; index < 10; index++) {
      await resumed.writeRowGroup(index, [{ a: index }]);
      await resumed.writeProgressMetadata({ targetNumRecords: 10, bufferSize: 1 });
    }
    expect(resumed.footerReads).toBe(5);
    const metadata = await resumed.readMetadata();
    expect(metadata?.actual_num_records).toBe(10);
    expect(metadata?.file_paths?.['parquet-files']).toHaveLength(10);
    await storageRemoves(resumed);
  });

  test('readDataset concatenates files in id order and can add the dropped columns', async () => {
    const storage = open();
    await storage.writeRowGroup(1, [{ id: 2 }]);
    await storage.writeRowGroup(0, [{ id: 0 }, { id: 1 }]);
    await storage.writeRowGroup(0, [{ secret: 'a' }, { secret: 'b' }], { stage: 'dropped-columns' });
    await storage.writeRowGroup(1, [{ secret: 'c' }], { stage: 'dropped-columns' });
    expect(await storage.readDataset()).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
    expect(await storage.readDataset({ withDroppedColumns: true })).toEqual([
      { id: 0, secret: 'a' },
      { id: 1, secret: 'b' },
      { id: 2, secret: 'c' },
    ]);
  });

  test('a DuckDB relation over the dataset supports SQL without loading rows', async () => {
    const storage = open();
    await storage.writeRowGroup(0, [{ n: 1 }, { n: 2 }]);
    await storage.writeRowGroup(1, [{ n: 3, extra: 'x' }]);
    const relation = await storage.openDatasetRelation();
    try {
      expect(relation.rowCount).toBe(3);
      const reader = await relation.connection.runAndReadAll(`SELECT sum(n) AS total, count(extra) AS extras FROM ${relation.viewName}`);
      expect(reader.getRowObjectsJS()).toEqual([{ total: 6n, extras: 1n }]);
    } finally {
      relation.close();
    }
  });

  test('replaceDataset rewrites parquet-files in buffer-sized chunks', async () => {
    const storage = open();
    await storage.writeRowGroup(7, [{ a: 1 }]);
    const written = await storage.replaceDataset([{ a: 1 }, { a: 2 }, { a: 3 }], { bufferSize: 2 });
    expect(written).toEqual(['parquet-files/batch_00000.parquet', 'parquet-files/batch_00001.parquet']);
    expect((await storage.listCompletedRowGroups()).map((group) => [group.index, group.numRows])).toEqual([
      [0, 2],
      [1, 1],
    ]);
  });

  test('processor outputs: per-batch folder or single file, listed and read back', async () => {
    const storage = open();
    await storage.writeProcessorOutput('chat', [{ m: 'a' }], 0);
    await storage.writeProcessorOutput('chat', [{ m: 'b' }], 1);
    await storage.writeProcessorOutput('flat', [{ x: 1 }]);
    expect(await storage.listProcessorNames()).toEqual(['chat', 'flat']);
    expect(await storage.readProcessorOutput('chat')).toEqual([{ m: 'a' }, { m: 'b' }]);
    expect(await storage.readProcessorOutput('flat')).toEqual([{ x: 1 }]);
    await expect(storage.readProcessorOutput('nope')).rejects.toThrow(/No artifacts found for processor named 'nope'/);
  });
});
