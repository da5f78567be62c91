import { setMaxListeners } from 'node:events';
import { setImmediate as yieldToEventLoop } from 'node:timers';
import type { GenerationContext, Row } from '../columns/index.js';
import { ExecutionGraph } from '../dag/execution-graph.js';
import { RowGroupCompletion } from '../dag/row-group-completion.js';
import type { ColumnProgress } from '../events/index.js';
import type { AdmissionStore } from './admission-store.js';
import { DelayQueue } from '../resilience/delay-queue.js';
import { ErrorRateWindow } from './error-rate-window.js';
import { EarlyShutdownError } from './errors/early-shutdown-error.js';
import { GeneratorOutputError } from './errors/generator-output-error.js';
import { RunCancelledError } from './errors/run-cancelled-error.js';
import { SchedulerConfigurationError } from './errors/scheduler-configuration-error.js';
import { SchedulerHookError } from './errors/scheduler-hook-error.js';
import { FairTaskQueue } from '../resilience/fair-queue.js';
import { InMemoryAdmissionStore } from './in-memory-admission-store.js';
import { backoffDelayMs, preservedDelayMs, resolveRetryPolicy, type ResolvedRetryPolicy } from './retry-policy.js';
import type { RunSummary, TaskFailure } from './run-summary.js';
import type { RowGroupHook, RowGroupSpec, RunScheduleOptions } from './schedule-options.js';
import type { SchedulerEvent } from './scheduler-event.js';

/** Retry phase of a task: normal delay-queue retries, salvage rounds, or preserved (never dropped). */
const NORMAL = 0;
const SALVAGE = 1;
const PRESERVED = 2;

type StopReason = 'cancelled' | 'early-shutdown' | 'fatal';

/** A row group in memory. */
interface ActiveRowGroup {
  readonly spec: RowGroupSpec;
  readonly completion: RowGroupCompletion;
  rows: Row[];
  readonly context: GenerationContext;
  /** Tasks of this group running now. */
  inFlight: number;
  /** Tasks of this group in the fair queue (stale ones included until discarded). */
  queued: number;
  /** Tasks of this group in the delay queue. */
  delayed: number;
  /** Tasks waiting for a salvage round (retries exhausted). */
  salvage: ScheduledTask[];
  salvageRound: number;
  /** Non-root tasks held back until the pre-batch hook ran; null when not (or no longer) parking. */
  parked: ScheduledTask[] | null;
  state: 'running' | 'pre-batch' | 'checkpointing' | 'closed';
}

/** A task on its way through queue, admission, execution and retries. */
interface ScheduledTask {
  readonly rg: ActiveRowGroup;
  readonly node: number;
  /** Row index, or -1 for a batch task. */
  readonly row: number;
  attempts: number;
  phase: number;
  lastError: unknown;
  /** Rows a batch task runs on (kept rows at dispatch). */
  batchRows: number[] | null;
}

/**
 * Runs generators over row groups: admits row groups, feeds ready tasks through a virtual-time fair
 * queue and per-resource admission, retries through a delay queue, drops rows on permanent failures,
 * checkpoints finished row groups and stops early on a high error rate or on cancellation.
 * Use through `runSchedule`; one instance runs once.
 */
export class AsyncTaskScheduler {
  private readonly graph: ExecutionGraph;
  private readonly rowGroupSpecs: readonly RowGroupSpec[];
  private readonly maxConcurrentRowGroups: number;
  private readonly maxInFlight: number;
  private readonly store: AdmissionStore;
  private readonly retry: ResolvedRetryPolicy;
  private readonly window: ErrorRateWindow | null;
  private readonly isFatal: (error: unknown) => boolean;
  private readonly options: RunScheduleOptions;
  private readonly preBatch: RowGroupHook | undefined;
  private readonly postBatch: RowGroupHook | undefined;
  private readonly progressIntervalMs: number;
  private readonly yieldIntervalMs: number;
  private readonly admissionPollMs: number;

