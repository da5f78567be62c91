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

/** Runs one attempt with its own abort signal; rejects with `FactoryTimeoutError` (signal aborted) after `timeoutMs`. */
export async function runAttempt<I, R extends FactoryRecord, S extends StateValues>(
  fn: FactoryFunction<I, R, S>,
  input: I,
  state: FactoryState<S>,
  attempt: number,
  timeoutMs: number,
  parent: AbortSignal,
): Promise<R[]> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new FactoryTimeoutError(`Attempt ${attempt} timed out after ${timeoutMs} ms.`, {
          fix: 'Raise taskTimeoutMs, or make the function honor context.signal.',
        });
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const aborted = new Promise<never>((_, reject) => {
      if (controller.signal.aborted) reject(controller.signal.reason);
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    const call = Promise.resolve().then(() => fn(input, { state, signal: controller.signal, attempt }));
    const output = await Promise.race([call, timedOut, aborted]);
    return normalizeRecords<R>(output);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
  }
}
