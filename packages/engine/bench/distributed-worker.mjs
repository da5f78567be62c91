// Child process of distributed.bench.mjs: one `startRowGroupWorker` (from the built engine) until SIGTERM.
// Usage: node bench/distributed-worker.mjs '<options JSON>'   (prints "ready" once it takes jobs)
import { startRowGroupWorker } from '../dist/index.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const worker = await startRowGroupWorker({
  redis: options.redis,
  prefix: options.prefix,
  queueName: options.queue,
  concurrency: options.concurrency ?? 1,
  sharedAdmission: options.shared !== false,
  modelProviders: options.providers,
  onLog: (level, message) => {
    if (level !== 'info') process.stderr.write(`[worker ${process.pid}] ${message}\n`);
  },
});
process.stdout.write('ready\n');
process.once('SIGTERM', async () => {
  await worker.close();
  process.exit(0);
});
