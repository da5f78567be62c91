import { missingInvariant } from '@dd/config';
import type { GenerationContext, Row } from '../columns/index.js';
import type { RowGroupCompletion } from '../dag/row-group-completion.js';
import type { RowGroupSpec } from './schedule-options.js';

/** Where a row group is in its life: generating, in its pre-batch hook, being checkpointed, or gone. */
export type RowGroupPhase = 'running' | 'pre-batch' | 'checkpointing' | 'closed';

/** What an idle row group needs next (`RowGroupState.nextStep`). */
export type RowGroupStep = 'wait' | 'pre-batch' | 'salvage' | 'checkpoint';

/**
 * One row group in memory and the counters of its tasks. The scheduler moves tasks through it with the
 * `task…` transitions (queued → dispatched → settled, or delayed → back in the queue); the group answers
 * what it needs next once idle. It owns its counters: nothing else increments them.
 */
export class RowGroupState<Task> {
  /** Index, size and dataset offset. */
  readonly spec: RowGroupSpec;
  /** Which cells are done or dropped, and which tasks became ready. */
  readonly completion: RowGroupCompletion;
  /** The rows being generated (released when the group closes). */
  rows: Row[];
  /** Context handed to generators. */
  readonly context: GenerationContext;
  /** Tasks whose retries are exhausted, waiting for a salvage round. */
  salvage: Task[] = [];
  /** Salvage rounds run so far. */
  salvageRound = 0;
  /** Non-root tasks held back until the pre-batch hook ran; null when not (or no longer) parking. */
  parked: Task[] | null;
  phase: RowGroupPhase = 'running';
  private inFlight = 0;
  private queued = 0;
  private delayed = 0;

  constructor(spec: RowGroupSpec, completion: RowGroupCompletion, context: GenerationContext, parkUntilPreBatch: boolean) {
    this.spec = spec;
    this.completion = completion;
    this.context = context;
    this.parked = parkUntilPreBatch ? [] : null;
    this.rows = new Array<Row>(spec.size);
    for (let i = 0; i < spec.size; i++) this.rows[i] = {};
  }

  /** A task of this group entered the fair queue. */
  taskQueued(): void {
    this.queued++;
  }

  /** A queued task left the fair queue (dispatched, or discarded as stale). */
  taskDequeued(): void {
    this.queued--;
  }

  /** A task started running. */
  taskStarted(): void {
    this.inFlight++;
  }

  /** A running task settled (success or failure). */
  taskSettled(): void {
    this.inFlight--;
  }

  /** A task went to the delay queue. */
  taskDelayed(): void {
    this.delayed++;
  }

  /** `count` tasks left the delay queue (due, or removed). */
  tasksUndelayed(count = 1): void {
    this.delayed -= count;
  }

  /** Tasks of this group running now. */
  get running(): number {
    return this.inFlight;
  }

  /** Tasks waiting in the delay queue. */
  get waitingRetries(): number {
    return this.delayed;
  }

  /** True while the group still generates (not in its hook, checkpoint, or closed). */
  get generating(): boolean {
    return this.phase === 'running' || this.phase === 'pre-batch';
  }

  /** The row at `index` (a row of this group, dropped or not); throws when out of range. */
  row(index: number): Row {
    const row = this.rows[index];
    if (row === undefined) missingInvariant(`row ${index} of row group ${this.spec.index}`);
    return row;
  }

  /** Indices of the rows not dropped, in order. */
  keptRows(): number[] {
    const kept: number[] = [];
    for (let row = 0; row < this.completion.size; row++) if (!this.completion.isDropped(row)) kept.push(row);
    return kept;
  }

  /**
   * What the group needs next, when it is idle (running, nothing in flight). While the run stops
   * (`stopping`), only a complete group is checkpointed (never after a fatal error).
   */
  nextStep(stopping: 'no' | 'graceful' | 'fatal'): RowGroupStep {
    if (this.phase !== 'running' || this.inFlight > 0) return 'wait';
    const complete = this.completion.isComplete && this.salvage.length === 0;
    if (stopping !== 'no') return stopping === 'graceful' && this.parked === null && complete ? 'checkpoint' : 'wait';
    const stalled = this.queued === 0 && this.delayed === 0 && this.salvage.length > 0;
    if (this.parked !== null) return this.completion.rootsComplete ? 'pre-batch' : stalled ? 'salvage' : 'wait';
    if (stalled) return 'salvage';
    return complete ? 'checkpoint' : 'wait';
  }

  /** Releases the rows; the group is gone. */
  close(): void {
    this.phase = 'closed';
    this.rows = [];
    this.salvage = [];
  }
}
