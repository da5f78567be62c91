import { createHash } from 'node:crypto';
import type { SchedulerEvent } from './scheduler-event.js';

/** JSON a record field may hold. */
export type SchedulerRecordJson = string | number | boolean | null | SchedulerRecordJson[] | { [key: string]: SchedulerRecordJson };

/** Who a record is about (the original's `RuntimeCorrelation`); fields the scheduler does not know are null. */
export interface SchedulerRecordCorrelation {
  run_id: string;
  row_group: number | null;
  task_column: string | null;
  task_type: 'cell' | 'batch' | null;
  scheduling_group_kind: null;
  scheduling_group_identity_hash: null;
  task_execution_id: null;
}

/**
 * One line of `scheduler_events.jsonl`, in the field names of the original's `SchedulerAdmissionEvent`
 * (plus `ts`, the wall-clock time). Fields the scheduler has no fact for are null.
 */
export interface SchedulerAdmissionRecord {
  event_kind:
    | 'row_group_admitted'
    | 'row_group_checkpointed'
    | 'retry_deferred'
    | 'non_retryable_dropped'
    | 'salvage_redispatched'
    | 'scheduler_job_completed'
    | 'scheduler_health_snapshot';
  /** Seconds on a monotonic clock. */
  captured_at_monotonic: number;
  /** 1, 2, … in emission order within the run. */
  sequence: number;
  captured_correlation: SchedulerRecordCorrelation;
  task_id: string | null;
  task_execution_id: null;
  task_lease_id: null;
  scheduler_resource_key: null;
  reason_or_result: string | null;
  snapshot: SchedulerRecordJson;
  diagnostics: Record<string, SchedulerRecordJson>;
  /** ISO wall-clock time (not in the original). */
  ts: string;
}

/**
 * The original's stable task id: `task-` and the first 16 hex digits of the SHA-1 of column, row
 * group, row index (`None` for a batch task) and task type, joined by NUL.
 */
export function stableTaskId(column: string, rowGroup: number, row: number | null): string {
  const raw = `${column}\0${rowGroup}\0${row === null ? 'None' : row}\0${row === null ? 'batch' : 'cell'}`;
  return `task-${createHash('sha1').update(raw).digest('hex').slice(0, 16)}`;
}

/** Numbers records as the original does (sequence from 1) and maps scheduler events onto its schema. */
export class SchedulerAdmissionRecorder {
  private sequence = 0;

  /** `runId` names the run in every record's correlation. */
  constructor(private readonly runId: string) {}

  /** The record of `event`. */
  record(event: SchedulerEvent, now: Date = new Date()): SchedulerAdmissionRecord {
    this.sequence += 1;
    const base = {
      captured_at_monotonic: performance.now() / 1000,
      sequence: this.sequence,
      task_id: null,
      task_execution_id: null,
      task_lease_id: null,
      scheduler_resource_key: null,
      reason_or_result: null,
      snapshot: null,
      ts: now.toISOString(),
    } as const;
    const correlation = (rowGroup: number | null, column: string | null = null, row: number | null = null): SchedulerRecordCorrelation => ({
      run_id: this.runId,
      row_group: rowGroup,
      task_column: column,
      task_type: column === null ? null : row === null ? 'batch' : 'cell',
      scheduling_group_kind: null,
      scheduling_group_identity_hash: null,
      task_execution_id: null,
    });
    switch (event.type) {
      case 'row-group-admitted':
        return {
          ...base,
          event_kind: 'row_group_admitted',
          captured_correlation: correlation(event.index),
          diagnostics: { reason: 'admitted', row_group: event.index, row_group_size: event.size },
        };
      case 'row-group-checkpointed': {
        const result = event.partial ? 'partial' : event.records === 0 ? 'all_rows_dropped' : 'completed';
        return {
          ...base,
          event_kind: 'row_group_checkpointed',
          captured_correlation: correlation(event.index),
          reason_or_result: result,
          diagnostics: {
            row_group: event.index,
            row_group_size: event.partial ? null : event.records + event.dropped,
            dropped_rows: event.dropped,
            surviving_rows: event.records,
            result,
          },
        };
      }
      case 'task-retry':
        return {
          ...base,
          event_kind: 'retry_deferred',
          task_id: stableTaskId(event.generator, event.rowGroup, event.row),
          captured_correlation: correlation(event.rowGroup, event.generator, event.row),
          diagnostics: { row: event.row, attempt: event.attempt, delay_ms: event.delayMs, message: event.message },
        };
      case 'task-failed':
        return {
          ...base,
          event_kind: 'non_retryable_dropped',
          task_id: stableTaskId(event.generator, event.rowGroup, event.row),
          captured_correlation: correlation(event.rowGroup, event.generator, event.row),
          diagnostics: { row: event.row, message: event.message },
        };
      case 'salvage-round':
        return {
          ...base,
          event_kind: 'salvage_redispatched',
          captured_correlation: correlation(event.rowGroup),
          diagnostics: { row_group: event.rowGroup, round: event.round, tasks: event.tasks },
        };
      case 'early-shutdown':
        return {
          ...base,
          event_kind: 'scheduler_job_completed',
          reason_or_result: 'early_shutdown',
          captured_correlation: correlation(null),
          diagnostics: { outcome: 'early_shutdown', failures: event.failures, window_size: event.windowSize, threshold: event.threshold },
        };
      case 'progress':
        return {
          ...base,
          event_kind: 'scheduler_health_snapshot',
          captured_correlation: correlation(null),
          snapshot: { leased_resources: { ...event.inFlightByResource } },
          diagnostics: {
            reason: 'progress',
            records_done: event.recordsDone,
            num_records: event.numRecords,
            in_flight_tasks: event.inFlight,
            errors: event.errors,
            retries: event.retries,
            elapsed_ms: event.elapsedMs,
            columns: event.columns.map((column) => ({ ...column }) as { [key: string]: SchedulerRecordJson }),
          },
        };
    }
  }
}
