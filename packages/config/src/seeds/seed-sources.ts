import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { arrowTableRows, isArrowTableLike } from './arrow-table-rows.js';

const SEED_FILE_EXTENSIONS = ['.parquet', '.csv', '.json', '.jsonl'];

/** Why a local seed path is unusable (wrong extension, missing file, empty wildcard), else undefined. */
export function localSeedPathProblem(seedPath: string): string | undefined {
  const wildcard = /^(.*)\*(\.[A-Za-z]+)$/.exec(seedPath);
  if (wildcard) {
    const [, prefix = '', extension = ''] = wildcard;
    if (!SEED_FILE_EXTENSIONS.includes(extension.toLowerCase())) {
      return `seed file extension '${extension}' is not supported; use one of ${SEED_FILE_EXTENSIONS.join(', ')}`;
    }
    const dir = prefix === '' ? '.' : prefix;
    const hasMatch = existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).some((file) => file.toLowerCase().endsWith(extension.toLowerCase()));
    return hasMatch ? undefined : `path '${seedPath}' matches no ${extension} file in '${dir}' (paths are relative to the working directory)`;
  }
  const extension = path.extname(seedPath).toLowerCase();
  if (!SEED_FILE_EXTENSIONS.includes(extension)) {
    return `seed file '${seedPath}' has an unsupported format; use a ${SEED_FILE_EXTENSIONS.join(', ')} file`;
  }
  if (!existsSync(seedPath) || !statSync(seedPath).isFile()) {
    return `path '${seedPath}' is not a file (paths are relative to the working directory, ${process.cwd()})`;
  }
  return undefined;
}

/** `local`: a Parquet, CSV, JSON or JSONL file (or `dir/*.ext`). The file must exist at load time. */
export const LocalFileSeedSourceSchema = z.object({
  seed_type: z.literal('local'),
  path: z.string().superRefine((seedPath, ctx) => {
    const problem = localSeedPathProblem(seedPath);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: seedPath });
  }),
});

/** `hf`: a dataset on the Hugging Face Hub. */
export const HuggingFaceSeedSourceSchema = z.object({
  seed_type: z.literal('hf'),
  path: z.string(),
  token: z.string().nullable().default(null),
  endpoint: z.string().default('https://huggingface.co'),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `df`: rows in memory, the counterpart of the original's DataFrame seed: an array of records or an
 * Arrow table (converted to records). Only the TypeScript API can give one; a config file cannot
 * carry it, and a config holding one is written with the rows left out (as the original excludes
 * its DataFrame).
 */
export const DataFrameSeedSourceSchema = z
  .object({
    seed_type: z.literal('df'),
    df: z
      .preprocess(
        (value) => (isArrowTableLike(value) ? arrowTableRows(value) : value),
        z.custom<Array<Record<string, unknown>>>(() => true),
      )
      .optional(),
  })
  .superRefine((source, ctx) => {
    if (source.df === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['df'],
        input: undefined,
        message:
          'a DataFrame seed source cannot be loaded from a config file; save the table as Parquet or CSV and use seed_type: local (in code, pass the rows: { seed_type: "df", df: rows })',
      });
      return;
    }
    if (!Array.isArray(source.df)) {
      ctx.addIssue({ code: 'custom', path: ['df'], input: source.df, message: `df must be an array of records (or an Arrow table), got ${typeof source.df}` });
      return;
    }
    if (source.df.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['df'], input: source.df, message: 'df has no rows; a seed dataset needs at least one record' });
      return;
    }
    const bad = source.df.findIndex((row) => !isRecord(row));
    if (bad >= 0) {
      ctx.addIssue({ code: 'custom', path: ['df', bad], input: source.df[bad], message: `df[${bad}] is not a record (an object of column → value)` });
    }
  });

const nonBlank = (what: string) => z.string().refine((value) => value.trim() !== '', { message: `${what} must not be blank` });
const basenamePattern = () =>
  nonBlank('file_pattern').refine((pattern) => !/[\\/]/.test(pattern), { message: 'file_pattern matches file names only; it must not contain / or \\' });
const filePattern = () => basenamePattern().default('*');

/** `directory`: one row per file of a directory matching `file_pattern`. */
export const DirectorySeedSourceSchema = z.object({
  seed_type: z.literal('directory'),
  path: nonBlank('path'),
  file_pattern: filePattern(),
  recursive: z.boolean().default(true),
});

function isKnownEncoding(encoding: string): boolean {
  try {
    new TextDecoder(encoding.replace(/_/g, '-'));
    return true;
  } catch {
    return ['ascii', 'latin1', 'latin-1', 'utf8', 'utf-8-sig', 'cp1252'].includes(encoding.toLowerCase());
  }
}

/** `file_contents`: one row per file, its text in a `content` column. */
export const FileContentsSeedSourceSchema = z.object({
  seed_type: z.literal('file_contents'),
  path: nonBlank('path'),
  file_pattern: filePattern(),
  recursive: z.boolean().default(true),
  encoding: z
    .string()
    .default('utf-8')
    .refine(isKnownEncoding, {
      error: (issue) => {
        const encoding = issue.input;
        return `Unknown encoding '${String(encoding)}'; use a codec name such as utf-8 or latin-1`;
      },
    }),
});

/** The trace formats an `agent_rollout` source reads, as the original spells them. */
export const AGENT_ROLLOUT_FORMATS = ['atif', 'claude_code', 'codex', 'hermes_agent', 'pi_coding_agent'] as const;

/** `agent_rollout`: transcripts of coding agents (ATIF, Claude Code, Codex, Hermes, Pi). */
export const AgentRolloutSeedSourceSchema = z
  .object({
    seed_type: z.literal('agent_rollout'),
    /** Folder of the traces; null reads the format's default folder (atif has none). */
    path: nonBlank('path').nullable().default(null),
    /** Basename pattern; null uses the format's default (`*.json`, `*.jsonl`, hermes_agent `*.json*`). */
    file_pattern: basenamePattern().nullable().default(null),
    recursive: z.boolean().default(true),
    format: z.enum(AGENT_ROLLOUT_FORMATS),
  })
  .superRefine((source, ctx) => {
    if (source.format === 'atif' && source.path === null) {
      ctx.addIssue({ code: 'custom', path: ['path'], input: null, message: "path is required when format is 'atif'" });
    }
  });

/** Built-in seed source schemas. Unknown keys are dropped, as in the original. */
export const BUILTIN_SEED_SOURCE_SCHEMAS = [
  LocalFileSeedSourceSchema,
  HuggingFaceSeedSourceSchema,
  DataFrameSeedSourceSchema,
  DirectorySeedSourceSchema,
  FileContentsSeedSourceSchema,
  AgentRolloutSeedSourceSchema,
] as const;

/** A local file seed source. */
export type LocalFileSeedSource = z.output<typeof LocalFileSeedSourceSchema>;
/** A Hugging Face seed source. */
export type HuggingFaceSeedSource = z.output<typeof HuggingFaceSeedSourceSchema>;
/** A directory seed source. */
export type DirectorySeedSource = z.output<typeof DirectorySeedSourceSchema>;
/** A file-contents seed source. */
export type FileContentsSeedSource = z.output<typeof FileContentsSeedSourceSchema>;
/** An agent-rollout seed source. */
export type AgentRolloutSeedSource = z.output<typeof AgentRolloutSeedSourceSchema>;
