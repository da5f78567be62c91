// Write throughput of one row group (10k rows × 10 columns) → parquet, comparing the two DuckDB paths:
//   chunk: rows → typed DataChunks → appender → temp table → COPY TO parquet (what writeRowsToParquet does)
//   ndjson: rows → NDJSON temp file → read_json(columns = explicit types) → COPY TO parquet
// Run after building the package: node src/artifacts/write-throughput.bench.mjs [dist dir]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const dist = path.resolve(process.argv[2] ?? 'dist');
const { writeRowsToParquet, inferColumnTypes } = await import(pathToFileURL(path.join(dist, 'artifacts/index.js')).href);

const N = 10_000;
const rows = Array.from({ length: N }, (_, i) => ({
  id: i,
  score: i * 0.5,
  name: `name ${i}`,
  flag: i % 2 === 0,
  text: 'lorem ipsum dolor sit amet '.repeat(1 + (i % 5)),
  count: i * 3,
  ratio: Math.random(),
  category: `cat${i % 7}`,
  maybe: i % 3 === 0 ? null : i,
  tags: i % 4 === 0 ? null : ['a', 'b'],
}));

const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-'));
const instance = await DuckDBInstance.create(':memory:');

const sqlType = (type) => {
  switch (type.kind) {
    case 'bigint':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'list':
      return `${sqlType(type.item)}[]`;
    default:
      return 'VARCHAR';
  }
};

async function viaChunks(i) {
  await writeRowsToParquet(instance, rows, path.join(dir, `chunk-${i}.parquet`));
}

async function viaNdjson(i) {
  const columns = inferColumnTypes(rows);
  const file = path.join(dir, `rows-${i}.ndjson`);
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
  const spec = `{${columns.map((c) => `'${c.name}': '${sqlType(c.type)}'`).join(', ')}}`;
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = ${spec})) TO '${path.join(dir, `json-${i}.parquet`)}' (FORMAT parquet)`,
  );
  connection.closeSync();
  rmSync(file);
}

for (const [name, run] of [
  ['chunk (appender)', viaChunks],
  ['ndjson + read_json', viaNdjson],
]) {
  for (let i = 0; i < 3; i++) await run(`warm${i}`);
  const repeats = 10;
  const started = performance.now();
  for (let i = 0; i < repeats; i++) await run(i);
  const ms = (performance.now() - started) / repeats;
  console.log(`${name.padEnd(20)} ${ms.toFixed(1)} ms per 10k×10 row group  (${Math.round((N / ms) * 1000).toLocaleString()} rows/s)`);
}
instance.closeSync();
rmSync(dir, { recursive: true, force: true });
