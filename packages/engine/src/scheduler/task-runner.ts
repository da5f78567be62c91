import { definedOrThrow, missingInvariant } from '@dd/config';
import type { Row } from '../columns/index.js';
import type { ExecutionGraph } from '../dag/execution-graph.js';
import { DelayQueue } from '../resilience/delay-queue.js';
import type { FairTaskQueue } from '../resilience/fair-queue.js';
import type { AdmissionStore } from './admission-store.js';
import { decideRetry, type RetryPhase } from './decide-retry.js';
import { dropRow } from './drop-row.js';
import type { ErrorRateWindow } from './error-rate-window.js';
import { messageOf } from './message-of.js';
import type { NodeResources } from './node-resources.js';
import { outputError } from './output-error.js';
import type { ResolvedRetryPolicy } from './retry-policy.js';
import type { RunStatistics } from './run-statistics.js';
import type { TaskFailure } from './run-summary.js';
import type { ActiveRowGroup, ScheduledTask } from './scheduled-task.js';
import type { SchedulerLoop } from './scheduler-loop.js';

/** What a `TaskRunner` works with; the scheduler builds these once per run. */
export interface TaskRunnerParts {
  readonly graph: ExecutionGraph;
  readonly store: AdmissionStore;
  readonly resources: NodeResources;
  readonly queue: FairTaskQueue<ScheduledTask>;
  readonly retry: ResolvedRetryPolicy;
  readonly isFatal: (error: unknown) => boolean;
  readonly window: ErrorRateWindow | null;
  readonly stats: RunStatistics;
  readonly loop: SchedulerLoop;
}

/**
 * Runs dispatched tasks and carries out their outcomes: writes successful values, applies `decideRetry`
 * to failures (the delay queue, salvage rounds, permanent failures and the rows they drop), and counts
 * the tasks in flight.
 */
export class TaskRunner {
  /** Tasks waiting for their retry delay; due ones go back to the fair queue. */
  readonly delayQueue: DelayQueue<ScheduledTask>;
  private running = 0;
  private readonly graph: ExecutionGraph;
  private readonly store: AdmissionStore;
  private readonly resources: NodeResources;
  private readonly queue: FairTaskQueue<ScheduledTask>;
  private readonly retry: ResolvedRetryPolicy;
  private readonly isFatal: (error: unknown) => boolean;
  private readonly window: ErrorRateWindow | null;
  private readonly stats: RunStatistics;
  private readonly loop: SchedulerLoop;

  constructor(parts: TaskRunnerParts) {
    this.graph = parts.graph;
    this.store = parts.store;
    this.resources = parts.resources;
    this.queue = parts.queue;
    this.retry = parts.retry;
    this.isFatal = parts.isFatal;
    this.window = parts.window;
    this.stats = parts.stats;
    this.loop = parts.loop;
    this.delayQueue = new DelayQueue<ScheduledTask>((task) => this.onDelayElapsed(task));
  }

  /** Tasks running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Starts one attempt of a dispatched task (its resource unit is already taken). */
  execute(task: ScheduledTask): void {
    const rg = task.rg;
    const generator = this.graph.node(task.node).generator;
    rg.taskStarted();
    this.running++;
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
      (output) => this.settleTask(task, true, output),
      (error: unknown) => this.settleTask(task, false, error),
    );
  }

  /**
   * Ends one attempt: releases its slot, applies its output (`ok`) or its error, then moves the row group
   * on and pumps. (Flag and value rather than a closure: one allocation less per task.)
   */
  private settleTask(task: ScheduledTask, ok: boolean, result: unknown): void {
    this.store.release(this.resources.resourceOf(task.node));
    task.rg.taskSettled();
    this.running--;
    try {
      if (ok) this.applyOutput(task, result as Row | Row[]);
      else this.handleError(task, result);
      this.loop.advance(task.rg);
    } catch (error) {
      this.loop.fail(error);
    }
    this.loop.schedulePump();
  }

  /** Writes a successful attempt's values into the rows (or turns a malformed output into a task error). */
  private applyOutput(task: ScheduledTask, output: Row | Row[]): void {
    if (this.loop.stopReason() === 'fatal') return;
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
        const values = output[k];
        if (values === undefined) missingInvariant(`row ${k} of the batch output`);
        writeValues(rg.row(row), values, columns);
      });
      rg.completion.markBatchComplete(task.node);
      this.stats.cellsDone(task.node, indices.length);
    }
    if (this.window !== null && this.loop.stopReason() === null && this.window.record(false)) this.loop.requestStop('early-shutdown');
  }

  /** Applies the one retry decision to a failed attempt. */
  private handleError(task: ScheduledTask, error: unknown): void {
    if (this.loop.stopReason() !== null) return; // stopping: the cell stays incomplete
    task.lastError = error;
    const decision = decideRetry(this.retry, task, error, { isFatal: this.isFatal });
    switch (decision.kind) {
      case 'fatal':
        this.loop.fail(error);
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
    this.loop.emit({ type: 'task-failed', ...failure });
    if (task.row >= 0) {
      dropRow(rg, task.row, this.stats);
      this.stats.cellsFailed(task.node);
    } else {
      // A batch failure takes the whole row group with it.
      this.stats.cellsFailed(task.node, completion.activeCount);
      for (let row = 0; row < completion.size; row++) dropRow(rg, row, this.stats);
      completion.markBatchComplete(task.node);
    }
    if (this.window?.record(true)) this.loop.requestStop('early-shutdown');
  }

  private onDelayElapsed(task: ScheduledTask): void {
    const rg = task.rg;
    rg.tasksUndelayed();
    try {
      if (this.loop.stopReason() !== null || rg.phase === 'closed') return;
      rg.taskQueued();
      this.queue.enqueue(task); // stale ones (dropped rows) are discarded at the queue head
      this.loop.advance(rg);
    } catch (error) {
      this.loop.fail(error);
    }
    this.loop.schedulePump();
  }

  /** Re-dispatches exhausted retries of a stalled row group, or gives up on them after the last round. */
  salvage(rg: ActiveRowGroup): void {
    const tasks = rg.salvage.filter((task) => task.row < 0 || !rg.completion.isDropped(task.row));
    rg.salvage = [];
    if (tasks.length > 0 && rg.salvageRound < this.retry.salvageRounds) {
      rg.salvageRound++;
      this.loop.emit({ type: 'salvage-round', rowGroup: rg.spec.index, round: rg.salvageRound, tasks: tasks.length });
      for (const task of tasks) {
        task.phase = 'salvage';
        this.stats.retries++;
        this.loop.enqueue(task);
      }
      return;
    }
    for (const task of tasks) {
      const decision = decideRetry(this.retry, task, task.lastError, { isFatal: this.isFatal, afterSalvage: true });
      if (decision.kind === 'delay') this.scheduleRetry(task, decision.delayMs, decision.phase, task.lastError);
      else this.failPermanently(task, task.lastError);
    }
    this.loop.advance(rg);
  }

  private emitRetry(task: ScheduledTask, error: unknown, delayMs: number): void {
    if (!this.loop.listening()) return;
    this.loop.emit({
      type: 'task-retry',
      generator: this.graph.node(task.node).name,
      rowGroup: task.rg.spec.index,
      row: task.row >= 0 ? task.row : null,
      attempt: task.attempts,
      delayMs,
      message: messageOf(error),
    });
  }
}

/** Copies a generator's declared columns into a row (`undefined` → null). */
function writeValues(row: Row, values: Row, columns: readonly string[]): void {
  for (const column of columns) {
    const value = values[column];
    row[column] = value === undefined ? null : value;
  }
}
