/** Progress of one column (or fused generator) across the run. */
export interface ColumnProgress {
  /** Generator name (column name, or the label of fused samplers / seed columns). */
  name: string;
  /** Cells (or rows, for batch generators) finished. */
  done: number;
  /** Cells (or rows) to produce in this run. */
  total: number;
  /** Cells that failed for good. */
  failed: number;
  /** Cells skipped by `skip.when` or propagation. */
  skipped: number;
}

/** Events a run emits; the CLI renders them as a live view or as plain log lines. */
export type GenerationEvent =
  | {
      type: 'run-started';
      /** Records requested in this run (after resume: the remaining ones). */
      numRecords: number;
      /** Row groups this run will generate. */
      rowGroups: number;
      /** Generators in execution order. */
      generators: string[];
      /** Dataset folder, for create. */
      datasetPath?: string;
    }
  | {
      type: 'progress';
      /** Records in checkpointed row groups. */
      recordsDone: number;
      /** Records requested in this run. */
      numRecords: number;
      /** Per-generator progress. */
      columns: ColumnProgress[];
      /** Tasks that failed after retries. */
      errors: number;
      /** Retries scheduled so far. */
      retries: number;
      /** Model requests sent so far (all aliases; 0 without model columns). */
      requests: number;
      /** Model requests that failed so far. */
      failedRequests: number;
      /** Model request attempts answered 429 so far (each is replayed later). */
      rateLimitedRequests?: number;
      /** Model requests waiting for an admission slot right now. */
      waitingRequests?: number;
      /** Longest rate-limit cooldown left over the models, ms (0 when none). */
      cooldownRemainingMs?: number;
      /** Milliseconds since the run started. */
      elapsedMs: number;
    }
  | {
      type: 'row-group-complete';
      /** Row group index. */
      index: number;
      /** Records written for it. */
      records: number;
      /** Parquet file written, for create (relative to `datasetPath`). */
      path?: string;
      /** Dataset folder, for create. */
      datasetPath?: string;
    }
  | {
      type: 'log';
      /** Severity. */
      level: 'info' | 'warning';
      /** Text for the log. */
      message: string;
    }
  | {
      type: 'run-complete';
      /** Records generated in this run. */
      records: number;
      /** Milliseconds the run took. */
      elapsedMs: number;
    };
