// Sampler throughput: 1,000,000 rows × 10 sampler columns in row groups of 10,000, compared with a
// plain JS loop filling the same number of cells with Math.random.
// Run after building: npx tsc -p tsconfig.build.json && node bench/samplers.bench.mjs
import { createSamplerGenerator } from '../dist/index.js';

const TOTAL_ROWS = Number(process.env.ROWS ?? 1_000_000);
const ROW_GROUP = 10_000;
const col = (name, samplerType, params, extra = {}) => ({
  name,
  column_type: 'sampler',
  sampler_type: samplerType,
  params: { ...params, sampler_type: samplerType },
  ...extra,
});
const columns = [
  col('uniform', 'uniform', { low: 0, high: 100, decimal_places: 2 }),
  col('gaussian', 'gaussian', { mean: 50, stddev: 10 }),
  col('category', 'category', { values: ['a', 'b', 'c', 'd'], weights: [0.4, 0.3, 0.2, 0.1] }),
  col('poisson', 'poisson', { mean: 4 }),
  col('bernoulli', 'bernoulli', { p: 0.3 }),
  col('binomial', 'binomial', { n: 10, p: 0.5 }),
  col('uuid', 'uuid', { short_form: false }),
  col('datetime', 'datetime', { start: '2020-01-01', end: '2025-01-01', unit: 's' }),
  col('age', 'uniform', { low: 18, high: 90 }, { convert_to: 'int' }),
  col('gamma', 'scipy', { dist_name: 'gamma', dist_params: { a: 2, scale: 3 } }),
];

const generator = createSamplerGenerator({ columns, constraints: [], seed: 42, evaluateCondition: () => false });
const signal = new AbortController().signal;
const groups = Math.ceil(TOTAL_ROWS / ROW_GROUP);

// Warm-up.
await generator.generateBatch(
  Array.from({ length: 1000 }, () => ({})),
  { rowGroup: 999_999, rowOffset: 0, signal },
);

let checksum = 0;
let start = performance.now();
for (let g = 0; g < groups; g++) {
  const size = Math.min(ROW_GROUP, TOTAL_ROWS - g * ROW_GROUP);
  const rows = await generator.generateBatch(
    Array.from({ length: size }, () => ({})),
    { rowGroup: g, rowOffset: g * ROW_GROUP, signal },
  );
  checksum += rows.length;
}
const samplerSeconds = (performance.now() - start) / 1000;

start = performance.now();
let baselineCells = 0;
for (let g = 0; g < groups; g++) {
  const size = Math.min(ROW_GROUP, TOTAL_ROWS - g * ROW_GROUP);
  const rows = new Array(size);
  for (let i = 0; i < size; i++) {
    const row = {};
    for (let c = 0; c < columns.length; c++) row[columns[c].name] = Math.random();
    rows[i] = row;
  }
  baselineCells += rows.length * columns.length;
}
const baselineSeconds = (performance.now() - start) / 1000;

const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`rows: ${fmt(checksum)} × ${columns.length} sampler columns, row groups of ${fmt(ROW_GROUP)}`);
console.log(
  `samplers:           ${samplerSeconds.toFixed(2)} s  ${fmt(checksum / samplerSeconds)} rows/s  ${fmt((checksum * columns.length) / samplerSeconds)} cells/s`,
);
console.log(
  `Math.random loop:   ${baselineSeconds.toFixed(2)} s  ${fmt(baselineCells / columns.length / baselineSeconds)} rows/s  ${fmt(baselineCells / baselineSeconds)} cells/s`,
);
console.log(`ratio (loop / samplers): ${(samplerSeconds / baselineSeconds).toFixed(1)}×`);
if (process.argv.includes('--json')) {
  console.log(`BENCH_JSON ${JSON.stringify({ rows: checksum, samplerSeconds, baselineSeconds, ratio: samplerSeconds / baselineSeconds })}`);
}
