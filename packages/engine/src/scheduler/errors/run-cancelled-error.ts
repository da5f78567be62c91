import { defineErrorClass } from '@dd/config';
import type { RunSummary } from '../run-summary.js';

/** The run was cancelled through its AbortSignal; finished row groups were checkpointed. */
export class RunCancelledError extends defineErrorClass('RunCancelledError') {
  /** What the run did before stopping. */
  readonly summary: RunSummary;

  constructor(summary: RunSummary, cause?: unknown) {
    super(
      `Generation was cancelled after ${summary.rowGroupsCompleted.length} row group(s) ` + `(${summary.recordsWritten} of ${summary.numRecords} records).`,
      { cause, fix: 'Run again with resume to generate the remaining row groups.' },
    );
    this.summary = summary;
  }
}
