// Scheduler overhead: 100k records × 5 trivial cell generators (a chain), so every measured
// microsecond is scheduling (readiness, fair queue, admission, bookkeeping), not generation.
// Run after the build: node bench/scheduler-overhead.bench.mjs [records] [bufferSize]
import { runSchedule, planRowGroups } from '../dist/index.js';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const records = Number(positional[0] ?? 100_000);
const bufferSize = Number(positional[1] ?? 1000);
const generatorCount = 5;

/** Trivial cell generators c0 → c1 → … → c4; c0 has no inputs. */
function makeGenerators() {
  const generators = [];
  for (let i = 0; i < generatorCount; i++) {
    const name = `c${i}`;
    const previous = i === 0 ? null : `c${i - 1}`;
    generators.push({
      name,
      strategy: 'cell_by_cell',
      columns: [name],
      requiredColumns: previous === null ? [] : [previous],
      resource: i % 2 === 0 ? 'cpu' : 'model:bench',
      generateCell: previous === null ? async () => ({ [name]: 1 }) : async (row) => ({ [name]: row[previous] + 1 }),
    });
  }
  return generators;
}

async function runOnce() {
  let written = 0;
  const started = performance.now();
  const summary = await runSchedule({
    generators: makeGenerators(),
    rowGroups: planRowGroups(records, bufferSize),
    maxConcurrentRowGroups: 3,
    resourceLimits: { 'model:bench': 256 },
    onRowGroupComplete: (_index, rows) => {
      written += rows.length;
    },
  });
  const elapsedMs = performance.now() - started;
  if (written !== records || summary.recordsWritten !== records) throw new Error(`wrote ${written} of ${records}`);
  return elapsedMs;
}

await runOnce(); // warm-up (JIT)
const runs = [];
for (let i = 0; i < 3; i++) runs.push(await runOnce());
const best = Math.min(...runs);
const tasks = records * generatorCount;
const median = runs.sort((a, b) => a - b)[1];
console.log(
  `scheduler-overhead: ${records} records × ${generatorCount} cell generators = ${tasks} tasks, buffer ${bufferSize}\n` +
    `  best ${best.toFixed(0)} ms (${((best * 1000) / tasks).toFixed(2)} µs per cell task), ` +
    `median ${median.toFixed(0)} ms (${((median * 1000) / tasks).toFixed(2)} µs per cell task); target < 50 µs`,
);
if (process.argv.includes('--json')) {
  console.log(
    `BENCH_JSON ${JSON.stringify({ records, tasks, bestMs: best, medianMs: median, bestUsPerTask: (best * 1000) / tasks, medianUsPerTask: (median * 1000) / tasks })}`,
  );
}
