import type { RowGroupState } from './row-group-state.js';
import type { RunStatistics } from './run-statistics.js';

/** Drops a row of a row group (once) and counts it. */
export function dropRow<Task>(rg: RowGroupState<Task>, row: number, stats: RunStatistics): void {
  if (rg.completion.isDropped(row)) return;
  rg.completion.dropRow(row);
  stats.droppedRows++;
}
