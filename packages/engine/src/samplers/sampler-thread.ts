import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { enginePackageRoot } from '../package-files/package-root.js';
import type { Row } from '../columns/column-generator.js';
import type { ConstraintConfig, SamplerColumnConfig } from '@dd/config';

/** What the sampler thread rebuilds its generator from (structured-cloneable). */
export interface SamplerThreadInit {
  /** Sampler column configs in wire (snake_case) form. */
  columns: SamplerColumnConfig[];
  /** Root `constraints` of the config. */
  constraints: ConstraintConfig[];
  /** The run's resolved seed (never random in the thread). */
  seed: number;
}

/** A request to the thread: sample row group `rowGroup` with `size` empty rows. */
interface BatchRequest {
  rowGroup: number;
  size: number;
}

/** The thread's answer: the rows, or the failure (the caller then samples locally and gets the real error). */
type ThreadMessage = { ready: true } | (BatchRequest & { rows: Row[] }) | (BatchRequest & { error: string });

/** Row groups sampled ahead of the ones asked for. */
const AHEAD = 2;

const keyOf = (rowGroup: number, size: number): string => `${rowGroup}:${size}`;

/** A copy of a received value whose objects and arrays belong to this realm (see `inThisRealm`). */
function rebuild(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(rebuild);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = rebuild(item);
  return out;
}

/**
 * Rows as the main thread would have made them. Messages are deserialized into the process's main
 * realm; code running in another realm (a `vm` context, e.g. a test runner's) would see objects whose
 * prototype is not its `Object.prototype`, so there they are rebuilt. In a plain process nothing is copied.
 */
function inThisRealm(rows: Row[]): Row[] {
  const first = rows[0];
  if (first === undefined || Object.getPrototypeOf(first) === Object.prototype) return rows;
  return rows.map((row) => rebuild(row) as Row);
}

/**
 * Samples the sampler columns of upcoming row groups on a worker thread while the main thread works
 * on the other columns. Values depend only on (seed, row group, size), so a batch sampled there is the
 * batch the main thread would sample; anything the thread cannot answer (not started yet, a failed
 * batch, a guess of the next row group that was wrong) is sampled on the main thread as before.
 * The thread keeps the process alive only while a batch is asked for.
 */
export class SamplerThread {
  private readonly worker: Worker | undefined;
  private ready = false;
  private closed = false;
  private highest = -1;
  private lastSize = 0;
  private readonly pending = new Map<string, { promise: Promise<Row[] | undefined>; resolve: (rows: Row[] | undefined) => void }>();
  private markStarted: (started: boolean) => void = () => undefined;
  /** Resolves true once the thread can sample, false if it never will (it failed to start or was closed). */
  readonly started: Promise<boolean> = new Promise((resolve) => {
    this.markStarted = resolve;
  });

  constructor(init: SamplerThreadInit) {
    try {
      // The built entry (dist/ is bundled, so not a path relative to this module).
      this.worker = new Worker(path.join(enginePackageRoot(), 'dist', 'samplers', 'sampler-worker.js'), { workerData: init });
    } catch {
      this.worker = undefined;
      this.markStarted(false);
      return;
    }
    this.worker.unref();
    this.worker.on('message', (message: ThreadMessage) => this.onMessage(message));
    // A thread that cannot start (e.g. sources run untranspiled) or dies leaves the main thread sampling.
    this.worker.on('error', () => this.close());
    this.worker.on('exit', () => this.close());
  }

  /**
   * The rows of (`rowGroup`, `size`) if the thread has them or is sampling them, else undefined (sample
   * locally). Also asks the thread for the next row groups, guessing they have the same size.
   */
  async take(rowGroup: number, size: number): Promise<Row[] | undefined> {
    if (this.worker === undefined || this.closed) return undefined;
    if (rowGroup > this.highest) {
      this.highest = rowGroup;
      this.lastSize = size;
    }
    const key = keyOf(rowGroup, size);
    const entry = this.pending.get(key);
    this.fillAhead();
    if (entry === undefined) return undefined;
    const rows = await entry.promise;
    this.pending.delete(key);
    this.updateRef();
    return rows;
  }

  /** Stops the thread and drops what it sampled ahead. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.markStarted(false);
    for (const entry of this.pending.values()) entry.resolve(undefined);
    this.pending.clear();
    void this.worker?.terminate();
  }

  private onMessage(message: ThreadMessage): void {
    if ('ready' in message) {
      this.ready = true;
      this.markStarted(true);
      this.fillAhead();
      return;
    }
    const entry = this.pending.get(keyOf(message.rowGroup, message.size));
    entry?.resolve('rows' in message ? inThisRealm(message.rows) : undefined);
    this.updateRef();
  }

  /** Keeps the thread busy with the row groups after the highest one asked for so far. */
  private fillAhead(): void {
    if (!this.ready || this.closed || this.highest < 0) return;
    for (let rowGroup = this.highest + 1; rowGroup <= this.highest + AHEAD; rowGroup++) this.request(rowGroup, this.lastSize);
    // Unclaimed guesses behind the highest row group will never be asked for.
    for (const [key, entry] of this.pending) {
      const rowGroup = Number(key.split(':')[0]);
      if (rowGroup < this.highest - AHEAD) {
        entry.resolve(undefined);
        this.pending.delete(key);
      }
    }
    this.updateRef();
  }

  private request(rowGroup: number, size: number): void {
    const key = keyOf(rowGroup, size);
    if (this.pending.has(key) || this.worker === undefined) return;
    let resolve: (rows: Row[] | undefined) => void = () => undefined;
    const promise = new Promise<Row[] | undefined>((done) => {
      resolve = done;
    });
    this.pending.set(key, { promise, resolve });
    this.worker.postMessage({ rowGroup, size } satisfies BatchRequest);
  }

  /** Ref'd while a batch is outstanding, so an awaited batch keeps the process alive. */
  private updateRef(): void {
    if (this.worker === undefined || this.closed) return;
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}
