import type { Broadcast } from './bind-inputs.js';
import type { FactoryQueueOptions } from '../distributed/factory-queue.js';
import type { FactoryState, StateValues } from './factory-state.js';
import type { FactoryJobSummary } from './job-store.js';

/** A record produced by the function: a plain JSON-like object. */
export type FactoryRecord = Record<string, unknown>;

/** What a hook may decide about a record (or, for errors, about the input). */
export type RecordVerdict = 'accepted' | 'filtered' | 'duplicate';

/** Final status of one input in the job ledger. */
export type InputStatus = 'done' | 'filtered' | 'duplicate' | 'dead-lettered';

/** Second argument of the user function. */
export interface FactoryContext<S extends StateValues = StateValues> {
  /** Shared state of the run (atomic `get`/`set`/`update`). */
  state: FactoryState<S>;
  /** Aborted on timeout, when the target is reached, or when the run ends. */
  signal: AbortSignal;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
}

/** Context passed to hooks. */
export interface HookContext<I, S extends StateValues = StateValues> {
  /** Shared state of the run. */
  state: FactoryState<S>;
  /** Position of the input in the inputs array. */
  inputIndex: number;
  /** The input being processed. */
  input: I;
  /** Attempt that produced the record or error (1-based). */
  attempt: number;
  /** Id of the running job. */
  jobId: string;
}

/** Context of `onRecordError`: tells whether another attempt will follow. */
export interface ErrorHookContext<I, S extends StateValues = StateValues> extends HookContext<I, S> {
  /** True when the input will be tried again (retry or requeue); false when it is about to be dead-lettered. */
  willRetry: boolean;
}

/** Counters reported to `onProgress` and returned by runs. */
export interface FactoryProgress {
  /** Records accepted so far (including those restored on resume). */
  accepted: number;
  /** Target of accepted records (`Infinity`: every input runs). */
  target: number;
  /** Records rejected by a hook as filtered. */
  filteredRecords: number;
  /** Records rejected by a hook as duplicates. */
  duplicateRecords: number;
  /** Inputs whose work is finished (any status). */
  inputsFinished: number;
  /** Inputs given to the run. */
  inputsTotal: number;
  /** Inputs moved to the dead-letter list. */
  deadLettered: number;
  /** Failed attempts (each retry counts). */
  failedAttempts: number;
  /** Attempts currently running. */
  running: number;
}

/** The user function: 0..n records per input. */
export type FactoryFunction<I, R extends FactoryRecord, S extends StateValues = StateValues> = (
  input: I,
  context: FactoryContext<S>,
) => Promise<R | R[] | null | undefined>;

/** `onRecordComplete` hook: return `'filtered'`/`'duplicate'` to reject the record. May be async. */
export type RecordCompleteHook<I, R extends FactoryRecord, S extends StateValues = StateValues> = (
  record: R,
  context: HookContext<I, S>,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing accepts the record.
) => RecordVerdict | void | Promise<RecordVerdict | void>;

/** `onRecordError` hook: return `'filtered'`/`'duplicate'` to stop retrying and close the input with that status. */
export type RecordErrorHook<I, S extends StateValues = StateValues> = (
  error: Error,
  input: I,
  context: ErrorHookContext<I, S>,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing lets the input retry.
) => RecordVerdict | void | Promise<RecordVerdict | void>;

/** One hook or a list of hooks, called in order. */
export type Hooks<H> = H | readonly H[];

/** Where a job lives: `local` persists (under `artifactPath`, else `<DATA_DESIGNER_HOME>/factory/<job id>`), `memory` keeps nothing. */
export type FactoryStorage = 'local' | 'memory';

/**
 * Keyword bindings of an object input type (Starfish's `run(**kwargs)`): an array is a list zipped by
 * position with the other lists, any other value (or `broadcast(array)`) is given to every input.
 */
export type InputBindings<I> = I extends object
  ? { [K in keyof I]: (I[K] extends readonly unknown[] ? never : I[K]) | readonly I[K][] | Broadcast<I[K]> }
  : never;

/** A record a hook rejected, kept with its input and status (`filteredRecords()`, `duplicateRecords()`). */
export interface RejectedRecord<R extends FactoryRecord> {
  /** The record as the function returned it. */
  record: R;
  /** Position of the input that produced it. */
  inputIndex: number;
  /** What the hooks decided. */
  status: 'filtered' | 'duplicate';
}

/** Second argument of `resume` (an array there is taken as `inputs`). */
export interface ResumeOptions<I> {
  /** Inputs to resume with. @default the inputs stored with the job */
  inputs?: readonly I[];
  /** Run the dead-lettered inputs again (Starfish's re-run does). @default true */
  retryDeadLetters?: boolean;
}

/** What a resume found in the job before running. */
export interface ResumeSummary {
  /** Inputs already finished and kept (their records are read back, not re-run). */
  restoredInputs: number;
  /** Dead-lettered inputs queued again. */
  retriedDeadLetters: number;
  /** Inputs whose content changed or vanished since they ran (their records were dropped; they re-run). */
  changedInputs: number;
  /** Batch files written after the last ledger commit of a crashed run, deleted. */
  orphanBatches: number;
}

