/**
 * Shapes of the seed config this folder reads (config-spec §6), declared structurally so the parsed
 * zod output of `@dd/config` (snake_case keys, defaults filled) can be passed as is.
 */

/** `seed_type: local`: a parquet/csv/json/jsonl file or a `dir/*.ext` wildcard. */
export interface LocalSeedSourceInput {
  seed_type: 'local';
  /** File path or wildcard, relative to the working directory. */
  path: string;
}

/** `seed_type: hf`: files on the HuggingFace Hub (not readable offline). */
export interface HuggingFaceSeedSourceInput {
  seed_type: 'hf';
  /** e.g. `datasets/<user>/<repo>/data/*.parquet`. */
  path: string;
  /** Access token (never logged). */
  token?: string | null;
  /** Hub endpoint. */
  endpoint?: string;
}

/** `seed_type: df`: rows held in memory (the TS counterpart of a pandas DataFrame). */
export interface DataFrameSeedSourceInput {
  seed_type: 'df';
  /** The rows; column order = first row's key order, then new keys as first seen. */
  df?: ReadonlyArray<Readonly<Record<string, unknown>>> | null;
}

/** `seed_type: directory`: one row per matching file. */
export interface DirectorySeedSourceInput {
  seed_type: 'directory';
  /** Root directory. */
  path: string;
  /** Basename pattern (fnmatch, case-sensitive). @default "*" */
  file_pattern?: string;
  /** Descend into subdirectories. @default true */
  recursive?: boolean;
}

/** `seed_type: file_contents`: like `directory`, plus the decoded text in `content`. */
export interface FileContentsSeedSourceInput extends Omit<DirectorySeedSourceInput, 'seed_type'> {
  seed_type: 'file_contents';
  /** Text encoding (Python codec name). @default "utf-8" */
  encoding?: string;
}

/** `seed_type: agent_rollout`: normalized coding-agent traces (atif, claude_code, codex, hermes_agent, pi_coding_agent). */
export interface AgentRolloutSeedSourceInput {
  seed_type: 'agent_rollout';
  path?: string | null;
  file_pattern?: string | null;
  recursive?: boolean;
  format: string;
}

/** Any seed source this engine knows. */
export type SeedSourceInput =
  | LocalSeedSourceInput
  | HuggingFaceSeedSourceInput
  | DataFrameSeedSourceInput
  | DirectorySeedSourceInput
  | FileContentsSeedSourceInput
  | AgentRolloutSeedSourceInput;

/** Inclusive row range `[start, end]` of the seed dataset. */
export interface IndexRangeInput {
  start: number;
  end: number;
}

/** Partition `index` of `num_partitions` equal blocks (the last one absorbs the remainder). */
export interface PartitionBlockInput {
  index?: number;
  num_partitions?: number;
}

/** `seed_config`. */
export interface SeedConfigInput {
  /** Where the rows come from. */
  source: SeedSourceInput;
  /** `ordered` (default) or `shuffle`. */
  sampling_strategy?: 'ordered' | 'shuffle';
  /** Optional row selection. */
  selection_strategy?: IndexRangeInput | PartitionBlockInput | null;
}
