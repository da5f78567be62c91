// Startup bench: wall time of `data-designer --help` and `data-designer agent types` vs `node -e 0`
// (median of 10 runs each). Prints the ratios; the target is under 3x.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/data-designer.js');
const home = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-'));
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(args) {
  const samples = [];
  spawnSync(process.execPath, args, { env: { ...process.env, DATA_DESIGNER_HOME: home } }); // warm-up (compile cache, disk cache)
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { env: { ...process.env, DATA_DESIGNER_HOME: home }, stdio: 'ignore' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  }
  return median(samples);
}

try {
  const baseline = time(['-e', '0']);
  const cases = [
    ['data-designer --help', [bin, '--help']],
    ['data-designer agent types', [bin, 'agent', 'types']],
  ];
  console.log(`node -e 0: ${baseline.toFixed(1)} ms (median of ${RUNS})`);
  let worst = 0;
  for (const [label, args] of cases) {
    const ms = time(args);
    const ratio = ms / baseline;
    worst = Math.max(worst, ratio);
    console.log(`${label}: ${ms.toFixed(1)} ms, ${ratio.toFixed(2)}x node -e 0`);
  }
  console.log(worst < 3 ? '✅ under 3x' : '⚠️  over the 3x target');
} finally {
  rmSync(home, { recursive: true, force: true });
}
