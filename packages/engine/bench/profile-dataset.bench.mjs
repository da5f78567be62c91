// profileDataset over N records × 10 columns (sampler, numeric, LLM text, judge struct, validation struct…)
// written straight to parquet by DuckDB (100k rows per batch file). Each size is profiled in its own child
// process so the reported peak RSS (process.resourceUsage().maxRSS) belongs to profiling alone.
// Run after the build (npx tsc -p tsconfig.build.json):
//   node bench/profile-dataset.bench.mjs [sizes=100000,1000000] [--json]
//   node bench/profile-dataset.bench.mjs --generate <datasetDir> <records>   (only writes the parquet files)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const here = fileURLToPath(import.meta.url);
const BATCH_ROWS = 100_000;

const CONFIG = {
  columns: [
    { name: 'id', column_type: 'sampler', sampler_type: 'uuid' },
    { name: 'tier', column_type: 'sampler', sampler_type: 'category' },
    { name: 'age', column_type: 'sampler', sampler_type: 'uniform' },
    { name: 'score', column_type: 'sampler', sampler_type: 'gaussian' },
    { name: 'churned', column_type: 'sampler', sampler_type: 'bernoulli' },
    { name: 'signup', column_type: 'sampler', sampler_type: 'datetime' },
    { name: 'answer', column_type: 'llm-text' },
    {
      name: 'quality',
      column_type: 'llm-judge',
      scores: [
        { name: 'helpfulness', description: '', options: {} },
        { name: 'tone', description: '', options: {} },
      ],
    },
    { name: 'check', column_type: 'validation' },
    { name: 'label', column_type: 'expression' },
  ],
};

/** Writes `records` rows as batch_NNNNN.parquet files of BATCH_ROWS rows with DuckDB only. */
async function generate(datasetPath, records) {
  const folder = path.join(datasetPath, 'parquet-files');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(datasetPath, 'metadata.json'), JSON.stringify({ target_num_records: records }));
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: '512MB' });
  const connection = await instance.connect();
  for (let batch = 0, start = 0; start < records; batch += 1, start += BATCH_ROWS) {
    const end = Math.min(records, start + BATCH_ROWS);
    const file = path.join(folder, `batch_${String(batch).padStart(5, '0')}.parquet`);
    await connection.run(`COPY (
      SELECT
        md5(i::VARCHAR) AS id,
        (['bronze', 'silver', 'gold', 'platinum'])[1 + (hash(i) % 4)::INT] AS tier,
        18 + (hash(i * 7) % 72)::BIGINT AS age,
        50 + 10 * sqrt(-2 * ln(greatest(random(), 1e-12))) * cos(2 * pi() * random()) AS score,
        random() < 0.1 AS churned,
        TIMESTAMP '2020-01-01' + to_seconds((hash(i * 3) % 157680000)::BIGINT) AS signup,
        repeat('lorem ipsum ', 5 + (hash(i * 11) % 60)::INT) AS answer,
        {'helpfulness': {'score': 1 + (hash(i * 13) % 5)::BIGINT, 'reasoning': 'because ' || i},
         'tone': {'score': (['formal', 'casual'])[1 + (hash(i * 17) % 2)::INT], 'reasoning': 'tone'}} AS quality,
        {'is_valid': hash(i * 19) % 10 <> 0, 'error_messages': ''} AS "check",
        'row-' || (i % 1000) AS label
      FROM range(${start}, ${end}) t(i)
    ) TO '${file}' (FORMAT parquet, COMPRESSION snappy)`);
  }
  connection.closeSync();
  instance.closeSync();
}

async function child(datasetPath) {
  const { profileDataset } = await import('../dist/index.js');
  const started = performance.now();
  const profile = await profileDataset(datasetPath, { config: CONFIG });
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const missingStats = (JSON.stringify(profile).match(/"--"/g) ?? []).length;
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMb, records: profile.num_records, columns: profile.num_columns, missingStats })}\n`);
}

async function main() {
  const sizes = (process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? '100000,1000000').split(',').map(Number);
  const json = process.argv.includes('--json');
  const results = {};
  for (const records of sizes) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-profile-bench-'));
    try {
      const datasetPath = path.join(dir, 'dataset');
      await generate(datasetPath, records);
      const run = spawnSync(process.execPath, [here, '--child', datasetPath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (run.status !== 0) throw new Error(`profiling ${records} records failed (exit ${run.status})`);
      const figures = JSON.parse(run.stdout.trim().split('\n').pop());
      results[records] = figures;
      console.log(
        `profileDataset ${records.toLocaleString('en-US')} records × ${figures.columns} columns: ` +
          `${figures.seconds.toFixed(2)} s, peak RSS ${figures.peakRssMb.toFixed(0)} MB (${figures.missingStats} "--" statistics)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (json) console.log(`BENCH_JSON ${JSON.stringify(results)}`);
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else if (process.argv[2] === '--generate') await generate(process.argv[3], Number(process.argv[4]));
else await main();
