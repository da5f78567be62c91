import { describe, expect, test } from '@jest/globals';
import { createSeedDatasetGenerator } from './create-seed-dataset-generator.js';
import { openSeedReader } from './open-seed-reader.js';
import { SeedDatasetError } from './seed-reader-error.js';

const context = (rowGroup: number, rowOffset: number) => ({ rowGroup, rowOffset, signal: new AbortController().signal });
const df = Array.from({ length: 5 }, (_, index) => ({ id: index, text: `t${index}`, unused: true }));

describe('createSeedDatasetGenerator', () => {
  test('fills each row of a group with the seed row at its dataset position', async () => {
    const reader = await openSeedReader({ source: { seed_type: 'df', df } });
    const generator = createSeedDatasetGenerator(reader, ['id', 'text']);
    expect(generator).toMatchObject({ strategy: 'full_column', columns: ['id', 'text'], requiredColumns: [] });
    // Row group 1 of a buffer of 3 starts at offset 3 and wraps after row 4.
    const output = await generator.generateBatch([{}, {}, {}], context(1, 3));
    expect(output).toEqual([
      { id: 3, text: 't3' },
      { id: 4, text: 't4' },
      { id: 0, text: 't0' },
    ]);
    // Same group again (e.g. after a resume): same rows.
    expect(await generator.generateBatch([{}, {}, {}], context(1, 3))).toEqual(output);
    await reader.close();
  });

  test('defaults to every seed column and rejects unknown ones', async () => {
    const reader = await openSeedReader({ source: { seed_type: 'df', df } });
    expect(createSeedDatasetGenerator(reader).columns).toEqual(['id', 'text', 'unused']);
    expect(() => createSeedDatasetGenerator(reader, ['id', 'nope'])).toThrow(SeedDatasetError);
    expect(() => createSeedDatasetGenerator(reader, ['nope'])).toThrow(/'nope' are not in the seed dataset.*/);
    await reader.close();
  });
});
