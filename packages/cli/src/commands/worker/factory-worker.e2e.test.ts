import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { describeWithRedis } from '@dd/engine/testing';
import { deleteRedisKeys, type DataFactory } from '@dd/engine';

// The built `data-designer worker -i module` serving a queued data factory the module registers.
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(packageDir, 'bin', 'data-designer.js');
const factoryModule = path.join(packageDir, 'src', 'commands', 'worker', '__fixtures__', 'shout-factory.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-factory-cli-'));

await describeWithRedis('data-designer worker serving a queued data factory', { markerDir: packageDir, scratchDir: tmp }, (redis) => {
  const url = redis.url;
  it('runs the batches of the factory its -i module registers, and exits 0 on SIGTERM', async () => {
    const queue = redis.uniquePrefix().replace(/:/g, '-');
    const env = { ...process.env, NO_COLOR: '1', DATA_DESIGNER_REDIS_URL: url, SHOUT_QUEUE: queue };
    const child = spawn(process.execPath, [bin, 'worker', '--queue', queue, '-i', factoryModule], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const until = Date.now() + 30_000;
      while (!output.includes('serves shout')) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`worker did not start: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      process.env.DATA_DESIGNER_REDIS_URL = url;
      process.env.SHOUT_QUEUE = queue;
      const { shouts } = (await import(factoryModule)) as { shouts: DataFactory<string, { word: string; loud: string; pid: number }> };
      const words = Array.from({ length: 12 }, (_, index) => `word${index}`);
      const result = await shouts.run(words);
      expect(result.records.map((record) => record.loud).sort()).toEqual(words.map((word) => `${word.toUpperCase()}!`).sort());
      expect(new Set(result.records.map((record) => record.pid))).toEqual(new Set([child.pid]));
      expect((output.match(/✅ batch/g) ?? []).length).toBe(3);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('and 3 data-factory batch(es)');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      delete process.env.SHOUT_QUEUE;
      delete process.env.DATA_DESIGNER_REDIS_URL;
      await deleteRedisKeys(url, `dd:${queue}.factory.shout`);
      await deleteRedisKeys(url, `dd:${queue}`);
    }
  }, 60_000);
});
