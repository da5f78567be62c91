import type { GenerationEvent } from '@dd/engine';

/** Options of the progress printer. */
export interface ProgressPrinterOptions {
  /** Where lines go. @default process.stderr */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Minimum milliseconds between two plain progress blocks. @default 5000 */
  intervalMs?: number;
  /** Print nothing but warnings. @default false */
  quiet?: boolean;
}

/**
 * Renders generation events: on a TTY one status line rewritten in place; otherwise periodic plain
 * blocks in the original's style (`📊 Progress [12.5s]:` then `  |-- column 'x': done/total (pct%)`).
 */
export function createProgressPrinter(options: ProgressPrinterOptions = {}): (event: GenerationEvent) => void {
  const stream = options.stream ?? process.stderr;
  const live = stream.isTTY === true;
  const intervalMs = options.intervalMs ?? 5_000;
  let lastPrint = 0;
  let lastDone = -1;
  let statusShown = false;

  const clearStatus = () => {
    if (live && statusShown) {
      stream.write('\r\x1b[2K');
      statusShown = false;
    }
  };

  return (event) => {
    if (options.quiet && !(event.type === 'log' && event.level === 'warning')) return;
    switch (event.type) {
      case 'run-started':
        clearStatus();
        stream.write(
          `⚡️ Generating ${event.numRecords} record(s) in ${event.rowGroups} row group(s): ${event.generators.join(', ')}\n`,
        );
        return;
      case 'log':
        clearStatus();
        stream.write(`${event.level === 'warning' ? '⚠️  ' : ''}${event.message}\n`);
        return;
      case 'row-group-complete':
        if (!live) stream.write(`  |-- ✅ row group ${event.index} checkpointed (${event.records} records)\n`);
        return;
      case 'run-complete':
        clearStatus();
        stream.write(`✅ Generation complete [${(event.elapsedMs / 1000).toFixed(1)}s]: ${event.records} record(s)\n`);
        return;
      case 'progress': {
        const seconds = event.elapsedMs / 1000;
        const rate = seconds > 0 ? event.recordsDone / seconds : 0;
        const remaining = event.numRecords - event.recordsDone;
        const eta = rate > 0 ? `${Math.ceil(remaining / rate)}s` : '--';
        if (live) {
          const text =
            `📊 ${event.recordsDone}/${event.numRecords} records | ${rate.toFixed(0)} rec/s | ETA ${eta} | ` +
            `${event.errors} errors | ${event.retries} retries`;
          stream.write(`\r\x1b[2K${text}`);
          statusShown = true;
          return;
        }
        const now = Date.now();
        if (now - lastPrint < intervalMs || event.recordsDone === lastDone) return;
        lastPrint = now;
        lastDone = event.recordsDone;
        const lines = event.columns.map((column) => {
          const pct = column.total > 0 ? ((100 * column.done) / column.total).toFixed(0) : '0';
          const extra = `${column.failed ? `, ${column.failed} failed` : ''}${column.skipped ? `, ${column.skipped} skipped` : ''}`;
          return `  |-- column '${column.name}': ${column.done}/${column.total} (${pct}%)${extra}`;
        });
        stream.write(
          `📊 Progress [${seconds.toFixed(1)}s]: ${event.recordsDone}/${event.numRecords} records, ` +
            `${rate.toFixed(0)} rec/s, ETA ${eta}, ${event.errors} errors, ${event.retries} retries\n${lines.join('\n')}\n`,
        );
        return;
      }
    }
  };
}
