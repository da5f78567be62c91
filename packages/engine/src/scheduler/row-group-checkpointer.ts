import { definedOrThrow } from '@dd/config';
import type { Row } from '../columns/index.js';
import type { ExecutionGraph } from '../dag/execution-graph.js';
import { checkHookOutput } from './check-hook-output.js';
import { dropRow } from './drop-row.js';
import { SchedulerHookError } from './errors/scheduler-hook-error.js';
import { hookError } from './hook-error.js';
import { messageOf } from './message-of.js';
import type { RunStatistics } from './run-statistics.js';
import type { RowGroupHook, RunScheduleOptions } from './schedule-options.js';
import type { ActiveRowGroup } from './scheduled-task.js';
import type { SchedulerLoop } from './scheduler-loop.js';

/** What a `RowGroupCheckpointer` works with; the scheduler builds these once per run. */
export interface RowGroupCheckpointerParts {
  readonly graph: ExecutionGraph;
  readonly hooks: RunScheduleOptions['hooks'];
  readonly onRowGroupComplete: RunScheduleOptions['onRowGroupComplete'];
  /** The signal the hooks see (the run's). */
  readonly signal: AbortSignal;
  /** The scheduler's row groups in memory; a checkpoint removes its group. */
  readonly active: Map<number, ActiveRowGroup>;
  readonly stats: RunStatistics;
  readonly loop: SchedulerLoop;
}

/**
 * The hooks and checkpoints of row groups: runs the pre-batch hook and releases the parked tasks, builds
 * a finished group's output rows, runs the post-batch hook, hands the rows to `onRowGroupComplete` (one
 * checkpoint at a time, in completion order), releases the group, and after an early shutdown keeps the
 * complete rows of the groups still in memory.
 */
export class RowGroupCheckpointer {
  /** The pre-batch hook; when set, row groups park their non-root tasks until it ran. */
  readonly preBatch: RowGroupHook | undefined;
  private readonly postBatch: RowGroupHook | undefined;
  private checkpointsPending = 0;
  private hooksRunning = 0;
  /** Checkpoints waiting for the one being written (completion order). */
  private readonly waitingCheckpoints: Array<() => Promise<void>> = [];
  private writing = false;
  private readonly graph: ExecutionGraph;
  private readonly onRowGroupComplete: RunScheduleOptions['onRowGroupComplete'];
  private readonly signal: AbortSignal;
  private readonly active: Map<number, ActiveRowGroup>;
  private readonly stats: RunStatistics;
  private readonly loop: SchedulerLoop;

  constructor(parts: RowGroupCheckpointerParts) {
    this.graph = parts.graph;
    this.preBatch = parts.hooks?.preBatch;
    this.postBatch = parts.hooks?.postBatch;
    this.onRowGroupComplete = parts.onRowGroupComplete;
    this.signal = parts.signal;
    this.active = parts.active;
    this.stats = parts.stats;
    this.loop = parts.loop;
  }

  /** True while a hook or a checkpoint is under way (the run cannot finish yet). */
  get busy(): boolean {
    return this.checkpointsPending > 0 || this.hooksRunning > 0;
  }

  /** Runs the pre-batch hook on the kept rows, applies its drops and replacements, then releases the parked tasks. */
  runPreBatch(rg: ActiveRowGroup): void {
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
          if (this.loop.stopReason() !== null) return;
          checkHookOutput('preBatch', rg.spec.index, input.length, output);
          indices.forEach((row, k) => {
            const value = output[k];
            if (value === null || value === undefined) dropRow(rg, row, this.stats);
            else rg.rows[row] = value;
          });
          const parked = rg.parked ?? [];
          rg.parked = null;
          rg.phase = 'running';
          for (const task of parked) this.loop.enqueue(task);
          this.loop.advance(rg);
        },
        (error: unknown) => {
          this.hooksRunning--;
          throw hookError('preBatch', rg.spec.index, error);
        },
      )
      .catch((error: unknown) => this.loop.fail(error))
      .finally(() => this.loop.schedulePump());
  }

  private hookContext(rg: ActiveRowGroup): { rowGroup: number; rowOffset: number; signal: AbortSignal } {
    return { rowGroup: rg.spec.index, rowOffset: rg.spec.rowOffset, signal: this.signal };
  }

  /** Queues the group's checkpoint behind the ones already started (completion order). */
  checkpoint(rg: ActiveRowGroup, partial: boolean): void {
    rg.phase = 'checkpointing';
    this.checkpointsPending++;
    this.waitingCheckpoints.push(() => this.writeCheckpoint(rg, partial));
    if (!this.writing) this.writeNext();
  }

  /**
   * Starts the next waiting checkpoint. When one ends, the next starts before the scheduler pumps
   * again, and the pump waits for a turn of the event loop: a pump runs synchronous generators (a
   * row group's samplers take ~20 ms), and the next checkpoint's steps up to its first I/O (the
   * parquet write handed to DuckDB's threads) would otherwise wait behind them, leaving DuckDB idle
   * while the samplers run and the samplers waiting while DuckDB writes.
   */
  private writeNext(): void {
    const write = this.waitingCheckpoints.shift();
    this.writing = write !== undefined;
    if (write === undefined) return;
    write()
      .catch((error: unknown) => this.loop.fail(error))
      .finally(() => {
        this.checkpointsPending--;
        this.writeNext();
        setImmediate(() => this.loop.schedulePump());
      });
  }

  private async writeCheckpoint(rg: ActiveRowGroup, partial: boolean): Promise<void> {
    if (this.loop.stopReason() === 'fatal') return;
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
    if (this.onRowGroupComplete !== undefined) {
      try {
        await this.onRowGroupComplete(index, rows);
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
    this.loop.emit({ type: 'row-group-checkpointed', index, records: rows.length, dropped: rg.spec.size - rows.length, partial });
    this.loop.emitProgress();
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

  /** After an early shutdown: keep the complete rows of every active row group. True if any checkpoint started. */
  flushPartialRowGroups(): boolean {
    let started = false;
    const groups = [...this.active.values()].sort((a, b) => a.spec.index - b.spec.index);
    for (const rg of groups) {
      if (rg.phase !== 'running') continue;
      const completion = rg.completion;
      let survivors = 0;
      for (let row = 0; row < completion.size; row++) {
        if (completion.isDropped(row)) continue;
        if (rg.parked === null && completion.isRowComplete(row)) survivors++;
        else dropRow(rg, row, this.stats);
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
}
