// Shared parts of the end-to-end benches (e2e-*.bench.mjs): the local OpenAI-compatible test server in
// its own child process (its CPU and timers are not the command's, like a real provider), a temporary
// Data Designer home whose model_providers.yaml points at it, the timed child process (wall time from
// spawn to exit, as a user times a command), and the result lines read by run-e2e-benches.mjs.
// Run as a script with `--serve <options JSON>` this module is that server child, driven over IPC.
//
// Result protocol (any e2e bench may follow it): with `--json` a bench prints one line
// `BENCH_JSON {"rows":[{"figure":"…","value":"…","goal":"…","ok":true|false|null}], …}`;
// run-e2e-benches.mjs collects the rows of every bench into one table.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const HERE = path.dirname(SELF);

/** The `data-designer` executable of this package (run with the current node). */
export const CLI_BIN = path.resolve(HERE, '../bin/data-designer.js');

/** Positional command-line arguments (everything not starting with `--`). */
export const positionalArgs = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

/** True when `flag` is among the arguments. */
export function hasFlag(flag) {
  return process.argv.includes(flag);
}

/** Prints the summary rows (and extra figures) as the machine-readable line, when --json is given. */
export function printBenchJson(rows, extra = {}) {
  if (hasFlag('--json')) console.log(`BENCH_JSON ${JSON.stringify({ rows, ...extra })}`);
}

/** A summary row; `ok` is true/false against the goal, null when there is no goal. */
export function row(figure, value, goal, ok) {
  return { figure, value, goal, ok };
}

/** Starts the test server with `options` in a child process; methods: stats(), reset(), configure(patch), close(). */
export async function startServerProcess(options) {
  const child = fork(SELF, ['--serve', JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise((resolve, reject) => {
    child.once('message', (reply) => resolve(reply.url));
    child.once('exit', (code) => reject(new Error(`test server exited with ${code}`)));
  });
  const pending = new Map();
  child.on('message', ({ id, result }) => {
    pending.get(id)?.(result);
    pending.delete(id);
  });
  let nextId = 0;
  const call = (method, arg) =>
    new Promise((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      child.send({ id: nextId, method, arg });
    });
  return {
    url,
    stats: () => call('stats'),
    /** [startedAt ms, durationMs, status] per request since the last reset (needs recordRequests). */
    timeline: () => call('timeline'),
    reset: () => call('reset'),
    configure: (patch) => call('configure', patch),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ method: 'close' });
      }),
  };
}

async function serveChild() {
  const { startTestServer } = await import('@dd/engine/testing');
  const server = await startTestServer(JSON.parse(process.argv[process.argv.indexOf('--serve') + 1]));
  process.on('message', async ({ id, method, arg }) => {
    if (method === 'close') {
      await server.close();
      process.exit(0);
    }
    const result =
      method === 'configure'
        ? server.configure(arg)
        : method === 'reset'
          ? server.reset()
          : method === 'timeline'
            ? server.requests.map((request) => [request.startedAt, request.durationMs, request.status])
            : server.stats();
    process.send({ id, result });
  });
  process.send({ url: server.url });
}

/**
 * A temporary folder used as DATA_DESIGNER_HOME (model_providers.yaml with a `bench` provider at
 * `endpoint`) and as the working folder of the timed command. `remove()` deletes it.
 */
