#!/usr/bin/env node
// `npm run demo`: validates every example config and prints its column plan in dependency order,
// generates the customer-orders dataset (no model needed), then the product-reviews dataset with LLM
// columns: against the real provider when an API key is set, else against the local test server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, requiredColumnsOf, topologicalColumnOrder } from '@dd/config';
import { DataDesigner, createProgressPrinter } from '@dd/cli';
import { startTestServer } from '@dd/engine/testing';

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

console.log('\n── Generating examples/customer-orders (1,000 records) through the CLI ──');
// The same command a user types: npx data-designer create … (live progress on a TTY, report at the end).
const cli = spawnSync(
  process.execPath,
  [
    path.join(root, 'packages', 'cli', 'bin', 'data-designer.js'),
    'create',
    'examples/customer-orders/config.yaml',
    '-n',
    '1000',
    '-o',
    'artifacts/demo',
    '-d',
    'customer-orders',
    '--resume',
    'never',
    '-i',
    'examples/customer-orders/custom-columns.mjs',
  ],
  { stdio: 'inherit' },
);
if (cli.status !== 0) process.exit(cli.status ?? 1);
const ordersPath = readdirSync(path.join(root, 'artifacts', 'demo'))
  .filter((name) => name.startsWith('customer-orders'))
  .map((name) => path.join(root, 'artifacts', 'demo', name))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const { DatasetCreationResults } = await import('@dd/cli');
const orders = await DatasetCreationResults.open(ordersPath);
console.log('\nA sample record:');
orders.displaySampleRecord(0);

console.log('\n── Generating examples/product-reviews (LLM columns, 20 records) ──');
const realProviders = [
  ['NVIDIA_API_KEY', 'nvidia', 'nvidia/nemotron-3-nano-30b-a3b'],
  ['OPENAI_API_KEY', 'openai', 'gpt-4.1'],
  ['OPENROUTER_API_KEY', 'openrouter', 'nvidia/nemotron-3-nano-30b-a3b'],
].find(([envVar]) => process.env[envVar]);
const reviewsConfig = await loadConfig('examples/product-reviews/config.yaml');
let server;
let llmDesigner;
if (realProviders) {
  const [envVar, provider, model] = realProviders;
  console.log(`Using the ${provider} provider (${envVar} is set).`);
  for (const modelConfig of reviewsConfig.model_configs ?? []) Object.assign(modelConfig, { provider, model });
  llmDesigner = new DataDesigner(path.join(root, 'artifacts', 'demo'));
} else {
  server = await startTestServer({ latencyMs: 20 });
  console.log(
    `No NVIDIA_API_KEY / OPENAI_API_KEY / OPENROUTER_API_KEY set: using the local OpenAI-compatible test server at ${server.url} (offline, canned replies).`,
  );
  llmDesigner = new DataDesigner(path.join(root, 'artifacts', 'demo'), { modelProviders: [{ name: 'nvidia', endpoint: server.url }] });
}
try {
  const reviews = await llmDesigner.create(reviewsConfig, { numRecords: 20, datasetName: 'product-reviews', seed: 7, onEvent: createProgressPrinter() });
  const reviewRecords = await reviews.loadDataset();
  console.log('\nFirst review record:');
  console.log(JSON.stringify(reviewRecords[0], null, 2));
  console.log(`\nDataset written to ${reviews.datasetPath}`);
  console.log(`HTML report: ${path.join(reviews.datasetPath, 'analysis', 'report.html')}`);
} finally {
  await server?.close();
}
