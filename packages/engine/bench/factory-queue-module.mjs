// The factory of factory-queue.bench.mjs, imported by the bench (caller, local run) and its worker
// children: each input sleeps FACTORY_BENCH_LATENCY_MS (an I/O-bound call such as a model request).
import { dataFactory } from '../dist/index.js';

export async function sleeper(n, { signal }) {
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.FACTORY_BENCH_LATENCY_MS ?? 50)));
  if (signal.aborted) throw new Error('aborted');
  return { n, text: `record ${n}` };
}

export const benchOptions = () => ({ maxConcurrency: Number(process.env.FACTORY_BENCH_CONCURRENCY ?? 16), batchSize: 500, taskTimeoutMs: 60_000 });

export const queueOptions = () => ({ redis: process.env.FACTORY_BENCH_REDIS, prefix: process.env.FACTORY_BENCH_PREFIX });

// Registered under its name when the module loads (what a worker serves).
dataFactory(sleeper, { ...benchOptions(), name: 'bench-sleeper', storage: 'memory', queue: queueOptions() });
