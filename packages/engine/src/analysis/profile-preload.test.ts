import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeRowsToParquet } from '../artifacts/write-rows-to-parquet.js';
import { profileDataset } from './profile-dataset.js';
import { ProfilePreload } from './profile-preload.js';
import type { DatasetProfile } from './profile-types.js';

let root: string;
let instance: DuckDBInstance;
let datasetCount = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dd-profile-preload-'));
  instance = await DuckDBInstance.create(':memory:');
});

afterAll(async () => {
  instance.closeSync();
  await rm(root, { recursive: true, force: true });
});

/** A dataset folder with one batch file per group of rows; returns the folder and the files. */
async function dataset(groups: Array<Array<Record<string, unknown>>>): Promise<{ folder: string; files: string[] }> {
  const folder = path.join(root, `dataset-${datasetCount++}`);
  await mkdir(path.join(folder, 'parquet-files'), { recursive: true });
  const files: string[] = [];
  for (const [index, rows] of groups.entries()) {
    const file = path.join(folder, 'parquet-files', `batch_${String(index).padStart(5, '0')}.parquet`);
    await writeRowsToParquet(instance, rows, file);
    files.push(file);
  }
  return { folder, files };
}

const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => ({ topic: ['a', 'b', 'c'][(from + k) % 3], score: (from + k) * 1.5, person: { name: `p${from + k}` } }));

/** The profile without its timestamps, to compare runs. */
const comparable = (profile: DatasetProfile) => ({ ...profile, created_at: '', elapsed_seconds: 0 });

describe('ProfilePreload', () => {
  it('hands over the files loaded during the run, and the profile from it equals the one that loads the files itself', async () => {
    const { folder, files } = await dataset([rows(0, 7), rows(7, 5), rows(12, 9)]);
    const preload = new ProfilePreload();
    for (const file of [files[1], files[0], files[2]]) preload.add(file as string);
    const take = jest.spyOn(preload, 'take');
    const viaPreload = await profileDataset(folder, { preload, write: false });
    expect(await take.mock.results[0]?.value).toBeDefined();
    const direct = await profileDataset(folder, { write: false });
    expect(viaPreload.num_records).toBe(21);
    expect(comparable(viaPreload)).toEqual(comparable(direct));

    const again = new ProfilePreload();
    for (const file of files) again.add(file);
    const relation = await again.take(files, 'v');
    expect(relation?.rowCount).toBe(21);
    relation?.close();
  });

  it('refuses a set of files other than the loaded one', async () => {
    const { files } = await dataset([rows(0, 4), rows(4, 4)]);
    const preload = new ProfilePreload();
    preload.add(files[0] as string);
    expect(await preload.take(files, 'v')).toBeUndefined();
  });

  it('refuses a file rewritten after it was loaded (e.g. by after-generation processors)', async () => {
    const { files } = await dataset([rows(0, 4), rows(4, 4)]);
    const preload = new ProfilePreload();
    for (const file of files) preload.add(file);
    await preload.settled();
    await writeRowsToParquet(instance, rows(100, 6), files[1] as string);
    expect(await preload.take(files, 'v')).toBeUndefined();
  });

  it('refuses when a read of all files would give other column types than the first file', async () => {
    const { folder, files } = await dataset([[{ x: 1 }, { x: 2 }], [{ x: 2.5 }]]);
    const loadOneByOne = async () => {
      const preload = new ProfilePreload();
      preload.add(files[0] as string); // the table takes BIGINT from the first file
      await preload.settled();
      preload.add(files[1] as string); // 2.5 would be cast into it
      return preload;
    };
    expect(await (await loadOneByOne()).take(files, 'v')).toBeUndefined();
    const profile = await profileDataset(folder, { write: false, preload: await loadOneByOne() });
    expect(profile.column_statistics[0]?.numeric?.max).toBe(2.5);

    // Added together, they are read together: the types are unified and the table is handed over.
    const together = new ProfilePreload();
    for (const file of files) together.add(file);
    const relation = await together.take(files, 'v');
    expect(relation?.rowCount).toBe(3);
    relation?.close();
  });

  it('stops once the files exceed maxBytes', async () => {
    const { files } = await dataset([rows(0, 4), rows(4, 4)]);
    const preload = new ProfilePreload({ maxBytes: 10 });
    for (const file of files) preload.add(file);
    expect(await preload.take(files, 'v')).toBeUndefined();
  });

  it('close frees the table; a later take returns undefined', async () => {
    const { files } = await dataset([rows(0, 4)]);
    const preload = new ProfilePreload();
    preload.add(files[0] as string);
    await preload.close();
    expect(await preload.take(files, 'v')).toBeUndefined();
  });
});