  private readonly queue: FairTaskQueue<ScheduledTask>;
  private readonly delayQueue: DelayQueue<ScheduledTask>;
  private readonly abort = new AbortController();
  /** Resource name and id per node. */
  private readonly nodeResource: string[];
  private readonly nodeResourceId: Int32Array;
  private readonly resourceDeniedPass: Int32Array;
  private readonly nodeIsCell: boolean[];
  private readonly nodeIsRoot: boolean[];
  private pass = 0;

  private readonly active = new Map<number, ActiveRowGroup>();
  private nextRowGroup = 0;
  private inFlight = 0;
  private checkpointsPending = 0;
  private hooksRunning = 0;
  private checkpointChain: Promise<void> = Promise.resolve();

  private stop: StopReason | null = null;
  private fatalError: unknown = undefined;
  private partialFlushed = false;
  private finished = false;
  private resolveRun!: (summary: RunSummary) => void;
  private rejectRun!: (error: unknown) => void;

  private pumpScheduled = false;
  private lastYieldAt = 0;
  private lastProgressAt = 0;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private startedAt = 0;
  private readonly detachSignal: () => void;

  // Statistics.
  private readonly numRecords: number;
  private readonly done: Float64Array;
  private readonly failed: Float64Array;
  private readonly totals: number[];
  private recordsWritten = 0;
  private droppedRows = 0;
  private failedTasks = 0;
  private retries = 0;
  private firstError: TaskFailure | null = null;
  private readonly rowGroupsCompleted: number[] = [];
  private readonly partialRowGroups: number[] = [];

  constructor(options: RunScheduleOptions) {
    this.options = options;
    this.graph = ExecutionGraph.create(options.generators);
    this.rowGroupSpecs = validateRowGroups(options.rowGroups);
    this.maxConcurrentRowGroups = positiveInteger(options.maxConcurrentRowGroups ?? 3, 'maxConcurrentRowGroups');
    this.maxInFlight = positiveInteger(options.maxInFlightTasks ?? 1024, 'maxInFlightTasks');
    this.store = options.admissionStore ?? new InMemoryAdmissionStore(options.resourceLimits ?? {});
    this.retry = resolveRetryPolicy(options.retry);
    const errorRate = options.errorRate ?? {};
    this.window =
      errorRate.enabled === false ? null : new ErrorRateWindow(errorRate.windowSize ?? 10, errorRate.threshold ?? 0.5);
    this.isFatal = options.isFatal ?? (() => false);
    this.preBatch = options.hooks?.preBatch;
    this.postBatch = options.hooks?.postBatch;
    this.progressIntervalMs = options.progressIntervalMs ?? 1000;
    this.yieldIntervalMs = options.yieldIntervalMs ?? 10;
    this.admissionPollMs = options.admissionPollMs ?? 50;

    const nodes = this.graph.nodes;
    const resourceIds = new Map<string, number>();
    this.nodeResource = nodes.map((node) => node.resource);
    this.nodeResourceId = Int32Array.from(nodes, (node) => {
      if (!resourceIds.has(node.resource)) resourceIds.set(node.resource, resourceIds.size);
      return resourceIds.get(node.resource)!;
    });
    this.resourceDeniedPass = new Int32Array(resourceIds.size);
    this.nodeIsCell = nodes.map((node) => node.strategy === 'cell_by_cell');
    this.nodeIsRoot = nodes.map((node) => node.isRoot);
    const weights = nodes.map((node) => options.generatorWeights?.[node.name] ?? 1);
    this.queue = new FairTaskQueue<ScheduledTask>(weights, {
      isStale: (task) => task.rg.state === 'closed' || (task.row >= 0 && task.rg.completion.isDropped(task.row)),
      onDiscard: (task) => {
        task.rg.queued--;
        this.settle(task.rg);
      },
    });
    this.delayQueue = new DelayQueue<ScheduledTask>((task) => this.onDelayElapsed(task));

    this.numRecords = this.rowGroupSpecs.reduce((sum, spec) => sum + spec.size, 0);
    this.done = new Float64Array(nodes.length);
    this.failed = new Float64Array(nodes.length);
    this.totals = nodes.map(() => this.numRecords);

    // Every in-flight model request (and admission waiter) listens on the run's signal.
    setMaxListeners(0, this.abort.signal);
    const signal = options.signal;
    const onAbort = (): void => this.requestStop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    this.detachSignal = () => signal?.removeEventListener('abort', onAbort);
  }

