// Preloaded (`node --import`) into a benchmarked child: at exit, writes the process's CPU time
// (user + system, all threads, in ms) to the file named by DD_BENCH_CPU_FILE, with marks: wall-clock
// instants (ms since the epoch) when the process started, when this preload ran (Node booted), when
// the first HTTP request was created and the last response ended (undici's diagnostics channels), and
// the exit handler; and the CPU time (ms) spent by the first request and by the last response.
import diagnosticsChannel from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';

const file = process.env.DD_BENCH_CPU_FILE;
if (file) {
  const preloadAt = Date.now();
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const marks = { processStartAt: performance.timeOrigin, preloadAt };
  const onCreate = () => {
    marks.firstRequestAt = Date.now();
    marks.firstRequestCpuMs = cpuMs();
    diagnosticsChannel.unsubscribe('undici:request:create', onCreate);
  };
  diagnosticsChannel.subscribe('undici:request:create', onCreate);
  // Reading the CPU time costs a getrusage call: at most once per 50 ms (finish CPU within ~10 ms).
  let sampledAt = 0;
  diagnosticsChannel.subscribe('undici:request:trailers', () => {
    const now = Date.now();
    marks.lastResponseAt = now;
    if (now - sampledAt < 50) return;
    sampledAt = now;
    marks.lastResponseCpuMs = cpuMs();
  });
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ userMs: user / 1000, systemMs: system / 1000, ...marks, exitAt: Date.now() }));
  });
}
