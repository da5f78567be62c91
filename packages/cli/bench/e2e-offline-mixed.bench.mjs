// End-to-end bench: `data-designer create` of a mixed offline config (configs/offline-mixed.yaml: 9
// sampler columns, 3 expression columns, one gated by skip.when; no model) in a child process, wall
// time from spawn to exit, as a user times the command. Prints records/s next to the goal.
// Also prints the child's CPU time (user + system): on a shared machine the wall figure varies with the
// load, the CPU figure much less.
// Usage: node bench/e2e-offline-mixed.bench.mjs [records=20000] [--runs N] [--json] [--strict]
// (--json: a BENCH_JSON rows line for run-e2e-benches.mjs; --strict: exit 1 below the goal)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../bin/data-designer.js');
const config = path.join(here, 'configs/offline-mixed.yaml');
const GOAL = 7_800;

const args = process.argv.slice(2);
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : Number(process.env.BENCH_RUNS ?? 3);
// The record count is the number that is not --runs' value (`--runs 5` alone meant 5 records before).
const records = Number(args.find((arg, index) => /^\d+$/.test(arg) && index !== runsIndex + 1) ?? 20_000);
const json = args.includes('--json');

const cpuReporter = path.join(here, 'report-cpu-usage.mjs');
// DD_BENCH_NODE_ARGS (space-separated) adds Node flags to the timed command, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
const nodeArgs = process.env.DD_BENCH_NODE_ARGS ? process.env.DD_BENCH_NODE_ARGS.split(' ') : [];

/** One `create` run; resolves to wall and CPU milliseconds from spawn to exit. */
function createOnce(workdir, index) {
  return new Promise((resolve, reject) => {
    const cpuFile = path.join(workdir, `cpu-${index}.json`);
    const start = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      [...nodeArgs, '--import', cpuReporter, bin, 'create', config, '-n', String(records), '-o', path.join(workdir, 'artifacts'), '-d', `run${index}`],
      {
        cwd: workdir,
        env: { ...process.env, DATA_DESIGNER_HOME: path.join(workdir, 'home'), DD_BENCH_CPU_FILE: cpuFile },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`data-designer create exited ${code}:\n${stderr.slice(-2000)}`));
      else {
        const cpu = JSON.parse(readFileSync(cpuFile, 'utf8'));
        resolve({ ms, cpuMs: cpu.userMs + cpu.systemMs });
      }
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const workdir = mkdtempSync(path.join(os.tmpdir(), 'dd-e2e-mixed-'));
try {
  const samples = [];
  const cpuSamples = [];
  for (let index = 0; index < runs; index += 1) {
    const { ms, cpuMs } = await createOnce(workdir, index);
    samples.push(ms);
    cpuSamples.push(cpuMs);
    console.log(
      `  run ${index + 1}: ${(ms / 1000).toFixed(2)} s wall, ${Math.round(records / (ms / 1000)).toLocaleString('en-US')} records/s; ` +
        `CPU ${(cpuMs / 1000).toFixed(2)} s (load average ${os.loadavg()[0].toFixed(1)})`,
    );
  }
  const ms = median(samples);
  const cpuMs = median(cpuSamples);
  const best = Math.min(...samples);
  const rate = records / (ms / 1000);
  const bestRate = records / (best / 1000);
  console.log(
    `Offline mixed config, data-designer create -n ${records} end to end: median ${(ms / 1000).toFixed(2)} s = ${Math.round(rate).toLocaleString('en-US')} records/s ` +
      `(best ${Math.round(bestRate).toLocaleString('en-US')}); goal >= ${GOAL.toLocaleString('en-US')} records/s ${rate >= GOAL ? '✅' : '⚠️'}`,
  );
  console.log(
    `  CPU time (user + system, all threads): median ${(cpuMs / 1000).toFixed(2)} s = ${Math.round(records / (cpuMs / 1000)).toLocaleString('en-US')} records per CPU-second`,
  );
  if (json) {
    const rows = [
      {
        figure: `offline mixed config, ${records.toLocaleString('en-US')} records`,
        value: `${Math.round(rate).toLocaleString('en-US')} records/s`,
        goal: `>= ${GOAL.toLocaleString('en-US')} records/s`,
        ok: rate >= GOAL,
      },
      { figure: 'offline mixed config, CPU time', value: `${(cpuMs / 1000).toFixed(2)} s`, goal: '-', ok: null },
    ];
    console.log(`BENCH_JSON ${JSON.stringify({ rows })}`);
  }
  if (args.includes('--strict') && rate < GOAL) process.exitCode = 1;
} finally {
  rmSync(workdir, { recursive: true, force: true });
}
