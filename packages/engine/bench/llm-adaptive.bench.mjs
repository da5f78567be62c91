// LLM adaptive admission: the llm-throughput pipeline (two independent llm-text columns and an
// llm-judge on both) against a server that takes at most `serverCap` requests at once and answers
// 429 above it, while the client's max_parallel_requests is larger. AIMD admission has to find the
// cap. Reports successful-request throughput against the limit (serverCap / latency) and the share
// of requests answered 429. Targets: ≥ 0.85 of the limit, 429s < 5 %.
// The server runs in a child process (like a real provider, its CPU and timers are not the
// engine's); --in-process runs it inside this process instead. Health checks are skipped.
// Usage (after the build):
//   node bench/llm-adaptive.bench.mjs [records=2000] [latencyMs=100] [serverCap=8] [maxParallel=64] [retryAfterMs=1000] [bufferSize=1000] [rowGroups=3] [--in-process] [--timeline] [--json]
import { positionalArgs, hasFlag, printPipelineBenchJson, runPipelineBench } from './llm-bench-support.mjs';

const records = Number(positionalArgs[0] ?? 2000);
const latencyMs = Number(positionalArgs[1] ?? 100);
const cap = Number(positionalArgs[2] ?? 8);
const maxParallel = Number(positionalArgs[3] ?? 64);
const retryAfterMs = Number(positionalArgs[4] ?? 1000);
const bufferSize = Number(positionalArgs[5] ?? 1000);
const rowGroups = Number(positionalArgs[6] ?? 3);
const inProcess = hasFlag('--in-process');

const serverOptions = { latencyMs, maxConcurrent: cap, retryAfterMs, recordRequests: false };
const run = await runPipelineBench({ serverOptions, inProcess, records, maxParallel, bufferSize, rowGroups });
const { seconds, stats, requests, ok, rateLimited, meanInFlight, cpuUsPerRequest } = run;
const limitPerSecond = cap / (latencyMs / 1000);
const perSecond = ok / seconds;
const ratio = perSecond / limitPerSecond;
const share429 = rateLimited / Math.max(1, requests);
console.log(
  `llm-adaptive: ${records} records, ${ok} × 200 in ${seconds.toFixed(2)} s = ${perSecond.toFixed(1)} req/s vs limit ${limitPerSecond.toFixed(1)} req/s (server cap ${cap}, latency ${latencyMs} ms) = ${ratio.toFixed(3)} of the limit (target ≥ 0.85); ` +
    `429s ${rateLimited} of ${requests} = ${(share429 * 100).toFixed(2)} % (target < 5 %); client max_parallel_requests ${maxParallel}, retry-after ${retryAfterMs} ms; ` +
    `server in flight mean ${meanInFlight.toFixed(2)} max ${stats.maxConcurrent}; engine CPU ${cpuUsPerRequest.toFixed(0)} µs/request; buffer_size ${bufferSize}, max_concurrent_row_groups ${rowGroups}; ` +
    `server ${inProcess ? 'in process' : 'child process'}; load ${run.load}`,
);
printPipelineBenchJson(
  run,
  { records, latencyMs, bufferSize, rowGroups, inProcess },
  { share429, serverCap: cap, maxParallel, retryAfterMs, perSecond, limitPerSecond, ratio },
);
