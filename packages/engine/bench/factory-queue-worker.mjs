// Child process of factory-queue.bench.mjs: serves the bench factory until SIGTERM (prints "ready").
import { startFactoryWorker } from '../dist/index.js';
import './factory-queue-module.mjs';

const worker = await startFactoryWorker({
  redis: process.env.FACTORY_BENCH_REDIS,
  prefix: process.env.FACTORY_BENCH_PREFIX,
  concurrency: Number(process.env.FACTORY_BENCH_BATCHES ?? 2),
  onLog: (level, message) => {
    if (level !== 'info') process.stderr.write(`[factory worker ${process.pid}] ${message}\n`);
  },
});
process.stdout.write('ready\n');
process.once('SIGTERM', async () => {
  await worker.close();
  process.exit(0);
});
