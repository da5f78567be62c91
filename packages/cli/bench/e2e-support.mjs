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
    const result = method === 'configure' ? server.configure(arg) : method === 'reset' ? server.reset() : server.stats();
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
 * the wall time mostly measures the other processes). Output is kept (the last 4 KB of each stream)
 * for the error message when the exit code is not 0. `onStderr` sees stderr lines.
 */
export function timeCommand(args, { cwd, env, onStderr } = {}) {
  const cpuFile = path.join(os.tmpdir(), `dd-e2e-cpu-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const preload = ['--import', pathToFileURL(path.join(HERE, 'report-cpu-usage.mjs')).href];
  return new Promise((resolve, reject) => {
    const started = performance.now();
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
      let cpuMs = null;
      try {
        const { userMs, systemMs } = JSON.parse(readFileSync(cpuFile, 'utf8'));
        cpuMs = userMs + systemMs;
        rmSync(cpuFile, { force: true });
      } catch {
        // no CPU figure (the child died before its exit handler)
      }
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`));
      else resolve({ ms, cpuMs, stdout, stderr });
    });
  });
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

/** Load average and cores, for the figure lines (the machine may be shared). */
export function loadNote() {
  return `load ${os.loadavg()[0].toFixed(2)} (${os.cpus().length} cores)`;
}

/** "0.953 (goal ≥ 0.95) OK" style verdict. */
export function verdict(ok) {
  return ok ? 'OK' : 'BELOW GOAL';
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF && hasFlag('--serve')) await serveChild();