  /** Runs to completion; rejects with `EarlyShutdownError`, `RunCancelledError` or a fatal error. */
  run(): Promise<RunSummary> {
    const promise = new Promise<RunSummary>((resolve, reject) => {
      this.resolveRun = resolve;
      this.rejectRun = reject;
    });
    this.startedAt = performance.now();
    this.lastYieldAt = this.startedAt;
    this.lastProgressAt = this.startedAt;
    if (this.options.signal?.aborted) this.requestStop('cancelled');
    this.schedulePump();
    return promise;
  }

  // ---------------------------------------------------------------- loop

  private schedulePump(): void {
    if (this.pumpScheduled || this.finished) return;
    this.pumpScheduled = true;
    if (performance.now() - this.lastYieldAt >= this.yieldIntervalMs) {
      // Long stretch of microtasks (synchronous generators): let timers and I/O run first.
      yieldToEventLoop(() => {
        this.lastYieldAt = performance.now();
        this.pump();
      });
    } else {
      queueMicrotask(() => this.pump());
    }
  }

  private pump(): void {
    this.pumpScheduled = false;
    if (this.finished) return;
    try {
      if (this.stop === null) {
        this.admitRowGroups();
        this.dispatchReadyTasks();
      }
      if (this.options.onEvent !== undefined) {
        const now = performance.now();
        if (now - this.lastProgressAt >= this.progressIntervalMs) {
          this.lastProgressAt = now;
          this.emitProgress();
        }
      }
      this.maybeFinish();
    } catch (error) {
      this.fail(error);
    }
  }

  private admitRowGroups(): void {
    while (this.active.size < this.maxConcurrentRowGroups && this.nextRowGroup < this.rowGroupSpecs.length) {
      const spec = this.rowGroupSpecs[this.nextRowGroup++]!;
      const rows = new Array<Row>(spec.size);
      for (let i = 0; i < spec.size; i++) rows[i] = {};
      const rg: ActiveRowGroup = {
        spec,
        completion: undefined as unknown as RowGroupCompletion,
        rows,
        context: { rowGroup: spec.index, rowOffset: spec.rowOffset, signal: this.abort.signal },
        inFlight: 0,
        queued: 0,
        delayed: 0,
        salvage: [],
        salvageRound: 0,
        parked: this.preBatch === undefined ? null : [],
        state: 'running',
      };
      (rg as { completion: RowGroupCompletion }).completion = new RowGroupCompletion(
        this.graph,
        spec.index,
        spec.size,
        (node, row) => this.onReady(rg, node, row),
      );
      this.active.set(spec.index, rg);
      this.emit({ type: 'row-group-admitted', index: spec.index, size: spec.size });
      rg.completion.start();
    }
  }

  private onReady(rg: ActiveRowGroup, node: number, row: number | null): void {
    const task: ScheduledTask = { rg, node, row: row ?? -1, attempts: 0, phase: NORMAL, lastError: undefined, batchRows: null };
    if (rg.parked !== null && !this.nodeIsRoot[node]) {
      rg.parked.push(task);
    } else {
      rg.queued++;
      this.queue.enqueue(task);
    }
  }

  private dispatchReadyTasks(): void {
    this.pass++;
    const admit = (node: number): boolean => {
      const resourceId = this.nodeResourceId[node]!;
      if (this.resourceDeniedPass[resourceId] === this.pass) return false;
      if (this.store.tryAcquire(this.nodeResource[node]!)) return true;
      this.resourceDeniedPass[resourceId] = this.pass;
      return false;
    };
    while (this.inFlight < this.maxInFlight) {
      const task = this.queue.dequeue(admit);
      if (task === undefined) break;
      task.rg.queued--;
      this.execute(task);
    }
    // A shared (distributed) store may deny with nothing of ours running: poll instead of stalling.
    if (this.inFlight === 0 && this.queue.size > 0 && this.pollTimer === undefined) {
      this.pollTimer = setTimeout(() => {
        this.pollTimer = undefined;
        this.schedulePump();
      }, this.admissionPollMs);
    }
  }

