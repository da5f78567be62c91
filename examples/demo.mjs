#!/usr/bin/env node
// `npm run demo`: validates every example config and prints its column plan in dependency order,
// then generates the customer-orders dataset (no model needed) and prints a few records.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, requiredColumnsOf, topologicalColumnOrder } from '@dd/config';
import { DataDesigner, createProgressPrinter } from '@dd/cli';

const examplesDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(examplesDir, '..');
process.chdir(root); // example configs name their seed files relative to the repository root

console.log('── Column plans of the example configs ──');
for (const entry of readdirSync(examplesDir, { withFileTypes: true })) {
  const configPath = path.join(examplesDir, entry.name, 'config.yaml');
  if (!entry.isDirectory() || !existsSync(configPath)) continue;
  const config = await loadConfig(configPath);
  console.log(`\n${path.relative(root, configPath)}: ${config.columns.length} columns`);
  topologicalColumnOrder(config.columns).forEach((column, index) => {
    const needs = requiredColumnsOf(column);
    const after = needs.length > 0 ? ` ← ${[...needs].sort().join(', ')}` : '';
    console.log(`  ${String(index + 1).padStart(2)}. ${column.name} [${column.column_type}]${after}`);
  });
}

console.log('\n── Generating examples/customer-orders (1,000 records) ──');
await import('./customer-orders/custom-columns.mjs');
const designer = new DataDesigner(path.join(root, 'artifacts', 'demo'));
const results = await designer.create('examples/customer-orders/config.yaml', {
  numRecords: 1_000,
  datasetName: 'customer-orders',
  seed: 42,
  onEvent: createProgressPrinter(),
});
const records = await results.loadDataset();
console.log(`\nFirst records of ${records.length}:`);
for (const record of records.slice(0, 3)) console.log(JSON.stringify(record, null, 2));
console.log(`\nDataset written to ${results.datasetPath}`);
