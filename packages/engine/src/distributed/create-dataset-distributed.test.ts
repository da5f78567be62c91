import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { loadConfig } from '@dd/config';
import { describeWithRedis } from '../testing/describe-with-redis.js';
import { createDataset } from '../builder/create-dataset.js';
import { openDatasetReader } from '../builder/open-dataset-reader.js';
import { deleteRedisKeys } from './delete-redis-keys.js';
import { createDatasetDistributed } from './create-dataset-distributed.js';
import { startRowGroupWorker } from './start-row-group-worker.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = mkdtempSync(path.join(os.tmpdir(), 'dd-distributed-'));

/** Sampler/expression config whose values depend only on the seed and the row group. */
const offlineConfig = {
  columns: [
    { name: 'tier', column_type: 'sampler', sampler_type: 'category', params: { values: ['a', 'b', 'c'], weights: [1, 2, 3] } },
    { name: 'n', column_type: 'sampler', sampler_type: 'poisson', params: { mean: 4 } },
    { name: 'score', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 1 } },
    { name: 'label', column_type: 'expression', expr: '{{ tier | upper }}-{{ n }}' },
  ],
};

async function readAll(datasetPath: string): Promise<Array<Record<string, unknown>>> {
  const reader = await openDatasetReader(datasetPath);
  try {
    return await reader.readAll();
  } finally {
    await reader.close();
  }
}

await describeWithRedis('createDatasetDistributed', { markerDir: packageDir, scratchDir: root }, (redis) => {
  const url = redis.url;
  it('three in-process workers write the same rows as a local run with the same seed', async () => {
    const prefix = redis.uniquePrefix();
    const config = await loadConfig(offlineConfig);
    const runConfig = { buffer_size: 25 };
    const local = await createDataset({ config, runConfig, numRecords: 230, seed: 7, artifactPath: root, datasetName: 'local' });
    const workers = await Promise.all([0, 1, 2].map((i) => startRowGroupWorker({ redis: url, prefix, queueName: 'q', workerId: `w${i}` })));
    try {
      const distributed = await createDatasetDistributed({
        config,
        runConfig,
        numRecords: 230,
        seed: 7,
        artifactPath: root,
        datasetName: 'distributed',
        queue: { redis: url, prefix, queueName: 'q' },
      });
      expect(await readAll(distributed.datasetPath)).toEqual(await readAll(local.datasetPath));
      expect(readdirSync(path.join(distributed.datasetPath, 'parquet-files')).sort()).toEqual(
        readdirSync(path.join(local.datasetPath, 'parquet-files')).sort(),
      );
      expect(distributed.metadata).toMatchObject({ actual_num_records: 230, total_num_batches: 10 });
      expect(workers.reduce((sum, worker) => sum + worker.completed, 0)).toBe(10);
      expect(existsSync(path.join(distributed.datasetPath, 'builder_config.json'))).toBe(true);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await deleteRedisKeys(url, prefix);
    }
  });

  it('resume enqueues only the missing row groups', async () => {
    const prefix = redis.uniquePrefix();
    const config = await loadConfig(offlineConfig);
    const runConfig = { buffer_size: 20 };
    const first = await createDataset({ config, runConfig, numRecords: 60, seed: 3, artifactPath: root, datasetName: 'resumed' });
    const worker = await startRowGroupWorker({ redis: url, prefix, queueName: 'q' });
    try {
      const resumed = await createDatasetDistributed({
        config,
        runConfig,
        numRecords: 100,
        seed: 3,
        artifactPath: root,
        datasetName: 'resumed',
        resume: 'always',
        queue: { redis: url, prefix, queueName: 'q' },
      });
      expect(resumed.datasetPath).toBe(first.datasetPath);
      expect(worker.completed).toBe(2);
      expect((await readAll(resumed.datasetPath)).length).toBe(100);
    } finally {
      await worker.close();
      await deleteRedisKeys(url, prefix);
    }
  });
});
