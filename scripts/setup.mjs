#!/usr/bin/env node
// Idempotent setup: install the workspace with the pinned pnpm (frozen lockfile) and build it.
import { runPnpm } from './pnpm.mjs';

for (const args of [
  ['install', '--frozen-lockfile', '--prefer-offline'],
  ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'],
]) {
  const code = runPnpm(args);
  if (code !== 0) {
    console.error(`setup failed: pnpm ${args.join(' ')} exited with ${code}`);
    process.exit(code);
  }
}
