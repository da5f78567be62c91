// Shared parts of the LLM benches (llm-throughput, llm-adaptive, llm-client-overhead): the local
// OpenAI-compatible test server, in this process or in a child process (like a real provider, its CPU
// and timers are then not the engine's), the llm-text + llm-judge pipeline and its timed
// createDataset run, and the command-line helpers.
// Run as a script with `--serve <options JSON>` this module is the child: the test server with those
// options, driven over IPC by startBenchServer.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@dd/config';
import { createDataset } from '../dist/index.js';
import { startTestServer } from '../dist/testing/index.js';

const SELF = fileURLToPath(import.meta.url);

/** Positional command-line arguments (everything not starting with `--`). */
export const positionalArgs = process.argv.slice(2).filter((a) => !a.startsWith('--'));

export function hasFlag(flag) {
  return process.argv.includes(flag);
}

/** Prints the machine-readable result line read by run-benches.mjs, when --json is given. */
export function printBenchJson(result) {
  if (hasFlag('--json')) console.log(`BENCH_JSON ${JSON.stringify(result)}`);
}

/** The `bench` provider pointing at the test server. */
export function benchProvider(endpoint, apiKey = 'DD_BENCH_KEY') {
  return { name: 'bench', endpoint, provider_type: 'openai', api_key: apiKey, extra_body: null, extra_headers: null };
}

/** Model config `m` on the `bench` provider. */
export function benchModelConfig(maxParallelRequests) {
  return { alias: 'm', model: 'bench-model', provider: 'bench', skip_health_check: true, inference_parameters: { max_parallel_requests: maxParallelRequests } };
}

/** Two independent llm-text columns and an llm-judge on both, one model alias. */
export function pipelineConfig(maxParallelRequests) {
  return {
    model_configs: [benchModelConfig(maxParallelRequests)],
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

/**
 * Starts the test server with `options`, in a child process unless `inProcess`. The handle's
 * methods are all async: reset(), stats(), startSampling() (reset, then sample the requests in
 * flight every 5 ms), finish() → { stats, meanInFlight, timeline }, close().
 */
export async function startBenchServer(options, { inProcess = false } = {}) {
  return inProcess ? localServer(await startTestServer(options)) : childServer(options);
}

function localServer(server) {
  let timer;
  let timeline = [];
  return {
    url: server.url,
    reset: async () => server.reset(),
    stats: async () => server.stats(),
    startSampling: async () => {
      server.reset();
      timeline = [];
      timer = setInterval(() => timeline.push(server.stats().inFlight), 5);
    },
    finish: async () => {
      clearInterval(timer);
      const meanInFlight = timeline.reduce((a, b) => a + b, 0) / Math.max(1, timeline.length);
      return { stats: server.stats(), meanInFlight, timeline };
    },
    close: () => server.close(),
  };
}

/** Child mode: the test server with the options given as JSON in argv; method calls over IPC. */
async function serveChild() {
  const options = JSON.parse(process.argv[process.argv.indexOf('--serve') + 1]);
  const server = localServer(await startTestServer(options));
  process.on('message', async ({ id, method }) => {
    if (method === 'close') {
      await server.close();
      process.exit(0);
    }
    // Sampling starts once the reply is on its way, i.e. as the parent starts its run.
    if (method === 'startSampling') process.send({ id }, () => server.startSampling());
    else process.send({ id, result: await server[method]() });
  });
  process.send({ url: server.url });
}

async function childServer(options) {
  const child = fork(SELF, ['--serve', JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise((resolve) => child.once('message', (reply) => resolve(reply.url)));
  const pending = new Map();
  child.on('message', ({ id, result }) => {
    pending.get(id)?.(result);
    pending.delete(id);
  });
  let nextId = 0;
  const call = (method) =>
    new Promise((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      child.send({ id: nextId, method });
    });
  return {
    url,
    reset: () => call('reset'),
    stats: () => call('stats'),
    startSampling: () => call('startSampling'),
    finish: () => call('finish'),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ method: 'close' });
      }),
  };
}

/**
 * createDataset of `records` records over pipelineConfig(maxParallel) against a test server with
 * `serverOptions` (health checks skipped), timed, with the server's requests in flight sampled.
 * With --timeline prints the in-flight timeline. Returns the server's stats and the engine's cost.
 */
export async function runPipelineBench({ serverOptions, inProcess, records, maxParallel, bufferSize, rowGroups }) {
  process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS = '1';
  process.env.DD_BENCH_KEY = 'sk-bench';
  const server = await startBenchServer(serverOptions, { inProcess });
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
      modelProviders: [benchProvider(server.url)],
      runConfig: { buffer_size: bufferSize, max_concurrent_row_groups: rowGroups, disable_early_shutdown: true },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const { stats, meanInFlight, timeline } = await server.finish();
  await server.close();
  if (hasFlag('--timeline')) printTimeline(timeline);
  const requests = stats.total;
  return {
    seconds,
    stats,
    requests,
    ok: stats.byStatus[200] ?? 0,
    rateLimited: stats.byStatus[429] ?? 0,
    meanInFlight,
    cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, requests),
    load: `${load0.toFixed(2)} (${os.cpus().length} cores)`,
  };
}

/**
 * Prints the JSON line of a runPipelineBench run (with --json): the figures every pipeline bench
 * reports (run size, statuses, in flight, engine CPU, buffer settings) and the bench's own `figures`.
 */
export function printPipelineBenchJson(run, { records, latencyMs, bufferSize, rowGroups, inProcess }, figures) {
  printBenchJson({
    records,
    requests: run.requests,
    ok: run.ok,
    rateLimited: run.rateLimited,
    latencyMs,
    seconds: run.seconds,
    ...figures,
    meanInFlight: run.meanInFlight,
    maxInFlight: run.stats.maxConcurrent,
    cpuUsPerRequest: run.cpuUsPerRequest,
    bufferSize,
    rowGroups,
    inProcess,
  });
}

/** About 40 lines of mean requests in flight over the run (samples are 5 ms apart). */
function printTimeline(timeline) {
  const per = Math.max(1, Math.round(timeline.length / 40));
  for (let i = 0; i < timeline.length; i += per) {
    const chunk = timeline.slice(i, i + per);
    console.log(`  t≈${((i * 5) / 1000).toFixed(1)} s: ${(chunk.reduce((a, b) => a + b, 0) / chunk.length).toFixed(1)} in flight`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF && hasFlag('--serve')) await serveChild();
