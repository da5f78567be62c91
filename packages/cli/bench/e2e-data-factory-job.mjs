// The timed command of e2e-data-factory.bench.mjs: a script as a user writes it, a dataFactory job of
// N inputs whose function sleeps S ms, C at once, persisted under the artifact path, then exit
// (imports @dd/engine, as examples/data-factory does).
// Usage: node bench/e2e-data-factory-job.mjs <artifactPath> [inputs=2000] [sleepMs=100] [concurrency=64]
import { dataFactory } from '@dd/engine'; // as examples/data-factory does

const [artifactPath, inputsArg, sleepArg, concurrencyArg] = process.argv.slice(2);
const inputs = Number(inputsArg ?? 2000);
const sleepMs = Number(sleepArg ?? 100);
const factory = dataFactory(
  async (n) => {
    await new Promise((resolve) => setTimeout(resolve, sleepMs));
    return { n, text: `record ${n}` };
  },
  { maxConcurrency: Number(concurrencyArg ?? 64), artifactPath, jobName: 'bench' },
);
const started = performance.now();
const result = await factory.run(Array.from({ length: inputs }, (_, index) => index));
// The bench also reports factory.run alone (without process start-up and module loading).
console.log(`DD_RUN_MS ${performance.now() - started}`);
if (result.records.length !== inputs) throw new Error(`expected ${inputs} records, got ${result.records.length}`);
