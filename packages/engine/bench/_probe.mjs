// LLM throughput: createDataset of N records over a DAG of two independent llm-text columns and an
// llm-judge reading both, against the local OpenAI-compatible server with a fixed latency and a
// concurrency cap equal to the client's max_parallel_requests. Compares wall time with the physical
// limit (requests × latency / cap). Target: limit / wall ≥ 0.95.
// Usage (after the build): node bench/llm-throughput.bench.mjs [records=2000] [latencyMs=100] [cap=32] [bufferSize=1000] [rowGroups=3] [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@dd/config';
import { createDataset } from '/work/main/packages/engine/dist/index.js';
import { startTestServer } from '/work/main/packages/engine/dist/testing/index.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const records = Number(args[0] ?? 2000);
const latencyMs = Number(args[1] ?? 100);
const cap = Number(args[2] ?? 32);
const bufferSize = Number(args[3] ?? 1000);
const rowGroups = Number(args[4] ?? 3);

process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS = '1';
process.env.DD_BENCH_KEY = 'sk-bench';
const server = await startTestServer({ latencyMs, maxConcurrent: cap, retryAfterMs: 1000, recordRequests: true });
const modelProviders = [{ name: 'bench', endpoint: server.url, provider_type: 'openai', api_key: 'DD_BENCH_KEY', extra_body: null, extra_headers: null }];
const config = await loadConfig({
  model_configs: [{ alias: 'm', model: 'bench-model', provider: 'bench', skip_health_check: true, inference_parameters: { max_parallel_requests: cap } }],
  columns: [
    { name: 'topic', column_type: 'sampler', sampler_type: 'category', params: { values: ['billing', 'shipping', 'returns', 'login'] } },
    { name: 'question', column_type: 'llm-text', model_alias: 'm', prompt: 'Write a customer question about {{ topic }}.' },
    { name: 'answer_style', column_type: 'llm-text', model_alias: 'm', prompt: 'Describe a support tone for {{ topic }} in one line.' },
    {
      name: 'quality',
      column_type: 'llm-judge',
      model_alias: 'm',
      prompt: 'Rate this pair.\n\nQuestion: {{ question }}\nStyle: {{ answer_style }}',
      scores: [{ name: 'fit', description: 'Does the style fit the question?', options: { 1: 'Poor', 2: 'Fair', 3: 'Good' } }],
    },
  ],
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-llm-bench-'));
import { monitorEventLoopDelay } from 'node:perf_hooks';
const h = monitorEventLoopDelay({ resolution: 1 }); h.enable();
const load0 = os.loadavg()[0];
const cpu0 = process.cpuUsage();
const started = performance.now();
// Mean requests in flight at the server (sampled every 5 ms), and a coarse timeline for --timeline.
let samples = 0;
let firstBusy;
let lastBusy;
let inFlightSum = 0;
const timeline = [];
const sampler = setInterval(() => {
  const { inFlight } = server.stats();
  samples += 1;
  inFlightSum += inFlight;
  timeline.push(inFlight);
  if (inFlight > 0) {
    firstBusy ??= performance.now();
    lastBusy = performance.now();
  }
}, 5);
let result;
try {
  result = await createDataset({
    config,
    numRecords: records,
    artifactPath: dir,
    datasetName: 'llm',
    seed: 1,
    modelProviders,
    runConfig: { buffer_size: bufferSize, max_concurrent_row_groups: rowGroups, disable_early_shutdown: true },
  });
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const stats = server.stats();
const meanInFlight = inFlightSum / Math.max(1, samples);
if (process.argv.includes('--timeline')) {
  console.log(`first request after ${((firstBusy - started) / 1000).toFixed(2)} s, last in flight at ${((lastBusy - started) / 1000).toFixed(2)} s, ${samples} samples`);
  const per = Math.max(1, Math.round(timeline.length / 60));
  for (let i = 0; i < timeline.length; i += per) {
    const chunk = timeline.slice(i, i + per);
    console.log(`t=${((i * 5) / 1000).toFixed(1)}s in-flight mean ${(chunk.reduce((a, b) => a + b, 0) / chunk.length).toFixed(1)}`);
  }
}
await server.close();
const requests = stats.total;
const ok = stats.byStatus[200] ?? 0;
const limitSeconds = (requests * latencyMs) / 1000 / cap;
const ratio = limitSeconds / seconds;
const cpuUsPerRequest = (cpu.user + cpu.system) / Math.max(1, requests);
console.log(
  `llm-throughput: ${records} records, ${requests} requests (${ok} × 200, ${stats.byStatus[429] ?? 0} × 429), latency ${latencyMs} ms, cap ${cap}: ` +
    `wall ${seconds.toFixed(2)} s vs limit ${limitSeconds.toFixed(2)} s = ${ratio.toFixed(3)} of the limit (target ≥ 0.95); ` +
    `server in flight mean ${meanInFlight.toFixed(1)} max ${stats.maxConcurrent}; ${cpuUsPerRequest.toFixed(0)} µs CPU/request; buffer_size ${bufferSize}, row groups ${rowGroups}; load ${load0.toFixed(2)}`,
);
if (process.argv.includes('--json')) {
  console.log(`BENCH_JSON ${JSON.stringify({ records, requests, ok, rateLimited: stats.byStatus[429] ?? 0, latencyMs, cap, seconds, limitSeconds, ratio, maxInFlight: stats.maxConcurrent, meanInFlight, cpuUsPerRequest, bufferSize, rowGroups, rows: result?.numRecords ?? null })}`);
}
const rs = server.requests;
const d = rs.map((r) => r.durationMs).sort((a, b) => a - b);
const q = (p) => d[Math.floor(p * (d.length - 1))];
console.log('server duration ms p0', q(0), 'p50', q(0.5), 'p90', q(0.9), 'p99', q(0.99), 'max', q(1), 'mean', (d.reduce((a, b) => a + b, 0) / d.length).toFixed(2));
const t0 = rs[0].startedAt;
console.log('first', 0, 'last start', rs.at(-1).startedAt - t0, 'last end', Math.max(...rs.map((r) => r.startedAt + r.durationMs)) - t0);

h.disable(); console.log('eld ms p50', h.percentile(50)/1e6, 'p90', h.percentile(90)/1e6, 'p99', h.percentile(99)/1e6, 'max', h.max/1e6, 'mean', h.mean/1e6);