  // ---------------------------------------------------------------- execution

  private execute(task: ScheduledTask): void {
    const rg = task.rg;
    const generator = this.graph.nodes[task.node]!.generator;
    rg.inFlight++;
    this.inFlight++;
    task.attempts++;
    let promise: Promise<Row | Row[]>;
    try {
      if (generator.strategy === 'cell_by_cell') {
        promise = generator.generateCell(rg.rows[task.row]!, rg.context);
      } else {
        const completion = rg.completion;
        const indices: number[] = [];
        const input: Row[] = [];
        for (let row = 0; row < rg.rows.length; row++) {
          if (!completion.isDropped(row)) {
            indices.push(row);
            input.push(rg.rows[row]!);
          }
        }
        task.batchRows = indices;
        promise = indices.length === 0 ? Promise.resolve([]) : generator.generateBatch(input, rg.context);
      }
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (output) => this.onTaskSuccess(task, output),
      (error: unknown) => this.onTaskError(task, error),
    );
  }

  private finishAttempt(task: ScheduledTask): void {
    this.store.release(this.nodeResource[task.node]!);
    task.rg.inFlight--;
    this.inFlight--;
  }

  private onTaskSuccess(task: ScheduledTask, output: Row | Row[]): void {
    this.finishAttempt(task);
    try {
      if (this.stop === 'fatal') return;
      const rg = task.rg;
      const node = this.graph.nodes[task.node]!;
      const columns = node.generator.columns;
      if (task.row >= 0) {
        if (typeof output !== 'object' || output === null || Array.isArray(output)) {
          this.handleError(task, outputError(node.name, 'an object of column values', output));
          return;
        }
        if (rg.completion.isDropped(task.row)) return;
        const row = rg.rows[task.row]!;
        const values = output as Row;
        for (let i = 0; i < columns.length; i++) {
          const column = columns[i]!;
          const value = values[column];
          row[column] = value === undefined ? null : value;
        }
        rg.completion.markCellComplete(task.node, task.row);
        this.done[task.node]!++;
      } else {
        const indices = task.batchRows!;
        if (!Array.isArray(output) || output.length !== indices.length) {
          const got = Array.isArray(output) ? `${output.length} rows` : typeof output;
          this.handleError(task, outputError(node.name, `${indices.length} rows`, got));
          return;
        }
        for (let k = 0; k < indices.length; k++) {
          const values = output[k];
          if (typeof values !== 'object' || values === null) {
            this.handleError(task, outputError(node.name, `an object for row ${k}`, values));
            return;
          }
        }
        for (let k = 0; k < indices.length; k++) {
          const row = rg.rows[indices[k]!]!;
          const values = output[k]!;
          for (let i = 0; i < columns.length; i++) {
            const column = columns[i]!;
            const value = values[column];
            row[column] = value === undefined ? null : value;
          }
        }
        rg.completion.markBatchComplete(task.node);
        this.done[task.node]! += indices.length;
      }
      if (this.window !== null && this.stop === null && this.window.record(false)) this.requestStop('early-shutdown');
    } catch (error) {
      this.fail(error);
      return;
    } finally {
      this.afterAttempt(task.rg);
    }
  }

  private onTaskError(task: ScheduledTask, error: unknown): void {
    this.finishAttempt(task);
    try {
      this.handleError(task, error);
    } catch (internal) {
      this.fail(internal);
    } finally {
      this.afterAttempt(task.rg);
    }
  }

