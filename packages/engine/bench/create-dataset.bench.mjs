// End to end: createDataset of N records × 10 columns (8 samplers, 2 expressions) to parquet in a
// temp dir. Prints wall time, records/s and peak RSS (sampled every 20 ms), so memory stays flat
// whatever N is. Run after the build: node bench/create-dataset.bench.mjs [records] [bufferSize]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@dd/config';
import { createDataset } from '../dist/index.js';

const records = Number(process.argv[2] ?? 100_000);
const bufferSize = Number(process.argv[3] ?? 10_000);
const config = await loadConfig({
  columns: [
    { name: 'id', column_type: 'sampler', sampler_type: 'uuid', params: { short_form: true } },
    { name: 'age', column_type: 'sampler', sampler_type: 'uniform', params: { low: 18, high: 90 }, convert_to: 'int' },
    { name: 'score', column_type: 'sampler', sampler_type: 'gaussian', params: { mean: 50, stddev: 10, decimal_places: 2 } },
    { name: 'tier', column_type: 'sampler', sampler_type: 'category', params: { values: ['bronze', 'silver', 'gold'], weights: [6, 3, 1] } },
    { name: 'visits', column_type: 'sampler', sampler_type: 'poisson', params: { mean: 3 } },
    { name: 'churned', column_type: 'sampler', sampler_type: 'bernoulli', params: { p: 0.1 } },
    { name: 'signup', column_type: 'sampler', sampler_type: 'datetime', params: { start: '2020-01-01', end: '2025-01-01' } },
    { name: 'trials', column_type: 'sampler', sampler_type: 'binomial', params: { n: 10, p: 0.3 } },
    { name: 'label', column_type: 'expression', expr: '{{ tier }}-{{ visits }}' },
    { name: 'risk', column_type: 'expression', expr: '{{ score * 2 }}', dtype: 'float' },
  ],
});
const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-'));
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const started = performance.now();
try {
  await createDataset({ config, numRecords: records, artifactPath: dir, datasetName: 'bench', seed: 1, runConfig: { buffer_size: bufferSize } });
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `create-dataset: ${records.toLocaleString('en-US')} records × 10 columns in ${seconds.toFixed(2)} s = ${Math.round(records / seconds).toLocaleString('en-US')} records/s; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (buffer_size ${bufferSize})`,
);
