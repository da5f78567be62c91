import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fromDuckDBRow, openParquetView, type Row } from '@dd/engine';
import { DataDesignerWorkflowError } from './data-designer-workflow-error.js';

/** The parquet files a stage output names: the file itself, or a folder's `*.parquet` (sorted); none when absent. */
export function stageOutputFiles(target: string): string[] {
  if (!existsSync(target)) return [];
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target)
    .filter((name) => name.endsWith('.parquet'))
    .sort()
    .map((name) => path.join(target, name));
}

/** Records of a stage output (a parquet file or a folder of them), from the footers. Throws when it holds no parquet file. */
export async function countStageOutputRecords(target: string): Promise<number> {
  const files = requireFiles(target);
  try {
    const relation = await openParquetView(files);
    relation.close();
    return relation.rowCount;
  } catch (error) {
    throw new DataDesignerWorkflowError(`Failed to read parquet files at '${target}': ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** Every record of a stage output (small data). */
export async function loadStageOutputRecords(target: string): Promise<Row[]> {
  const files = requireFiles(target);
  let relation: Awaited<ReturnType<typeof openParquetView>> | undefined;
  try {
    relation = await openParquetView(files);
    const reader = await relation.connection.runAndReadAll(`SELECT * FROM "${relation.viewName}"`);
    return reader.getRowObjectsJS().map(fromDuckDBRow);
  } catch (error) {
    throw new DataDesignerWorkflowError(`Failed to read parquet files at '${target}': ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  } finally {
    relation?.close();
  }
}

function requireFiles(target: string): string[] {
  const files = stageOutputFiles(target);
  if (files.length === 0)
    throw new DataDesignerWorkflowError(`No parquet files found at '${target}'.`, { fix: 'Point at a parquet file or a folder holding *.parquet files.' });
  return files;
}
