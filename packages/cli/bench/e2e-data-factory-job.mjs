// The timed command of e2e-data-factory.bench.mjs: a script as a user writes it, a dataFactory job of
// N inputs whose function sleeps S ms, C at once, persisted under the artifact path, then exit
// (imports the light entry @dd/engine/factory, as a script that only runs factory jobs should;
// DD_BENCH_FACTORY_ENTRY=@dd/engine times the same script importing the whole engine).
// Usage: node bench/e2e-data-factory-job.mjs <artifactPath> [inputs=2000] [sleepMs=100] [concurrency=64]
const { dataFactory } = await import(process.env.DD_BENCH_FACTORY_ENTRY || '@dd/engine/factory');

// performance.now() counts from the process start: this is Node start-up plus module loading.
const imported = performance.now();
const [artifactPath, inputsArg, sleepArg, concurrencyArg] = process.argv.slice(2);
const inputs = Number(inputsArg ?? 2000);
const sleepMs = Number(sleepArg ?? 100);
let firstCall;
let lastReturn = 0;
const factory = dataFactory(
  async (n) => {
    firstCall ??= performance.now();
    await new Promise((resolve) => setTimeout(resolve, sleepMs));
    lastReturn = performance.now();
    return { n, text: `record ${n}` };
  },
  { maxConcurrency: Number(concurrencyArg ?? 64), artifactPath, jobName: 'bench' },
);
const started = performance.now();
const result = await factory.run(Array.from({ length: inputs }, (_, index) => index));
const resolved = performance.now();
// The bench also reports factory.run alone (without process start-up and module loading) and its phases:
// start → first call (job store set-up), first call → last return (the pool), last return → resolved (final writes, result).
console.log(`DD_RUN_MS ${resolved - started}`);
console.log(`DD_PHASES_MS ${JSON.stringify({ imported, start: firstCall - started, calls: lastReturn - firstCall, finish: resolved - lastReturn })}`);
if (result.records.length !== inputs) throw new Error(`expected ${inputs} records, got ${result.records.length}`);
