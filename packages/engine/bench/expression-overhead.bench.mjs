// Scheduler overhead with real cell tasks: createDataset of N records × (1 sampler + 5 chained
// expression columns `{{ x }}` → e1 → … → e5), minus the time of rendering the same 5 expressions
// directly in a loop with renderTemplate, divided by the N × 5 cell tasks. Target < 50 µs per task.
// Two figures:
//   - "gross": (createDataset total − direct rendering) / tasks — the brief's formula; it also charges
//     the sampler column and the parquet writing of the 6 columns to the scheduler (an upper bound);
//   - "net": additionally subtracts a createDataset run of the sampler column alone (sampling, row
//     bookkeeping and writing of the `x` column), leaving scheduling + the 5 extra columns' writing.
// Run after the build: node bench/expression-overhead.bench.mjs [records=100000] [bufferSize=10000] [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@dd/config';
import { createDataset, renderTemplate } from '../dist/index.js';

const records = Number(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 100_000);
const bufferSize = Number(process.argv[3] && !process.argv[3].startsWith('--') ? process.argv[3] : 10_000);
const json = process.argv.includes('--json');
const EXPRESSIONS = 5;

const sampler = { name: 'x', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 1000 }, convert_to: 'int' };
const expressions = Array.from({ length: EXPRESSIONS }, (_, i) => ({ name: `e${i + 1}`, column_type: 'expression', expr: `{{ ${i === 0 ? 'x' : `e${i}`} }}` }));

async function timeDataset(columns) {
  const config = await loadConfig({ columns });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-expr-'));
  const started = performance.now();
  try {
    await createDataset({ config, numRecords: records, artifactPath: dir, datasetName: 'bench', seed: 1, runConfig: { buffer_size: bufferSize } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return performance.now() - started;
}

/** The same renders as the expression generators do (a fresh context copy per cell), no scheduler. */
function timeDirectRendering() {
  const started = performance.now();
  let checksum = 0;
  for (let i = 0; i < records; i++) {
    const row = { x: i % 1000 };
    for (const { name, expr } of expressions) row[name] = renderTemplate(expr, { ...row });
    checksum += row[`e${EXPRESSIONS}`].length;
  }
  if (checksum === 0) throw new Error('nothing rendered');
  return performance.now() - started;
}

// Warm-up (module loading, JIT).
await timeDataset([sampler, ...expressions]);
timeDirectRendering();

const best = async (fn, runs = 3) => {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await fn());
  return Math.min(...times);
};
const totalMs = await best(() => timeDataset([sampler, ...expressions]));
const samplerOnlyMs = await best(() => timeDataset([sampler]));
const renderMs = await best(async () => timeDirectRendering());
const tasks = records * EXPRESSIONS;
const gross = ((totalMs - renderMs) * 1000) / tasks;
const net = ((totalMs - renderMs - samplerOnlyMs) * 1000) / tasks;
console.log(
  `expression-overhead: ${records.toLocaleString('en-US')} records × ${EXPRESSIONS} chained expression columns = ${tasks.toLocaleString('en-US')} cell tasks, buffer ${bufferSize} (best of 3)\n` +
    `  createDataset (sampler + 5 expressions) ${totalMs.toFixed(0)} ms; sampler column alone ${samplerOnlyMs.toFixed(0)} ms; direct renderTemplate loop ${renderMs.toFixed(0)} ms\n` +
    `  gross overhead (total − rendering) ${gross.toFixed(2)} µs per cell task; net of the sampler-only run ${net.toFixed(2)} µs per cell task; target < 50 µs`,
);
if (json) console.log(`BENCH_JSON ${JSON.stringify({ records, tasks, totalMs, samplerOnlyMs, renderMs, grossUsPerTask: gross, netUsPerTask: net })}`);
