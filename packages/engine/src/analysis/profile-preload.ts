import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { createDuckDBInstance, readParquetSql, type DatasetRelation, type DuckDBSettings } from '../artifacts/duckdb.js';
import { quoteIdentifier } from '../artifacts/sql-quote.js';

/** Settings of the profiler's DuckDB instances. */
export interface ProfileInstanceOptions {
  /** DuckDB `memory_limit` (grouped queries spill to a temp directory beyond it). @default "128MB" */
  memoryLimit?: string;
  /** DuckDB worker threads. @default DuckDB's default (cores) */
  threads?: number;
}

/** Options of `ProfilePreload`. */
export interface ProfilePreloadOptions extends ProfileInstanceOptions {
  /** Stop preloading (and free what was loaded) once the files total more than this many bytes. @default 16 MiB */
  maxBytes?: number;
}

/** Datasets whose parquet files hold at most this many bytes are profiled from memory. */
export const PROFILE_IN_MEMORY_MAX_BYTES = 16 * 1024 * 1024;

/** The settings every profiling instance gets (the same for a preload and for a profile that loads itself). */
export function profileInstanceSettings(options: ProfileInstanceOptions, tempDirectory: string): DuckDBSettings {
  return {
    memory_limit: options.memoryLimit ?? '128MB',
    temp_directory: tempDirectory,
    preserve_insertion_order: 'false',
    ...(options.threads !== undefined ? { threads: String(options.threads) } : {}),
  };
}

/** What identifies a file's content on disk for the preload: a rewritten file changes one of these. */
interface FileStamp {
  file: string;
  size: bigint;
  mtimeNs: bigint;
  ino: bigint;
}

function stampOf(file: string): FileStamp {
  const info = statSync(file, { bigint: true });
  return { file, size: info.size, mtimeNs: info.mtimeNs, ino: info.ino };
}

const sameStamp = (a: FileStamp, b: FileStamp): boolean => a.file === b.file && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino;

const TABLE = '__dd_profile_preload';

/** The preload's private DuckDB instance and its temp directory. */
interface PreloadDatabase {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  tempDirectory: string;
}

function closeDatabase(db: PreloadDatabase): void {
  db.connection.closeSync();
  db.instance.closeSync();
  rmSync(db.tempDirectory, { recursive: true, force: true });
}

/**
 * Loads a dataset's parquet files into a DuckDB table while the run still generates, one file as each
 * row group is checkpointed, so that the profile after the run starts from memory instead of decoding
 * every file then (on a 2-core machine, DuckDB's threads have room during generation; after it, the
 * load is the profile's largest step). `take` hands the table over only when it holds exactly the
 * files the profile is about to read, unchanged; in every other case (a file rewritten by
 * after-generation processors, row groups of an earlier run, schemas that differ between files, more
 * than `maxBytes`, any DuckDB error) the profile loads the files itself, as without a preload.
 */
export class ProfilePreload {
  private chain: Promise<void> = Promise.resolve();
  private usable = true;
  private readonly pending: string[] = [];
  private readonly loaded: FileStamp[] = [];
  private bytes = 0n;
  private db: PreloadDatabase | undefined;
  private readonly options: ProfilePreloadOptions;

  constructor(options: ProfilePreloadOptions = {}) {
    this.options = options;
  }

  /** Queues a checkpointed parquet file (absolute path); returns at once. */
  add(file: string): void {
    if (!this.usable) return;
    this.pending.push(path.resolve(file));
    // Files that arrive while a load runs go together in the next statement (fewer, larger reads).
    if (this.pending.length === 1) this.chain = this.chain.then(() => this.loadPending()).catch(() => this.free());
  }

  private async loadPending(): Promise<void> {
    const files = this.pending.splice(0);
    if (!this.usable || files.length === 0) return;
    const stamps = files.map(stampOf);
    for (const stamp of stamps) this.bytes += stamp.size;
    if (this.bytes > BigInt(this.options.maxBytes ?? PROFILE_IN_MEMORY_MAX_BYTES)) {
      this.free();
      return;
    }
    if (this.db === undefined) {
      const tempDirectory = path.join(os.tmpdir(), `dd-profile-${process.pid}-${randomUUID().slice(0, 8)}`);
      const instance = await createDuckDBInstance(profileInstanceSettings(this.options, tempDirectory));
      this.db = { instance, connection: await instance.connect(), tempDirectory };
      await this.db.connection.run(`CREATE TEMP TABLE ${TABLE} AS SELECT * FROM ${readParquetSql(files)}`);
    } else {
      // By name, as the profile's own read matches columns; a column the table lacks fails the statement,
      // and types that a read of all files would widen are caught by the schema check of `take`.
      await this.db.connection.run(`INSERT INTO ${TABLE} BY NAME SELECT * FROM ${readParquetSql(files)}`);
    }
    if (this.usable) this.loaded.push(...stamps);
  }

  /**
   * Waits for the queued loads, then returns a relation (a view named `viewName` over the loaded table)
   * when the table holds exactly `files`, in any order, as they are on disk now, with the column types a
   * read of all of them gives; otherwise frees what was loaded and returns undefined. The preload is
   * spent either way.
   */
  async take(files: readonly string[], viewName: string): Promise<DatasetRelation | undefined> {
    await this.settled();
    this.usable = false;
    const db = this.db;
    this.db = undefined;
    if (db === undefined) return undefined;
    const close = (): void => closeDatabase(db);
    try {
      const schema = async (source: string): Promise<string> => {
        const described = await db.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
        return JSON.stringify(described.getRowsJS().map((row) => [row[0], row[1]]));
      };
      if (this.holdsExactly(files) && (await schema(TABLE)) === (await schema(readParquetSql(files)))) {
        await db.connection.run(`CREATE TEMP VIEW ${quoteIdentifier(viewName)} AS SELECT * FROM ${TABLE}`);
        const count = await db.connection.runAndReadAll(`SELECT count(*)::BIGINT FROM ${TABLE}`);
        return { connection: db.connection, viewName, rowCount: Number(count.getRowsJS()[0]?.[0] ?? 0), close };
      }
    } catch {
      // A file that cannot be read now: the profile reads the files itself and reports it.
    }
    close();
    return undefined;
  }

  /** Resolves once every file added so far is loaded (or the preload gave up). */
  async settled(): Promise<void> {
    for (let chain = this.chain; ; chain = this.chain) {
      await chain;
      if (chain === this.chain) return;
    }
  }

  /** True when the loaded files are exactly `files` (any order), each unchanged on disk since it was loaded. */
  private holdsExactly(files: readonly string[]): boolean {
    if (files.length !== this.loaded.length) return false;
    const byFile = new Map(this.loaded.map((stamp) => [stamp.file, stamp]));
    return files.every((file) => {
      const stamp = byFile.get(path.resolve(file));
      try {
        return stamp !== undefined && sameStamp(stamp, stampOf(stamp.file));
      } catch {
        return false;
      }
    });
  }

  /** Stops preloading and frees the table once the load under way (if any) is done; `take` afterwards returns undefined. */
  async close(): Promise<void> {
    this.usable = false;
    await this.settled();
    this.free();
  }

  private free(): void {
    this.usable = false;
    const db = this.db;
    this.db = undefined;
    if (db !== undefined) closeDatabase(db);
  }
}
