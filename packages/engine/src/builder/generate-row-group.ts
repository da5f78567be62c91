import type { Row } from '../columns/index.js';
import type { ArtifactStorage, PlannedRowGroup } from '../artifacts/index.js';
import { splitRowColumns } from './order-row-columns.js';
import { processRowGroup } from './process-row-group.js';
import { scheduleRun, type PreparedRun } from './run-generation.js';

/** What writing one row group produced. */
export interface WrittenRowGroup {
  /** Rows kept in the final file. */
  records: number;
  /** Final file relative to the dataset folder; null when every row was dropped. */
  file: string | null;
}

/**
 * Post-processes one finished row group and writes it through `storage`: the final file, the
 * dropped columns (when preserved) and processor outputs. Shared by local and distributed runs.
 */
export async function writeRowGroupOutputs(prepared: PreparedRun, storage: ArtifactStorage, index: number, rows: Row[]): Promise<WrittenRowGroup> {
  if (rows.length === 0) return { records: 0, file: null };
  const processed = await processRowGroup(prepared.compiled.config, rows, index);
  const { kept, droppedRows } = splitRowColumns(processed.rows, prepared.columnOrder, prepared.dropped);
  const file = await storage.writeRowGroup(index, kept);
  if (droppedRows.length > 0 && prepared.runConfig.preserve_dropped_columns) {
    await storage.writeRowGroup(index, droppedRows, { stage: 'dropped-columns' });
  }
  for (const [name, outputRows] of Object.entries(processed.outputs)) {
    await storage.writeProcessorOutput(name, outputRows, index);
  }
  return { records: kept.length, file };
}

/**
 * Generates row group `group` of a prepared run into `storage` (the distributed worker's unit of
 * work). Values depend only on the run's seed and the group's index and offset, so the file equals
 * the one a local run writes for that group. Writes are atomic per index: a group finished twice
 * leaves one file.
 */
export async function generateRowGroup(
  prepared: PreparedRun,
  storage: ArtifactStorage,
  group: PlannedRowGroup,
  options: { signal?: AbortSignal } = {},
): Promise<WrittenRowGroup> {
  prepared.mediaStorage.storage = storage;
  let written: WrittenRowGroup = { records: 0, file: null };
  const { runConfig } = prepared;
  await scheduleRun(prepared, {
    rowGroups: [group],
    signal: options.signal,
    label: `Row group ${group.index}`,
    earlyShutdown: { enabled: !runConfig.disable_early_shutdown, windowSize: runConfig.shutdown_error_window, threshold: runConfig.shutdown_error_rate },
    onRowGroupComplete: async (index: number, rows: Row[]) => {
      written = await writeRowGroupOutputs(prepared, storage, index, rows);
    },
  });
  return written;
}
