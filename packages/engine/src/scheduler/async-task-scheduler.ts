import { setMaxListeners } from 'node:events';
import { setImmediate as yieldToEventLoop } from 'node:timers';
import { definedOrThrow, missingInvariant } from '@dd/config';
import { ExecutionGraph } from '../dag/execution-graph.js';
import { RowGroupCompletion } from '../dag/row-group-completion.js';
import { FairTaskQueue } from '../resilience/fair-queue.js';
import type { AdmissionStore } from './admission-store.js';
import { countRecords } from './count-records.js';
import { ErrorRateWindow } from './error-rate-window.js';
import { EarlyShutdownError } from './errors/early-shutdown-error.js';
import { RunCancelledError } from './errors/run-cancelled-error.js';
import { SchedulerConfigurationError } from './errors/scheduler-configuration-error.js';
import { InMemoryAdmissionStore } from './in-memory-admission-store.js';
import { NodeResources } from './node-resources.js';
import { positiveInteger } from './positive-integer.js';
import { resolveRetryPolicy } from './retry-policy.js';
import { RowGroupCheckpointer } from './row-group-checkpointer.js';
import { RowGroupState } from './row-group-state.js';
import { RunStatistics } from './run-statistics.js';
import type { RunSummary } from './run-summary.js';
import type { RowGroupSpec, RunScheduleOptions } from './schedule-options.js';
import type { ActiveRowGroup, ScheduledTask } from './scheduled-task.js';
import type { SchedulerEvent } from './scheduler-event.js';
import type { SchedulerLoop, StopReason } from './scheduler-loop.js';
import { TaskRunner } from './task-runner.js';

/** The event loop's timing (its idle time moves only while it waits for I/O). */
const loopTiming = performance.nodeTiming;

