// `pnpm bench` entry: runs every engine benchmark in its own process (so peak RSS is per run), echoes
// their output and prints a summary table of the figures at the end.
// Usage: node bench/run-benches.mjs [--quick]   (--quick: the 1M-record runs become 100k)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const big = quick ? '100000' : '1000000';
const runs = [
  { key: 'scheduler', file: 'scheduler-overhead.bench.mjs', args: [] },
  { key: 'expressions', file: 'expression-overhead.bench.mjs', args: ['100000'] },
  { key: 'samplers', file: 'samplers.bench.mjs', args: [] },
  { key: 'e2e100k', file: 'engine-vs-loop.bench.mjs', args: ['100000', 'both'] },
  { key: 'e2e1m', file: 'engine-vs-loop.bench.mjs', args: [big, 'both'] },
  { key: 'llmThroughput', file: 'llm-throughput.bench.mjs', args: [] },
  { key: 'llmAdaptive', file: 'llm-adaptive.bench.mjs', args: [] },
  { key: 'distributed', file: 'distributed.bench.mjs', args: [] },
  { key: 'factoryQueue', file: 'factory-queue.bench.mjs', args: [] },
  { key: 'llmClient', file: 'llm-client-overhead.bench.mjs', args: [] },
];

function run(file, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(here, file), ...args, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let figures = null;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('BENCH_JSON ')) figures = JSON.parse(line.slice('BENCH_JSON '.length));
        else console.log(line);
      }
    });
    child.on('close', (code) => resolve({ code, figures }));
  });
}

const results = {};
let failed = false;
for (const { key, file, args } of runs) {
  console.log(`\n▶ ${file} ${args.join(' ')}`);
  const { code, figures } = await run(file, args);
  if (code !== 0 || figures === null) failed = true;
  results[key] = figures;
}

const fmt = (n) => (n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));
const rows = [];
const s = results.scheduler;
if (s) rows.push(['Scheduler overhead, trivial cell generators', `${s.bestUsPerTask.toFixed(2)} µs/task`, '< 50 µs']);
const x = results.expressions;
if (x) {
  rows.push(['Scheduler overhead, 5 expression columns (gross)', `${x.grossUsPerTask.toFixed(2)} µs/task`, '< 50 µs']);
  rows.push(['Scheduler overhead, 5 expression columns (net)', `${x.netUsPerTask.toFixed(2)} µs/task`, '< 50 µs']);
}
const sm = results.samplers;
if (sm) rows.push(['Sampler generator vs Math.random loop', `${sm.ratio.toFixed(1)}×`, '-']);
for (const key of ['e2e100k', 'e2e1m']) {
  const e = results[key];
  if (!e) continue;
  const n = fmt(e.records);
  rows.push([`Engine, ${n} records × 10 samplers`, `${fmt(e.records / e.engineSeconds)} rec/s`, '-']);
  rows.push([`Plain loop, ${n} records`, `${fmt(e.records / e.loopSeconds)} rec/s`, '-']);
  rows.push([`Engine / loop, ${n} records`, `${e.ratio.toFixed(2)}×`, '≤ 3×']);
  rows.push([`Engine peak RSS, ${n} records`, `${e.enginePeakRssMiB} MiB`, 'flat']);
}
const lt = results.llmThroughput;
if (lt) rows.push([`LLM throughput, ${lt.requests} requests @ ${lt.latencyMs} ms, cap ${lt.cap}`, `${lt.ratio.toFixed(3)} of limit`, '≥ 0.95']);
const la = results.llmAdaptive;
if (la) {
  rows.push([`LLM adaptive, server cap ${la.serverCap}, client ${la.maxParallel}`, `${la.ratio.toFixed(3)} of limit`, '≥ 0.85']);
  rows.push(['LLM adaptive, share of 429s', `${(la.share429 * 100).toFixed(2)} %`, '< 5 %']);
}
const d = results.distributed;
if (d?.skipped) rows.push(['Distributed (BullMQ on Redis)', 'not run: no Redis', '-']);
else if (d) {
  rows.push([`Distributed offline, ${fmt(d.offlineRecords)} records, 2 workers vs 1`, `${d.speedup.toFixed(2)}×`, '-']);
  for (const [key, label] of [
    ['shared', 'shared limiter'],
    ['perProcess', 'per-process limiters'],
  ]) {
    const r = d[key];
    if (!r) continue;
    rows.push([
      `Distributed LLM, 3 workers, ${label}, cap ${d.cap}`,
      `${r.ratio.toFixed(3)} of limit, ${(r.share429 * 100).toFixed(2)} % 429s`,
      key === 'shared' ? '≥ 0.85, < 5 %' : '-',
    ]);
  }
}
const fq = results.factoryQueue;
if (fq?.skipped) rows.push(['Data factory on BullMQ workers', 'not run: no Redis', '-']);
else if (fq?.workers2) {
  rows.push([`Data factory, ${fmt(fq.inputs)} inputs @ ${fq.latencyMs} ms, 2 workers vs 1`, `${fq.speedup2vs1.toFixed(2)}×`, '-']);
  rows.push(['Data factory, 2 workers, fraction of the limit', `${fq.workers2.efficiency.toFixed(3)} (in process ${fq.local.efficiency.toFixed(3)})`, '-']);
}
const lc = results.llmClient;
if (lc)
  rows.push([
    `LLM client overhead, 0 ms server, concurrency ${lc.concurrency}`,
    `${fmt(lc.perSecond)} req/s, ${lc.cpuUsPerRequest.toFixed(0)} µs CPU/req`,
    '-',
  ]);
const widths = [0, 1, 2].map((c) => Math.max(...[['Figure', 'Value', 'Target'], ...rows].map((r) => r[c].length)));
const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log(`\nSummary\n${line(['Figure', 'Value', 'Target'])}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
process.exit(failed ? 1 : 0);