  private handleError(task: ScheduledTask, error: unknown): void {
    if (this.stop !== null) return; // stopping: the cell stays incomplete
    if (this.isFatal(error)) {
      this.fail(error);
      return;
    }
    task.lastError = error;
    if (!this.retry.isRetryable(error)) {
      this.failPermanently(task, error);
      return;
    }
    const rg = task.rg;
    if (this.retry.isPreserved(error)) {
      // Rate limits are never dropped: replay once the provider's cooldown is over (no backoff, no salvage wait).
      task.phase = PRESERVED;
      const delayMs = preservedDelayMs(this.retry, error);
      this.retries++;
      rg.delayed++;
      this.delayQueue.schedule(task, delayMs);
      this.emitTaskEvent('task-retry', task, error, delayMs);
    } else if (task.phase === NORMAL && task.attempts < this.retry.maxAttempts) {
      const delayMs = backoffDelayMs(this.retry, task.attempts, error);
      this.retries++;
      rg.delayed++;
      this.delayQueue.schedule(task, delayMs);
      this.emitTaskEvent('task-retry', task, error, delayMs);
    } else {
      rg.salvage.push(task);
    }
  }

  private failPermanently(task: ScheduledTask, error: unknown): void {
    const rg = task.rg;
    const completion = rg.completion;
    this.failedTasks++;
    const failure: TaskFailure = {
      generator: this.graph.nodes[task.node]!.name,
      rowGroup: rg.spec.index,
      row: task.row >= 0 ? task.row : null,
      message: messageOf(error),
    };
    this.firstError ??= failure;
    this.emit({ type: 'task-failed', ...failure });
    if (task.row >= 0) {
      if (!completion.isDropped(task.row)) {
        completion.dropRow(task.row);
        this.droppedRows++;
      }
      this.failed[task.node]!++;
    } else {
      // A batch failure takes the whole row group with it.
      this.failed[task.node]! += completion.activeCount;
      for (let row = 0; row < completion.size; row++) {
        if (!completion.isDropped(row)) {
          completion.dropRow(row);
          this.droppedRows++;
        }
      }
      completion.markBatchComplete(task.node);
    }
    if (this.window !== null && this.window.record(true)) this.requestStop('early-shutdown');
  }

  private onDelayElapsed(task: ScheduledTask): void {
    const rg = task.rg;
    rg.delayed--;
    try {
      if (this.stop !== null || rg.state === 'closed') return;
      rg.queued++;
      this.queue.enqueue(task); // stale ones (dropped rows) are discarded at the queue head
      this.settle(rg);
    } catch (error) {
      this.fail(error);
    }
    this.schedulePump();
  }

  private afterAttempt(rg: ActiveRowGroup): void {
    try {
      this.settle(rg);
    } catch (error) {
      this.fail(error);
    }
    this.schedulePump();
  }

  // ---------------------------------------------------------------- row group lifecycle

  /** Moves a row group forward when it is idle: pre-batch hook, salvage round, or checkpoint. */
  private settle(rg: ActiveRowGroup): void {
    if (rg.state !== 'running' || rg.inFlight > 0) return;
    const completion = rg.completion;
    if (this.stop !== null) {
      if (this.stop !== 'fatal' && rg.parked === null && completion.isComplete && rg.salvage.length === 0) {
        this.checkpoint(rg, false);
      }
      return;
    }
    if (rg.parked !== null) {
      if (completion.rootsComplete) this.runPreBatch(rg);
      else if (rg.queued === 0 && rg.delayed === 0 && rg.salvage.length > 0) this.salvage(rg);
      return;
    }
    if (rg.queued === 0 && rg.delayed === 0 && rg.salvage.length > 0) {
      this.salvage(rg);
      return;
    }
    if (completion.isComplete && rg.salvage.length === 0) {
      if (rg.delayed > 0) {
        // Only retries of rows dropped meanwhile are left.
        rg.delayed -= this.delayQueue.remove((task) => task.rg === rg).length;
      }
      this.checkpoint(rg, false);
    }
  }

