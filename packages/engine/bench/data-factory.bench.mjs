// dataFactory throughput against the physical limit: N inputs, the function sleeps S ms, C at once, so no
// scheduler can finish faster than N·S/C. Records persist to parquet + the job ledger (pass --memory to skip).
// Prints one line; target efficiency (limit / wall) ≥ 0.95. Run after the build:
//   node bench/data-factory.bench.mjs [inputs=10000] [sleepMs=100] [concurrency=64] [--memory]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataFactory } from '../dist/index.js';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const memory = process.argv.includes('--memory');
const inputs = Number(args[0] ?? 10_000);
const sleepMs = Number(args[1] ?? 100);
const concurrency = Number(args[2] ?? 64);
const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-factory-bench-'));
try {
  const factory = dataFactory(
    async (n) => {
      await new Promise((resolve) => setTimeout(resolve, sleepMs));
      return { n, text: `record ${n}` };
    },
    { maxConcurrency: concurrency, ...(memory ? { storage: 'memory' } : { artifactPath: dir, jobName: 'bench', batchSize: 500 }) },
  );
  const started = performance.now();
  const result = await factory.run(Array.from({ length: inputs }, (_, index) => index));
  const wallS = (performance.now() - started) / 1000;
  const limitS = (inputs * sleepMs) / 1000 / concurrency;
  const efficiency = limitS / wallS;
  if (result.records.length !== inputs) throw new Error(`expected ${inputs} records, got ${result.records.length}`);
  const figures = {
    inputs,
    sleepMs,
    concurrency,
    persisted: !memory,
    wallS: +wallS.toFixed(3),
    limitS: +limitS.toFixed(3),
    efficiency: +efficiency.toFixed(4),
  };
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else
    console.log(
      `dataFactory ${inputs} inputs × ${sleepMs} ms @ ${concurrency}${memory ? ' (memory)' : ' (parquet)'}: wall ${wallS.toFixed(2)} s vs limit ${limitS.toFixed(2)} s → efficiency ${efficiency.toFixed(3)} (target ≥ 0.95) ${efficiency >= 0.95 ? 'OK' : 'BELOW TARGET'}`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
