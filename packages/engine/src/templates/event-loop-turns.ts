import { setImmediate } from 'node:timers';

/** Synchronous template work allowed between two event-loop turns before cells start yielding. */
const BUSY_MS = 20;

let lastTurn = performance.now();
let markerQueued = false;

function markTurn(): void {
  markerQueued = false;
  lastTurn = performance.now();
}

/**
 * True when the event loop has not turned for a while (renders ran back to back in one turn), so
 * the caller should `yieldTurn()` before its next render: signal handlers (Ctrl-C), timers and I/O
 * then run between heavy renders. Costs one clock read when the loop is turning normally.
 */
export function loopIsBusy(): boolean {
  if (!markerQueued) {
    markerQueued = true;
    setImmediate(markTurn);
  }
  return performance.now() - lastTurn >= BUSY_MS;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve);
  });
}

/**
 * Resolves once the event loop has turned recently (after pending I/O and signal handlers ran);
 * rejects with the abort reason if `signal` was aborted meanwhile. Call it when `loopIsBusy()`.
 */
export async function waitForTurn(signal: AbortSignal): Promise<void> {
  do await nextTurn();
  while (loopIsBusy() && !signal.aborted);
  if (signal.aborted) throw signal.reason ?? new Error('The run was cancelled.');
}
