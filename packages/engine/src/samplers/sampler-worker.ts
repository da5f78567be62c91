// Entry of the sampler thread (see SamplerThread): rebuilds the sampler generator from the run's
// sampler columns, constraints and seed, then samples the row groups it is asked for, one message each.
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateCondition } from '../templates/evaluate-condition.js';
import { createSamplerGenerator } from './create-sampler-generator.js';
import type { SamplerThreadInit } from './sampler-thread.js';

const port = parentPort;
if (port !== null) {
  const init = workerData as SamplerThreadInit;
  const generator = createSamplerGenerator({ columns: init.columns, constraints: init.constraints, seed: init.seed, evaluateCondition });
  const signal = new AbortController().signal;
  port.on('message', (request: { rowGroup: number; size: number }) => {
    const rows = Array.from({ length: request.size }, () => ({}));
    generator.generateBatch(rows, { rowGroup: request.rowGroup, rowOffset: 0, signal }).then(
      (sampled) => port.postMessage({ ...request, rows: sampled }),
      (error: unknown) => port.postMessage({ ...request, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  port.postMessage({ ready: true });
}
