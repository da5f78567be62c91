// LLM adaptive admission: the llm-throughput pipeline (two independent llm-text columns and an
// llm-judge on both) against a server that takes at most `serverCap` requests at once and answers
// 429 above it, while the client's max_parallel_requests is larger. AIMD admission has to find the
// cap. Reports successful-request throughput against the limit (serverCap / latency) and the share
// of requests answered 429. Targets: ≥ 0.85 of the limit, 429s < 5 %.
// The server runs in a child process (like a real provider, its CPU and timers are not the
// engine's); --in-process runs it inside this process instead. Health checks are skipped.
// Usage (after the build):
//   node bench/llm-adaptive.bench.mjs [records=2000] [latencyMs=100] [serverCap=8] [maxParallel=64] [retryAfterMs=1000] [bufferSize=1000] [rowGroups=3] [--in-process] [--timeline] [--json]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@dd/config';
import { createDataset } from '../dist/index.js';
import { startTestServer } from '../dist/testing/index.js';

if (process.argv.includes('--serve')) {
  await serveChild();
} else {
  await main();
}

async function main() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const records = Number(args[0] ?? 2000);
  const latencyMs = Number(args[1] ?? 100);
  const cap = Number(args[2] ?? 8);
  const maxParallel = Number(args[3] ?? 64);
  const retryAfterMs = Number(args[4] ?? 1000);
  const bufferSize = Number(args[5] ?? 1000);
  const rowGroups = Number(args[6] ?? 3);
  const inProcess = process.argv.includes('--in-process');

  process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS = '1';
  process.env.DD_BENCH_KEY = 'sk-bench';
  const serverOptions = { latencyMs, maxConcurrent: cap, retryAfterMs, recordRequests: false };
  const server = inProcess ? await inProcessServer(serverOptions) : await childServer(serverOptions);
  const modelProviders = [{ name: 'bench', endpoint: server.url, provider_type: 'openai', api_key: 'DD_BENCH_KEY', extra_body: null, extra_headers: null }];
  const config = await loadConfig(pipelineConfig(maxParallel));

  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-llm-bench-'));
  const load0 = os.loadavg()[0];
  const cpu0 = process.cpuUsage();
  await server.startSampling();
  const started = performance.now();
  try {
    await createDataset({
      config,
      numRecords: records,
      artifactPath: dir,
      datasetName: 'llm',
      seed: 1,
      modelProviders,
      runConfig: { buffer_size: bufferSize, max_concurrent_row_groups: rowGroups, disable_early_shutdown: true },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const { stats, meanInFlight, timeline } = await server.finish();
  await server.close();
  if (process.argv.includes('--timeline')) {
    const per = Math.max(1, Math.round(timeline.length / 40));
    for (let i = 0; i < timeline.length; i += per) {
      const chunk = timeline.slice(i, i + per);
      console.log(`  t≈${((i * 5) / 1000).toFixed(1)} s: ${(chunk.reduce((a, b) => a + b, 0) / chunk.length).toFixed(1)} in flight`);
    }
  }
  const requests = stats.total;
  const ok = stats.byStatus[200] ?? 0;
  const rejected = stats.byStatus[429] ?? 0;
  const limitPerSecond = cap / (latencyMs / 1000);
  const perSecond = ok / seconds;
  const ratio = perSecond / limitPerSecond;
  const share429 = rejected / Math.max(1, requests);
  const cpuUsPerRequest = (cpu.user + cpu.system) / Math.max(1, requests);
  console.log(
    `llm-adaptive: ${records} records, ${ok} × 200 in ${seconds.toFixed(2)} s = ${perSecond.toFixed(1)} req/s vs limit ${limitPerSecond.toFixed(1)} req/s (server cap ${cap}, latency ${latencyMs} ms) = ${ratio.toFixed(3)} of the limit (target ≥ 0.85); ` +
      `429s ${rejected} of ${requests} = ${(share429 * 100).toFixed(2)} % (target < 5 %); client max_parallel_requests ${maxParallel}, retry-after ${retryAfterMs} ms; ` +
      `server in flight mean ${meanInFlight.toFixed(2)} max ${stats.maxConcurrent}; engine CPU ${cpuUsPerRequest.toFixed(0)} µs/request; buffer_size ${bufferSize}, max_concurrent_row_groups ${rowGroups}; ` +
      `server ${inProcess ? 'in process' : 'child process'}; load ${load0.toFixed(2)} (${os.cpus().length} cores)`,
  );
  if (process.argv.includes('--json')) {
    console.log(`BENCH_JSON ${JSON.stringify({ records, requests, ok, rateLimited: rejected, share429, latencyMs, serverCap: cap, maxParallel, retryAfterMs, seconds, perSecond, limitPerSecond, ratio, meanInFlight, maxInFlight: stats.maxConcurrent, cpuUsPerRequest, bufferSize, rowGroups, inProcess })}`);
  }
}

/** Two independent llm-text columns and an llm-judge on both, one model alias. */
function pipelineConfig(maxParallelRequests) {
  return {
    model_configs: [{ alias: 'm', model: 'bench-model', provider: 'bench', skip_health_check: true, inference_parameters: { max_parallel_requests: maxParallelRequests } }],
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
  };
}

/** Samples the server's requests in flight every 5 ms between startSampling and finish. */
function sampling(server) {
  let timer;
  const timeline = [];
  return {
    start() {
      server.reset();
      timer = setInterval(() => timeline.push(server.stats().inFlight), 5);
    },
    finish() {
      clearInterval(timer);
      const meanInFlight = timeline.reduce((a, b) => a + b, 0) / Math.max(1, timeline.length);
      return { stats: server.stats(), meanInFlight, timeline };
    },
  };
}

async function inProcessServer(options) {
  const server = await startTestServer(options);
  const sampler = sampling(server);
  return { url: server.url, startSampling: async () => sampler.start(), finish: async () => sampler.finish(), close: () => server.close() };
}

/** Child mode: the test server with the options given as JSON in argv; commands over IPC. */
async function serveChild() {
  const options = JSON.parse(process.argv[process.argv.indexOf('--serve') + 1]);
  const server = await startTestServer(options);
  const sampler = sampling(server);
  process.on('message', async (message) => {
    if (message === 'start') process.send({ started: true }, () => sampler.start());
    if (message === 'finish') process.send({ finished: sampler.finish() });
    if (message === 'close') {
      await server.close();
      process.exit(0);
    }
  });
  process.send({ url: server.url });
}

async function childServer(options) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message, key) =>
    new Promise((resolve) => {
      const on = (reply) => {
        if (key in reply) {
          child.off('message', on);
          resolve(reply[key]);
        }
      };
      child.on('message', on);
      if (message !== null) child.send(message);
    });
  const url = await ask(null, 'url');
  return {
    url,
    startSampling: () => ask('start', 'started'),
    finish: () => ask('finish', 'finished'),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send('close');
      }),
  };
}
