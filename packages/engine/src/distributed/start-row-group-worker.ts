import { existsSync } from 'node:fs';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { configFingerprint, loadConfig, type MCPProviderConfig, type ModelProvider } from '@dd/config';
import { LocalArtifactStorage } from '../artifacts/index.js';
import { generateRowGroup } from '../builder/generate-row-group.js';
import { prepareRun, type PreparedRun } from '../builder/run-generation.js';
import { RequestAdmissionController } from '../models/admission/index.js';
import { DistributedRunError } from './distributed-errors.js';
import { RedisAdmissionStateStore } from './redis-admission-state-store.js';
import { importOptionalPackages } from '../optional-packages/index.js';
import { connectRedis } from './connect-redis.js';
import { DISTRIBUTED_FEATURE, DISTRIBUTED_PACKAGES } from './distributed-packages.js';
import { DEFAULT_KEY_PREFIX, DEFAULT_QUEUE_NAME, redactRedisUrl, type RedisQueueOptions } from './redis-connection.js';
import { bullWorkerOptions } from './bull-options.js';
import { parseRowGroupJobData, ROW_GROUP_JOB_NAME, type RowGroupJobData, type RowGroupJobResult } from './row-group-job.js';

/** Options of `startRowGroupWorker`. */
export interface RowGroupWorkerOptions extends RedisQueueOptions {
  /** Row groups generated at once by this process. @default 1 */
  concurrency?: number;
  /** Providers the model configs name (this machine's `model_providers.yaml`). */
  modelProviders?: readonly ModelProvider[];
  /** MCP providers (this machine's `mcp_providers.yaml`). */
  mcpProviders?: readonly MCPProviderConfig[];
  /** Name in progress and results. @default `<hostname>-<pid>-<random>` */
  workerId?: string;
  /** Lines to show (job start/finish, Redis outages). */
  onLog?: (level: 'info' | 'warning' | 'error', message: string) => void;
  /** Share the AIMD limit and in-flight count with every process on this Redis. @default true */
  sharedAdmission?: boolean;
  /** Overrides of the lock settings (tests). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** A running worker. */
export interface RowGroupWorker {
  /** This worker's name. */
  readonly id: string;
  /** Row groups finished by this process. */
  readonly completed: number;
  /** Stops taking jobs, finishes the ones it holds, closes models and connections. */
  close(): Promise<void>;
}

interface CachedRun {
  key: string;
  prepared: Promise<PreparedRun>;
  storage: LocalArtifactStorage;
  admission: RequestAdmissionController;
  rateLimited: number;
}

const RUN_CACHE_SIZE = 2;

/**
 * Runs a BullMQ worker on the row-group queue: each job generates one row group into the shared
 * dataset folder through `ArtifactStorage`. A run's config is compiled and its models checked once
 * per process (cached by run id). Model usage of the process is kept in `<prefix>:run:<runId>:usage`.
 */
export async function startRowGroupWorker(options: RowGroupWorkerOptions): Promise<RowGroupWorker> {
  const { Worker: WorkerClass } = await importOptionalPackages(DISTRIBUTED_FEATURE, DISTRIBUTED_PACKAGES, () => import('bullmq'));
  const log = options.onLog ?? (() => undefined);
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const id = options.workerId ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`;
  const connection: Redis = await connectRedis(options.redis, { role: `worker ${id}`, onLog: log });
  const admissionConnection: Redis = await connectRedis(options.redis, { role: `worker ${id} (admission)`, onLog: log, maxRetriesPerRequest: 1 });
  const subscriber: Redis | undefined =
    options.sharedAdmission === false ? undefined : await connectRedis(options.redis, { role: `worker ${id} (admission events)`, onLog: log });
  const store =
    options.sharedAdmission === false ? undefined : new RedisAdmissionStateStore({ redis: admissionConnection, subscriber, prefix, processId: id, onLog: log });
  const runs: CachedRun[] = [];
  let completed = 0;

  const runFor = (data: RowGroupJobData): CachedRun => {
    const key = `${data.runId}:${data.fingerprint}`;
    const cached = runs.find((run) => run.key === key);
    if (cached) return cached;
    const storage = new LocalArtifactStorage({ artifactPath: data.storage.artifactPath, datasetName: data.storage.datasetName, resume: 'always' });
    storage.resolveDatasetDirectory({ reuse: true, required: true });
    const tuning = (data.runConfig as { request_admission?: Record<string, unknown> | null }).request_admission ?? undefined;
    const admission = new RequestAdmissionController({
      // Shared state: no slow start (see the option), the limit grows by the additive steps.
      ...(store ? { store, slowStart: false } : {}),
      tuning: tuning ?? undefined,
      onEvent: (event) => {
        if (event.type === 'request_rate_limited') run.rateLimited++;
      },
    });
    const prepared = (async () => {
      const config = await loadConfig(data.config);
      if (configFingerprint(config).config_hash !== data.fingerprint) {
        throw new DistributedRunError(`Row-group job of run ${data.runId}: the config's fingerprint differs after loading on this worker.`, {
          fix: 'Run the same Data Designer version (and plugins, -i modules) on the coordinator and every worker.',
        });
      }
      return prepareRun({
        config,
        runConfig: data.runConfig,
        numRecords: data.rowGroup.size,
        seed: data.seed,
        ...(options.modelProviders ? { modelProviders: options.modelProviders } : {}),
        ...(options.mcpProviders ? { mcpProviders: options.mcpProviders } : {}),
        requestAdmission: admission,
        onEvent: (event) => {
          if (event.type === 'log' && event.level !== 'info') log('warning', event.message);
        },
      });
    })();
    prepared.catch(() => undefined);
    const run: CachedRun = { key, storage, rateLimited: 0, admission, prepared };
    runs.push(run);
    while (runs.length > RUN_CACHE_SIZE) void closeRun(runs.shift() as CachedRun);
    return run;
  };

  const processJob = async (job: Job): Promise<RowGroupJobResult> => {
    const data = parseRowGroupJobData(job.data);
    const started = Date.now();
    const run = runFor(data);
    const { index } = data.rowGroup;
    if (existsSync(run.storage.batchFilePath('final', index))) {
      // A second delivery (e.g. the first holder was presumed dead but finished): the file is the truth.
      return { index, records: data.rowGroup.size, file: null, alreadyDone: true, worker: id, elapsedMs: 0, requests: 0, rateLimited: 0 };
    }
    let prepared: PreparedRun;
    try {
      prepared = await run.prepared;
    } catch (error) {
      // A failed preparation (bad model, unreachable provider) is retried with a fresh one next time.
      const position = runs.indexOf(run);
      if (position >= 0) runs.splice(position, 1);
      throw error;
    }
    log('info', `▶ row group ${index} (${data.rowGroup.size} rows) of run ${data.runId}`);
    const written = await generateRowGroup(prepared, run.storage, data.rowGroup);
    const usage = prepared.models?.usage() ?? {};
    let requests = 0;
    for (const stats of Object.values(usage)) requests += stats.requests.total;
    if (prepared.models) await connection.hset(`${prefix}:run:${data.runId}:usage`, id, JSON.stringify(usage));
    completed++;
    log('info', `✅ row group ${index}: ${written.records} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return {
      index,
      records: written.records,
      file: written.file,
      alreadyDone: false,
      worker: id,
      elapsedMs: Date.now() - started,
      requests,
      rateLimited: run.rateLimited,
    };
  };

  const worker: Worker = new WorkerClass(
    queueName,
    async (job: Job) => {
      if (job.name !== ROW_GROUP_JOB_NAME) throw new DistributedRunError(`Unknown job '${job.name}' on queue '${queueName}'.`);
      return processJob(job);
    },
    bullWorkerOptions(connection, prefix, options),
  );
  worker.on('error', (error) => log('warning', `worker ${id}: ${error.message}`));
  worker.on('failed', (job, error) =>
    log('warning', `✖ row group ${String((job?.data as { rowGroup?: { index?: number } } | undefined)?.rowGroup?.index)} failed on ${id}: ${error.message}`),
  );
  await worker.waitUntilReady();
  log('info', `👷 worker ${id} on queue '${queueName}' at ${redactRedisUrl(options.redis)} (concurrency ${options.concurrency ?? 1})`);

  let closing: Promise<void> | undefined;
  return {
    id,
    get completed() {
      return completed;
    },
    close() {
      closing ??= (async () => {
        await worker.close();
        await Promise.all(runs.splice(0).map((run) => closeRun(run)));
        await store?.close();
        connection.disconnect();
        admissionConnection.disconnect();
        subscriber?.disconnect();
      })();
      return closing;
    },
  };
}

async function closeRun(run: CachedRun): Promise<void> {
  run.admission.close();
  await run.storage.close().catch(() => undefined);
  const prepared = await run.prepared.catch(() => undefined);
  await prepared?.seedReader?.close();
  await prepared?.models?.close();
}
