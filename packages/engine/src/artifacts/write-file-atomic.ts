import { closeSync, fsync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';

// Opening, writing, renaming and closing are synchronous here: on a local disk each takes microseconds,
// while each asynchronous file operation waits for a turn of the event loop, and synchronous generators
// keep that loop busy for up to the scheduler's yield interval (10 ms) at a time. Only the flush to disk,
// which can take long on a slow device, leaves the thread: one round trip per file.

/** Flushes an open descriptor to disk on libuv's thread pool. */
function fsyncDescriptor(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

/**
 * Writes a file so readers see either the old or the new content, never a torn one: write
 * `<file>.tmp.<pid>`, fsync, rename over the target (the temp file is removed on failure).
 */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const tempPath = `${filePath}.tmp.${process.pid}`;
  try {
    await writeAndSync(tempPath, data, 'w');
    renameSync(tempPath, filePath);
  } finally {
    rmSync(tempPath, { force: true });
  }
}

/** Writes (`'w'`) or appends (`'a'`) `data` and flushes it to disk before resolving. */
export async function writeAndSync(filePath: string, data: string | Uint8Array, flag: 'w' | 'a'): Promise<void> {
  const fd = openSync(filePath, flag);
  try {
    writeFileSync(fd, data);
    await fsyncDescriptor(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes an already written file to disk (used before renaming a finished parquet file). */
export async function fsyncFile(filePath: string): Promise<void> {
  const fd = openSync(filePath, 'r+');
  try {
    await fsyncDescriptor(fd);
  } finally {
    closeSync(fd);
  }
}
