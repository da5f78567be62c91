import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { enginePackageRoot } from '../package-files/package-root.js';

let prewarmed: Worker | undefined;

/** The sampler thread's script (the built entry: dist/ is bundled, so not a path relative to this module). */
export function samplerWorkerPath(): string {
  return path.join(enginePackageRoot(), 'dist', 'samplers', 'sampler-worker.js');
}

/**
 * Starts a sampler thread now, before the run is planned, so that its modules (the samplers, faker,
 * `@dd/config`) load on another core while the main thread loads and checks the config: the next
 * run's `SamplerThread` adopts it. For a command about to generate many row groups; an unused thread
 * never keeps the process alive. Does nothing when one is already waiting.
 */
export function prewarmSamplerThread(): void {
  if (prewarmed !== undefined) return;
  try {
    prewarmed = new Worker(samplerWorkerPath());
  } catch {
    prewarmed = undefined;
    return;
  }
  prewarmed.unref();
  const forget = (): void => {
    prewarmed = undefined;
  };
  prewarmed.once('error', forget);
  prewarmed.once('exit', forget);
}

/** The thread `prewarmSamplerThread` started, handed over once (undefined when none is waiting). */
export function takePrewarmedSamplerWorker(): Worker | undefined {
  const worker = prewarmed;
  prewarmed = undefined;
  worker?.removeAllListeners('error').removeAllListeners('exit');
  return worker;
}
