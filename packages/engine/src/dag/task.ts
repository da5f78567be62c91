/** Name of a column in the dataset. */
export type ColumnName = string;
/** Index of a row group in the whole run (0-based). */
export type RowGroupIndex = number;
/** Index of a row inside its row group (0-based). */
export type RowIndex = number;
/** Index of a generator node in the execution graph's topological order. */
export type NodeIndex = number;

/** Granularity of a unit of work: one cell of one row, or a whole row group for a batch generator. */
export type TaskKind = 'cell' | 'batch';

/** One unit of work: a generator on one row (cell) or on a whole row group (batch, `row` null). */
export interface Task {
  /** Row group the task belongs to. */
  readonly rowGroup: RowGroupIndex;
  /** Generator node in the execution graph. */
  readonly node: NodeIndex;
  /** Row inside the row group; null for batch tasks. */
  readonly row: RowIndex | null;
}
