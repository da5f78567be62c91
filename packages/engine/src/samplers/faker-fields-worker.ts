import { Worker } from 'node:worker_threads';
import { drawFakerFieldsInline, type FakerFields, type FakerFieldsRequest, type FakerSource, fakerFieldsModuleFile } from './faker-fields.js';

/**
 * Batches of at least this many people go to the worker thread: faker-js costs ~12 µs a person
 * (a third of the generating thread's time on a person-heavy offline config), a round trip ~1 ms.
 */
export const FAKER_WORKER_MIN_PEOPLE = 200;

/**
 * Batches this thread draws in place of the worker, one at a time: each claims its batch only when
 * the previous one is drawn, so a worker that has started meanwhile takes the rest (at start-up both
 * threads draw their first, slow, batches side by side).
 */
let drawingHere: Promise<unknown> = Promise.resolve();

/** Prefetched batches kept for adoption; older ones are cancelled. */
const MAX_PREFETCHED = 8;

/** Who draws a batch, in its claim cell (shared with the worker): nobody yet, the worker, this thread. */
const UNCLAIMED = 0;
const BY_THIS_THREAD = 2;

/** A batch of faker draws under way. */
export interface FakerFieldsJob {
  /** Settles with the draws. */
  readonly fields: Promise<FakerFields>;
  /** Draws the batch on this thread now, unless the worker has started it (then its answer is awaited). */
  hurry(): void;
}

type Reply = { id: number; fields?: FakerFields; skipped?: true; error?: string };

/** Key of a locale source: which Faker instance a batch is drawn with. */
const sourceKey = (source: FakerSource): string => (source.module !== undefined ? `module:${source.module}` : `chain:${source.chain.join(',')}`);

/** A batch sent to the worker; whichever thread claims it first draws it. */
class WorkerJob implements FakerFieldsJob {
  readonly fields: Promise<FakerFields>;
  readonly claim = new Int32Array(new SharedArrayBuffer(4));
  /** Someone waits for the worker's answer: the worker keeps the process alive meanwhile. */
  awaited = false;
  private drawnHere: Promise<FakerFields> | undefined;
  private hurried = false;
  /** The worker's reply, once it came. */
  private answer: Reply | undefined;
  private settle!: { resolve(fields: FakerFields | Promise<FakerFields>): void; reject(error: unknown): void };

  constructor(
    private readonly owner: FakerFieldsWorker,
    private readonly source: FakerSource,
    readonly request: FakerFieldsRequest,
  ) {
    this.fields = new Promise<FakerFields>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.fields.catch(() => {}); // a cancelled prefetch is never awaited
  }

  hurry(): void {
    if (this.hurried || this.answer !== undefined) return;
    this.hurried = true;
    this.owner.await(this);
    drawingHere = drawingHere.then(() => {
      if (this.answer !== undefined) return;
      if (Atomics.compareExchange(this.claim, 0, UNCLAIMED, BY_THIS_THREAD) === UNCLAIMED || this.owner.failure !== undefined) {
        this.drawHere();
        return this.fields.catch(() => {});
      }
    });
  }

  /** Gives up a batch nobody will ask for, if the worker has not started it. */
  cancel(): void {
    Atomics.compareExchange(this.claim, 0, UNCLAIMED, BY_THIS_THREAD);
  }

  /** Draws on this thread (same values as the worker's). */
  drawHere(): void {
    this.drawnHere ??= drawFakerFieldsInline(this.source, this.request);
    this.settle.resolve(this.drawnHere);
  }

  answered(reply: Reply): void {
    this.answer = reply;
    if (reply.error !== undefined) this.settle.reject(new Error(`faker-js failed in the worker thread: ${reply.error}`));
    else if (reply.fields !== undefined) this.settle.resolve(reply.fields);
    // skipped: this thread claimed the batch and settles it itself
  }
}

