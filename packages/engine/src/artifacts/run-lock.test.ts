import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalArtifactStorage } from './local-artifact-storage.js';
import { acquireRunLock, DatasetLockedError, isRunLock, tryAcquireRunLock } from './run-lock.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'dd-lock-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A pid that is certainly dead: a child that already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('run lock', () => {
  test('one holder at a time; the file names pid and host; release removes it', () => {
    const lock = acquireRunLock(root, '.lock');
    expect(JSON.parse(readFileSync(path.join(root, '.lock'), 'utf8'))).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    expect(() => acquireRunLock(root, '.lock')).toThrow(/is in use by process \d+ on host/);
    try {
      acquireRunLock(root, '.lock');
    } catch (error) {
      expect(DatasetLockedError.isInstance(error)).toBe(true);
      expect((error as { fix?: string }).fix).toMatch(/delete .*\.lock/);
    }
    lock.release();
    expect(existsSync(path.join(root, '.lock'))).toBe(false);
    acquireRunLock(root, '.lock').release();
  });

  test('a lock left by a dead process of this host is stale and taken over; one from another host is not', () => {
    const file = path.join(root, '.lock');
    writeFileSync(file, JSON.stringify({ pid: deadPid(), hostname: os.hostname(), started_at: 'then' }));
    const lock = tryAcquireRunLock(file);
    expect(isRunLock(lock)).toBe(true);
    if (isRunLock(lock)) lock.release();
    writeFileSync(file, JSON.stringify({ pid: deadPid(), hostname: `not-${os.hostname()}`, started_at: 'then' }));
    expect(isRunLock(tryAcquireRunLock(file))).toBe(false);
  });

  test('release never removes a lock another run took over', () => {
    const file = path.join(root, '.lock');
    const lock = acquireRunLock(root, '.lock');
    writeFileSync(file, JSON.stringify({ pid: 1, hostname: os.hostname(), started_at: 'other' }));
    lock.release();
    expect(existsSync(file)).toBe(true);
  });
});

describe('exclusive dataset folders', () => {
  const now = () => new Date(2026, 10, 23, 10, 0, 0);
  const open = (datasetName = 'dataset') => new LocalArtifactStorage({ artifactPath: root, datasetName, now });

  test('runs started in the same second never share a folder: timestamped siblings get a suffix', async () => {
    mkdirSync(path.join(root, 'dataset'));
    writeFileSync(path.join(root, 'dataset', 'x'), '');
    const storages = [open(), open(), open()];
    const names = storages.map((storage) => path.basename(storage.resolveDatasetDirectory({ reuse: false, lock: true })));
    expect(names).toEqual(['dataset_11-23-2026_100000', 'dataset_11-23-2026_100000_2', 'dataset_11-23-2026_100000_3']);
    for (const storage of storages) await storage.close();
    expect(readdirSync(path.join(root, 'dataset_11-23-2026_100000'))).toEqual([]);
  });

  test('an empty configured folder is claimed by one run only', async () => {
    mkdirSync(path.join(root, 'dataset'));
    const first = open();
    const second = open();
    expect(path.basename(first.resolveDatasetDirectory({ reuse: false, lock: true }))).toBe('dataset');
    expect(path.basename(second.resolveDatasetDirectory({ reuse: false, lock: true }))).toBe('dataset_11-23-2026_100000');
    await first.close();
    await second.close();
  });

  test('a second writer resuming a locked folder is refused; after close it may resume', async () => {
    const first = open();
    first.resolveDatasetDirectory({ reuse: false, lock: true });
    await first.writeRowGroup(0, [{ a: 1 }]);
    const second = open();
    expect(() => second.resolveDatasetDirectory({ reuse: true, required: true, lock: true })).toThrow(/in use by process/);
    await first.close();
    const third = open();
    expect(path.basename(third.resolveDatasetDirectory({ reuse: true, required: true, lock: true }))).toBe('dataset');
    await third.close();
  });
});
