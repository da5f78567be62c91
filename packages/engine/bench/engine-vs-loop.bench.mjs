// Engine vs plain loop: N records × 10 sampler columns (category, uniform, gaussian, uuid, datetime,
// person_from_faker, poisson, bernoulli, binomial, scipy gamma) through createDataset (full scheduler
// and parquet writing), then a hand-written loop drawing the same kinds of values with the same
// libraries (@stdlib/random MT19937 + distributions, @faker-js/faker) and writing them with DuckDB
// (appender into a temp table, COPY to parquet, per 10k-row batch). Prints records/s of both, the
// ratio (target: engine within 3× of the loop) and the engine's peak RSS (sampled every 20 ms).
// Run after the build:
//   node bench/engine-vs-loop.bench.mjs [records=1000000] [which=both|engine|loop] [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { DuckDBDataChunk, DuckDBInstance, structValue } from '@duckdb/node-api';
import { Faker, allLocales } from '@faker-js/faker';
import { loadConfig } from '@dd/config';
import { createDataset } from '../dist/index.js';

const records = Number(process.argv[2] ?? 1_000_000);
const which = process.argv[3] && !process.argv[3].startsWith('--') ? process.argv[3] : 'both';
const json = process.argv.includes('--json');
const BATCH = 10_000;
const SEED = 1;

const DT_START = Date.UTC(2020, 0, 1) / 1000;
const DT_END = Date.UTC(2025, 0, 1) / 1000;
const COLUMNS = [
  { name: 'id', column_type: 'sampler', sampler_type: 'uuid', params: {} },
  { name: 'tier', column_type: 'sampler', sampler_type: 'category', params: { values: ['bronze', 'silver', 'gold'], weights: [6, 3, 1] } },
  { name: 'spend', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 1000 } },
  { name: 'score', column_type: 'sampler', sampler_type: 'gaussian', params: { mean: 50, stddev: 10 } },
  { name: 'signup', column_type: 'sampler', sampler_type: 'datetime', params: { start: '2020-01-01', end: '2025-01-01', unit: 's' } },
  { name: 'person', column_type: 'sampler', sampler_type: 'person_from_faker', params: { locale: 'en_US' } },
  { name: 'visits', column_type: 'sampler', sampler_type: 'poisson', params: { mean: 3 } },
  { name: 'churned', column_type: 'sampler', sampler_type: 'bernoulli', params: { p: 0.1 } },
  { name: 'trials', column_type: 'sampler', sampler_type: 'binomial', params: { n: 10, p: 0.3 } },
  { name: 'wait', column_type: 'sampler', sampler_type: 'scipy', params: { dist_name: 'gamma', dist_params: { a: 2, scale: 3 } } },
];

let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
rssTimer.unref();