export function benchHome(endpoint) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-e2e-bench-'));
  if (endpoint !== undefined) {
    writeFileSync(
      path.join(dir, 'model_providers.yaml'),
      `providers:\n  - name: bench\n    endpoint: ${endpoint}\n    provider_type: openai\n    api_key: DD_BENCH_KEY\n`,
    );
  }
  return {
    dir,
    file: (name, text) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    env: { ...process.env, DATA_DESIGNER_HOME: dir, DD_BENCH_KEY: 'sk-bench', NO_COLOR: '1' },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs `node args…` in `cwd` and measures the wall time from spawn to exit (ms) and the child's CPU
 * time (`cpuMs`, user + system, written at exit by the preloaded report-cpu-usage.mjs: under load
 * the wall time mostly measures the other processes) and `marks`, wall-clock instants in ms since the epoch:
 * spawnAt / closeAt seen here, processStartAt / preloadAt / exitAt seen by the child. Output is kept (the last 4 KB of each stream)
 * for the error message when the exit code is not 0. `onStderr` sees stderr lines. `DD_BENCH_NODE_ARGS`
 * (space-separated) adds Node flags to the command, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
 */
export function timeCommand(args, { cwd, env, onStderr } = {}) {
  const cpuFile = path.join(os.tmpdir(), `dd-e2e-cpu-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const preload = [
    ...(process.env.DD_BENCH_NODE_ARGS ? process.env.DD_BENCH_NODE_ARGS.split(' ') : []),
    '--import',
    pathToFileURL(path.join(HERE, 'report-cpu-usage.mjs')).href,
  ];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const spawnAt = Date.now();
    const child = spawn(process.execPath, [...preload, ...args], {
      cwd,
      env: { ...(env ?? process.env), DD_BENCH_CPU_FILE: cpuFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pendingErr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout = (stdout + text).slice(-4096)));
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr = (stderr + text).slice(-4096);
      if (!onStderr) return;
      pendingErr += text;
      const lines = pendingErr.split('\n');
      pendingErr = lines.pop() ?? '';
      for (const line of lines) onStderr(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const closeAt = Date.now();
      let cpuMs = null;
      let marks = { spawnAt, closeAt };
      try {
        const { userMs, systemMs, ...childMarks } = JSON.parse(readFileSync(cpuFile, 'utf8'));
        cpuMs = userMs + systemMs;
        marks = { ...marks, ...childMarks };
        rmSync(cpuFile, { force: true });
      } catch {
        // no CPU figure (the child died before its exit handler)
      }
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`));
      else resolve({ ms, cpuMs, marks, stdout, stderr });
    });
  });
}

/**
 * The frame of the LLM pipeline benches: starts the test server (own process) with `serverOptions`, a
 * benchHome pointing at it holding pipelineConfigYaml(maxParallel), and calls `fn({ server, home, timeCreate })`.
 * `timeCreate(records)` clears the server's figures, times `data-designer create -n records` of that
 * config and returns timeCommand's figures with the server's `stats`. The home and server go afterwards.
 */
export async function withPipelineBench({ serverOptions, maxParallel }, fn) {
  const server = await startServerProcess(serverOptions);
  const home = benchHome(server.url);
  try {
    const config = home.file('pipeline.yaml', pipelineConfigYaml(maxParallel));
    const timeCreate = async (records) => {
      await server.reset();
      const timed = await timeCommand(createArgs(home, config, records), { cwd: home.dir, env: home.env });
      return { ...timed, stats: await server.stats() };
    };
    return await fn({ server, home, timeCreate });
  } finally {
    home.remove();
    await server.close();
  }
}

/** `data-designer create` argv (to run with node) writing `records` records of `configFile` under `home`. */
export function createArgs(home, configFile, records, runConfigFile) {
  const args = [CLI_BIN, 'create', configFile, '-n', String(records), '-o', path.join(home.dir, 'artifacts'), '-d', 'bench', '--no-progress'];
  if (runConfigFile) args.push('-c', runConfigFile);
  return args;
}

/** Two independent llm-text columns and an llm-judge reading both, on model alias `m` (health check skipped). */
export function pipelineConfigYaml(maxParallelRequests) {
  return `model_configs:
  - alias: m
    model: bench-model
    provider: bench
    skip_health_check: true
    inference_parameters:
      max_parallel_requests: ${maxParallelRequests}
columns:
  - name: topic
    column_type: sampler
    sampler_type: category
    params: {values: [billing, shipping, returns, login]}
  - name: question
    column_type: llm-text
    model_alias: m
    prompt: Write a customer question about {{ topic }}.
  - name: answer_style
    column_type: llm-text
    model_alias: m
    prompt: Describe a support tone for {{ topic }} in one line.
  - name: quality
    column_type: llm-judge
    model_alias: m
    prompt: "Rate this pair.\\n\\nQuestion: {{ question }}\\nStyle: {{ answer_style }}"
    scores:
      - name: fit
        description: Does the style fit the question?
        options: {'1': Poor, '2': Fair, '3': Good}
`;
}

/**
 * Load-robust components of an LLM run, from the server's request timeline ([startedAt, durationMs,
 * status] per request) and the command's wall-clock `marks` (see timeCommand), all in seconds:
 * `startup` spawn → first request; `window` first request → last response; `idle` the window's unused
 * capacity in full-cap seconds (window − Σ admitted request time / cap), split into `rampIdle` (before
 * the in-flight count first reaches `cap`), `tailIdle` (after it last leaves `cap`) and `midIdle`
 * (dips in between, e.g. row-group boundaries; `dips` lists the largest, offset from the first
 * request); `serviceMs` mean admitted request time (latency + server overhead); `finish` last
 * response → exit handler (profile, report, writes); `exit` exit handler → process gone; with the
 * child's total `cpuMs`, `startupCpu` / `finishCpu` the CPU seconds before the first request and after
 * the last response (the least load-dependent of these).
 */
