import { FactoryTimeoutError, MalformedRecordError } from './factory-errors.js';
import type { FactoryState, StateValues } from './factory-state.js';
import type { FactoryFunction, FactoryRecord } from './factory-types.js';
import { validateRecord } from './validate-record.js';

/** True for `{…}` literals and `Object.create(null)` objects (not arrays, dates, class instances). */
export function isPlainObject(value: unknown): value is FactoryRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Turns a function result into records: `null`/`undefined` → none; anything but storable plain objects throws. */
export function normalizeRecords<R extends FactoryRecord>(output: unknown): R[] {
  if (output === null || output === undefined) return [];
  const list: unknown[] = Array.isArray(output) ? output : [output];
  list.forEach((item, position) => {
    if (!isPlainObject(item)) {
      const what =
        item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item === 'object' ? `a ${item.constructor?.name ?? 'object'}` : typeof item;
      throw new MalformedRecordError(`Record ${position} is ${what}, not a plain object.`, {
        fix: 'Return a plain object, an array of plain objects, or null.',
      });
    }
    validateRecord(item, position);
  });
  return list as R[];
}

/**
 * The attempts running under one run's signal. One listener on that signal aborts every running attempt
 * with its reason, in the order they started (rather than one listener per attempt, added and removed
 * around every call).
 */
export class RunningAttempts {
  private readonly active = new Set<(reason: unknown) => void>();

  constructor(readonly signal: AbortSignal) {
    signal.addEventListener(
      'abort',
      () => {
        for (const abort of [...this.active]) abort(signal.reason);
      },
      { once: true },
    );
  }

  /** Registers an attempt's abort; an attempt registered after the signal fired is not aborted by it. */
  add(abort: (reason: unknown) => void): void {
    if (!this.signal.aborted) this.active.add(abort);
  }

  /** Unregisters an attempt that settled. */
  delete(abort: (reason: unknown) => void): void {
    this.active.delete(abort);
  }
}

/**
 * Runs one attempt with its own abort signal; rejects with `FactoryTimeoutError` (signal aborted) after
 * `timeoutMs`, or with the run's reason when the run's signal aborts. The signal is created when the
 * function first reads `context.signal` (already aborted, with the same reason, when that happens after
 * the timeout or the run's end): most functions never read it, and an AbortController per call costs.
 */
export async function runAttempt<I, R extends FactoryRecord, S extends StateValues>(
  fn: FactoryFunction<I, R, S>,
  input: I,
  state: FactoryState<S>,
  attempt: number,
  timeoutMs: number,
  running: RunningAttempts,
): Promise<R[]> {
  let controller: AbortController | undefined;
  let stopped = false;
  let stopReason: unknown;
  let rejectStop: (reason: unknown) => void = () => undefined;
  const stop = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  const abort = (reason: unknown): void => {
    if (stopped) return;
    stopped = true;
    stopReason = reason;
    controller?.abort(reason);
    rejectStop(reason);
  };
  running.add(abort);
  const timer = setTimeout(() => {
    abort(
      new FactoryTimeoutError(`Attempt ${attempt} timed out after ${timeoutMs} ms.`, {
        fix: 'Raise taskTimeoutMs, or make the function honor context.signal.',
      }),
    );
  }, timeoutMs);
  const context = {
    state,
    get signal(): AbortSignal {
      if (controller === undefined) {
        controller = new AbortController();
        if (stopped) controller.abort(stopReason);
      }
      return controller.signal;
    },
    attempt,
  };
  try {
    const call = Promise.resolve().then(() => fn(input, context));
    const output = await Promise.race([call, stop]);
    return normalizeRecords<R>(output);
  } finally {
    clearTimeout(timer);
    running.delete(abort);
  }
}
