// Cost of the data factory's ledger commits as a job grows: N inputs committed `perCommit` at a time (the
// default batchSize, 100) through the job store, ledger only (no records, so no parquet write). Prints the
// mean ms per commit over the whole run and over its last tenth, the slowest commit, the finish (final compaction) time, and
// the ledger bytes written (every rewrite of factory_job.json plus every journal append). Run after the build:
//   node bench/factory-ledger.bench.mjs [inputs=10000] [perCommit=100] [--json]
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobStore } from '../dist/factory/job-store.js';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const inputs = Number(args[0] ?? 10_000);
const perCommit = Number(args[1] ?? 100);
const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-ledger-bench-'));

/** Bytes written to one file since the last look: a new inode (atomic rewrite) counts whole, else the growth. */
function writtenSince(file, last) {
  if (!existsSync(file)) return { bytes: 0, seen: { ino: 0, size: 0 } };
  const stat = statSync(file);
  const bytes = stat.ino !== last.ino || stat.size < last.size ? stat.size : stat.size - last.size;
  return { bytes, seen: { ino: stat.ino, size: stat.size } };
}

try {
  const now = new Date().toISOString();
  const store = await JobStore.create(
    dir,
    'bench',
    {
      format: 'dd-data-factory/1',
      job_id: 'bench',
      created_at: now,
      updated_at: now,
      status: 'running',
      target_count: null,
      input_count: inputs,
      fn_fingerprint: 'f'.repeat(64),
      batches: [],
      state: {},
      inputs: {},
    },
    [],
  );
  const folder = store.location();
  const files = ['factory_job.json', 'factory_ledger.jsonl'].map((name) => path.join(folder, name));
  const seen = files.map(() => ({ ino: 0, size: 0 }));
  let bytes = 0;
  const tally = () => {
    files.forEach((file, position) => {
      const result = writtenSince(file, seen[position]);
      bytes += result.bytes;
      seen[position] = result.seen;
    });
  };
  tally();
  bytes = 0;
  const commitMs = [];
  for (let start = 0; start < inputs; start += perCommit) {
    const entries = [];
    for (let index = start; index < Math.min(inputs, start + perCommit); index++) {
      const hash = createHash('sha256').update(String(index)).digest('hex');
      entries.push([index, { hash, status: 'done', records: 1, batch: start / perCommit, attempts: 1 }]);
    }
    const started = performance.now();
    await store.commit(entries, [], start / perCommit, { seen: start });
    commitMs.push(performance.now() - started);
    tally();
  }
  const finishStarted = performance.now();
  await store.finish(Number.POSITIVE_INFINITY, perCommit, true);
  const finishMs = performance.now() - finishStarted;
  tally();
  await store.close();
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const figures = {
    inputs,
    perCommit,
    commits: commitMs.length,
    msPerCommit: +mean(commitMs).toFixed(3),
    msPerCommitLastTenth: +mean(commitMs.slice(Math.floor(commitMs.length * 0.9))).toFixed(3),
    maxCommitMs: +Math.max(...commitMs).toFixed(1),
    totalCommitS: +(commitMs.reduce((sum, value) => sum + value, 0) / 1000).toFixed(3),
    finishMs: +finishMs.toFixed(1),
    ledgerBytesWritten: bytes,
    finalLedgerBytes: files.reduce((sum, file) => sum + (existsSync(file) ? statSync(file).size : 0), 0),
  };
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else
    console.log(
      `factory ledger: ${inputs} inputs, ${figures.commits} commits of ${perCommit}: ${figures.msPerCommit} ms/commit ` +
        `(last tenth ${figures.msPerCommitLastTenth}, max ${figures.maxCommitMs}), ${figures.totalCommitS} s in commits, finish ${figures.finishMs} ms, ` +
        `${(bytes / 1e6).toFixed(1)} MB written, final ledger ${(figures.finalLedgerBytes / 1e6).toFixed(2)} MB`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
