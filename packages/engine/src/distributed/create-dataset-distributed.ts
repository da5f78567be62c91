import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { configFingerprint, dumpConfig, LIBRARY_VERSION, RunConfigSchema } from '@dd/config';
import { LocalArtifactStorage, planResume, type PlannedRowGroup } from '../artifacts/index.js';
import { runAfterGenerationStage, type CreateDatasetOptions, type CreateDatasetResult } from '../builder/create-dataset.js';
import { ModelUsageRecorder } from '../artifacts/index.js';
import type { ModelUsageStats } from '../models/index.js';
import { DistributedRunError } from './distributed-errors.js';
import { importOptionalPackages } from '../optional-packages/index.js';
import { connectRedis } from './connect-redis.js';
import { DISTRIBUTED_FEATURE, DISTRIBUTED_PACKAGES } from './distributed-packages.js';
import { DEFAULT_KEY_PREFIX, DEFAULT_QUEUE_NAME, redactRedisUrl, type RedisQueueOptions } from './redis-connection.js';
import { bullJobOptions } from './bull-options.js';
import {
  distributedRunId,
  ROW_GROUP_JOB_NAME,
  ROW_GROUP_JOB_SCHEMA_VERSION,
  rowGroupJobId,
  RowGroupJobResultSchema,
  type RowGroupJobData,
  type RowGroupJobResult,
} from './row-group-job.js';

/** Options of `createDatasetDistributed`: those of a local run plus the queue. */
export interface CreateDatasetDistributedOptions extends Omit<CreateDatasetOptions, 'requestAdmission'> {
  queue: RedisQueueOptions;
  /** Attempts per row group before it counts as failed. @default 3 */
  attempts?: number;
  /** How often the coordinator checks job states it heard nothing about (ms). @default 5000 */
  reconcileIntervalMs?: number;
}

/** Failure of one row group after all its attempts. */
export interface FailedRowGroup {
  index: number;
  cause: string;
}

const ENQUEUE_CHUNK = 500;

/**
 * The coordinator of a distributed `create`: plans the row groups exactly as a local run (resume
 * included), enqueues one BullMQ job per missing row group (job id `<runId>-<index>`, so enqueueing
 * twice is a no-op), follows completions and failures, and when every row group is on disk writes
 * `metadata.json` and `model_usage.json` as a local run does. Workers (`startRowGroupWorker`) do
 * the generation. An aborted `signal` leaves the jobs in the queue; resuming picks them up.
 */
