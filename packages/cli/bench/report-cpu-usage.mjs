// Preloaded (`node --import`) into a benchmarked child: at exit, writes the process's CPU time
// (user + system, all threads, in ms) to the file named by DD_BENCH_CPU_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.DD_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ userMs: user / 1000, systemMs: system / 1000 }));
  });
}
