// End to end, adaptive admission: `data-designer create` (child process, wall time from spawn to exit) of
// N records × 3 requests (two llm-text columns and a judge) against the local test server (own child
// process) that answers 429 above `serverCap` requests in flight with a Retry-After, while the config
// asks max_parallel_requests = `maxParallel`. Swept over Retry-After values. Figures per value:
// successful requests / wall against the limit serverCap / latency (goal ≥ 0.90) and the share of
// requests answered 429 (goal < 2 %).
// Usage (after the build):
//   node bench/e2e-llm-adaptive.bench.mjs [records=1000] [latencyMs=100] [serverCap=8] [maxParallel=64] [retryAfterMs list=100,500,1000,2000] [--json]
import { hasFlag, loadNote, positionalArgs, printBenchJson, row, verdict, withPipelineBench } from './e2e-support.mjs';

const records = Number(positionalArgs[0] ?? 1000);
const latencyMs = Number(positionalArgs[1] ?? 100);
const serverCap = Number(positionalArgs[2] ?? 8);
const maxParallel = Number(positionalArgs[3] ?? 64);
const sweep = String(positionalArgs[4] ?? '100,500,1000,2000')
  .split(',')
  .map(Number);
const RATIO_GOAL = 0.9;
const SHARE_GOAL = 0.02;

const rows = [];
const runs = [];
let failed = false;
const serverOptions = { latencyMs, maxConcurrent: serverCap, recordRequests: false };
await withPipelineBench({ serverOptions, maxParallel }, async ({ server, timeCreate }) => {
  for (const retryAfterMs of sweep) {
    await server.configure({ retryAfterMs });
    const { ms, cpuMs, stats } = await timeCreate(records);
    const ok = stats.byStatus[200] ?? 0;
    const rateLimited = stats.byStatus[429] ?? 0;
    const wallS = ms / 1000;
    const limitS = (ok * latencyMs) / 1000 / serverCap;
    const ratio = limitS / wallS;
    const share = rateLimited / Math.max(1, stats.total);
    const good = ratio >= RATIO_GOAL && share < SHARE_GOAL;
    failed ||= !good;
    console.log(
      `e2e llm adaptive, Retry-After ${retryAfterMs} ms: data-designer create -n ${records}, ${ok} × 200, ${rateLimited} × 429 in ${wallS.toFixed(2)} s vs limit ${limitS.toFixed(2)} s ` +
        `(server cap ${serverCap}, latency ${latencyMs} ms, max_parallel_requests ${maxParallel}) = ${ratio.toFixed(3)} of the limit (goal ≥ ${RATIO_GOAL}); ` +
        `429s ${(share * 100).toFixed(2)} % (goal < ${SHARE_GOAL * 100} %) ${verdict(good)}; child CPU ${((cpuMs ?? NaN) / 1000).toFixed(2)} s; ${loadNote()}`,
    );
    const label = `E2E adaptive LLM, create -n ${records}, Retry-After ${retryAfterMs / 1000} s`;
    rows.push(
      row(`${label}: fraction of limit`, `${ratio.toFixed(3)} (${wallS.toFixed(2)} s / ${limitS.toFixed(2)} s)`, `≥ ${RATIO_GOAL}`, ratio >= RATIO_GOAL),
    );
    rows.push(
      row(`${label}: share of 429s`, `${(share * 100).toFixed(2)} % (${rateLimited} of ${stats.total})`, `< ${SHARE_GOAL * 100} %`, share < SHARE_GOAL),
    );
    runs.push({ retryAfterMs, ok, rateLimited, total: stats.total, wallS, limitS, ratio, share, cpuMs });
  }
  printBenchJson(rows, { records, serverCap, maxParallel, latencyMs, runs });
  if (hasFlag('--strict') && failed) process.exitCode = 1;
});