  /** Re-dispatches exhausted retries of a stalled row group, or gives up on them after the last round. */
  private salvage(rg: ActiveRowGroup): void {
    const tasks = rg.salvage.filter((task) => task.row < 0 || !rg.completion.isDropped(task.row));
    rg.salvage = [];
    if (tasks.length === 0) {
      this.settle(rg);
      return;
    }
    if (rg.salvageRound < this.retry.salvageRounds) {
      rg.salvageRound++;
      this.emit({ type: 'salvage-round', rowGroup: rg.spec.index, round: rg.salvageRound, tasks: tasks.length });
      for (const task of tasks) {
        task.phase = SALVAGE;
        this.retries++;
        rg.queued++;
        if (rg.parked !== null && !this.nodeIsRoot[task.node]) {
          rg.queued--;
          rg.parked.push(task);
        } else {
          this.queue.enqueue(task);
        }
      }
      return;
    }
    for (const task of tasks) {
      if (this.retry.isPreserved(task.lastError)) {
        task.phase = PRESERVED;
        this.retries++;
        rg.delayed++;
        this.delayQueue.schedule(task, this.retry.maxDelayMs);
        this.emitTaskEvent('task-retry', task, task.lastError, this.retry.maxDelayMs);
      } else {
        this.failPermanently(task, task.lastError);
      }
    }
    this.settle(rg);
  }

  private runPreBatch(rg: ActiveRowGroup): void {
    const hook = this.preBatch!;
    rg.state = 'pre-batch';
    this.hooksRunning++;
    const indices = keptRows(rg);
    const input = indices.map((row) => rg.rows[row]!);
    const context = { rowGroup: rg.spec.index, rowOffset: rg.spec.rowOffset, signal: this.abort.signal };
    Promise.resolve()
      .then(() => (input.length === 0 ? [] : hook(input, context)))
      .then(
        (output) => {
          this.hooksRunning--;
          if (this.stop !== null) return;
          checkHookOutput('preBatch', rg.spec.index, input.length, output);
          for (let k = 0; k < indices.length; k++) {
            const value = output[k];
            if (value === null || value === undefined) {
              rg.completion.dropRow(indices[k]!);
              this.droppedRows++;
            } else {
              rg.rows[indices[k]!] = value;
            }
          }
          const parked = rg.parked!;
          rg.parked = null;
          rg.state = 'running';
          for (const task of parked) {
            rg.queued++;
            this.queue.enqueue(task);
          }
          this.settle(rg);
        },
        (error: unknown) => {
          this.hooksRunning--;
          throw hookError('preBatch', rg.spec.index, error);
        },
      )
      .catch((error: unknown) => this.fail(error))
      .finally(() => this.schedulePump());
  }

