import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FactoryBatchJobSchemaError } from './distributed-errors.js';

/** BullMQ job name of a data-factory batch. */
export const FACTORY_BATCH_JOB_NAME = 'factory-batch';
/** Version of the batch job layout; a worker refuses jobs of another version. */
export const FACTORY_BATCH_JOB_SCHEMA_VERSION = 1;

/** Factory names: they become part of a queue name (no `:`), so letters, digits, `_`, `-` and `.` only. */
export const FACTORY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** One input of a batch: its position in the job's inputs, its hash and the JSON value. */
export const FactoryBatchItemSchema = z
  .object({
    index: z.number().int().min(0),
    /** `hashInput(input)` on the caller: the worker copies it into the ledger entry. */
    hash: z.string(),
    input: z.unknown(),
  })
  .strict();

/**
 * What a worker needs to run one batch of a data factory's inputs. The function never travels: the
 * worker runs the factory its own `-i` module registered under `factory`; `fnFingerprint` (sha256 of
 * the function source) tells a worker running another version of the module.
 */
export const FactoryBatchJobDataSchema = z
  .object({
    schema: z.literal(FACTORY_BATCH_JOB_SCHEMA_VERSION),
    /** Registered factory name. */
    factory: z.string().regex(FACTORY_NAME_PATTERN),
    /** The factory job id (hooks see it as `context.jobId`). */
    jobId: z.string().min(1),
    /** Batch number: `floor(input index / inputsPerJob)`. */
    batch: z.number().int().min(0),
    fnFingerprint: z.string(),
    items: z.array(FactoryBatchItemSchema).min(1),
  })
  .strict();

/** Data of a factory batch job. */
export type FactoryBatchJobData = z.infer<typeof FactoryBatchJobDataSchema>;

/** Ledger entry of one input as a worker returns it (the caller assigns the parquet batch). */
const ReturnedEntrySchema = z.looseObject({
  hash: z.string(),
  status: z.enum(['done', 'filtered', 'duplicate', 'dead-lettered']),
  records: z.number().int().min(0),
  rejected: z.number().int().min(0).optional(),
  cause: z.string().optional(),
  kind: z.string().optional(),
  attempts: z.number().int().min(0),
});

/** What a worker returns for a batch (lenient: read back from Redis). */
export const FactoryBatchResultSchema = z.looseObject({
  batch: z.number().int().min(0),
  worker: z.string(),
  /** Every input of the batch, finished: its ledger entry and its accepted records. */
  items: z.array(
    z.looseObject({
      index: z.number().int().min(0),
      entry: ReturnedEntrySchema,
      records: z.array(z.record(z.string(), z.unknown())),
      rejected: z.array(z.looseObject({ record: z.record(z.string(), z.unknown()), status: z.enum(['filtered', 'duplicate']) })).default([]),
    }),
  ),
  /** Counters of the batch run (hooks' verdicts, failed attempts). */
  filteredRecords: z.number().int().min(0).default(0),
  duplicateRecords: z.number().int().min(0).default(0),
  failedAttempts: z.number().int().min(0).default(0),
  warnings: z.array(z.string()).default([]),
  elapsedMs: z.number().min(0).default(0),
});

/** Result of a factory batch job. */
export type FactoryBatchResult = z.infer<typeof FactoryBatchResultSchema>;

/** Validates batch job data; throws `FactoryBatchJobSchemaError` naming the field. */
export function parseFactoryBatchJobData(data: unknown): FactoryBatchJobData {
  const parsed = FactoryBatchJobDataSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FactoryBatchJobSchemaError(
      `Invalid data-factory batch job: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : parsed.error.message}.`,
      {
        fix: 'The caller and the workers must run the same Data Designer version.',
      },
    );
  }
  return parsed.data;
}

/** BullMQ queue of one factory: workers serve only the factories their modules register. */
export function factoryQueueName(queueName: string, factory: string): string {
  return `${queueName}.factory.${factory}`;
}

/**
 * BullMQ job id of a batch: the factory job id, the batch number and a digest of the (index, hash)
 * pairs it carries. Resuming with the same unfinished inputs gives the same ids (a batch still queued
 * or finished in Redis is not added twice); a batch with other contents gets a new id.
 */
export function factoryBatchJobId(jobId: string, batch: number, items: ReadonlyArray<{ index: number; hash: string }>): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(items.map((item) => [item.index, item.hash])))
    .digest('hex')
    .slice(0, 12);
  return `${jobId}-b${batch}-${digest}`;
}

/** sha256 of a function's source (what the caller and a worker compare). */
export function functionFingerprint(fn: (...args: never[]) => unknown): string {
  return `sha256:${createHash('sha256').update(fn.toString()).digest('hex')}`;
}
