import type { FactoryState, StateValues } from './factory-state.js';

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
  /** Called per record; return `'filtered'`/`'duplicate'` to reject it. May be async. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing accepts the record.
  onRecordComplete?: (record: R, context: HookContext<I, S>) => RecordVerdict | void | Promise<RecordVerdict | void>;
  /** Called per failed attempt; return `'filtered'`/`'duplicate'` to stop retrying and close the input with that status. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing lets the input retry.
  onRecordError?: (error: Error, input: I, context: ErrorHookContext<I, S>) => RecordVerdict | void | Promise<RecordVerdict | void>;
  /** Called after every finished input with the current counters. */
  onProgress?: (progress: Readonly<FactoryProgress>) => void;
  /** Existing folder holding job folders; without it the factory keeps records in memory only. */
  artifactPath?: string;
  /** Job folder name under `artifactPath`. @default "data-factory" */
  jobName?: string;
  /** Accepted records per parquet batch file. @default 100 */
  batchSize?: number;
  /** Longest time finished work waits in memory before it is written. @default 2000 */
  flushIntervalMs?: number;
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
  /** Non-fatal notes (changed function, re-run inputs, …). */
  warnings: string[];
}

/** The object returned by `dataFactory`. */
export interface DataFactory<I, R extends FactoryRecord> {
  /** Starts a new job over `inputs`. */
  run(inputs: readonly I[]): Promise<FactoryRunResult<I, R>>;
  /** Continues job `jobId` (same or another process); `inputs` default to the stored ones. */
  resume(jobId: string, inputs?: readonly I[]): Promise<FactoryRunResult<I, R>>;
  /** Runs the first input only (all its records, hooks, retries), storing nothing and leaving `jobId` as is. */
  dryRun(inputs: readonly I[]): Promise<FactoryRunResult<I, R>>;
  /** Id of the latest job started or resumed (undefined before the first run). */
  readonly jobId: string | undefined;
  /** Accepted records of the latest job (read back from parquet when persisted). */
  records(): Promise<R[]>;
}
