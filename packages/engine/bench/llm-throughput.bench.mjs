// LLM throughput: createDataset of N records over a DAG of two independent llm-text columns and an
// llm-judge reading both, against the local OpenAI-compatible server with a fixed latency and a
// concurrency cap equal to the client's max_parallel_requests. Compares wall time with the physical
// limit (requests × latency / cap). Target: limit / wall ≥ 0.95.
// The server runs in a child process (like a real provider, its CPU and timers are not the
// engine's); --in-process runs it inside this process instead. Health checks are skipped.
// Usage (after the build):
//   node bench/llm-throughput.bench.mjs [records=2000] [latencyMs=100] [cap=32] [bufferSize=1000] [rowGroups=3] [--in-process] [--timeline] [--json]
import { positionalArgs, hasFlag, printPipelineBenchJson, runPipelineBench } from './llm-bench-support.mjs';

const records = Number(positionalArgs[0] ?? 2000);
const latencyMs = Number(positionalArgs[1] ?? 100);
const cap = Number(positionalArgs[2] ?? 32);
const bufferSize = Number(positionalArgs[3] ?? 1000);
const rowGroups = Number(positionalArgs[4] ?? 3);
const inProcess = hasFlag('--in-process');

const serverOptions = { latencyMs, maxConcurrent: cap, retryAfterMs: 1000, recordRequests: false };
const run = await runPipelineBench({ serverOptions, inProcess, records, maxParallel: cap, bufferSize, rowGroups });
const { seconds, stats, requests, ok, rateLimited, meanInFlight, cpuUsPerRequest } = run;
const limitSeconds = (requests * latencyMs) / 1000 / cap;
const ratio = limitSeconds / seconds;
console.log(
  `llm-throughput: ${records} records, ${requests} requests (${ok} × 200, ${rateLimited} × 429), latency ${latencyMs} ms, cap = max_parallel_requests = ${cap}: ` +
    `wall ${seconds.toFixed(2)} s vs limit ${limitSeconds.toFixed(2)} s = ${ratio.toFixed(3)} of the limit (target ≥ 0.95); ` +
    `server in flight mean ${meanInFlight.toFixed(1)} max ${stats.maxConcurrent}; engine CPU ${cpuUsPerRequest.toFixed(0)} µs/request${inProcess ? ' (server included)' : ''}; ` +
    `buffer_size ${bufferSize}, max_concurrent_row_groups ${rowGroups}; server ${inProcess ? 'in process' : 'child process'}; load ${run.load}`,
);
printPipelineBenchJson(run, { records, latencyMs, bufferSize, rowGroups, inProcess }, { cap, limitSeconds, ratio });
