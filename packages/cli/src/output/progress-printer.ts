import type { ColumnProgress, GenerationEvent } from '@dd/engine';
import type { TextOutputStream } from './text-output-stream.js';

/** Options of the progress printer. */
export interface ProgressPrinterOptions {
  /** Where lines go. @default process.stderr */
  stream?: TextOutputStream;
  /** Minimum milliseconds between two plain progress blocks. @default 5000 */
  intervalMs?: number;
  /** Print nothing but warnings. @default false */
  quiet?: boolean;
  /** Live view on a TTY (redrawn in place); false forces plain lines. @default stream.isTTY */
  live?: boolean;
}

type ProgressEvent = Extract<GenerationEvent, { type: 'progress' }>;

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Run-level figures of a progress event: rates, ETA. */
function summarize(event: ProgressEvent) {
  const seconds = event.elapsedMs / 1000;
  const recordRate = seconds > 0 ? event.recordsDone / seconds : 0;
  const requestRate = seconds > 0 ? event.requests / seconds : 0;
  // ETA from column progress (records only count checkpointed row groups).
  const total = event.columns.reduce((sum, column) => sum + column.total, 0);
  const done = event.columns.reduce((sum, column) => sum + column.done + column.failed + column.skipped, 0);
  const fraction = total > 0 ? done / total : event.numRecords > 0 ? event.recordsDone / event.numRecords : 1;
  const eta = fraction > 0 && fraction < 1 ? (seconds / fraction) * (1 - fraction) : fraction >= 1 ? 0 : Number.POSITIVE_INFINITY;
  return { seconds, recordRate, requestRate, eta };
}

/** `, 12 × 429, 30 waiting (cooldown 1.5s)` when the provider pushes back; empty otherwise. */
function pressureText(event: ProgressEvent): string {
  const parts: string[] = [];
  if ((event.rateLimitedRequests ?? 0) > 0) parts.push(`${event.rateLimitedRequests} × 429`);
  const cooldown = (event.cooldownRemainingMs ?? 0) > 0 ? ` (cooldown ${((event.cooldownRemainingMs ?? 0) / 1000).toFixed(1)}s)` : '';
  if ((event.waitingRequests ?? 0) > 0 || cooldown) parts.push(`${event.waitingRequests ?? 0} waiting${cooldown}`);
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

function headline(event: ProgressEvent): string {
  const { seconds, recordRate, requestRate, eta } = summarize(event);
  const requests =
    event.requests > 0 || (event.rateLimitedRequests ?? 0) > 0
      ? `, ${requestRate.toFixed(1)} req/s (${event.requests} requests, ${event.failedRequests} failed${pressureText(event)})`
      : '';
  return (
    `📊 Progress [${seconds.toFixed(1)}s]: ${event.recordsDone}/${event.numRecords} records, ${recordRate.toFixed(0)} rec/s${requests}, ` +
    `${event.errors} errors, ${event.retries} retries, ETA ${formatEta(eta)}`
  );
}

/** What a plain block reports: a block is printed only when one of these moved (or requests wait). */
function progressState(event: ProgressEvent): string {
  const waiting = (event.waitingRequests ?? 0) > 0 || (event.cooldownRemainingMs ?? 0) > 0;
  return [event.recordsDone, event.requests, event.failedRequests, event.rateLimitedRequests ?? 0, event.retries, event.errors, waiting ? Date.now() : 0].join(
    '/',
  );
}

function columnLine(column: ColumnProgress, width: number): string {
  const pct = column.total > 0 ? (100 * column.done) / column.total : 0;
  const extra = `${column.failed ? `, ${column.failed} failed` : ''}${column.skipped ? `, ${column.skipped} skipped` : ''}`;
  if (width <= 0) return `  |-- column '${column.name}': ${column.done}/${column.total} (${pct.toFixed(0)}%)${extra}`;
  const filled = Math.round((pct / 100) * width);
  return `  ${column.name.padEnd(18).slice(0, 18)} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}% ${column.done}/${column.total}${extra}`;
}

/**
 * Renders generation events. On a TTY: a live block (run figures plus one bar per column) redrawn in
 * place, with log lines printed above it. Otherwise: periodic plain blocks in the original's style
 * (`📊 Progress [12.5s]: …` then `  |-- column 'x': done/total (pct%)`). Quiet mode keeps warnings only.
 */
export function createProgressPrinter(options: ProgressPrinterOptions = {}): (event: GenerationEvent) => void {
  const stream = options.stream ?? process.stderr;
  const live = options.live ?? stream.isTTY === true;
  const intervalMs = options.intervalMs ?? 5_000;
  let lastPrint = 0;
  let lastState = '';
  let drawnLines = 0;

  const clearLive = () => {
    if (live && drawnLines > 0) {
      stream.write(`\x1b[${drawnLines}F\x1b[J`);
      drawnLines = 0;
    }
  };

  return (event) => {
    if (options.quiet && !(event.type === 'log' && event.level === 'warning')) return;
    switch (event.type) {
      case 'run-started':
        clearLive();
        stream.write(`⚡️ Generating ${event.numRecords} record(s) in ${event.rowGroups} row group(s): ${event.generators.join(', ')}\n`);
        return;
      case 'log':
        clearLive();
        stream.write(`${event.level === 'warning' ? '⚠️  ' : ''}${event.message}\n`);
        return;
      case 'row-group-complete':
        if (!live) stream.write(`  |-- ✅ row group ${event.index} checkpointed (${event.records} records)\n`);
        return;
      case 'run-complete':
        clearLive();
        stream.write(`✅ Generation complete [${(event.elapsedMs / 1000).toFixed(1)}s]: ${event.records} record(s)\n`);
        return;
      case 'progress': {
        if (live) {
          const width = Math.max(10, Math.min(40, (stream.columns ?? 100) - 50));
          const lines = [headline(event), ...event.columns.map((column) => columnLine(column, width))];
          clearLive();
          stream.write(`${lines.join('\n')}\n`);
          drawnLines = lines.length;
          return;
        }
        // Every interval while anything moves: records, requests, 429s, retries, or requests waiting
        // for a rate-limited provider (a run stuck on 429s keeps reporting them).
        const now = Date.now();
        const state = progressState(event);
        if (now - lastPrint < intervalMs || state === lastState) return;
        lastPrint = now;
        lastState = state;
        stream.write(`${headline(event)}\n${event.columns.map((column) => columnLine(column, 0)).join('\n')}\n`);
        return;
      }
    }
  };
}