/** Options of `dataFactory`. */
export interface DataFactoryOptions<I, R extends FactoryRecord, S extends StateValues = StateValues> {
  /** Attempts running at once. @default 16 */
  maxConcurrency?: number;
  /** Accepted records to produce; filtered records are replaced by running more inputs. @default every input runs */
  targetCount?: number;
  /** Time limit of one attempt; its signal is aborted when exceeded. @default 60000 */
  taskTimeoutMs?: number;
  /** Retries per round after the first attempt. @default 3 */
  maxRetries?: number;
  /** Delay before the first retry (doubles each retry, with jitter). @default 500 */
  retryBaseDelayMs?: number;
  /** Largest retry delay. @default 30000 */
  retryMaxDelayMs?: number;
  /** Failed rounds (each `1 + maxRetries` attempts) before an input is dead-lettered; earlier rounds requeue it last. @default 1 */
  deadLetterThreshold?: number;
  /** Seed values of the shared state (restored from the job on resume). */
  initialState?: S;
  /**
   * Called per record, one function or a list called in order (every hook runs; `duplicate` wins over
   * `filtered` over `accepted`). Rejected records are kept (`filteredRecords()`, `duplicateRecords()`).
   * A hook that throws fails the attempt with a `FactoryHookError` naming it.
   */
  onRecordComplete?: Hooks<RecordCompleteHook<I, R, S>>;
  /** Called per failed attempt, one function or a list in order; a `'filtered'`/`'duplicate'` verdict stops retrying and closes the input with that status. */
  onRecordError?: Hooks<RecordErrorHook<I, S>>;
  /** Called after every finished input with the current counters; a throw stops the run (finished work is kept). */
  onProgress?: (progress: Readonly<FactoryProgress>) => void;
  /** Persist the job (`local`) or keep it in memory (`memory`, no resume). @default "local" */
  storage?: FactoryStorage;
  /** Folder holding job folders. @default `<DATA_DESIGNER_HOME or ~/.data-designer>/factory`, one folder per job id */
  artifactPath?: string;
  /** Job folder name under an explicit `artifactPath` (the default location names folders by job id). @default "data-factory" */
  jobName?: string;
  /** Accepted records per parquet batch file. @default 100 */
  batchSize?: number;
  /** Longest time finished work waits in memory before it is written. @default 2000 */
  flushIntervalMs?: number;
  /** Name `data-designer worker` processes know a queued factory by (unique per process). @default jobName */
  name?: string;
  /** Run the inputs on `data-designer worker` processes through BullMQ on Redis (see architecture/distributed.md). */
  queue?: FactoryQueueOptions;
}

/** A dead-lettered input with the cause of its last failure. */
export interface DeadLetter<I> {
  /** Position of the input. */
  index: number;
  /** The input. */
  input: I;
  /** Message of the last error. */
  cause: string;
  /** Error kind of the last error (`FactoryTimeoutError`, `MalformedRecordError`, error name…). */
  kind: string;
  /** Attempts made. */
  attempts: number;
}

/** Outcome of `run`, `resume` or `dryRun`. */
export interface FactoryRunResult<I, R extends FactoryRecord> {
  /** Id of the job (folder `job.json` holds it). */
  jobId: string;
  /** Accepted records of the whole job (restored ones first), without internal columns. */
  records: R[];
  /** Final counters. */
  progress: FactoryProgress;
  /** Inputs that failed every attempt. */
  deadLetters: DeadLetter<I>[];
  /** Input indices by final status (this job, including restored ones). */
  indices: Record<InputStatus, number[]>;
  /** Dataset folder of the job, when persisted. */
  jobPath?: string;
  /** Non-fatal notes (changed function, re-run inputs, hook errors, …). */
  warnings: string[];
  /** What `resume` found and queued again (absent on `run` and `dryRun`). */
  resumed?: ResumeSummary;
}

/** The object returned by `dataFactory`. */
export interface DataFactory<I, R extends FactoryRecord> {
  /** Starts a new job over `inputs`. */
  run(inputs: readonly I[]): Promise<FactoryRunResult<I, R>>;
  /** Starts a new job over keyword bindings: lists zipped by position, other values given to every input. */
  run(keywords: InputBindings<I>): Promise<FactoryRunResult<I, R>>;
  /** Starts a new job over `data` (objects) merged with keyword bindings (lists zipped with `data`, other values broadcast). */
  run(data: readonly Partial<I>[], keywords: Partial<InputBindings<I>>): Promise<FactoryRunResult<I, R>>;
  /**
   * Continues job `jobId` (same or another process; found under `artifactPath` or the default location):
   * finished inputs are kept, dead-lettered ones run again (unless `retryDeadLetters: false`), the rest run.
   */
  resume(jobId: string, inputsOrOptions?: readonly I[] | ResumeOptions<I>): Promise<FactoryRunResult<I, R>>;
  /** Runs the first input only (all its records, hooks, retries), storing nothing and leaving `jobId` as is. */
  dryRun(inputs: readonly I[]): Promise<FactoryRunResult<I, R>>;
  /** `dryRun` over keyword bindings (the first bound input). */
  dryRun(keywords: InputBindings<I>): Promise<FactoryRunResult<I, R>>;
  /** `dryRun` over `data` merged with keyword bindings (the first bound input). */
  dryRun(data: readonly Partial<I>[], keywords: Partial<InputBindings<I>>): Promise<FactoryRunResult<I, R>>;
  /** Id of the latest job started or resumed (undefined before the first run). */
  readonly jobId: string | undefined;
  /** Accepted records of the latest job, or of the stored job `jobId` (read-only: nothing runs). */
  records(jobId?: string): Promise<R[]>;
  /** Records a hook marked `filtered`, of the latest job or of job `jobId`, in commit order. */
  filteredRecords(jobId?: string): Promise<R[]>;
  /** Records a hook marked `duplicate`, of the latest job or of job `jobId`, in commit order. */
  duplicateRecords(jobId?: string): Promise<R[]>;
  /** Input index of each record of `records()`, `filteredRecords()` or `duplicateRecords()` (same order; Starfish's `get_index_*`). */
  recordIndices(status: RecordVerdict, jobId?: string): Promise<number[]>;
  /** Jobs stored where this factory persists (`artifactPath`, else the default location), newest first. */
  listJobs(): Promise<FactoryJobSummary[]>;
}