  private checkpoint(rg: ActiveRowGroup, partial: boolean): void {
    rg.state = 'checkpointing';
    this.checkpointsPending++;
    this.checkpointChain = this.checkpointChain
      .then(() => this.writeCheckpoint(rg, partial))
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.checkpointsPending--;
        this.schedulePump();
      });
  }

  private async writeCheckpoint(rg: ActiveRowGroup, partial: boolean): Promise<void> {
    if (this.stop === 'fatal') return;
    const index = rg.spec.index;
    let rows = this.outputRows(rg);
    if (this.postBatch !== undefined && rows.length > 0) {
      let output: Array<Row | null>;
      try {
        output = await this.postBatch(rows, { rowGroup: index, rowOffset: rg.spec.rowOffset, signal: this.abort.signal });
      } catch (error) {
        throw hookError('postBatch', index, error);
      }
      checkHookOutput('postBatch', index, rows.length, output);
      const kept = output.filter((row): row is Row => row !== null && row !== undefined);
      this.droppedRows += rows.length - kept.length;
      rows = kept;
    }
    if (this.options.onRowGroupComplete !== undefined) {
      try {
        await this.options.onRowGroupComplete(index, rows);
      } catch (error) {
        throw new SchedulerHookError(`Checkpoint of row group ${index} failed: ${messageOf(error)}`, {
          cause: error,
          fix: 'Check that the dataset folder is writable and has free space, then resume the run.',
        });
      }
    }
    // Release the row group's memory and its slot.
    rg.state = 'closed';
    rg.rows = [];
    rg.salvage = [];
    this.active.delete(index);
    this.recordsWritten += rows.length;
    this.rowGroupsCompleted.push(index);
    if (partial) this.partialRowGroups.push(index);
    this.emit({
      type: 'row-group-checkpointed',
      index,
      records: rows.length,
      dropped: rg.spec.size - rows.length,
      partial,
    });
    this.emitProgress();
  }

  /** Kept rows with columns in the generators' declared order (extra keys from hooks after them). */
  private outputRows(rg: ActiveRowGroup): Row[] {
    const columns = this.graph.columns;
    const result: Row[] = [];
    for (const rowIndex of keptRows(rg)) {
      const source = rg.rows[rowIndex]!;
      const row: Row = {};
      for (const column of columns) {
        const value = source[column];
        row[column] = value === undefined ? null : value;
      }
      for (const key in source) if (!(key in row)) row[key] = source[key];
      result.push(row);
    }
    return result;
  }

  // ---------------------------------------------------------------- stopping

  private requestStop(reason: StopReason): void {
    if (this.stop !== null || this.finished) return;
    this.stop = reason;
    if (reason === 'early-shutdown' && this.window !== null) {
      this.emit({
        type: 'early-shutdown',
        failures: this.window.failures,
        windowSize: this.window.size,
        threshold: this.window.threshold,
      });
    }
    this.abort.abort(reason === 'cancelled' ? this.options.signal?.reason : new Error(`scheduler stopped: ${reason}`));
    for (const task of this.delayQueue.remove()) task.rg.delayed--;
    this.schedulePump();
  }

  private fail(error: unknown): void {
    if (this.finished) return;
    if (this.stop === 'fatal') return;
    this.stop = null;
    this.requestStop('fatal');
    this.fatalError = error;
  }

  private maybeFinish(): void {
    if (this.finished || this.inFlight > 0 || this.checkpointsPending > 0 || this.hooksRunning > 0) return;
    switch (this.stop) {
      case null:
        if (this.nextRowGroup < this.rowGroupSpecs.length || this.active.size > 0) return;
        this.finish(() => this.resolveRun(this.summary()));
        return;
      case 'fatal':
        this.finish(() => this.rejectRun(this.fatalError));
        return;
      case 'cancelled':
        this.finish(() => this.rejectRun(new RunCancelledError(this.summary(), this.options.signal?.reason)));
        return;
      case 'early-shutdown':
        if (!this.partialFlushed) {
          this.partialFlushed = true;
          if (this.flushPartialRowGroups()) return;
        }
        this.finish(() => {
          const window = this.window!;
          this.rejectRun(
            new EarlyShutdownError({
              summary: this.summary(),
              failures: window.failures,
              windowSize: window.size,
              threshold: window.threshold,
            }),
          );
        });
    }
  }

  /** After an early shutdown: keep the complete rows of every active row group. True if any checkpoint started. */
  private flushPartialRowGroups(): boolean {
    let started = false;
    const groups = [...this.active.values()].sort((a, b) => a.spec.index - b.spec.index);
    for (const rg of groups) {
      if (rg.state !== 'running') continue;
      const completion = rg.completion;
      let survivors = 0;
      for (let row = 0; row < completion.size; row++) {
        if (completion.isDropped(row)) continue;
        if (rg.parked === null && completion.isRowComplete(row)) survivors++;
        else {
          completion.dropRow(row);
          this.droppedRows++;
        }
      }
      if (survivors > 0) {
        this.checkpoint(rg, true);
        started = true;
      } else {
        rg.state = 'closed';
        rg.rows = [];
        this.active.delete(rg.spec.index);
      }
    }
    return started;
  }

  private finish(settle: () => void): void {
    this.finished = true;
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    this.delayQueue.remove();
    this.detachSignal();
    if (this.options.onEvent !== undefined) this.emitProgress();
    settle();
  }

  // ---------------------------------------------------------------- reporting

  private summary(): RunSummary {
    return {
      numRecords: this.numRecords,
      recordsWritten: this.recordsWritten,
      rowGroupsCompleted: [...this.rowGroupsCompleted],
      partialRowGroups: [...this.partialRowGroups],
      droppedRows: this.droppedRows,
      failedTasks: this.failedTasks,
      retries: this.retries,
      columns: this.columnProgress(),
      firstError: this.firstError,
      stoppedBy: this.stop === 'cancelled' || this.stop === 'early-shutdown' ? this.stop : null,
      elapsedMs: performance.now() - this.startedAt,
    };
  }

  private columnProgress(): ColumnProgress[] {
    return this.graph.nodes.map((node) => ({
      name: node.name,
      done: this.done[node.index]!,
      total: this.totals[node.index]!,
      failed: this.failed[node.index]!,
      skipped: 0,
    }));
  }

  private emitProgress(): void {
    if (this.options.onEvent === undefined) return;
    const inFlightByResource: Record<string, number> = {};
    for (const [resource, usage] of Object.entries(this.store.snapshot())) inFlightByResource[resource] = usage.inFlight;
    this.emit({
      type: 'progress',
      recordsDone: this.recordsWritten,
      numRecords: this.numRecords,
      columns: this.columnProgress(),
      inFlight: this.inFlight,
      inFlightByResource,
      errors: this.failedTasks,
      retries: this.retries,
      elapsedMs: performance.now() - this.startedAt,
    });
  }

  private emitTaskEvent(type: 'task-retry', task: ScheduledTask, error: unknown, delayMs: number): void {
    if (this.options.onEvent === undefined) return;
    this.emit({
      type,
      generator: this.graph.nodes[task.node]!.name,
      rowGroup: task.rg.spec.index,
      row: task.row >= 0 ? task.row : null,
      attempt: task.attempts,
      delayMs,
      message: messageOf(error),
    });
  }

  private emit(event: SchedulerEvent): void {
    const listener = this.options.onEvent;
    if (listener === undefined) return;
    try {
      listener(event);
    } catch {
      // A failing listener never fails the run.
    }
  }
}