/**
 * One worker thread drawing faker fields, in request order. Each batch carries a claim cell: the
 * worker draws it only if this thread has not claimed it first (`hurry`), so every batch is drawn
 * exactly once and a busy or slow worker never holds up work this thread could do itself.
 */
class FakerFieldsWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, WorkerJob>();
  private nextId = 0;
  private awaitedCount = 0;
  /** Set when the worker died; later batches are drawn on this thread (same values). */
  failure: Error | undefined;

  constructor() {
    this.worker = new Worker(fakerFieldsModuleFile(), { workerData: { ddFakerFields: true } });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.answered(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the faker worker thread exited with code ${code}`)));
  }

  /** Sends a batch. */
  send(source: FakerSource, request: FakerFieldsRequest): WorkerJob {
    const job = new WorkerJob(this, source, request);
    const id = this.nextId++;
    this.pending.set(id, job);
    this.worker.postMessage({ id, source, request, claim: job.claim });
    return job;
  }

  /** The worker is drawing `job` and this thread waits for it: keep the process alive until the answer. */
  await(job: WorkerJob): void {
    if (job.awaited) return;
    job.awaited = true;
    if (this.awaitedCount++ === 0) this.worker.ref();
  }

  private answered(reply: Reply): void {
    const job = this.pending.get(reply.id);
    if (job === undefined) return;
    this.pending.delete(reply.id);
    if (job.awaited && --this.awaitedCount === 0) this.worker.unref();
    job.answered(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    if (this.awaitedCount > 0) this.worker.unref();
    this.awaitedCount = 0;
    // Batches waited for are drawn here now; the others when (if ever) someone hurries them.
    for (const job of this.pending.values()) if (job.awaited) job.drawHere();
    this.pending.clear();
  }
}

let shared: FakerFieldsWorker | undefined;
const prefetched = new Map<string, WorkerJob>();

const prefetchKey = (source: FakerSource, request: FakerFieldsRequest): string =>
  `${sourceKey(source)}|${request.seed}|${request.female.length}|${request.cityFromFaker}`;

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((value, i) => value === b[i]);

/** The shared worker for a batch of this size, or undefined when it is drawn on this thread. */
function workerFor(request: FakerFieldsRequest): FakerFieldsWorker | undefined {
  if (request.female.length < FAKER_WORKER_MIN_PEOPLE || shared?.failure !== undefined) return undefined;
  shared ??= new FakerFieldsWorker();
  return shared;
}

/**
 * Starts drawing a batch's faker fields. Batches of `FAKER_WORKER_MIN_PEOPLE` or more go to the
 * shared worker thread (or were sent ahead by `prefetchFakerFields`), and the generating thread goes
 * on with other columns and row groups; when it needs the values before the worker has started on
 * them, `hurry()` draws them here instead. Smaller batches, and all once the worker has failed, are
 * drawn here. The same function draws in both places, so the values depend only on the request.
 */
export function startFakerFields(source: FakerSource, request: FakerFieldsRequest): FakerFieldsJob {
  const key = prefetchKey(source, request);
  const ahead = prefetched.get(key);
  if (ahead !== undefined) {
    prefetched.delete(key);
    if (sameBytes(ahead.request.female, request.female) && sameBytes(ahead.request.phone, request.phone)) return ahead;
    ahead.cancel();
  }
  const worker = workerFor(request);
  if (worker === undefined) return { fields: drawFakerFieldsInline(source, request), hurry: () => {} };
  return worker.send(source, request);
}

/** Sends a batch `startFakerFields` is expected to ask for soon to the worker, so it is drawn by then. */
export function prefetchFakerFields(source: FakerSource, request: FakerFieldsRequest): void {
  const worker = workerFor(request);
  const key = prefetchKey(source, request);
  if (worker === undefined || prefetched.has(key)) return;
  prefetched.set(key, worker.send(source, request));
  for (const [oldest, job] of prefetched) {
    if (prefetched.size <= MAX_PREFETCHED) break;
    prefetched.delete(oldest);
    job.cancel();
  }
}
