/** One record while it is being generated: column name → value. */
export type Row = Record<string, unknown>;

/** What every generator call receives besides its input. */
export interface GenerationContext {
  /** Index of the row group being generated (0-based). */
  rowGroup: number;
  /** Index of the first row of this row group in the whole dataset. */
  rowOffset: number;
  /** Aborted when the run stops (Ctrl-C, early shutdown); long calls should honour it. */
  signal: AbortSignal;
  /** Reports cells a generator skipped (`skip.when`, propagation) to the run's statistics. */
  reportSkipped?: (generator: string, cells: number) => void;
}

/** Fields every generator declares, so the scheduler can place it in the DAG. */
export interface ColumnGeneratorBase {
  /** Name used in logs, progress and errors (the column name, or a group label for fused samplers). */
  readonly name: string;
  /** Columns this generator writes (its own column(s) plus side-effect columns). */
  readonly columns: readonly string[];
  /** Columns that must be complete in a row before this generator may run on it. */
  readonly requiredColumns: readonly string[];
  /** Resource the scheduler leases before each call (e.g. `model:<alias>`); `cpu` when none. */
  readonly resource?: string;
}

/**
 * Works on one row at a time (LLM columns, expressions, cell-by-cell custom columns). Returns the
 * values of `columns` for that row; a key left out leaves the cell null.
 */
export interface CellColumnGenerator extends ColumnGeneratorBase {
  readonly strategy: 'cell_by_cell';
  generateCell(row: Readonly<Row>, context: GenerationContext): Promise<Row>;
}

/**
 * Works on a whole row group at once (samplers, seed columns, validators, full-column custom
 * columns). Returns one partial row per input row, in order. Rows start as `{}` for the first
 * generators of a row group, so samplers and seed readers create rows by filling them.
 */
export interface BatchColumnGenerator extends ColumnGeneratorBase {
  readonly strategy: 'full_column';
  generateBatch(rows: ReadonlyArray<Readonly<Row>>, context: GenerationContext): Promise<Row[]>;
}

/** Any column generator the scheduler can run. */
export type ColumnGenerator = CellColumnGenerator | BatchColumnGenerator;
