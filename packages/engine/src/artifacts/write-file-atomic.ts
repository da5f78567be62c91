import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes a file so readers see either the old or the new content, never a torn one: write
 * `<file>.tmp.<pid>`, fsync, rename over the target (the temp file is removed on failure).
 */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const tempPath = `${filePath}.tmp.${process.pid}`;
  try {
    const handle = await open(tempPath, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, filePath);
  } finally {
    await rm(tempPath, { force: true });
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
