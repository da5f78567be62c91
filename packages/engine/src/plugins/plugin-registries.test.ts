import { afterAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { loadConfig, registerPlugin, unregisterPlugin } from '@dd/config';
import { previewDataset } from '../builder/preview-dataset.js';
import { registerProcessor } from '../processors/index.js';
import { registerSeedReaderPlugin } from '../seeds/index.js';

// A seed-reader plugin and a processor plugin registered on both sides (config schema + engine
// implementation) take part in a real preview run.
registerPlugin({
  name: 'inline-rows',
  pluginType: 'seed-reader',
  discriminatorValue: 'inline_rows',
  configSchema: z.object({ seed_type: z.literal('inline_rows'), count: z.number().int().min(1) }),
});
registerSeedReaderPlugin('inline_rows', async (source) => Array.from({ length: Number(source.count) }, (_, index) => ({ city: `city-${index}`, rank: index })));
registerPlugin({
  name: 'uppercase-processor',
  pluginType: 'processor',
  discriminatorValue: 'uppercase',
  configSchema: z.strictObject({ name: z.string(), processor_type: z.literal('uppercase'), column: z.string() }),
});
registerProcessor('uppercase', (config) => ({
  name: String(config.name),
  processorType: 'uppercase',
  postBatch: (rows) => ({ rows: rows.map((row) => ({ ...row, [String(config.column)]: String(row[String(config.column)]).toUpperCase() })) }),
}));

afterAll(() => {
  unregisterPlugin('inline-rows');
  unregisterPlugin('uppercase-processor');
});

describe('plugin seed readers and processors', () => {
  it('reads seed rows from a plugin seed_type and runs a plugin processor', async () => {
    const config = await loadConfig({
      seed_config: { source: { seed_type: 'inline_rows', count: 3 } },
      columns: [{ name: 'label', column_type: 'expression', expr: '{{ city }}#{{ rank }}' }],
      processors: [{ name: 'shout', processor_type: 'uppercase', column: 'label' }],
    });
    const result = await previewDataset({ config, numRecords: 3 });
    expect(result.records.map((record) => record.label)).toEqual(['CITY-0#0', 'CITY-1#1', 'CITY-2#2']);
  });
});
