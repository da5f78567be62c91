import path from 'node:path';
import type { RolloutRecord } from './rollout-record.js';

/** Where a format reports files it skips (stderr by default). */
export type RolloutWarn = (message: string) => void;

/** Parses one trace file (absolute path) into its normalized traces. */
export type RolloutFileParser = (file: string) => RolloutRecord[];

/** How one `agent_rollout` format finds and parses its trace files. */
export interface RolloutFormatHandler {
  /** Folder read when the source gives no `path` (`~` is the home folder); null when the format needs one. */
  readonly defaultPath: string | null;
  /** Basename pattern used when the source gives no `file_pattern`. */
  readonly defaultFilePattern: string;
  /** Whether a matched file (relative to the root, `/`-separated) is a trace file of this format. */
  isHandledFile(relativePath: string): boolean;
  /** Whether a matched file the format does not handle is worth a warning (known side files are not). */
  shouldWarnUnhandledFile(relativePath: string): boolean;
  /** Reads what the format shares across files (session indexes) once, and returns the parser of one file. */
  prepare(root: string, recursive: boolean, warn: RolloutWarn): RolloutFileParser;
}

/** The last path segment of a `/`-separated relative path. */
export const baseName = (relativePath: string): string => relativePath.slice(relativePath.lastIndexOf('/') + 1);

/** Python's `Path.suffix`: the last `.ext` of the name (none for dot-files and names ending in a dot). */
export function pathSuffix(relativePath: string): string {
  const name = baseName(relativePath);
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot) : '';
}

/** Python's `Path.stem`: the name without its last suffix. */
export function pathStem(file: string): string {
  const name = path.basename(file);
  const suffix = pathSuffix(name);
  return suffix ? name.slice(0, -suffix.length) : name;
}
