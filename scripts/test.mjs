#!/usr/bin/env node
// Runs every package's tests through turbo, then prints one closing line for the whole workspace:
// "tests: N passed, M failed" (read from the JSON results jest writes in each package).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPnpm } from './pnpm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// House rules first (Biome: lint + format, biome.jsonc): a violation fails the command before any test runs.
const biome = spawnSync(process.execPath, [path.join(root, 'node_modules/@biomejs/biome/bin/biome'), 'check', '--error-on-warnings', '.'], {
  cwd: root,
  stdio: 'inherit',
});
if (biome.status !== 0) {
  console.error('\nbiome check failed: run `npm run format` to apply the formatting and safe fixes, then fix what it reports.');
  process.exit(biome.status ?? 1);
}
const packagesDir = path.join(root, 'packages');
const resultFiles = readdirSync(packagesDir).map((name) => path.join(packagesDir, name, '.jest-results.json'));
const skipMarkers = readdirSync(packagesDir).map((name) => path.join(packagesDir, name, '.distributed-skipped'));
for (const file of [...resultFiles, ...skipMarkers]) rmSync(file, { force: true });

const code = runPnpm(['exec', 'turbo', 'run', 'test', '--concurrency=1', ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
for (const file of resultFiles) {
  if (!existsSync(file)) continue;
  const results = JSON.parse(readFileSync(file, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
// Suites that need Redis leave a marker saying why they did not run (never in CI, where they fail instead).
const skipped = new Set(skipMarkers.filter((file) => existsSync(file)).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean)));
for (const line of skipped) console.log(`⚠️  ${line}`);
process.exit(code !== 0 ? code : failed > 0 ? 1 : 0);
