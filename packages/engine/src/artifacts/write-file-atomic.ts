import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes a file so readers see either the old or the new content, never a torn one: write
 * `<file>.tmp.<pid>`, fsync, rename over the target (the temp file is removed on failure).
 */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const tempPath = `${filePath}.tmp.${process.pid}`;
  try {
    await writeAndSync(tempPath, data, 'w');
    await rename(tempPath, filePath);
  } finally {
    await rm(tempPath, { force: true });
  }
}

/** Writes (`'w'`) or appends (`'a'`) `data` and flushes it to disk before resolving. */
export async function writeAndSync(filePath: string, data: string | Uint8Array, flag: 'w' | 'a'): Promise<void> {
  const handle = await open(filePath, flag);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes an already written file to disk (used before renaming a finished parquet file). */
export async function fsyncFile(filePath: string): Promise<void> {
  const handle = await open(filePath, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
