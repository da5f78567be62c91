import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResumeMode } from '@dd/engine';
import { DataDesignerWorkflowError } from './data-designer-workflow-error.js';

/** `workflow-metadata.json`, beside the stage folders. */
export const WORKFLOW_METADATA_FILE = 'workflow-metadata.json';

/** Stage statuses a re-run with resume can reuse as they are. */
export const COMPLETED_STAGE_STATUSES: ReadonlySet<string> = new Set(['completed', 'completed_empty']);
/** Stage statuses a re-run with resume continues (the dataset resume machinery of `create`). */
export const RESUMABLE_STAGE_STATUSES: ReadonlySet<string> = new Set(['running', 'failed']);

/** One stage's entry of `workflow-metadata.json` (snake_case, the original's field names). */
export type StageMetadata = Record<string, unknown> & { index: number; name: string; stage_dir: string; status?: string };

/** The content of `workflow-metadata.json`. */
export interface WorkflowMetadata {
  name: string;
  library_version: string;
  stages: StageMetadata[];
}

/** Writes the metadata atomically (a temporary file renamed over the old one). */
export function writeWorkflowMetadata(workflowPath: string, metadata: WorkflowMetadata): void {
  const target = path.join(workflowPath, WORKFLOW_METADATA_FILE);
  const temporary = `${target}.tmp.${process.pid}.${randomUUID()}`;
  try {
    writeFileSync(temporary, `${JSON.stringify(metadata, null, 2)}\n`, 'utf8');
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * The metadata of an earlier run, for resume: none with `never`; with `if_possible` a missing,
 * unreadable or foreign file means starting fresh (`warn` says why); with `always` it is an error.
 */
export function readPriorWorkflowMetadata(
  workflowPath: string,
  workflowName: string,
  resume: ResumeMode,
  warn: (message: string) => void,
): WorkflowMetadata | undefined {
  if (resume === 'never') return undefined;
  const file = path.join(workflowPath, WORKFLOW_METADATA_FILE);
  const refuse = (problem: string): undefined => {
    if (resume === 'always') {
      throw new DataDesignerWorkflowError(`Cannot resume workflow '${workflowName}': ${problem} (${file}).`, {
        fix: 'Run with resume "if_possible" to start the stages that cannot be reused afresh, or "never" to start over.',
      });
    }
    warn(`Workflow '${workflowName}': ${problem}; starting fresh.`);
    return undefined;
  };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return resume === 'always' ? refuse('no workflow metadata found') : undefined;
    return refuse('the workflow metadata could not be read');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuse('the workflow metadata is corrupt');
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { stages?: unknown }).stages))
    return refuse('the workflow metadata has an invalid shape');
  if ((parsed as { name?: unknown }).name !== workflowName) return refuse('the workflow metadata belongs to another workflow name');
  return parsed as WorkflowMetadata;
}

/** The earlier run's entry for this stage, when it was at the same position under the same name. */
export function priorStageMetadata(prior: WorkflowMetadata | undefined, index: number, name: string, stageDir: string): StageMetadata | undefined {
  const entry = prior?.stages[index];
  if (typeof entry !== 'object' || entry === null) return undefined;
  return entry.name === name && entry.stage_dir === stageDir ? entry : undefined;
}

/** Identity of a stage run: its config, record count, options, library version and everything upstream. */
export function stageFingerprint(payload: {
  configHash: string;
  numRecords: number;
  allowEmpty: boolean;
  onSuccessVersion: string | null;
  outputProcessors: readonly unknown[];
  output: string;
  libraryVersion: string;
  upstreamFingerprint: string | null;
}): string {
  const text = JSON.stringify({
    allow_empty: payload.allowEmpty,
    config_fingerprint: payload.configHash,
    library_version: payload.libraryVersion,
    num_records: payload.numRecords,
    on_success_version: payload.onSuccessVersion,
    output: payload.output,
    output_processors: payload.outputProcessors,
    upstream_fingerprint: payload.upstreamFingerprint,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A path as stored in the metadata: relative to the workflow folder when inside it. */
export function metadataPath(workflowPath: string, target: string): string {
  const relative = path.relative(workflowPath, target);
  return relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
}

/** A path read from the metadata, absolute. */
export function resolveMetadataPath(workflowPath: string, stored: string): string {
  return path.isAbsolute(stored) ? stored : path.join(workflowPath, stored);
}
