// End to end, data factory: a script running a persisted dataFactory job of N inputs whose function
// sleeps S ms, C at once (e2e-data-factory-job.mjs, child process, wall time from spawn to exit). No
// scheduler can finish faster than N·S/C; the figure is limit / wall. Goal ≥ 0.95 at 2,000 inputs.
// Usage (after the build): node bench/e2e-data-factory.bench.mjs [inputs=2000] [sleepMs=100] [concurrency=64] [--json]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchHome, hasFlag, loadNote, positionalArgs, printBenchJson, row, timeCommand, verdict } from './e2e-support.mjs';

const inputs = Number(positionalArgs[0] ?? 2000);
const sleepMs = Number(positionalArgs[1] ?? 100);
const concurrency = Number(positionalArgs[2] ?? 64);
const GOAL = 0.95;
const job = path.join(path.dirname(fileURLToPath(import.meta.url)), 'e2e-data-factory-job.mjs');

const home = benchHome();
try {
  const { ms, cpuMs, stdout } = await timeCommand([job, home.dir, String(inputs), String(sleepMs), String(concurrency)], { cwd: home.dir, env: home.env });
  const wallS = ms / 1000;
  const limitS = (inputs * sleepMs) / 1000 / concurrency;
  const ratio = limitS / wallS;
  const runS = Number(/DD_RUN_MS (\S+)/.exec(stdout)?.[1] ?? NaN) / 1000;
  const runRatio = limitS / runS;
  const phases = JSON.parse(/DD_PHASES_MS (\S+)/.exec(stdout)?.[1] ?? '{}');
  const inMs = (value) => `${Math.round(value ?? NaN)} ms`;
  // The pool runs in waves of `concurrency`: ceil(N / C) · S is the true floor (3.2 s for 2,000 × 100 ms @ 64).
  const wavesS = (Math.ceil(inputs / concurrency) * sleepMs) / 1000;
  console.log(
    `e2e data factory: ${inputs} inputs × ${sleepMs} ms @ ${concurrency}, persisted: whole script wall ${wallS.toFixed(2)} s vs limit ${limitS.toFixed(2)} s = ` +
      `${ratio.toFixed(3)} of the limit (goal ≥ ${GOAL}) ${verdict(ratio >= GOAL)}; factory.run alone ${runS.toFixed(2)} s = ${runRatio.toFixed(3)} ` +
      `(waves floor ${wavesS.toFixed(2)} s = ${(limitS / wavesS).toFixed(3)}); ` +
      `phases: spawn→imported ${inMs(phases.imported)}, run start→first call ${inMs(phases.start)}, calls ${inMs(phases.calls)}, last return→resolved ${inMs(phases.finish)}; child CPU ${((cpuMs ?? NaN) / 1000).toFixed(2)} s; ${loadNote()}`,
  );
  printBenchJson(
    [
      row(
        `E2E data factory, ${inputs} inputs × ${sleepMs} ms @ ${concurrency}, persisted, whole script`,
        `${ratio.toFixed(3)} of limit (${wallS.toFixed(2)} s / ${limitS.toFixed(2)} s)`,
        `≥ ${GOAL}`,
        ratio >= GOAL,
      ),
      row(`E2E data factory, same, factory.run alone`, `${runRatio.toFixed(3)} of limit (${runS.toFixed(2)} s)`, `≥ ${GOAL}`, runRatio >= GOAL),
    ],
    { inputs, sleepMs, concurrency, wallS, limitS, ratio, runS, runRatio, cpuMs, phases },
  );
  if (hasFlag('--strict') && ratio < GOAL) process.exitCode = 1;
} finally {
  home.remove();
}
