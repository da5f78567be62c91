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

/** A row group of the run's plan: its index and size. */
interface BatchRequest {
  rowGroup: number;
  size: number;
}

/** A planned row group as the run's plan lists it. */
export interface PlannedBatch {
  index: number;
  size: number;
}

/** The thread's answer: the rows, or the failure (the caller then samples locally and gets the real error). */
type ThreadMessage = { ready: true } | (BatchRequest & { rows: Row[] }) | (BatchRequest & { error: string });

/** Row groups the thread keeps finished ahead of the main thread. */
const AHEAD = 2;

const keyOf = (rowGroup: number, size: number): string => `${rowGroup}:${size}`;

/** The thread's script (the built entry: dist/ is bundled, so not a path relative to this module). */
const samplerWorkerPath = (): string => path.join(enginePackageRoot(), 'dist', 'samplers', 'sampler-worker.js');

let prewarmed: Worker | undefined;

/**
 * Starts a sampler thread now, before the run is planned, so that its modules (the samplers, faker,
 * `@dd/config`) load on another core while the main thread loads and checks the config: the next
 * run's `SamplerThread` adopts it. For a command about to generate many row groups; an unused thread
 * never keeps the process alive. Does nothing when one is already waiting.
 */
export function prewarmSamplerThread(): void {
  if (prewarmed !== undefined) return;
  try {
    prewarmed = new Worker(samplerWorkerPath());
  } catch {
    prewarmed = undefined;
    return;
  }
  prewarmed.unref();
  const forget = (): void => {
    prewarmed = undefined;
  };
  prewarmed.once('error', forget);
  prewarmed.once('exit', forget);
}

/** The thread `prewarmSamplerThread` started, handed over once (undefined when none is waiting). */
function takePrewarmedWorker(): Worker | undefined {
  const worker = prewarmed;
  prewarmed = undefined;
  worker?.removeAllListeners('error').removeAllListeners('exit');
  return worker;
}

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
 * Samples the sampler columns of a run's row groups on a worker thread, in plan order, while the main
 * thread works on the other columns. Values depend only on (seed, row group, size), so a batch sampled
 * there is the batch the main thread would sample. When the main thread asks for a row group: finished
 * there → taken; being sampled there → awaited (it is the one the thread is on); otherwise (the thread
 * has not started, is behind, or failed) → undefined, and the main thread samples it as before, while
 * the thread moves past it. The thread keeps at most `AHEAD` finished row groups and keeps the
 * process alive only while the main thread awaits one.
 */
export class SamplerThread {
  private readonly worker: Worker | undefined;
  private readonly plan: Iterator<PlannedBatch>;
  private ready = false;
  private closed = false;
  private highest = -1;
  private inFlight:
    | { key: string; rowGroup: number; claimed: boolean; resolve: (rows: Row[] | undefined) => void; promise: Promise<Row[] | undefined> }
    | undefined;
  private readonly done = new Map<string, Row[]>();
  private markStarted: (started: boolean) => void = () => undefined;
  /** Resolves true once the thread can sample, false if it never will (it failed to start or was closed). */
  readonly started: Promise<boolean> = new Promise((resolve) => {
    this.markStarted = resolve;
  });

  /** Starts (or adopts a prewarmed) thread for the run whose remaining row groups `plan` lists in order. */
  constructor(init: SamplerThreadInit, plan: Iterable<PlannedBatch>) {
    this.plan = plan[Symbol.iterator]();
    try {
      this.worker = takePrewarmedWorker() ?? new Worker(samplerWorkerPath());
    } catch {
      this.worker = undefined;
      this.markStarted(false);
      return;
    }
    this.worker.unref();
    this.worker.on('message', (message: ThreadMessage) => this.onMessage(message));
    // A thread that cannot start (e.g. an unbuilt package) or dies leaves the main thread sampling.
    this.worker.on('error', () => this.close());
    this.worker.on('exit', () => this.close());
    this.worker.postMessage({ type: 'init', init });
  }

  /**
   * The rows of (`rowGroup`, `size`) when the thread has them or is sampling them (then awaited), else
   * undefined: sample them locally.
   */
  async take(rowGroup: number, size: number): Promise<Row[] | undefined> {
    if (this.worker === undefined || this.closed) return undefined;
    this.highest = Math.max(this.highest, rowGroup);
    const key = keyOf(rowGroup, size);
    const finished = this.done.get(key);
    if (finished !== undefined) {
      this.done.delete(key);
      this.sampleNext();
      return finished;
    }
    const current = this.inFlight;
    if (current !== undefined && current.key === key) {
      current.claimed = true;
      this.worker.ref();
      return current.promise;
    }
    this.sampleNext();
    return undefined;
  }

  /** True when the thread has finished (`rowGroup`, `size`), so `take` returns its rows at once. */
  hasFinished(rowGroup: number, size: number): boolean {
    return this.done.has(keyOf(rowGroup, size));
  }

  /** Stops the thread and drops what it sampled ahead. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.markStarted(false);
    this.done.clear();
    this.inFlight?.resolve(undefined);
    this.inFlight = undefined;
    void this.worker?.terminate();
  }

  private onMessage(message: ThreadMessage): void {
    if ('ready' in message) {
      this.ready = true;
      this.markStarted(true);
    } else {
      const current = this.inFlight;
      this.inFlight = undefined;
      this.worker?.unref();
      const rows = 'rows' in message ? inThisRealm(message.rows) : undefined;
      if (current?.claimed) current.resolve(rows);
      else {
        current?.resolve(undefined);
        if (rows !== undefined && message.rowGroup > this.highest) this.done.set(keyOf(message.rowGroup, message.size), rows);
      }
    }
    this.sampleNext();
  }

  /** Sends the thread the next planned row group the main thread has not asked for yet, one at a time. */
  private sampleNext(): void {
    if (!this.ready || this.closed || this.inFlight !== undefined || this.done.size >= AHEAD || this.worker === undefined) return;
    for (let next = this.plan.next(); next.done !== true; next = this.plan.next()) {
      const { index, size } = next.value;
      if (index <= this.highest) continue;
      let resolve: (rows: Row[] | undefined) => void = () => undefined;
      const promise = new Promise<Row[] | undefined>((done) => {
        resolve = done;
      });
      this.inFlight = { key: keyOf(index, size), rowGroup: index, claimed: false, resolve, promise };
      this.worker.postMessage({ type: 'batch', rowGroup: index, size } satisfies BatchRequest & { type: 'batch' });
      return;
    }
  }
}
