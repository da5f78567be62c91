import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { createDuckDBInstance } from '../artifacts/duckdb.js';

/** Settings of a profile's private DuckDB instance. */
export interface ProfilingInstanceOptions {
  /** DuckDB `memory_limit` (grouped queries spill to a temp directory beyond it). @default "128MB" */
  memoryLimit?: string;
  /** DuckDB threads. @default 1 for datasets profiled from memory (see `inMemoryMaxBytes` of `profileDataset`), else DuckDB's default (cores) */
  threads?: number;
}

/** What one profile takes over from a `ProfilingInstance`: it closes the instance and removes the folder. */
export interface TakenProfilingInstance {
  readonly instance: Promise<DuckDBInstance>;
  /** Where DuckDB spills; removed by the profile when done. */
  readonly tempDirectory: string;
  /** The `threads` option it was opened with (undefined: the profile picks by dataset size). */
  readonly threads: number | undefined;
}

/**
 * The private DuckDB instance of one `profileDataset`, opened on creation (~10-30 ms on a libuv
 * thread). A run opens it while its last row groups generate and passes it as the profile's
 * `instance`, so the profile at the run's end does not wait for it. `discard()` closes it when no
 * profile took it (a failed run); it is safe to call after `take()` too.
 */
export class ProfilingInstance {
  private readonly opened: TakenProfilingInstance;
  private taken = false;

  /** Starts opening the instance (one thread, no file cache, spilling to a private temp folder). */
  constructor(options: ProfilingInstanceOptions = {}) {
    const tempDirectory = path.join(os.tmpdir(), `dd-profile-${process.pid}-${randomUUID().slice(0, 8)}`);
    // A DuckDB that cannot load rejects here (reported where the instance is awaited) rather than
    // throwing from the constructor, which a run calls from its event handler.
    const instance = Promise.resolve().then(() =>
      createDuckDBInstance({
        memory_limit: options.memoryLimit ?? '128MB',
        temp_directory: tempDirectory,
        preserve_insertion_order: 'false',
        // Each file is read once or twice (the load, counted columns): caching their bytes in DuckDB's
        // memory only added a copy, and releasing that memory made closing the instance slower.
        enable_external_file_cache: 'false',
        // One thread while a small dataset is profiled; a large one gets DuckDB's default back.
        threads: String(options.threads ?? 1),
      }),
    );
    // Awaited by whoever takes it; a failure to open is reported there.
    instance.catch(() => undefined);
    this.opened = { instance, tempDirectory, threads: options.threads };
  }

  /** Hands the instance to one profile, which closes it; a second take is a programming error. */
  take(): TakenProfilingInstance {
    if (this.taken) throw new Error('This ProfilingInstance was already taken by a profile or discarded; open one per profile.');
    this.taken = true;
    return this.opened;
  }

  /** Closes the instance unless a profile took it. */
  async discard(): Promise<void> {
    if (this.taken) return;
    this.taken = true;
    const instance = await this.opened.instance.catch(() => undefined);
    instance?.closeSync();
    await rm(this.opened.tempDirectory, { recursive: true, force: true });
  }
}
