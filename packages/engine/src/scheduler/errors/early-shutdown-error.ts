import { defineErrorClass } from '@dd/config';
import type { RunSummary } from '../run-summary.js';

/** Too many tasks failed in the error-rate window; complete rows of active row groups were kept. */
export class EarlyShutdownError extends defineErrorClass('EarlyShutdownError') {
  /** What the run did before stopping. */
  readonly summary: RunSummary;
  /** Permanent failures in the window when it tripped. */
  readonly failures: number;
  /** Window size. */
  readonly windowSize: number;
  /** Failure fraction that trips the window. */
  readonly threshold: number;

  constructor(args: { summary: RunSummary; failures: number; windowSize: number; threshold: number }) {
    const first = args.summary.firstError;
    super(
      `Generation stopped early: ${args.failures} of the last ${args.windowSize} tasks failed ` +
        `(threshold ${args.threshold}). ${args.summary.recordsWritten} of ${args.summary.numRecords} records were written.` +
        (first ? ` First error, in '${first.generator}': ${first.message}` : ''),
      {
        fix:
          'Fix the cause of the first error (model endpoint, prompt, generator code), or raise ' +
          'shutdown_error_rate / set disable_early_shutdown in the run config to keep going.',
      },
    );
    this.summary = args.summary;
    this.failures = args.failures;
    this.windowSize = args.windowSize;
    this.threshold = args.threshold;
  }
}