function keptRows(rg: ActiveRowGroup): number[] {
  const kept: number[] = [];
  for (let row = 0; row < rg.completion.size; row++) if (!rg.completion.isDropped(row)) kept.push(row);
  return kept;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function outputError(generator: string, expected: string, got: unknown): InstanceType<typeof GeneratorOutputError> {
  const shown = typeof got === 'string' ? got : got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got;
  return new GeneratorOutputError(`Generator '${generator}' returned ${shown}; expected ${expected}.`, {
    fix: `Make '${generator}' return ${expected} (one partial row per input row for batch generators).`,
  });
}

function hookError(hook: string, rowGroup: number, error: unknown): Error {
  if (SchedulerHookError.isInstance(error)) return error;
  return new SchedulerHookError(`The ${hook} hook failed on row group ${rowGroup}: ${messageOf(error)}`, {
    cause: error,
    fix: `Fix the ${hook === 'preBatch' ? 'pre-batch' : 'post-batch'} processor; the run stops on processor errors.`,
  });
}

function checkHookOutput(hook: string, rowGroup: number, expected: number, output: unknown): asserts output is Array<Row | null> {
  if (!Array.isArray(output) || output.length !== expected) {
    const got = Array.isArray(output) ? `${output.length} rows` : typeof output;
    throw new SchedulerHookError(
      `The ${hook} hook returned ${got} for row group ${rowGroup}; expected ${expected} rows.`,
      { fix: 'Return one entry per input row, with null for rows to drop.' },
    );
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SchedulerConfigurationError(`${name} is ${String(value)}.`, { fix: `Set ${name} to an integer ≥ 1.` });
  }
  return value;
}

function validateRowGroups(rowGroups: readonly RowGroupSpec[]): readonly RowGroupSpec[] {
  const seen = new Set<number>();
  for (const spec of rowGroups) {
    if (!Number.isInteger(spec.size) || spec.size < 1) {
      throw new SchedulerConfigurationError(`Row group ${spec.index} has size ${String(spec.size)}.`, {
        fix: 'Give every row group at least one row.',
      });
    }
    if (seen.has(spec.index)) {
      throw new SchedulerConfigurationError(`Row group ${spec.index} is listed twice.`, {
        fix: 'List each row group index once.',
      });
    }
    seen.add(spec.index);
  }
  return rowGroups;
}
