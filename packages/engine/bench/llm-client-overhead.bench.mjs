// Model-client overhead: requests/s one process sustains through ModelFacade → ModelRequestExecutor
// (retries) → RequestAdmissionController (AIMD) → undici against a 0 ms OpenAI-compatible server, and
// the client's CPU µs per request (process.cpuUsage). The server runs in a child process by default
// so its CPU is not charged to the client (--in-process puts it in this process).
// Usage (after the build): node bench/llm-client-overhead.bench.mjs [requests=20000] [concurrency=32] [--in-process] [--json]
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@dd/config';
import { ModelRegistry, RequestAdmissionController } from '../dist/index.js';
import { startTestServer } from '../dist/testing/index.js';

if (process.argv.includes('--serve')) {
  // Child mode: a 0 ms test server; answers {stats} requests over IPC.
  const server = await startTestServer({ latencyMs: 0, recordRequests: false });
  process.on('message', async (message) => {
    if (message === 'stats') process.send({ stats: server.stats() });
    if (message === 'reset') {
      server.reset();
      process.send({ reset: true });
    }
    if (message === 'close') {
      await server.close();
      process.exit(0);
    }
  });
  process.send({ url: server.url });
} else {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const total = Number(args[0] ?? 20_000);
  const concurrency = Number(args[1] ?? 32);
  const inProcess = process.argv.includes('--in-process');
  const server = inProcess ? await inProcessServer() : await childServer();

  const config = await loadConfig({
    model_configs: [{ alias: 'm', model: 'bench-model', provider: 'bench', skip_health_check: true, inference_parameters: { max_parallel_requests: concurrency } }],
    columns: [{ name: 'x', column_type: 'llm-text', model_alias: 'm', prompt: 'hi' }],
  });
  const admission = new RequestAdmissionController();
  const registry = new ModelRegistry({
    modelConfigs: config.model_configs,
    providers: [{ name: 'bench', endpoint: server.url, provider_type: 'openai', api_key: 'sk-bench', extra_body: null, extra_headers: null }],
    admission,
  });
  const facade = registry.getModel('m');
  const parser = (text) => text;

  async function runBatch(count) {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next += 1;
        await facade.generate({ prompt: `Write one sentence about item ${next}.`, parser, purpose: 'bench' });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  await runBatch(Math.min(2000, total)); // warm-up: connections, JIT
  await server.reset();
  const load0 = os.loadavg()[0];
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await runBatch(total);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const stats = await server.stats();
  await registry.close();
  await server.close();
  const perSecond = total / seconds;
  const cpuUsPerRequest = (cpu.user + cpu.system) / total;
  console.log(
    `llm-client-overhead: ${total} requests, concurrency ${concurrency}, 0 ms server (${inProcess ? 'in process' : 'child process'}): ` +
      `${Math.round(perSecond).toLocaleString('en-US')} requests/s, ${cpuUsPerRequest.toFixed(1)} µs CPU/request (client${inProcess ? ' + server' : ''}); ` +
      `server saw ${stats.total} (${stats.byStatus[200] ?? 0} × 200); load ${load0.toFixed(2)}`,
  );
  if (process.argv.includes('--json')) {
    console.log(`BENCH_JSON ${JSON.stringify({ requests: total, concurrency, inProcess, seconds, perSecond, cpuUsPerRequest, serverTotal: stats.total })}`);
  }
}

async function inProcessServer() {
  const server = await startTestServer({ latencyMs: 0, recordRequests: false });
  return { url: server.url, stats: async () => server.stats(), reset: async () => server.reset(), close: () => server.close() };
}

async function childServer() {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
    stats: () => ask('stats', 'stats'),
    reset: () => ask('reset', 'reset'),
    close: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.send('close');
    }),
  };
}
