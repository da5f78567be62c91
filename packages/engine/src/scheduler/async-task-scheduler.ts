import { setMaxListeners } from 'node:events';
import { setImmediate as yieldToEventLoop } from 'node:timers';
import { definedOrThrow } from '@dd/config';
import type { Row } from '../columns/index.js';
import { ExecutionGraph } from '../dag/execution-graph.js';
import { RowGroupCompletion } from '../dag/row-group-completion.js';
import { DelayQueue } from '../resilience/delay-queue.js';
import { FairTaskQueue } from '../resilience/fair-queue.js';
import type { AdmissionStore } from './admission-store.js';
import { decideRetry, type RetryPhase } from './decide-retry.js';
import { ErrorRateWindow } from './error-rate-window.js';
import { EarlyShutdownError } from './errors/early-shutdown-error.js';
import { GeneratorOutputError } from './errors/generator-output-error.js';
import { RunCancelledError } from './errors/run-cancelled-error.js';
import { SchedulerConfigurationError } from './errors/scheduler-configuration-error.js';
import { SchedulerHookError } from './errors/scheduler-hook-error.js';
import { InMemoryAdmissionStore } from './in-memory-admission-store.js';
import { resolveRetryPolicy, type ResolvedRetryPolicy } from './retry-policy.js';
import { RowGroupState } from './row-group-state.js';
import { RunStatistics } from './run-statistics.js';
import type { RunSummary, TaskFailure } from './run-summary.js';
import type { RowGroupHook, RowGroupSpec, RunScheduleOptions } from './schedule-options.js';
import type { SchedulerEvent } from './scheduler-event.js';

type StopReason = 'cancelled' | 'early-shutdown' | 'fatal';

type ActiveRowGroup = RowGroupState<ScheduledTask>;

/** A task on its way through queue, admission, execution and retries. */
interface ScheduledTask {
  readonly rg: ActiveRowGroup;
  readonly node: number;
  /** Row index, or -1 for a batch task. */
  readonly row: number;
  attempts: number;
  phase: RetryPhase;
  lastError: unknown;
  /** Rows a batch task runs on (kept rows at dispatch). */
  batchRows: number[] | null;
}

/**
 * Pumps and dispatches: admits row groups (`RowGroupState`), feeds ready tasks through the fair queue and
 * per-resource admission, hands failures to `decideRetry` (delay queue, salvage rounds, preserved
 * replays), checkpoints finished row groups, counts into `RunStatistics`, and stops early on a high
 * error rate or on cancellation. Use through `runSchedule`; one instance runs once.
 */
export class AsyncTaskScheduler {
  private readonly graph: ExecutionGraph;
  /** Row groups not admitted yet, pulled lazily (a plan of millions of groups is never materialized). */
  private readonly rowGroupSource: Iterator<RowGroupSpec>;
  /** The next row group to admit, already pulled from the source; undefined once all are admitted. */
  private nextSpec: RowGroupSpec | undefined;
  private readonly maxConcurrentRowGroups: number;
  private readonly rowGroupLookahead: number;
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
  private readonly nodeIsRoot: boolean[];
  private pass = 0;

  private readonly active = new Map<number, ActiveRowGroup>();
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
  private readonly stats: RunStatistics;