/**
 * Pumps and dispatches: admits row groups (`RowGroupState`), feeds ready tasks through the fair queue and
 * per-resource admission (`NodeResources`) to the `TaskRunner` (outcomes, retries, salvage), moves idle
 * row groups on to their hooks and checkpoints (`RowGroupCheckpointer`), and stops early on a high error
 * rate or on cancellation. Counts go to `RunStatistics`. Use through `runSchedule`; one instance runs once.
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
  private readonly window: ErrorRateWindow | null;
  private readonly options: RunScheduleOptions;
  private readonly progressIntervalMs: number;
  private readonly yieldIntervalMs: number;
  private readonly admissionPollMs: number;

  private readonly queue: FairTaskQueue<ScheduledTask>;
  private readonly abort = new AbortController();
  private readonly resources: NodeResources;
  private readonly tasks: TaskRunner;
  private readonly checkpoints: RowGroupCheckpointer;
  private readonly active = new Map<number, ActiveRowGroup>();

  private stop: StopReason | null = null;
  private fatalError: unknown = undefined;
  private partialFlushed = false;
  private finished = false;
  private resolveRun!: (summary: RunSummary) => void;
  private rejectRun!: (error: unknown) => void;

  private pumpScheduled = false;
  /** The scheduled pump waits behind setImmediate (a yield). */
  private pumpDeferred = false;
  private lastYieldAt = 0;
  /** The loop's idle time when a pump was last requested (it moves only while the loop waits for I/O). */
  private loopIdleTime = loopTiming.idleTime;
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
    const retry = resolveRetryPolicy(options.retry);
    const errorRate = options.errorRate ?? {};
    this.window = errorRate.enabled === false ? null : new ErrorRateWindow(errorRate.windowSize ?? 10, errorRate.threshold ?? 0.5);
    this.progressIntervalMs = options.progressIntervalMs ?? 1000;
    this.yieldIntervalMs = options.yieldIntervalMs ?? 10;
    this.admissionPollMs = options.admissionPollMs ?? 50;

    const nodes = this.graph.nodes;
    this.resources = new NodeResources(nodes, this.store);
    const weights = nodes.map((node) => options.generatorWeights?.[node.name] ?? 1);
    this.queue = new FairTaskQueue<ScheduledTask>(weights, {
      isStale: (task) => task.rg.phase === 'closed' || (task.row >= 0 && task.rg.completion.isDropped(task.row)),
      onDiscard: (task) => {
        task.rg.taskDequeued();
        this.advance(task.rg);
      },
    });
    this.stats = new RunStatistics(
      nodes.map((node) => node.name),
      numRecords,
    );
    const loop: SchedulerLoop = {
      stopReason: () => this.stop,
      advance: (rg) => this.advance(rg),
      enqueue: (task) => this.enqueue(task),
      fail: (error) => this.fail(error),
      requestStop: (reason) => this.requestStop(reason),
      schedulePump: () => this.schedulePump(),
      listening: () => this.options.onEvent !== undefined,
      emit: (event) => this.emit(event),
      emitProgress: () => this.emitProgress(),
    };
    const isFatal = options.isFatal ?? (() => false);
    const { graph, store, resources, queue, window, stats } = this;
    this.tasks = new TaskRunner({ graph, store, resources, queue, retry, isFatal, window, stats, loop });
    this.checkpoints = new RowGroupCheckpointer({
      graph,
      hooks: options.hooks,
      onRowGroupComplete: options.onRowGroupComplete,
      signal: this.abort.signal,
      active: this.active,
      stats,
      loop,
    });

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

  /**
   * Schedules one pump: at once (a microtask) unless the loop has been kept busy for `yieldIntervalMs`
   * since it last yielded or waited, then behind setImmediate so timers and I/O run first. A loop that
   * has waited for I/O since the last call (a model response arrived) was not blocked, so the clock
   * restarts: deferring there made every response of a wave wait until the whole wave was processed
   * before any slot was refilled, which kept the waves together (see architecture/performance.md).
   */
  private schedulePump(): void {
    if (this.finished) return;
    // A pump queued as a microtask runs before the loop can wait again: nothing to decide, and no need
    // to read the idle time (a call into Node's C++, a good part of a trivial task's scheduling cost).
    if (this.pumpScheduled && !this.pumpDeferred) return;
    // The loop's idle time moves only while it waits for I/O.
    const idleTime = loopTiming.idleTime;
    const loopWaited = idleTime !== this.loopIdleTime;
    this.loopIdleTime = idleTime;
    if (this.pumpScheduled) {
      if (!loopWaited) return;
      // A pump waits behind setImmediate: run one now as well (the deferred one then finds less to do).
      this.pumpDeferred = false;
      queueMicrotask(() => this.pump());
      return;
    }
    this.pumpScheduled = true;
    if (loopWaited) this.lastYieldAt = performance.now();
    else if (performance.now() - this.lastYieldAt >= this.yieldIntervalMs) {
      this.pumpDeferred = true;
      // Long stretch of microtasks (synchronous generators): let timers and I/O run first.
      yieldToEventLoop(() => {
        this.lastYieldAt = performance.now();
        this.pumpDeferred = false;
        this.pump();
      });
      return;
    }
    queueMicrotask(() => this.pump());
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
      const starving = this.queue.size === 0 && this.tasks.inFlight < this.maxInFlight;
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
      const completion = new RowGroupCompletion(this.graph, spec.index, spec.size, (node, row) => {
        if (rg === undefined) missingInvariant(`row group ${spec.index}`);
        this.onReady(rg, node, row);
      });
      rg = new RowGroupState<ScheduledTask>(spec, completion, context, this.checkpoints.preBatch !== undefined);
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
    if (rg.parked !== null && !this.resources.isRoot(task.node)) {
      rg.parked.push(task);
      return;
    }
    rg.taskQueued();
    this.queue.enqueue(task);
  }

  private dispatchReadyTasks(): void {
    const admit = this.resources.startPass();
    while (this.tasks.inFlight < this.maxInFlight) {
      const task = this.queue.dequeue(admit);
      if (task === undefined) break;
      task.rg.taskDequeued();
      this.tasks.execute(task);
    }
    // A shared (distributed) store may deny with nothing of ours running: poll instead of stalling.
    if (this.tasks.inFlight === 0 && this.queue.size > 0 && this.pollTimer === undefined) {
      this.pollTimer = setTimeout(() => {
        this.pollTimer = undefined;
        this.schedulePump();
      }, this.admissionPollMs);
    }
  }

  // ---------------------------------------------------------------- row group lifecycle

  /** Moves an idle row group on: pre-batch hook, salvage round, or checkpoint (`RowGroupState.nextStep`). */
  private advance(rg: ActiveRowGroup): void {
    const stopping = this.stop === null ? 'no' : this.stop === 'fatal' ? 'fatal' : 'graceful';
    switch (rg.nextStep(stopping)) {
      case 'pre-batch':
        this.checkpoints.runPreBatch(rg);
        return;
      case 'salvage':
        this.tasks.salvage(rg);
        return;
      case 'checkpoint':
        // Only retries of rows dropped meanwhile can still wait in the delay queue.
        if (rg.waitingRetries > 0) rg.tasksUndelayed(this.tasks.delayQueue.remove((task) => task.rg === rg).length);
        this.checkpoints.checkpoint(rg, false);
        return;
      case 'wait':
        return;
    }
  }

  // ---------------------------------------------------------------- stopping

  private requestStop(reason: StopReason): void {
    if (this.stop !== null || this.finished) return;
    this.stop = reason;
    if (reason === 'early-shutdown' && this.window !== null) {
      this.emit({ type: 'early-shutdown', failures: this.window.failures, windowSize: this.window.size, threshold: this.window.threshold });
    }
    this.abort.abort(reason === 'cancelled' ? this.options.signal?.reason : new Error(`scheduler stopped: ${reason}`));
    for (const task of this.tasks.delayQueue.remove()) task.rg.tasksUndelayed();
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
    if (this.finished || this.tasks.inFlight > 0 || this.checkpoints.busy) return;
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
          if (this.checkpoints.flushPartialRowGroups()) return;
        }
        this.finish(() => {
          // Early shutdown is requested only by the error-rate window, so it exists here.
          const window = definedOrThrow(this.window ?? undefined, 'the error-rate window');
          this.rejectRun(new EarlyShutdownError({ summary: this.summary(), failures: window.failures, windowSize: window.size, threshold: window.threshold }));
        });
    }
  }

  private finish(settle: () => void): void {
    this.finished = true;
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    this.tasks.delayQueue.remove();
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
      inFlight: this.tasks.inFlight,
      inFlightByResource,
      errors: this.stats.failedTasks,
      retries: this.stats.retries,
      elapsedMs: performance.now() - this.startedAt,
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
