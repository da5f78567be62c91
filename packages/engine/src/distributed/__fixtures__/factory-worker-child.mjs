// A worker process of the queued-factory tests: registers the shared factory from the built engine,
// serves its batches (short lock so a SIGKILLed peer's batch is taken over within seconds), prints its
// log lines on stdout, and exits 0 after SIGTERM once its batches are finished. With FACTORY_OLD_VERSION
// set it registers another function under the same name (a worker running an older module).
import * as engine from '../../../dist/index.js';
import { squares, squaresOptions } from './queued-factory.mjs';

const [redis, prefix, workerId] = process.argv.slice(2);
const oldSquares = async (n) => ({ id: `r-${n}`, n, square: n * n + 1 });
engine.dataFactory(process.env.FACTORY_OLD_VERSION ? oldSquares : squares, squaresOptions({ redis, prefix }));
const worker = await engine.startFactoryWorker({
  redis,
  prefix,
  workerId,
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
  onLog: (level, message) => process.stdout.write(`${level} ${message}\n`),
});
process.once('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