  constructor(options: RunScheduleOptions) {
    this.options = options;
    this.graph = ExecutionGraph.create(options.generators);
    const numRecords = countRecords(options);
    this.rowGroupSource = options.rowGroups[Symbol.iterator]();
    this.nextSpec = this.pullSpec();
    this.maxConcurrentRowGroups = positiveInteger(options.maxConcurrentRowGroups ?? 3, 'maxConcurrentRowGroups');
    this.rowGroupLookahead = Math.max(0, Math.floor(options.rowGroupLookahead ?? 1));
    this.maxInFlight = positiveInteger(options.maxInFlightTasks ?? 1024, 'maxInFlightTasks');
    this.store = options.admissionStore ?? new InMemoryAdmissionStore(options.resourceLimits ?? {});
    this.retry = resolveRetryPolicy(options.retry);
    const errorRate = options.errorRate ?? {};
    this.window = errorRate.enabled === false ? null : new ErrorRateWindow(errorRate.windowSize ?? 10, errorRate.threshold ?? 0.5);
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
      let id = resourceIds.get(node.resource);
      if (id === undefined) {
        id = resourceIds.size;
        resourceIds.set(node.resource, id);
      }
      return id;
    });
    this.resourceDeniedPass = new Int32Array(resourceIds.size);
    this.nodeIsRoot = nodes.map((node) => node.isRoot);
    const weights = nodes.map((node) => options.generatorWeights?.[node.name] ?? 1);
    this.queue = new FairTaskQueue<ScheduledTask>(weights, {
      isStale: (task) => task.rg.phase === 'closed' || (task.row >= 0 && task.rg.completion.isDropped(task.row)),
      onDiscard: (task) => {
        task.rg.taskDequeued();
        this.advance(task.rg);
      },
    });
    this.delayQueue = new DelayQueue<ScheduledTask>((task) => this.onDelayElapsed(task));
    this.stats = new RunStatistics(
      nodes.map((node) => node.name),
      numRecords,
    );

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

  // ---------------------------------------------------------------- pump

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
        // Tails and checkpoints leave task slots idle: let one more row group in (bounded look-ahead).
        if (this.admitRowGroups()) this.dispatchReadyTasks();
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

  /**
   * Admits row groups up to `maxConcurrentRowGroups`, and up to `rowGroupLookahead` more while the
   * admitted ones cannot keep the task slots busy (nothing queued, slots free: their tails, pre-batch
   * hooks or checkpoints), so the next row group starts while the previous one finishes. True if any.
   */
  private admitRowGroups(): boolean {
    let admitted = false;
    while (this.nextSpec !== undefined) {
      const starving = this.queue.size === 0 && this.inFlight < this.maxInFlight;
      const cap = this.maxConcurrentRowGroups + (starving ? this.rowGroupLookahead : 0);
      if (this.active.size >= cap) break;
      const spec = this.nextSpec;
      if (this.active.has(spec.index)) {
        throw new SchedulerConfigurationError(`Row group ${spec.index} is listed twice.`, { fix: 'List each row group index once.' });
      }
      this.nextSpec = this.pullSpec();
      const context = {
        rowGroup: spec.index,
        rowOffset: spec.rowOffset,
        signal: this.abort.signal,
        reportSkipped: (generator: string, cells: number) => this.stats.cellsSkipped(generator, cells),
      };
      let rg: ActiveRowGroup | undefined;
      const completion = new RowGroupCompletion(this.graph, spec.index, spec.size, (node, row) =>
        this.onReady(definedOrThrow(rg, `row group ${spec.index}`), node, row),
      );
      rg = new RowGroupState<ScheduledTask>(spec, completion, context, this.preBatch !== undefined);
      this.active.set(spec.index, rg);
      this.emit({ type: 'row-group-admitted', index: spec.index, size: spec.size });
      completion.start();
      admitted = true;
    }
    return admitted;
  }

  /** The next row group of the source, checked. */
  private pullSpec(): RowGroupSpec | undefined {
    const next = this.rowGroupSource.next();
    if (next.done) return undefined;
    const spec = next.value;
    if (!Number.isInteger(spec.size) || spec.size < 1) {
      throw new SchedulerConfigurationError(`Row group ${spec.index} has size ${String(spec.size)}.`, {
        fix: 'Give every row group at least one row.',
      });
    }
    return spec;
  }

  private onReady(rg: ActiveRowGroup, node: number, row: number | null): void {
    this.enqueue({ rg, node, row: row ?? -1, attempts: 0, phase: 'normal', lastError: undefined, batchRows: null });
  }

  /** Puts a task in the fair queue, or parks it until the pre-batch hook ran (non-root tasks). */
  private enqueue(task: ScheduledTask): void {
    const rg = task.rg;
    if (rg.parked !== null && !this.nodeIsRoot[task.node]) {
      rg.parked.push(task);
      return;
    }
    rg.taskQueued();
    this.queue.enqueue(task);
  }

  private dispatchReadyTasks(): void {
    this.pass++;
    const admit = (node: number): boolean => {
      const resourceId = this.nodeResourceId[node] ?? -1;
      if (this.resourceDeniedPass[resourceId] === this.pass) return false;
      if (this.store.tryAcquire(this.resourceOf(node))) return true;
      this.resourceDeniedPass[resourceId] = this.pass;
      return false;
    };
    while (this.inFlight < this.maxInFlight) {
      const task = this.queue.dequeue(admit);
      if (task === undefined) break;
      task.rg.taskDequeued();
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

  // ---------------------------------------------------------------- dispatch

  /** The admission resource of a node (set for every node in the constructor). */
  private resourceOf(node: number): string {
    return definedOrThrow(this.nodeResource[node], `the resource of node ${node}`);
  }

  private execute(task: ScheduledTask): void {
    const rg = task.rg;
    const generator = this.graph.node(task.node).generator;
    rg.taskStarted();
    this.inFlight++;
    task.attempts++;
    let promise: Promise<Row | Row[]>;
    try {
      if (generator.strategy === 'cell_by_cell') {
        promise = generator.generateCell(rg.row(task.row), rg.context);
      } else {
        const indices = rg.keptRows();
        task.batchRows = indices;
        promise =
          indices.length === 0
            ? Promise.resolve([])
            : generator.generateBatch(
                indices.map((row) => rg.row(row)),
                rg.context,
              );
      }
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (output) => this.settleTask(task, () => this.applyOutput(task, output)),
      (error: unknown) => this.settleTask(task, () => this.handleError(task, error)),
    );
  }

  /** Ends one attempt: releases its slot, applies `outcome`, then moves the row group on and pumps. */
  private settleTask(task: ScheduledTask, outcome: () => void): void {
    this.store.release(this.resourceOf(task.node));
    task.rg.taskSettled();
    this.inFlight--;
    try {
      outcome();
      this.advance(task.rg);
    } catch (error) {
      this.fail(error);
    }
    this.schedulePump();
  }

  /** Writes a successful attempt's values into the rows (or turns a malformed output into a task error). */
  private applyOutput(task: ScheduledTask, output: Row | Row[]): void {
    if (this.stop === 'fatal') return;
    const rg = task.rg;
    const node = this.graph.node(task.node);
    const columns = node.generator.columns;
    if (task.row >= 0) {
      if (typeof output !== 'object' || output === null || Array.isArray(output)) {
        this.handleError(task, outputError(node.name, 'an object of column values', output));
        return;
      }
      if (rg.completion.isDropped(task.row)) return;
      writeValues(rg.row(task.row), output, columns);
      rg.completion.markCellComplete(task.node, task.row);
      this.stats.cellsDone(task.node);
    } else {
      const indices = definedOrThrow(task.batchRows ?? undefined, `the rows of batch task ${node.name}`);
      if (!Array.isArray(output) || output.length !== indices.length) {
        const got = Array.isArray(output) ? `${output.length} rows` : typeof output;
        this.handleError(task, outputError(node.name, `${indices.length} rows`, got));
        return;
      }
      const bad = output.findIndex((values) => typeof values !== 'object' || values === null);
      if (bad >= 0) {
        this.handleError(task, outputError(node.name, `an object for row ${bad}`, output[bad]));
        return;
      }
      indices.forEach((row, k) => {
        writeValues(rg.row(row), definedOrThrow(output[k], `row ${k} of the batch output`), columns);
      });
      rg.completion.markBatchComplete(task.node);
      this.stats.cellsDone(task.node, indices.length);
    }
    if (this.window !== null && this.stop === null && this.window.record(false)) this.requestStop('early-shutdown');
  }

  /** Applies the one retry decision to a failed attempt. */
  private handleError(task: ScheduledTask, error: unknown): void {
    if (this.stop !== null) return; // stopping: the cell stays incomplete
    task.lastError = error;
    const decision = decideRetry(this.retry, task, error, { isFatal: this.isFatal });
    switch (decision.kind) {
      case 'fatal':
        this.fail(error);
        return;
      case 'fail':
        this.failPermanently(task, error);
        return;
      case 'delay':
        this.scheduleRetry(task, decision.delayMs, decision.phase, error);
        return;
      case 'salvage':
        task.rg.salvage.push(task);
    }
  }

  /** The one place a task goes to the delay queue (backoff, preserved replay). */
  private scheduleRetry(task: ScheduledTask, delayMs: number, phase: RetryPhase, error: unknown): void {
    task.phase = phase;
    this.stats.retries++;
    task.rg.taskDelayed();
    this.delayQueue.schedule(task, delayMs);
    this.emitRetry(task, error, delayMs);
  }

  private failPermanently(task: ScheduledTask, error: unknown): void {
    const rg = task.rg;
    const completion = rg.completion;
    const failure: TaskFailure = {
      generator: this.graph.node(task.node).name,
      rowGroup: rg.spec.index,
      row: task.row >= 0 ? task.row : null,
      message: messageOf(error),
    };
    this.stats.taskFailed(failure);
    this.emit({ type: 'task-failed', ...failure });
    if (task.row >= 0) {
      this.dropRow(rg, task.row);
      this.stats.cellsFailed(task.node);
    } else {
      // A batch failure takes the whole row group with it.
      this.stats.cellsFailed(task.node, completion.activeCount);
      for (let row = 0; row < completion.size; row++) this.dropRow(rg, row);
      completion.markBatchComplete(task.node);
    }
    if (this.window?.record(true)) this.requestStop('early-shutdown');
  }

  private dropRow(rg: ActiveRowGroup, row: number): void {
    if (rg.completion.isDropped(row)) return;
    rg.completion.dropRow(row);
    this.stats.droppedRows++;
  }

  private onDelayElapsed(task: ScheduledTask): void {
    const rg = task.rg;
    rg.tasksUndelayed();
    try {
      if (this.stop !== null || rg.phase === 'closed') return;
      rg.taskQueued();
      this.queue.enqueue(task); // stale ones (dropped rows) are discarded at the queue head
      this.advance(rg);
    } catch (error) {
      this.fail(error);
    }
    this.schedulePump();
  }

  // ---------------------------------------------------------------- row group lifecycle

  /** Moves an idle row group on: pre-batch hook, salvage round, or checkpoint (`RowGroupState.nextStep`). */
  private advance(rg: ActiveRowGroup): void {
    const stopping = this.stop === null ? 'no' : this.stop === 'fatal' ? 'fatal' : 'graceful';
    switch (rg.nextStep(stopping)) {
      case 'pre-batch':
        this.runPreBatch(rg);
        return;
      case 'salvage':
        this.salvage(rg);
        return;
      case 'checkpoint':
        // Only retries of rows dropped meanwhile can still wait in the delay queue.
        if (rg.waitingRetries > 0) rg.tasksUndelayed(this.delayQueue.remove((task) => task.rg === rg).length);
        this.checkpoint(rg, false);
        return;
      case 'wait':
        return;
    }
  }

  /** Re-dispatches exhausted retries of a stalled row group, or gives up on them after the last round. */
  private salvage(rg: ActiveRowGroup): void {
    const tasks = rg.salvage.filter((task) => task.row < 0 || !rg.completion.isDropped(task.row));
    rg.salvage = [];
    if (tasks.length > 0 && rg.salvageRound < this.retry.salvageRounds) {
      rg.salvageRound++;
      this.emit({ type: 'salvage-round', rowGroup: rg.spec.index, round: rg.salvageRound, tasks: tasks.length });
      for (const task of tasks) {
        task.phase = 'salvage';
        this.stats.retries++;
        this.enqueue(task);
      }
      return;
    }
    for (const task of tasks) {
      const decision = decideRetry(this.retry, task, task.lastError, { isFatal: this.isFatal, afterSalvage: true });
      if (decision.kind === 'delay') this.scheduleRetry(task, decision.delayMs, decision.phase, task.lastError);
      else this.failPermanently(task, task.lastError);
    }
    this.advance(rg);
  }

  private runPreBatch(rg: ActiveRowGroup): void {
    // A row group parks at 'pre-batch' only when a preBatch hook was given.
    const hook = definedOrThrow(this.preBatch, 'the preBatch hook');
    rg.phase = 'pre-batch';
    this.hooksRunning++;
    const indices = rg.keptRows();
    const input = indices.map((row) => rg.row(row));
    Promise.resolve()
      .then(() => (input.length === 0 ? [] : hook(input, this.hookContext(rg))))
      .then(
        (output) => {
          this.hooksRunning--;
          if (this.stop !== null) return;
          checkHookOutput('preBatch', rg.spec.index, input.length, output);
          indices.forEach((row, k) => {
            const value = output[k];
            if (value === null || value === undefined) this.dropRow(rg, row);
            else rg.rows[row] = value;
          });
          const parked = rg.parked ?? [];
          rg.parked = null;
          rg.phase = 'running';
          for (const task of parked) this.enqueue(task);
          this.advance(rg);
        },
        (error: unknown) => {
          this.hooksRunning--;
          throw hookError('preBatch', rg.spec.index, error);
        },
      )
      .catch((error: unknown) => this.fail(error))
      .finally(() => this.schedulePump());
  }

  private hookContext(rg: ActiveRowGroup): { rowGroup: number; rowOffset: number; signal: AbortSignal } {
    return { rowGroup: rg.spec.index, rowOffset: rg.spec.rowOffset, signal: this.abort.signal };
  }

  private checkpoint(rg: ActiveRowGroup, partial: boolean): void {
    rg.phase = 'checkpointing';
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
        output = await this.postBatch(rows, this.hookContext(rg));
      } catch (error) {
        throw hookError('postBatch', index, error);
      }
      checkHookOutput('postBatch', index, rows.length, output);
      const kept = output.filter((row): row is Row => row !== null && row !== undefined);
      this.stats.droppedRows += rows.length - kept.length;
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
    rg.close();
    this.active.delete(index);
    this.stats.rowGroupWritten(index, rows.length, partial);
    this.emit({ type: 'row-group-checkpointed', index, records: rows.length, dropped: rg.spec.size - rows.length, partial });
    this.emitProgress();
  }

  /** Kept rows with columns in the generators' declared order (extra keys from hooks after them). */
  private outputRows(rg: ActiveRowGroup): Row[] {
    const columns = this.graph.columns;
    return rg.keptRows().map((rowIndex) => {
      const source = rg.row(rowIndex);
      const row: Row = {};
      for (const column of columns) {
        const value = source[column];
        row[column] = value === undefined ? null : value;
      }
      for (const key in source) if (!(key in row)) row[key] = source[key];
      return row;
    });
  }

  // ---------------------------------------------------------------- stopping

  private requestStop(reason: StopReason): void {
    if (this.stop !== null || this.finished) return;
    this.stop = reason;
    if (reason === 'early-shutdown' && this.window !== null) {
      this.emit({ type: 'early-shutdown', failures: this.window.failures, windowSize: this.window.size, threshold: this.window.threshold });
    }
    this.abort.abort(reason === 'cancelled' ? this.options.signal?.reason : new Error(`scheduler stopped: ${reason}`));
    for (const task of this.delayQueue.remove()) task.rg.tasksUndelayed();
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
        if (this.nextSpec !== undefined || this.active.size > 0) return;
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
          // Early shutdown is requested only by the error-rate window, so it exists here.
          const window = definedOrThrow(this.window ?? undefined, 'the error-rate window');
          this.rejectRun(new EarlyShutdownError({ summary: this.summary(), failures: window.failures, windowSize: window.size, threshold: window.threshold }));
        });
    }
  }

  /** After an early shutdown: keep the complete rows of every active row group. True if any checkpoint started. */
  private flushPartialRowGroups(): boolean {
    let started = false;
    const groups = [...this.active.values()].sort((a, b) => a.spec.index - b.spec.index);
    for (const rg of groups) {
      if (rg.phase !== 'running') continue;
      const completion = rg.completion;
      let survivors = 0;
      for (let row = 0; row < completion.size; row++) {
        if (completion.isDropped(row)) continue;
        if (rg.parked === null && completion.isRowComplete(row)) survivors++;
        else this.dropRow(rg, row);
      }
      if (survivors > 0) {
        this.checkpoint(rg, true);
        started = true;
      } else {
        rg.close();
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
    return this.stats.summary(this.stop === 'cancelled' || this.stop === 'early-shutdown' ? this.stop : null, performance.now() - this.startedAt);
  }

  private emitProgress(): void {
    if (this.options.onEvent === undefined) return;
    const inFlightByResource: Record<string, number> = {};
    for (const [resource, usage] of Object.entries(this.store.snapshot())) inFlightByResource[resource] = usage.inFlight;
    this.emit({
      type: 'progress',
      recordsDone: this.stats.recordsWritten,
      numRecords: this.stats.numRecords,
      columns: this.stats.columns(),
      inFlight: this.inFlight,
      inFlightByResource,
      errors: this.stats.failedTasks,
      retries: this.stats.retries,
      elapsedMs: performance.now() - this.startedAt,
    });
  }

  private emitRetry(task: ScheduledTask, error: unknown, delayMs: number): void {
    if (this.options.onEvent === undefined) return;
    this.emit({
      type: 'task-retry',
      generator: this.graph.node(task.node).name,
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

/** Copies a generator's declared columns into a row (`undefined` → null). */
function writeValues(row: Row, values: Row, columns: readonly string[]): void {
  for (const column of columns) {
    const value = values[column];
    row[column] = value === undefined ? null : value;
  }
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
    throw new SchedulerHookError(`The ${hook} hook returned ${got} for row group ${rowGroup}; expected ${expected} rows.`, {
      fix: 'Return one entry per input row, with null for rows to drop.',
    });
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SchedulerConfigurationError(`${name} is ${String(value)}.`, { fix: `Set ${name} to an integer ≥ 1.` });
  }
  return value;
}

/**
 * Records of the run: `numRecords` when given (lazy sources), else the sum of an array's sizes; arrays are
 * also checked up front (sizes, duplicate indices).
 */
function countRecords(options: RunScheduleOptions): number {
  const rowGroups = options.rowGroups;
  if (Array.isArray(rowGroups)) {
    const specs: readonly RowGroupSpec[] = rowGroups;
    const seen = new Set<number>();
    for (const spec of specs) {
      if (!Number.isInteger(spec.size) || spec.size < 1) {
        throw new SchedulerConfigurationError(`Row group ${spec.index} has size ${String(spec.size)}.`, {
          fix: 'Give every row group at least one row.',
        });
      }
      if (seen.has(spec.index)) {
        throw new SchedulerConfigurationError(`Row group ${spec.index} is listed twice.`, { fix: 'List each row group index once.' });
      }
      seen.add(spec.index);
    }
    return options.numRecords ?? specs.reduce((sum, spec) => sum + spec.size, 0);
  }
  if (options.numRecords === undefined || !Number.isSafeInteger(options.numRecords) || options.numRecords < 0) {
    throw new SchedulerConfigurationError(`numRecords is ${String(options.numRecords)} for a lazy row-group source.`, {
      fix: 'Pass numRecords (the sum of the row group sizes) with an iterable of row groups.',
    });
  }
  return options.numRecords;
}
