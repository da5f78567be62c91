// The data factory on BullMQ workers vs in process, on an I/O-bound function (each input sleeps
// latencyMs, as a model call would): wall time of run() over N inputs, in process and with 1 and 2
// worker processes (each running `batches` batches of 4 × maxConcurrency inputs at once, maxConcurrency
// inside), and
// the efficiency against the physical limit N·latency / (slots in flight). Prints figures, asserts none.
// Needs a Redis (REDIS_URL, 127.0.0.1:6379, or a redis-server binary); without one it says so.
// Usage (after the build): node bench/factory-queue.bench.mjs [inputs=2000] [latencyMs=50] [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataFactory, deleteRedisKeys } from '../dist/index.js';
import { positionalArgs, printBenchJson } from './llm-bench-support.mjs';
import { acquireBenchRedis, startReadyWorkers } from './redis-bench-support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const inputsCount = Number(positionalArgs[0] ?? 2000);
const latencyMs = Number(positionalArgs[1] ?? 50);
const maxConcurrency = 16;
const batches = 2;

const redis = await acquireBenchRedis('factory queue');
const prefix = redis.uniquePrefix();
Object.assign(process.env, {
  FACTORY_BENCH_REDIS: redis.url,
  FACTORY_BENCH_PREFIX: prefix,
  FACTORY_BENCH_LATENCY_MS: String(latencyMs),
  FACTORY_BENCH_CONCURRENCY: String(maxConcurrency),
  FACTORY_BENCH_BATCHES: String(batches),
});
const { sleeper, benchOptions, queueOptions } = await import('./factory-queue-module.mjs');
const root = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-fq-'));
const inputs = Array.from({ length: inputsCount }, (_, index) => index);

/** Worker processes (factory-queue-worker.mjs) serving the bench factory, configured through process.env. */
const startWorkers = (count) => startReadyWorkers(path.join(here, 'factory-queue-worker.mjs'), count);

async function timed(label, slots, factory) {
  const started = performance.now();
  const result = await factory.run(inputs);
  const seconds = (performance.now() - started) / 1000;
  if (result.records.length !== inputsCount) throw new Error(`${label}: ${result.records.length} records, expected ${inputsCount}`);
  const limit = (inputsCount * latencyMs) / 1000 / slots;
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2)} s  (limit ${limit.toFixed(2)} s, efficiency ${(limit / seconds).toFixed(3)})`);
  return { seconds, limit, efficiency: limit / seconds };
}

const figures = { inputs: inputsCount, latencyMs, maxConcurrency, batchesPerWorker: batches };
try {
  figures.local = await timed('in process', maxConcurrency, dataFactory(sleeper, { ...benchOptions(), artifactPath: root, jobName: 'local' }));
  for (const count of [1, 2]) {
    const pool = await startWorkers(count);
    try {
      const factory = dataFactory(sleeper, { ...benchOptions(), name: 'bench-sleeper', artifactPath: root, jobName: `queued-${count}`, queue: queueOptions() });
      figures[`workers${count}`] = await timed(`${count} worker process(es), ${batches} batches each`, count * batches * maxConcurrency, factory);
    } finally {
      await pool.stop();
    }
  }
  figures.speedup2vs1 = figures.workers1.seconds / figures.workers2.seconds;
  console.log(`2 workers vs 1: ${figures.speedup2vs1.toFixed(2)}×`);
} finally {
  await deleteRedisKeys(redis.url, prefix);
  await redis.close();
  rmSync(root, { recursive: true, force: true });
}
printBenchJson(figures);
