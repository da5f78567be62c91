// Entry of the sampler thread (see SamplerThread): once told the run's sampler columns, constraints
// and seed (`init`), rebuilds the sampler generator and samples the row groups it is asked for, one
// message each. It can start before the run is known (`prewarmSamplerThread`): its modules load first.
import { parentPort } from 'node:worker_threads';
import type { BatchColumnGenerator } from '../columns/column-generator.js';
import { evaluateCondition } from '../templates/evaluate-condition.js';
import { createSamplerGenerator } from './create-sampler-generator.js';
import type { SamplerThreadInit } from './sampler-thread.js';

type Request = { type: 'init'; init: SamplerThreadInit } | { type: 'batch'; rowGroup: number; size: number };

const port = parentPort;
if (port !== null) {
  let generator: BatchColumnGenerator | undefined;
  const signal = new AbortController().signal;
  port.on('message', (request: Request) => {
    if (request.type === 'init') {
      const { columns, constraints, seed } = request.init;
      generator = createSamplerGenerator({ columns, constraints, seed, evaluateCondition });
      port.postMessage({ ready: true });
      return;
    }
    const { rowGroup, size } = request;
    if (generator === undefined) {
      port.postMessage({ rowGroup, size, error: 'not initialized' });
      return;
    }
    const rows = Array.from({ length: size }, () => ({}));
    generator.generateBatch(rows, { rowGroup, rowOffset: 0, signal }).then(
      (sampled) => port.postMessage({ rowGroup, size, rows: sampled }),
      (error: unknown) => port.postMessage({ rowGroup, size, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
