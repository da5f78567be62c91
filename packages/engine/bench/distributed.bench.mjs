// Distributed generation (BullMQ workers on Redis), against the local test server:
// (a) one vs two worker processes on an offline sampler/expression config: wall time from enqueue to
//     the last row group, and the speed-up (2 cores here: the ratio is the figure);
// (b) three worker processes against a provider that takes at most 8 requests at once (429 above it),
//     client max_parallel_requests 64 each: shared limiter (RedisAdmissionStateStore) vs per-process
//     limiters. Reports the 429 share and the fraction of the physical limit (successful requests/s
//     ÷ cap/latency). Target with sharing: ≥ 0.85 of the limit and < 5 % 429s.
// Needs a Redis (REDIS_URL, 127.0.0.1:6379, or a redis-server binary); without one it says so.
// Usage (after the build): node bench/distributed.bench.mjs [offlineRecords=100000] [llmRecords=600] [latencyMs=50] [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@dd/config';
import { createDatasetDistributed, deleteRedisKeys } from '../dist/index.js';
import { benchProvider, pipelineConfig, positionalArgs, printBenchJson, startBenchServer } from './llm-bench-support.mjs';
import { acquireBenchRedis, startReadyWorkers } from './redis-bench-support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const offlineRecords = Number(positionalArgs[0] ?? 100_000);
const llmRecords = Number(positionalArgs[1] ?? 600);
const latencyMs = Number(positionalArgs[2] ?? 50);
const cap = 8;
const maxParallel = 64;

const redis = await acquireBenchRedis('distributed');
const root = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-dist-'));
process.env.DD_BENCH_KEY ??= 'bench-key';

/** Worker processes (distributed-worker.mjs) serving the queue `options` name. */
const startWorkers = (count, options) => startReadyWorkers(path.join(here, 'distributed-worker.mjs'), count, [JSON.stringify(options)]);

async function timedRun({ config, records, workers, bufferSize, shared = true, providers, datasetName, runConfig = {} }) {
  const prefix = redis.uniquePrefix();
  const queue = 'bench';
  const pool = await startWorkers(workers, { redis: redis.url, prefix, queue, shared, providers, concurrency: 1 });
  try {
    const started = performance.now();
    await createDatasetDistributed({
      config,
      runConfig: { buffer_size: bufferSize, ...runConfig },
      numRecords: records,
      seed: 5,
      artifactPath: root,
      datasetName,
      queue: { redis: redis.url, prefix, queueName: queue },
    });
    return (performance.now() - started) / 1000;
  } finally {
    await pool.stop();
    await deleteRedisKeys(redis.url, prefix);
  }
}

try {
  // (a) offline scaling
  const offline = await loadConfig({
    columns: [
      { name: 'tier', column_type: 'sampler', sampler_type: 'category', params: { values: ['a', 'b', 'c'], weights: [1, 2, 3] } },
      { name: 'n', column_type: 'sampler', sampler_type: 'poisson', params: { mean: 4 } },
      { name: 'score', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 1 } },
      { name: 'age', column_type: 'sampler', sampler_type: 'gaussian', params: { mean: 40, stddev: 10 } },
      { name: 'label', column_type: 'expression', expr: '{{ tier | upper }}-{{ n }}' },
      { name: 'bucket', column_type: 'expression', expr: "{{ 'old' if age > 50 else 'young' }}" },
    ],
  });
  const bufferSize = Math.max(1000, Math.ceil(offlineRecords / 20));
  const one = await timedRun({ config: offline, records: offlineRecords, workers: 1, bufferSize, datasetName: 'offline-1' });
  const two = await timedRun({ config: offline, records: offlineRecords, workers: 2, bufferSize, datasetName: 'offline-2' });
  console.log(
    `distributed offline: ${offlineRecords} records in ${Math.ceil(offlineRecords / bufferSize)} row groups: 1 worker ${one.toFixed(2)} s (${Math.round(offlineRecords / one)} rec/s), ` +
      `2 workers ${two.toFixed(2)} s (${Math.round(offlineRecords / two)} rec/s) = ${(one / two).toFixed(2)}× (2 cores, shared with the coordinator and Redis; load ${os.loadavg()[0].toFixed(2)})`,
  );

  // (b) shared vs per-process limiters
  const llmResults = {};
  for (const shared of [true, false]) {
    const server = await startBenchServer({ latencyMs, maxConcurrent: cap, retryAfterMs: 1000, recordRequests: false });
    try {
      const config = await loadConfig(pipelineConfig(maxParallel));
      await server.startSampling();
      const seconds = await timedRun({
        config,
        records: llmRecords,
        workers: 3,
        bufferSize: 50,
        shared,
        providers: [benchProvider(server.url)],
        datasetName: `llm-${shared ? 'shared' : 'local'}`,
        runConfig: { max_concurrent_row_groups: 2 },
      });
      const { stats, meanInFlight } = await server.finish();
      const ok = stats.byStatus[200] ?? 0;
      const rateLimited = stats.byStatus[429] ?? 0;
      const ratio = ok / seconds / (cap / (latencyMs / 1000));
      const share429 = rateLimited / Math.max(1, stats.total);
      llmResults[shared ? 'shared' : 'perProcess'] = { seconds, ok, rateLimited, share429, ratio, meanInFlight, requests: stats.total };
      console.log(
        `distributed LLM, 3 workers, ${shared ? 'shared limiter     ' : 'per-process limiters'}: ${ok} × 200 in ${seconds.toFixed(2)} s = ${ratio.toFixed(3)} of the limit (cap ${cap} at ${latencyMs} ms; target ≥ 0.85 shared), ` +
          `429s ${rateLimited} of ${stats.total} = ${(share429 * 100).toFixed(2)} % (target < 5 % shared), server in flight mean ${meanInFlight.toFixed(2)} max ${stats.maxConcurrent}`,
      );
    } finally {
      await server.close();
    }
  }
  printBenchJson({ offlineRecords, oneWorkerSeconds: one, twoWorkerSeconds: two, speedup: one / two, llmRecords, latencyMs, cap, maxParallel, ...llmResults });
} finally {
  rmSync(root, { recursive: true, force: true });
  await redis.close();
}
