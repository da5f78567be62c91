// End to end, steady LLM pipeline: `data-designer create` (child process, wall time from spawn to exit)
// of N records over two independent llm-text columns and an llm-judge reading both, against the local
// test server (own child process) answering after a fixed latency and taking at most `cap` requests at
// once, with max_parallel_requests = cap and the health check skipped. The physical limit is
// requests × latency / cap; the figure is limit / wall. Goal ≥ 0.95. A second line splits the wall time
// into load-robust components from the server's request timeline (see timelineComponents).
// Usage (after the build): node bench/e2e-llm-steady.bench.mjs [records=2000] [latencyMs=100] [cap=32] [--json]
import { writeFileSync } from 'node:fs';
import { formatComponents, hasFlag, loadNote, positionalArgs, printBenchJson, row, timelineComponents, verdict, withPipelineBench } from './e2e-support.mjs';

const records = Number(positionalArgs[0] ?? 2000);
const latencyMs = Number(positionalArgs[1] ?? 100);
const cap = Number(positionalArgs[2] ?? 32);
const GOAL = 0.95;

const serverOptions = { latencyMs, maxConcurrent: cap, recordRequests: true };
await withPipelineBench({ serverOptions, maxParallel: cap }, async ({ server, timeCreate }) => {
  const { ms, cpuMs, marks, stats } = await timeCreate(records);
  const timeline = await server.timeline();
  const parts = timelineComponents(timeline, marks, cap, cpuMs);
  // DD_BENCH_TIMELINE=file keeps the raw timeline and marks for a closer look.
  if (process.env.DD_BENCH_TIMELINE) writeFileSync(process.env.DD_BENCH_TIMELINE, JSON.stringify({ marks, cap, timeline }));
  const requests = stats.total;
  const ok = stats.byStatus[200] ?? 0;
  const limitS = (requests * latencyMs) / 1000 / cap;
  const wallS = ms / 1000;
  const ratio = limitS / wallS;
  console.log(
    `e2e llm steady: data-designer create -n ${records}, ${requests} requests (${ok} × 200), latency ${latencyMs} ms, cap ${cap}: ` +
      `wall ${wallS.toFixed(2)} s vs limit ${limitS.toFixed(2)} s = ${ratio.toFixed(3)} of the limit (goal ≥ ${GOAL}) ${verdict(ratio >= GOAL)}; ` +
      `server max in flight ${stats.maxConcurrent}; child CPU ${((cpuMs ?? NaN) / 1000).toFixed(2)} s; ${loadNote()}`,
  );
  console.log(`  components (load-robust): ${formatComponents(parts)}`);
  printBenchJson(
    [
      row(
        `E2E steady LLM, create -n ${records}, ${latencyMs} ms, cap ${cap}`,
        `${ratio.toFixed(3)} of limit (${wallS.toFixed(2)} s / ${limitS.toFixed(2)} s)`,
        `≥ ${GOAL}`,
        ratio >= GOAL,
      ),
    ],
    {
      records,
      requests,
      wallS,
      limitS,
      ratio,
      cpuMs,
      components: parts,
    },
  );
  if (hasFlag('--strict') && ratio < GOAL) process.exitCode = 1;
});
