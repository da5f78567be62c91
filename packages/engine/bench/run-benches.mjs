// `pnpm bench` entry: runs every engine benchmark in its own process and prints their figures.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const runs = [
  ['scheduler-overhead.bench.mjs'],
  ['samplers.bench.mjs'],
  ['create-dataset.bench.mjs', '100000'],
  ['create-dataset.bench.mjs', '1000000'],
];
let failed = false;
for (const [file, ...args] of runs) {
  console.log(`\n▶ ${file} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [path.join(here, file), ...args], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
