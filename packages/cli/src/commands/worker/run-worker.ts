import { ExitError } from '../../errors/exit-error.js';
import { defaultModelProviders } from '../../data-designer.js';
import { importModules } from '../load-config-source.js';

/** Flags of `data-designer worker`. */
export interface WorkerCommandOptions {
  /** Redis URL; falls back to $DATA_DESIGNER_REDIS_URL. */
  redis?: string;
  queue: string;
  concurrency: number;
  imports?: string[];
}

/**
 * `data-designer worker --redis URL`: takes row-group jobs, and batches of every queued data factory
 * the `-i` modules register, until SIGINT/SIGTERM, then stops taking jobs, finishes the ones it holds
 * and exits 0. Providers come from this machine's `DATA_DESIGNER_HOME`, never from the queue.
 */
export async function runWorker(options: WorkerCommandOptions): Promise<void> {
  const redis = options.redis ?? (process.env.DATA_DESIGNER_REDIS_URL || undefined);
  if (!redis) {
    throw new ExitError('data-designer worker needs a Redis URL.', 2, { fix: 'Pass --redis redis://host:6379 or set DATA_DESIGNER_REDIS_URL.' });
  }
  await importModules(options.imports);
  const { startRowGroupWorker, startFactoryWorker, queuedFactoryNames } = await import('@dd/engine');
  const print = (level: 'info' | 'warning' | 'error', message: string) =>
    process.stderr.write(`${level === 'info' ? '' : level === 'warning' ? '⚠️  ' : '🛑 '}${message}\n`);
  const worker = await startRowGroupWorker({
    redis,
    queueName: options.queue,
    concurrency: options.concurrency,
    modelProviders: defaultModelProviders(),
    onLog: print,
  });
  const factoryWorker =
    queuedFactoryNames().length > 0
      ? await startFactoryWorker({ redis, queueName: options.queue, concurrency: options.concurrency, workerId: worker.id, onLog: print })
      : undefined;
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      print('info', `🛑 ${signal}: worker ${worker.id} stops taking jobs and finishes the ones it holds…`);
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
      resolve();
    };
    const onSigint = () => stop('SIGINT');
    const onSigterm = () => stop('SIGTERM');
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
  });
  await Promise.all([worker.close(), factoryWorker?.close()]);
  print(
    'info',
    `👋 worker ${worker.id} finished ${worker.completed} row group(s)${factoryWorker ? ` and ${factoryWorker.completed} data-factory batch(es)` : ''}.`,
  );
}
