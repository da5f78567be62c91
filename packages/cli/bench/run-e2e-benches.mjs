// `npm run bench` entry of @dd/cli: runs every end-to-end bench (e2e-*.bench.mjs in this folder, each in
// its own process, one after another), echoes their output and prints one summary table of figures
// against goals. A bench reports rows with a `BENCH_JSON {"rows":[…]}` line (see e2e-support.mjs); for a
// bench without one, its last output line is shown. Exit code 1 when a bench fails to run (a figure
// below its goal is reported, not an error: the machine may be shared).
// Usage: node bench/run-e2e-benches.mjs [--only=name,name] [--skip=name,name]   (names without .bench.mjs)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const listFlag = (name) =>
  process.argv
    .find((arg) => arg.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',') ?? null;
const only = listFlag('only');
const skip = listFlag('skip') ?? [];
const benches = readdirSync(here)
  .filter((file) => /^e2e-.*\.bench\.mjs$/.test(file))
  .sort()
  .filter((file) => {
    const name = file.replace(/\.bench\.mjs$/, '');
    return (only === null || only.includes(name)) && !skip.includes(name);
  });

function run(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(here, file), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let rows = null;
    let last = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('BENCH_JSON ')) {
          try {
            const parsed = JSON.parse(line.slice('BENCH_JSON '.length));
            if (Array.isArray(parsed.rows)) rows = [...(rows ?? []), ...parsed.rows];
          } catch {
            // not ours: shown as output
          }
          continue;
        }
        console.log(line);
        if (line.trim() !== '') last = line.trim();
      }
    });
    child.on('close', (code) => resolve({ code, rows: rows ?? [{ figure: file, value: last || '(no output)', goal: '-', ok: null }] }));
  });
}

const table = [];
let failed = false;
for (const file of benches) {
  console.log(`\n▶ ${file}`);
  const { code, rows } = await run(file);
  if (code !== 0) {
    failed = true;
    table.push({ figure: file, value: `failed (exit ${code})`, goal: '-', ok: false });
  } else table.push(...rows);
}

const mark = (ok) => (ok === true ? 'ok' : ok === false ? 'BELOW' : '-');
const cells = table.map((r) => [String(r.figure), String(r.value), String(r.goal ?? '-'), mark(r.ok)]);
const header = ['Figure (whole command)', 'Value', 'Goal', ''];
const widths = header.map((_, c) => Math.max(...[header, ...cells].map((r) => r[c].length)));
const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log(
  `\nEnd-to-end summary (wall time from spawn to exit; noisy on a shared machine)\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
);
for (const r of cells) console.log(line(r));
process.exit(failed ? 1 : 0);
