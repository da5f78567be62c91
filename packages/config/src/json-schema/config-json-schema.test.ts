import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configJsonSchemaText } from './config-json-schema.js';

it('matches the committed schema/data-designer-config.schema.json', () => {
  const committed = readFileSync(path.resolve('schema/data-designer-config.schema.json'), 'utf8');
  const current = configJsonSchemaText();
  if (committed !== current) {
    throw new Error('schema/data-designer-config.schema.json is stale: run `node packages/config/scripts/write-json-schema.mjs` after a build.');
  }
  expect(JSON.parse(current).anyOf).toHaveLength(2);
});

it('describes number fields with their bounds and keeps discriminators', () => {
  const text = configJsonSchemaText();
  expect(text).toContain('"column_type"');
  expect(text).toContain('"sampler_type"');
  expect(text).toContain('"llm-text"');
  expect(text).toContain('"integer"');
});
