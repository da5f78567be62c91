// Model-client overhead: requests/s one process sustains through ModelFacade → ModelRequestExecutor
// (retries) → RequestAdmissionController (AIMD) → undici against a 0 ms OpenAI-compatible server, and
// the client's CPU µs per request (process.cpuUsage). The server runs in a child process by default
// so its CPU is not charged to the client (--in-process puts it in this process).
// Usage (after the build): node bench/llm-client-overhead.bench.mjs [requests=20000] [concurrency=32] [--in-process] [--json]
import os from 'node:os';
import { loadConfig } from '@dd/config';
import { ModelRegistry, RequestAdmissionController } from '../dist/index.js';
import { benchModelConfig, benchProvider, hasFlag, positionalArgs, printBenchJson, startBenchServer } from './llm-bench-support.mjs';

const total = Number(positionalArgs[0] ?? 20_000);
const concurrency = Number(positionalArgs[1] ?? 32);
const inProcess = hasFlag('--in-process');
const server = await startBenchServer({ latencyMs: 0, recordRequests: false }, { inProcess });

const config = await loadConfig({
  model_configs: [benchModelConfig(concurrency)],
  columns: [{ name: 'x', column_type: 'llm-text', model_alias: 'm', prompt: 'hi' }],
});
const admission = new RequestAdmissionController();
const registry = new ModelRegistry({ modelConfigs: config.model_configs, providers: [benchProvider(server.url, 'sk-bench')], admission });
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
printBenchJson({ requests: total, concurrency, inProcess, seconds, perSecond, cpuUsPerRequest, serverTotal: stats.total });
