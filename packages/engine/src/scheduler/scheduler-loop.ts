import type { ActiveRowGroup, ScheduledTask } from './scheduled-task.js';
import type { SchedulerEvent } from './scheduler-event.js';

/** Why a run stops before its row groups are done. */
export type StopReason = 'cancelled' | 'early-shutdown' | 'fatal';

/** What the scheduler's collaborators (`TaskRunner`, `RowGroupCheckpointer`) call back into its loop. */
export interface SchedulerLoop {
  /** Why the run is stopping, or null while it runs. */
  stopReason(): StopReason | null;
  /** Moves an idle row group on: pre-batch hook, salvage round, or checkpoint. */
  advance(rg: ActiveRowGroup): void;
  /** Puts a task in the fair queue, or parks it until the pre-batch hook ran. */
  enqueue(task: ScheduledTask): void;
  /** Stops the run with a fatal error. */
  fail(error: unknown): void;
  /** Stops admitting and dispatching for `reason`. */
  requestStop(reason: StopReason): void;
  /** Schedules one (coalesced) pump. */
  schedulePump(): void;
  /** True when an event listener is set (events need not be built otherwise). */
  listening(): boolean;
  /** Sends an event to the listener (a throwing listener is ignored). */
  emit(event: SchedulerEvent): void;
  /** Sends a progress event now. */
  emitProgress(): void;
}
