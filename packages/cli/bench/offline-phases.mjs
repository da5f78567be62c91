// Phases of one in-process `DataDesigner.create` of the offline bench config, with the event loop's
// idle time in each: how long until the first row group is written, the generation phase (import done
// → last row group written) and the tail (profile, report, closing). Idle time during generation is
// the generating thread waiting (for checkpoints, DuckDB, the disk); it is a structural figure that
// moves much less with the machine's load than wall time. Not an e2e-*.bench.mjs: no goal, a probe.
// Usage (after the build): node bench/offline-phases.mjs [records=20000] [runs=3]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const records = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
const config = path.join(here, 'configs/offline-mixed.yaml');

const started = performance.now();
const { DataDesigner } = await import('../dist/index.js');
const importMs = performance.now() - started;
const work = mkdtempSync(path.join(os.tmpdir(), 'dd-phases-'));
process.env.DATA_DESIGNER_HOME ??= path.join(work, 'home');
try {
  for (let run = 0; run < runs; run++) {
    const designer = new DataDesigner(path.join(work, 'artifacts'));
    const begin = performance.now();
    const eluStart = performance.eventLoopUtilization();
    const cpuStart = process.cpuUsage();
    let first;
    let last;
    let eluGeneration;
    await designer.create(config, {
      numRecords: records,
      datasetName: `run${run}`,
      onEvent: (event) => {
        if (event.type !== 'row-group-complete') return;
        first ??= performance.now();
        last = performance.now();
        eluGeneration = performance.eventLoopUtilization(eluStart);
      },
    });
    const end = performance.now();
    const cpu = process.cpuUsage(cpuStart);
    const idleTotal = performance.eventLoopUtilization(eluStart).idle;
    console.log(
      `run ${run + 1}: first row group ${(first - begin).toFixed(0)} ms, generation ${(last - begin).toFixed(0)} ms ` +
        `(loop idle ${eluGeneration.idle.toFixed(0)} ms), tail ${(end - last).toFixed(0)} ms (idle ${(idleTotal - eluGeneration.idle).toFixed(0)} ms), ` +
        `CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms${run === 0 ? `; import ${importMs.toFixed(0)} ms (first run also pays the JIT warm-up)` : ''}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
