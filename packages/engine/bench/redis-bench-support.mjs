// Shared parts of the benches on Redis (distributed, factory-queue): a Redis or a clean exit without
// one, and worker processes started one after the other.
import { spawn } from 'node:child_process';
import { acquireTestRedis } from '../dist/testing/index.js';
import { printBenchJson } from './llm-bench-support.mjs';

/** A test Redis (see acquireTestRedis); without one, prints `<label>: not run: <reason>` (and the JSON line) and exits 0. */
export async function acquireBenchRedis(label) {
  const redis = await acquireTestRedis();
  if (!redis.available) {
    console.log(`${label}: not run: ${redis.reason}`);
    printBenchJson({ skipped: redis.reason });
    process.exit(0);
  }
  return redis;
}

/**
 * Starts `count` node processes of `script` with `args`, each after the one before printed `ready`;
 * `stop()` sends SIGTERM to those still running and waits until all have exited.
 */
export async function startReadyWorkers(script, count, args = []) {
  const children = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    children.push(child);
  }
  return {
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', resolve);
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