export async function createDatasetDistributed(options: CreateDatasetDistributedOptions): Promise<CreateDatasetResult> {
  const { Queue: QueueClass, QueueEvents: QueueEventsClass } = await importOptionalPackages(DISTRIBUTED_FEATURE, DISTRIBUTED_PACKAGES, () => import('bullmq'));
  const emit = options.onEvent ?? (() => undefined);
  const log = (level: 'info' | 'warning' | 'error', message: string) => emit({ type: 'log', level: level === 'error' ? 'warning' : level, message });
  const prefix = options.queue.prefix ?? DEFAULT_KEY_PREFIX;
  const queueName = options.queue.queueName ?? DEFAULT_QUEUE_NAME;
  const runConfig = RunConfigSchema.parse(options.runConfig ?? {});
  await mkdir(options.artifactPath, { recursive: true });
  const storage = new LocalArtifactStorage({
    artifactPath: options.artifactPath,
    datasetName: options.datasetName ?? 'dataset',
    resume: options.resume ?? 'never',
  });
  const fingerprint = configFingerprint(options.config);
  let connection: Redis | undefined;
  let eventsConnection: Redis | undefined;
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  try {
    const plan = await planResume({
      storage,
      fingerprint,
      numRecords: options.numRecords,
      bufferSize: runConfig.buffer_size,
      mode: options.resume ?? 'never',
      preserveDroppedColumns: runConfig.preserve_dropped_columns,
    });
    for (const message of plan.info) log('info', message);
    for (const message of plan.warnings) log('warning', message);
    const datasetPath = plan.datasetLocation;
    if (plan.action !== 'generate') {
      log('info', `Nothing to resume: ${plan.completedRecords} records already in ${datasetPath}.`);
      return { datasetPath, metadata: (await storage.readMetadata()) ?? {} };
    }
    const builderConfig = JSON.parse(dumpConfig(options.config, 'json')) as { data_designer: Record<string, unknown> };
    await storage.writeBuilderConfig(builderConfig.data_designer, LIBRARY_VERSION);
    const progress = { targetNumRecords: options.numRecords, originalTargetNumRecords: plan.originalTargetNumRecords, bufferSize: runConfig.buffer_size };
    await storage.writeProgressMetadata(progress);
    const groups: PlannedRowGroup[] = plan.rowGroups.toArray();
    const runId = distributedRunId({
      datasetLocation: datasetPath,
      fingerprint: fingerprint.config_hash,
      numRecords: options.numRecords,
      bufferSize: runConfig.buffer_size,
    });
    const seed = options.seed ?? randomInt(0, 2 ** 31);
    const usageKey = `${prefix}:run:${runId}:usage`;

    connection = await connectRedis(options.queue.redis, { role: 'coordinator', onLog: log });
    queue = new QueueClass(queueName, { connection, prefix });
    eventsConnection = await connectRedis(options.queue.redis, { role: 'coordinator (events)', onLog: log });
    events = new QueueEventsClass(queueName, { connection: eventsConnection, prefix });
    events.on('error', () => undefined);
    await events.waitUntilReady();
    await queue.waitUntilReady();

    const pending = new Map(groups.map((group) => [group.index, group]));
    const done = new Map<number, RowGroupJobResult>();
    const failed = new Map<number, FailedRowGroup>();
    const numRecords = groups.reduce((sum, group) => sum + group.size, 0);
    const started = Date.now();
    let recordsDone = 0;
    let lastEventAt = Date.now();
    let wake: (() => void) | undefined;
    const notify = () => {
      lastEventAt = Date.now();
      wake?.();
    };
    const indexOf = (jobId: string): number | undefined => {
      if (!jobId.startsWith(`${runId}-`)) return undefined;
      const index = Number(jobId.slice(runId.length + 1));
      return Number.isInteger(index) && pending.has(index) ? index : undefined;
    };
    // Progress is kept from the job results (O(1) per row group); only a result without its file (a
    // second delivery, a job found finished by reconcile, an unreadable result, every row dropped)
    // makes the next metadata write reread the folder.
    let needsRescan = false;
    const complete = (index: number, result: RowGroupJobResult) => {
      if (!pending.delete(index)) return;
      done.set(index, result);
      if (result.file !== null) storage.recordRowGroup({ index, numRows: result.records, path: result.file });
      else needsRescan = true;
      recordsDone += result.records;
      emit({ type: 'row-group-complete', index, records: result.records, path: result.file ?? undefined, datasetPath });
      notify();
    };
    const fail = (index: number, cause: string) => {
      if (!pending.delete(index)) return;
      failed.set(index, { index, cause });
      log('error', `✖ row group ${index} failed permanently: ${cause}`);
      notify();
    };
    events.on('completed', ({ jobId, returnvalue }) => {
      const index = indexOf(jobId);
      if (index === undefined) return;
      const parsed = RowGroupJobResultSchema.safeParse(typeof returnvalue === 'string' ? safeJson(returnvalue) : returnvalue);
      complete(index, parsed.success ? parsed.data : resultWithoutFigures(index, 0, false));
    });
    events.on('failed', ({ jobId, failedReason }) => {
      const index = indexOf(jobId);
      if (index === undefined || queue === undefined) return;
      void queue.getJobState(jobId).then((state) => {
        if (state === 'failed') fail(index, failedReason);
        else log('warning', `row group ${index} failed, retrying: ${failedReason}`);
      });
    });

    // Enqueue (ids are deterministic: a job still queued from an interrupted run is not added twice).
    const jobOptions = bullJobOptions(options.attempts ?? 3);
    const dataOf = (group: PlannedRowGroup): RowGroupJobData => ({
      schema: ROW_GROUP_JOB_SCHEMA_VERSION,
      runId,
      config: builderConfig.data_designer,
      fingerprint: fingerprint.config_hash,
      seed,
      runConfig: { ...runConfig },
      rowGroup: { index: group.index, size: group.size, rowOffset: group.rowOffset },
      storage: { kind: 'local', artifactPath: path.resolve(options.artifactPath), datasetName: storage.resolvedDatasetName() },
    });
    await reviveOldJobs(queue, runId, groups, datasetPath, storage, complete, log);
    for (let start = 0; start < groups.length; start += ENQUEUE_CHUNK) {
      const chunk = groups.slice(start, start + ENQUEUE_CHUNK).filter((group) => pending.has(group.index));
      await queue.addBulk(
        chunk.map((group) => ({ name: ROW_GROUP_JOB_NAME, data: dataOf(group), opts: { ...jobOptions, jobId: rowGroupJobId(runId, group.index) } })),
      );
    }
    emit({ type: 'run-started', numRecords, rowGroups: groups.length, generators: [] });
    log(
      'info',
      `📮 Enqueued ${groups.length} row group(s) of run ${runId} on queue '${queueName}' at ${redactRedisUrl(options.queue.redis)}; waiting for workers (data-designer worker --redis …).`,
    );

    const reconcileEvery = options.reconcileIntervalMs ?? 5_000;
    let lastProgress = 0;
    let lastMetadata = Date.now();
    while (pending.size > 0) {
      if (options.signal?.aborted) {
        throw new DistributedRunError(
          `Distributed run ${runId} interrupted: ${done.size} of ${groups.length} row group(s) done; the others stay queued for the workers.`,
          {
            fix: 'Resume with the same command and --resume always: finished row groups are kept, queued ones are not enqueued twice.',
          },
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        options.signal?.addEventListener('abort', () => wake?.(), { once: true });
      });
      wake = undefined;
      const now = Date.now();
      if (now - lastProgress >= 1_000) {
        lastProgress = now;
        const results = [...done.values()];
        const perWorker = new Map<string, number>();
        for (const result of results) perWorker.set(result.worker, (perWorker.get(result.worker) ?? 0) + 1);
        const latest = new Map<string, RowGroupJobResult>();
        for (const result of results) latest.set(result.worker, result);
        const requests = [...latest.values()].reduce((sum, result) => sum + result.requests, 0);
        const rateLimited = [...latest.values()].reduce((sum, result) => sum + result.rateLimited, 0);
        emit({
          type: 'progress',
          recordsDone,
          numRecords,
          columns: [],
          errors: failed.size,
          retries: 0,
          requests,
          failedRequests: rateLimited,
          elapsedMs: now - started,
        });
        if (perWorker.size > 0 && now - lastMetadata >= 5_000) {
          const eta = recordsDone > 0 ? ((now - started) / recordsDone) * (numRecords - recordsDone) : undefined;
          log(
            'info',
            `row groups done per worker: ${[...perWorker].map(([worker, count]) => `${worker} ${count}`).join(', ')}; requests ${requests}, 429s ${rateLimited}${eta === undefined ? '' : `, ETA ${Math.ceil(eta / 1000)} s`}`,
          );
        }
      }
      if (now - lastMetadata >= 5_000) {
        lastMetadata = now;
        if (needsRescan) {
          needsRescan = false;
          await storage.listCompletedRowGroups({ refresh: true });
        }
        await storage.writeProgressMetadata(progress);
      }
      if (now - lastEventAt >= reconcileEvery) {
        lastEventAt = now;
        await reconcile(queue, runId, pending, storage, complete, fail, (group) =>
          queue?.add(ROW_GROUP_JOB_NAME, dataOf(group), { ...jobOptions, jobId: rowGroupJobId(runId, group.index) }),
        );
      }
    }

    // The files on disk are the truth of the final metadata: one folder scan per run.
    await storage.listCompletedRowGroups({ refresh: true });
    await storage.writeProgressMetadata(progress);
    const metadata =
      (failed.size === 0 ? await runAfterGenerationStage(options.config, storage, runConfig.buffer_size, emit) : undefined) ??
      (await storage.writeProgressMetadata(progress));
    const modelUsage = await writeUsage(connection, usageKey, storage, options);
    await connection.del(usageKey);
    if (failed.size > 0) {
      const list = [...failed.values()].sort((a, b) => a.index - b.index);
      throw new DistributedRunError(
        `🛑 ${list.length} of ${groups.length} row group(s) failed permanently: ${list
          .slice(0, 5)
          .map((f) => `row group ${f.index}: ${f.cause}`)
          .join('; ')}${list.length > 5 ? '; …' : ''}`,
        { fix: 'Fix the cause, then rerun with --resume always: finished row groups are kept and only the failed ones run again.' },
      );
    }
    emit({ type: 'run-complete', records: recordsDone, elapsedMs: Date.now() - started });
    return modelUsage ? { datasetPath, metadata, modelUsage } : { datasetPath, metadata };
  } finally {
    await events?.close().catch(() => undefined);
    await queue?.close().catch(() => undefined);
    connection?.disconnect();
    eventsConnection?.disconnect();
    await storage.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A row group's result without a worker's figures (already on disk, or a completed job whose return value does not parse). */
function resultWithoutFigures(index: number, records: number, alreadyDone: boolean): RowGroupJobResult {
  return { index, records, file: null, alreadyDone, worker: '?', elapsedMs: 0, requests: 0, rateLimited: 0 };
}

/** Jobs of this run left by an interrupted coordinator: completed ones count, failed ones run again. */

async function reviveOldJobs(
  queue: Queue,
  runId: string,
  groups: readonly PlannedRowGroup[],
  datasetPath: string,
  storage: LocalArtifactStorage,
  complete: (index: number, result: RowGroupJobResult) => void,
  log: (level: 'info' | 'warning' | 'error', message: string) => void,
): Promise<void> {
  let revived = 0;
  for (const group of groups) {
    const job: Job | undefined = await queue.getJob(rowGroupJobId(runId, group.index));
    if (!job) continue;
    const state = await job.getState();
    if (state === 'completed') {
      // Completed but not on disk (folder cleaned): run it again; on disk: it is done.
      if (existsSync(storage.batchFilePath('final', group.index))) {
        complete(group.index, resultWithoutFigures(group.index, group.size, true));
      } else await job.remove();
    } else if (state === 'failed') {
      await job.retry('failed');
      revived++;
    }
  }
  if (revived > 0) log('info', `Retrying ${revived} row group(s) that failed in an earlier run of ${datasetPath}.`);
}

/** Checks jobs nothing was heard about (events lost while Redis was away): finished, failed or gone. */
async function reconcile(
  queue: Queue,
  runId: string,
  pending: ReadonlyMap<number, PlannedRowGroup>,
  storage: LocalArtifactStorage,
  complete: (index: number, result: RowGroupJobResult) => void,
  fail: (index: number, cause: string) => void,
  requeue: (group: PlannedRowGroup) => Promise<unknown> | undefined,
): Promise<void> {
  for (const group of [...pending.values()]) {
    const job = await queue.getJob(rowGroupJobId(runId, group.index));
    if (!job) {
      if (existsSync(storage.batchFilePath('final', group.index))) {
        complete(group.index, resultWithoutFigures(group.index, group.size, true));
      } else await requeue(group);
      continue;
    }
    const state = await job.getState();
    if (state === 'completed') {
      const parsed = RowGroupJobResultSchema.safeParse(job.returnvalue);
      complete(group.index, parsed.success ? parsed.data : resultWithoutFigures(group.index, group.size, false));
    } else if (state === 'failed') fail(group.index, job.failedReason ?? 'unknown');
  }
}

/** Sums the usage every worker process recorded for the run and writes `model_usage.json`. */
async function writeUsage(connection: Redis, usageKey: string, storage: LocalArtifactStorage, options: CreateDatasetDistributedOptions) {
  const perWorker = await connection.hgetall(usageKey);
  const entries = Object.values(perWorker);
  if (entries.length === 0) return undefined;
  const total: Record<string, ModelUsageStats> = {};
  for (const text of entries) {
    const usage = safeJson(text) as Record<string, ModelUsageStats> | undefined;
    for (const [alias, stats] of Object.entries(usage ?? {})) total[alias] = addUsage(total[alias], stats);
  }
  const recorder = new ModelUsageRecorder(storage, options.config.model_configs ?? []);
  await recorder.start();
  return recorder.write(total);
}

function addUsage(a: ModelUsageStats | undefined, b: ModelUsageStats): ModelUsageStats {
  if (!a) return structuredClone(b);
  return {
    model: a.model || b.model,
    tokens: {
      input: a.tokens.input + b.tokens.input,
      output: a.tokens.output + b.tokens.output,
      reasoning: a.tokens.reasoning + b.tokens.reasoning,
      total: a.tokens.total + b.tokens.total,
      reasoningSource: a.tokens.reasoningSource ?? b.tokens.reasoningSource,
    },
    requests: {
      successful: a.requests.successful + b.requests.successful,
      failed: a.requests.failed + b.requests.failed,
      total: a.requests.total + b.requests.total,
    },
    images: a.images + b.images,
  };
}
