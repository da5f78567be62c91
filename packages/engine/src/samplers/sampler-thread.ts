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
const rowGroupOf = (key: string): number => Number(key.slice(0, key.indexOf(':')));

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
 * batch the main thread would sample. The main thread never waits for it: a row group the thread has
 * not finished (it has not started yet, it is behind, it guessed another size, it failed) is sampled
 * on the main thread as before. The thread samples one row group at a time, always the next of the
 * two after the highest one asked for so far, and never keeps the process alive.
 */
export class SamplerThread {
  private readonly worker: Worker | undefined;
  private ready = false;
  private closed = false;
  private highest = -1;
  private lastSize = 0;
  private inFlight: string | undefined;
  private readonly done = new Map<string, Row[]>();
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
   * The rows of (`rowGroup`, `size`) when the thread has finished them, else undefined (sample them
   * locally). Moves the thread on to the row groups after the highest one asked for.
   */
  take(rowGroup: number, size: number): Row[] | undefined {
    if (this.worker === undefined || this.closed) return undefined;
    if (rowGroup > this.highest) {
      this.highest = rowGroup;
      this.lastSize = size;
    }
    const key = keyOf(rowGroup, size);
    const rows = this.done.get(key);
    this.done.delete(key);
    // Finished row groups at or before the highest one asked for will not be asked for again.
    for (const stale of this.done.keys()) if (rowGroupOf(stale) <= this.highest) this.done.delete(stale);
    this.sampleNext();
    return rows;
  }

  /** True when the thread has finished (`rowGroup`, `size`), so `take` would return its rows. */
  hasFinished(rowGroup: number, size: number): boolean {
    return this.done.has(keyOf(rowGroup, size));
  }

  /** Stops the thread and drops what it sampled ahead. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.markStarted(false);
    this.done.clear();
    void this.worker?.terminate();
  }

  private onMessage(message: ThreadMessage): void {
    if ('ready' in message) {
      this.ready = true;
      this.markStarted(true);
    } else {
      this.inFlight = undefined;
      if ('rows' in message && message.rowGroup > this.highest) this.done.set(keyOf(message.rowGroup, message.size), inThisRealm(message.rows));
    }
    this.sampleNext();
  }

  /** Sends the thread the first of the next `AHEAD` row groups it has not sampled, one at a time. */
  private sampleNext(): void {
    if (!this.ready || this.closed || this.inFlight !== undefined || this.highest < 0 || this.worker === undefined) return;
    for (let rowGroup = this.highest + 1; rowGroup <= this.highest + AHEAD; rowGroup++) {
      const key = keyOf(rowGroup, this.lastSize);
      if (this.done.has(key)) continue;
      this.inFlight = key;
      this.worker.postMessage({ rowGroup, size: this.lastSize } satisfies BatchRequest);
      return;
    }
  }
}