export function timelineComponents(timeline, marks, cap, cpuMs = null) {
  const admitted = timeline.filter(([, durationMs, status]) => status === 200 && durationMs !== null);
  if (admitted.length === 0) return null;
  const events = [];
  let busyMs = 0;
  for (const [startedAt, durationMs] of admitted) {
    events.push([startedAt, 1], [startedAt + durationMs, -1]);
    busyMs += durationMs;
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const first = events[0][0];
  const last = events[events.length - 1][0];
  // Walk the step function; idle area per segment is (cap − inFlight) × dt.
  let inFlight = 0;
  let reachedCap = null;
  let lastAtCap = null;
  const segments = [];
  for (let index = 0; index < events.length; index += 1) {
    const [at, delta] = events[index];
    inFlight += delta;
    const next = index + 1 < events.length ? events[index + 1][0] : at;
    if (next > at) segments.push([at, next, inFlight]);
    if (inFlight >= cap) {
      reachedCap ??= at;
      lastAtCap = next;
    }
  }
  let rampIdle = 0;
  let tailIdle = 0;
  let midIdle = 0;
  const dips = [];
  let dip = null;
  for (const [from, to, level] of segments) {
    const idle = (Math.max(0, cap - level) * (to - from)) / cap;
    if (reachedCap === null || from < reachedCap) rampIdle += idle;
    else if (from >= lastAtCap) tailIdle += idle;
    else {
      midIdle += idle;
      if (level < cap) {
        if (dip && dip.to === from) {
          dip.to = to;
          dip.idle += idle;
          dip.min = Math.min(dip.min, level);
        } else {
          dip = { from, to, idle, min: level };
          dips.push(dip);
        }
      }
    }
  }
  const seconds = (ms) => ms / 1000;
  const largest = dips
    .sort((a, b) => b.idle - a.idle)
    .slice(0, 3)
    .map((d) => ({ atS: seconds(d.from - first), lengthS: seconds(d.to - d.from), idleS: seconds(d.idle), minInFlight: d.min }));
  return {
    requests: admitted.length,
    startup: seconds(first - marks.spawnAt),
    nodeBoot: marks.preloadAt !== undefined ? seconds(marks.preloadAt - marks.spawnAt) : null,
    window: seconds(last - first),
    idle: seconds(last - first - busyMs / cap),
    rampIdle: seconds(rampIdle),
    midIdle: seconds(midIdle),
    tailIdle: seconds(tailIdle),
    dips: largest,
    serviceMs: busyMs / admitted.length,
    finish: marks.exitAt !== undefined ? seconds(marks.exitAt - last) : null,
    exit: marks.exitAt !== undefined ? seconds(marks.closeAt - marks.exitAt) : null,
    startupCpu: marks.firstRequestCpuMs !== undefined ? seconds(marks.firstRequestCpuMs) : null,
    finishCpu: marks.lastResponseCpuMs !== undefined && cpuMs != null ? seconds(cpuMs - marks.lastResponseCpuMs) : null,
  };
}

/** One line of timelineComponents' figures. */
export function formatComponents(parts) {
  if (parts === null) return 'no timeline';
  const f = (value) => (value === null ? '?' : value.toFixed(2));
  const dips = parts.dips.map((d) => `${f(d.idleS)} s idle at +${f(d.atS)} s for ${f(d.lengthS)} s (min ${d.minInFlight} in flight)`).join('; ');
  return (
    `spawn→first request ${f(parts.startup)} s (node boot ${f(parts.nodeBoot)} s, CPU ${f(parts.startupCpu)} s); window ${f(parts.window)} s with ${f(parts.idle)} s idle capacity ` +
    `(ramp ${f(parts.rampIdle)}, middle ${f(parts.midIdle)}, tail ${f(parts.tailIdle)}; service ${parts.serviceMs.toFixed(1)} ms/request); ` +
    `last response→exit handler ${f(parts.finish)} s (CPU ${f(parts.finishCpu)} s); exit handler→gone ${f(parts.exit)} s${dips ? `; largest dips: ${dips}` : ''}`
  );
}

/** Load average and cores, for the figure lines (the machine may be shared). */
export function loadNote() {
  return `load ${os.loadavg()[0].toFixed(2)} (${os.cpus().length} cores)`;
}

/** "0.953 (goal ≥ 0.95) OK" style verdict. */
export function verdict(ok) {
  return ok ? 'OK' : 'BELOW GOAL';
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF && hasFlag('--serve')) await serveChild();
