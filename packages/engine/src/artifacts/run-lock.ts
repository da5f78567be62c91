import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineErrorClass } from '@dd/config/core';

/** Another live run holds the lock of a dataset folder (or factory job folder). */
export class DatasetLockedError extends defineErrorClass('DatasetLockedError') {}

/** Contents of a run lock file. */
export interface RunLockOwner {
  /** Process id of the run holding the lock. */
  pid: number;
  /** Host name of that process (stale locks are only detected on the same host). */
  hostname: string;
  /** ISO time the lock was taken. */
  started_at: string;
}

/** A held run lock; `release()` removes the file when it is still ours. */
export interface RunLock {
  /** Absolute path of the lock file. */
  readonly file: string;
  /** Who holds it (this process). */
  readonly owner: RunLockOwner;
  /** Removes the lock file (idempotent; never removes a lock another run took over). */
  release(): void;
}

/** Why `tryAcquireRunLock` did not get the lock. */
export interface RunLockHeld {
  /** The holder as read from the file (`undefined` when unreadable). */
  owner: RunLockOwner | undefined;
  /** Path of the lock file. */
  file: string;
}

function readOwner(file: string): RunLockOwner | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, hostname, started_at: startedAt } = parsed as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof hostname !== 'string') return undefined;
    return { pid, hostname, started_at: typeof startedAt === 'string' ? startedAt : '' };
  } catch {
    return undefined;
  }
}

/** True when `pid` names a live process on this host (EPERM: alive, owned by someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock's owner is a process of this host that no longer runs. */
function isStale(owner: RunLockOwner | undefined): boolean {
  return owner !== undefined && owner.hostname === os.hostname() && !isAlive(owner.pid);
}

function createExclusive(file: string, owner: RunLockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Moves a stale lock aside atomically; puts it back when another run replaced it meanwhile. */
function removeStale(file: string, stale: RunLockOwner): void {
  const aside = `${file}.stale.${randomUUID()}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // Someone else removed or replaced it first.
  }
  const moved = readOwner(aside);
  if (moved !== undefined && (moved.pid !== stale.pid || moved.hostname !== stale.hostname || moved.started_at !== stale.started_at)) {
    try {
      renameSync(aside, file); // A live lock taken in between: restore it.
    } catch {
      // Lost the race twice; the holder still has its file descriptor-free lock semantics.
    }
    return;
  }
  rmSync(aside, { force: true });
}

/**
 * Takes the run lock `file` exclusively (`O_EXCL`): the file holds this process's pid and host. A lock
 * whose owner is a dead process of this host is stale and taken over. Returns the lock, or who holds it.
 */
export function tryAcquireRunLock(file: string): RunLock | RunLockHeld {
  const owner: RunLockOwner = { pid: process.pid, hostname: os.hostname(), started_at: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(file, owner)) {
      let released = false;
      return {
        file,
        owner,
        release: () => {
          if (released) return;
          released = true;
          const current = readOwner(file);
          if (current?.pid === owner.pid && current.started_at === owner.started_at) rmSync(file, { force: true });
        },
      };
    }
    const holder = readOwner(file);
    if (holder === undefined || !isStale(holder)) return { owner: holder, file };
    removeStale(file, holder);
  }
  return { owner: readOwner(file), file };
}

/** True for the result of a successful `tryAcquireRunLock`. */
export function isRunLock(value: RunLock | RunLockHeld): value is RunLock {
  return 'release' in value;
}

/** Takes the run lock of `directory` or throws `DatasetLockedError` naming the holder and the fix. */
export function acquireRunLock(directory: string, lockFileName: string, what = 'dataset folder'): RunLock {
  const result = tryAcquireRunLock(path.join(directory, lockFileName));
  if (isRunLock(result)) return result;
  const holder = result.owner
    ? `process ${result.owner.pid} on host ${result.owner.hostname}${result.owner.started_at ? ` (since ${result.owner.started_at})` : ''}`
    : 'another process';
  throw new DatasetLockedError(`The ${what} ${directory} is in use by ${holder}; two runs must not write into one folder.`, {
    fix: `Wait for that run to finish, or use another dataset name. If that process is gone (another host, or a reused pid), delete ${result.file}.`,
  });
}
