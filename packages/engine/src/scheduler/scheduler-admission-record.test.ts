import { describe, expect, it } from '@jest/globals';
import { SchedulerAdmissionRecorder, stableTaskId } from './scheduler-admission-record.js';

const ORIGINAL_FIELDS = [
  'event_kind',
  'captured_at_monotonic',
  'sequence',
  'captured_correlation',
  'task_id',
  'task_execution_id',
  'task_lease_id',
  'scheduler_resource_key',
  'reason_or_result',
  'snapshot',
  'diagnostics',
];

describe('SchedulerAdmissionRecorder', () => {
  it('gives the task ids the original computes (sha1 of column, row group, row index, task type)', () => {
    // Values computed with the original's formula in Python.
    expect(stableTaskId('answer', 2, 7)).toBe('task-d089eee6b1bfb154');
    expect(stableTaskId('summary', 0, null)).toBe('task-988850c074e66577');
  });

  it('maps each scheduler event onto the original schema, numbering from 1', () => {
    const recorder = new SchedulerAdmissionRecorder('run-abc');
    const at = new Date('2026-01-02T03:04:05.000Z');
    const records = [
      recorder.record({ type: 'row-group-admitted', index: 0, size: 5 }, at),
      recorder.record({ type: 'task-retry', generator: 'answer', rowGroup: 2, row: 7, attempt: 1, delayMs: 250, message: 'HTTP 429' }, at),
      recorder.record({ type: 'task-failed', generator: 'summary', rowGroup: 0, row: null, message: 'boom' }, at),
      recorder.record({ type: 'row-group-checkpointed', index: 0, records: 4, dropped: 1, partial: false }, at),
      recorder.record({ type: 'early-shutdown', failures: 6, windowSize: 10, threshold: 0.5 }, at),
    ];
    for (const record of records) expect(Object.keys(record)).toEqual(expect.arrayContaining(ORIGINAL_FIELDS));
    expect(records.map((record) => [record.sequence, record.event_kind])).toEqual([
      [1, 'row_group_admitted'],
      [2, 'retry_deferred'],
      [3, 'non_retryable_dropped'],
      [4, 'row_group_checkpointed'],
      [5, 'scheduler_job_completed'],
    ]);
    expect(records[0]!.diagnostics).toEqual({ reason: 'admitted', row_group: 0, row_group_size: 5 });
    expect(records[1]).toMatchObject({
      task_id: 'task-d089eee6b1bfb154',
      captured_correlation: { run_id: 'run-abc', row_group: 2, task_column: 'answer', task_type: 'cell' },
      diagnostics: { attempt: 1, delay_ms: 250 },
      task_lease_id: null,
      ts: '2026-01-02T03:04:05.000Z',
    });
    expect(records[2]).toMatchObject({ task_id: 'task-988850c074e66577', captured_correlation: { task_type: 'batch' } });
    expect(records[3]).toMatchObject({
      reason_or_result: 'completed',
      diagnostics: { row_group: 0, row_group_size: 5, dropped_rows: 1, surviving_rows: 4, result: 'completed' },
    });
    expect(records[4]).toMatchObject({ reason_or_result: 'early_shutdown', diagnostics: { outcome: 'early_shutdown', window_size: 10 } });
    expect(records[4]!.captured_at_monotonic).toBeGreaterThanOrEqual(records[0]!.captured_at_monotonic);
  });

  it('a progress event becomes a health snapshot with the resources held', () => {
    const record = new SchedulerAdmissionRecorder('run-x').record({
      type: 'progress',
      recordsDone: 3,
      numRecords: 10,
      columns: [{ name: 'n', done: 3, total: 10, failed: 0, skipped: 0 }],
      inFlight: 2,
      inFlightByResource: { cpu: 2 },
      errors: 0,
      retries: 1,
      elapsedMs: 40,
    });
    expect(record.event_kind).toBe('scheduler_health_snapshot');
    expect(record.snapshot).toEqual({ leased_resources: { cpu: 2 } });
    expect(record.diagnostics).toMatchObject({ reason: 'progress', records_done: 3, in_flight_tasks: 2, retries: 1 });
  });
});
