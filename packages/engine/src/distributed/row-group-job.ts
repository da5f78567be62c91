import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RowGroupJobSchemaError } from './distributed-errors.js';

/** BullMQ job name of a row-group job. */
export const ROW_GROUP_JOB_NAME = 'row-group';
/** Version of the job data layout; a worker refuses jobs of another version. */
export const ROW_GROUP_JOB_SCHEMA_VERSION = 1;

/**
 * What a worker needs to produce one row group identically on any machine. Never holds API keys:
 * each worker resolves providers from its own `DATA_DESIGNER_HOME` and environment.
 */
export const RowGroupJobDataSchema = z
  .object({
    schema: z.literal(ROW_GROUP_JOB_SCHEMA_VERSION),
    /** Run id (stable across resumes of the same dataset): prefixes job ids and Redis keys of the run. */
    runId: z.string().regex(/^[a-z0-9]+$/),
    /** The builder config as `builder_config.json` holds it (snake_case). */
    config: z.record(z.string(), z.unknown()),
    /** `configFingerprint` of the config; a worker checks it after loading. */
    fingerprint: z.string(),
    /** Seed of samplers and seed-dataset shuffles (values depend only on seed and row group). */
    seed: z.number().int(),
    /** Run config fields (snake_case). */
    runConfig: z.record(z.string(), z.unknown()),
    /** The row group: id (names the file), rows and dataset position of its first row. */
    rowGroup: z.object({ index: z.number().int().min(0), size: z.number().int().min(1), rowOffset: z.number().int().min(0) }).strict(),
    /** Where the dataset lives: today a shared file-system folder every worker sees. */
    storage: z.object({ kind: z.literal('local'), artifactPath: z.string().min(1), datasetName: z.string().min(1) }).strict(),
  })
  .strict();

/** Data of a row-group job. */
export type RowGroupJobData = z.infer<typeof RowGroupJobDataSchema>;

/** What a worker returns for a finished row group (lenient: read back from Redis). */
export const RowGroupJobResultSchema = z.looseObject({
  index: z.number().int(),
  /** Rows written (0 when every row was dropped). */
  records: z.number().int().min(0),
  /** File written, relative to the dataset folder; null when nothing was written. */
  file: z.string().nullable(),
  /** True when the file was already there (a second delivery of a finished job). */
  alreadyDone: z.boolean().default(false),
  /** Worker that produced it. */
  worker: z.string(),
  elapsedMs: z.number().min(0),
  /** Model requests of this row group's worker process so far, and 429s among them. */
  requests: z.number().int().min(0).default(0),
  rateLimited: z.number().int().min(0).default(0),
});

/** Result of a row-group job. */
export type RowGroupJobResult = z.infer<typeof RowGroupJobResultSchema>;

/** Validates job data; throws `RowGroupJobSchemaError` naming the field. */
export function parseRowGroupJobData(data: unknown): RowGroupJobData {
  const parsed = RowGroupJobDataSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RowGroupJobSchemaError(`Invalid row-group job: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : parsed.error.message}.`, {
      fix: 'Coordinator and workers must run the same Data Designer version.',
    });
  }
  return parsed.data;
}

/** BullMQ job id of a row group (`:` is not allowed in custom ids). */
export function rowGroupJobId(runId: string, index: number): string {
  return `${runId}-${index}`;
}

/** Run id: a hash of the dataset folder, the config fingerprint and the row-group plan. */
export function distributedRunId(parts: { datasetLocation: string; fingerprint: string; numRecords: number; bufferSize: number }): string {
  return createHash('sha256')
    .update(JSON.stringify([parts.datasetLocation, parts.fingerprint, parts.numRecords, parts.bufferSize]))
    .digest('hex')
    .slice(0, 16);
}