async function runEngine() {
  const config = await loadConfig({ columns: COLUMNS });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-engine-'));
  const started = performance.now();
  try {
    await createDataset({
      config,
      numRecords: records,
      artifactPath: dir,
      datasetName: 'bench',
      seed: SEED,
      runConfig: { buffer_size: BATCH, max_concurrent_row_groups: 3 },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return (performance.now() - started) / 1000;
}

// ---- The plain loop ------------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const stdlib = (name) => require(`@stdlib/random-base-${name}`);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hexWord = (w) => HEX[w >>> 24] + HEX[(w >>> 16) & 255] + HEX[(w >>> 8) & 255] + HEX[w & 255];
const pad2 = (n) => (n < 10 ? `0${n}` : String(n));
const isoSeconds = (s) => {
  const d = new Date(s * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
};
const SEXES = ['Male', 'Female'];
const MARITAL = ['married_present', 'divorced', 'never_married', 'separated', 'widowed'];
const EDUCATION = ['secondary_education', 'some_college', 'bachelors', 'associates', 'graduate', 'doctorate'];
const COLLEGE = new Set(['bachelors', 'graduate', 'doctorate']);
const BACHELORS = ['stem', 'business', 'education', 'arts_humanities', 'stem_related'];
const PERSON_SQL =
  'STRUCT(uuid VARCHAR, locale VARCHAR, first_name VARCHAR, last_name VARCHAR, middle_name VARCHAR, sex VARCHAR, street_number VARCHAR, street_name VARCHAR, city VARCHAR, state VARCHAR, postcode VARCHAR, age BIGINT, birth_date VARCHAR, country VARCHAR, marital_status VARCHAR, education_level VARCHAR, unit VARCHAR, occupation VARCHAR, phone_number VARCHAR, bachelors_field VARCHAR)';
const TABLE_SQL = `(id VARCHAR, tier VARCHAR, spend DOUBLE, score DOUBLE, signup VARCHAR, person ${PERSON_SQL}, visits BIGINT, churned BIGINT, trials BIGINT, wait DOUBLE)`;

async function runLoop() {
  const faker = new Faker({ locale: [allLocales.en_US, allLocales.en, allLocales.base] });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-loop-'));
  const instance = await DuckDBInstance.create(':memory:');
  const cumulative = [0.6, 0.9, 1];
  const tiers = ['bronze', 'silver', 'gold'];
  const today = new Date();
  const started = performance.now();
  try {
    for (let g = 0, start = 0; start < records; g++, start += BATCH) {
      const n = Math.min(BATCH, records - start);
      const mt = stdlib('mt19937').factory({ seed: new Uint32Array([SEED, 0, g, 0x9e3779b9]) });
      const u = mt.normalized;
      const normal = stdlib('normal').factory({ prng: u });
      const poisson = stdlib('poisson').factory({ prng: u });
      const binomial = stdlib('binomial').factory({ prng: u });
      const gamma = stdlib('gamma').factory({ prng: u });
      const int = (lo, hi) => lo + Math.floor(u() * (hi - lo));
      const pick = (values) => values[Math.floor(u() * values.length)];
      faker.seed(mt());
      const cols = Array.from({ length: 10 }, () => new Array(n));
      for (let i = 0; i < n; i++) {
        cols[0][i] = hexWord(mt()) + hexWord((mt() & 0xffff0fff) | 0x4000) + hexWord((mt() & 0x3fffffff) | 0x80000000) + hexWord(mt());
        const x = u();
        cols[1][i] = tiers[x < cumulative[0] ? 0 : x < cumulative[1] ? 1 : 2];
        cols[2][i] = 1000 * u();
        cols[3][i] = normal(50, 10);
        cols[4][i] = isoSeconds(int(DT_START, DT_END));
        const sex = pick(SEXES);
        const fakerSex = sex === 'Male' ? 'male' : 'female';
        const age = int(18, 115);
        const birth = new Date(Date.UTC(today.getUTCFullYear() - age - 1, today.getUTCMonth(), today.getUTCDate()) + int(0, 366) * 86_400_000);
        const education = pick(EDUCATION);
        cols[5][i] = structValue({
          uuid: faker.string.uuid(),
          locale: 'en_US',
          first_name: faker.person.firstName(fakerSex),
          last_name: faker.person.lastName(fakerSex),
          middle_name: null,
          sex,
          street_number: faker.location.buildingNumber(),
          street_name: faker.location.street(),
          city: faker.location.city(),
          state: faker.location.state(),
          postcode: faker.location.zipCode(),
          age: BigInt(age),
          birth_date: `${birth.getUTCFullYear()}-${pad2(birth.getUTCMonth() + 1)}-${pad2(birth.getUTCDate())}`,
          country: faker.location.country(),
          marital_status: pick(MARITAL),
          education_level: education,
          unit: '',
          occupation: faker.person.jobTitle(),
          phone_number: faker.phone.number(),
          bachelors_field: COLLEGE.has(education) ? pick(BACHELORS) : 'no_degree',
        });
        cols[6][i] = BigInt(poisson(3));
        cols[7][i] = u() < 0.1 ? 1n : 0n;
        cols[8][i] = BigInt(binomial(10, 0.3));
        cols[9][i] = 3 * gamma(2, 1);
      }
      const connection = await instance.connect();
      try {
        const table = `loop_${g}`;
        await connection.run(`CREATE TEMP TABLE ${table} ${TABLE_SQL}`);
        const appender = await connection.createAppender(table);
        const types = cols.map((_, c) => appender.columnType(c));
        for (let s = 0; s < n; s += 2048) {
          const chunk = DuckDBDataChunk.create(types, Math.min(2048, n - s));
          chunk.setColumns(cols.map((col) => col.slice(s, s + 2048)));
          appender.appendDataChunk(chunk);
        }
        appender.closeSync();
        await connection.run(`COPY ${table} TO '${path.join(dir, `batch-${String(g).padStart(5, '0')}.parquet`)}' (FORMAT parquet, COMPRESSION snappy)`);
        await connection.run(`DROP TABLE ${table}`);
      } finally {
        connection.closeSync();
      }
    }
  } finally {
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
  return (performance.now() - started) / 1000;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const result = { records };
if (which === 'both' || which === 'engine') {
  result.engineSeconds = await runEngine();
  result.enginePeakRssMiB = Math.round(peakRss / 2 ** 20);
  console.log(
    `engine (createDataset):  ${fmt(records)} records × 10 sampler columns in ${result.engineSeconds.toFixed(2)} s = ${fmt(records / result.engineSeconds)} records/s; peak RSS ${result.enginePeakRssMiB} MiB (buffer_size ${BATCH}, 3 concurrent row groups)`,
  );
}
if (which === 'both' || which === 'loop') {
  result.loopSeconds = await runLoop();
  console.log(
    `plain loop (stdlib+faker+DuckDB): ${fmt(records)} records in ${result.loopSeconds.toFixed(2)} s = ${fmt(records / result.loopSeconds)} records/s`,
  );
}
if (result.engineSeconds !== undefined && result.loopSeconds !== undefined) {
  result.ratio = result.engineSeconds / result.loopSeconds;
  console.log(`ratio engine/loop: ${result.ratio.toFixed(2)}× (target ≤ 3×)`);
}
clearInterval(rssTimer);
if (json) console.log(`BENCH_JSON ${JSON.stringify(result)}`);
