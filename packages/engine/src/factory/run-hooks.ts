import { FactoryHookError } from './factory-errors.js';
import type { StateValues } from './factory-state.js';
import type { ErrorHookContext, FactoryRecord, HookContext, Hooks, RecordCompleteHook, RecordErrorHook, RecordVerdict } from './factory-types.js';

/** A hook with the name errors give it: `onRecordComplete` alone, `onRecordComplete[1]` in a list. */
export interface NamedHook<H> {
  hook: H;
  name: string;
}

/** One function or a list of them, as a list of named hooks (in call order). */
export function namedHooks<H>(name: string, hooks: Hooks<H> | undefined): Array<NamedHook<H>> {
  if (hooks === undefined) return [];
  if (!Array.isArray(hooks)) return [{ hook: hooks as H, name }];
  return (hooks as readonly H[]).map((hook, position) => ({ hook, name: `${name}[${position}]` }));
}

const VERDICTS: ReadonlySet<unknown> = new Set(['accepted', 'filtered', 'duplicate', undefined, null]);

/**
 * Calls every hook in order (a verdict never skips the later hooks, as in Starfish) and combines their
 * verdicts: `duplicate` over `filtered` over `accepted`. A hook that throws, or returns anything but a
 * verdict or nothing, becomes a `FactoryHookError` naming the hook and the input.
 */
async function callHooks<H>(hooks: ReadonlyArray<NamedHook<H>>, inputIndex: number, call: (hook: H) => unknown): Promise<RecordVerdict> {
  let combined: RecordVerdict = 'accepted';
  for (const { hook, name } of hooks) {
    let verdict: unknown;
    try {
      verdict = await call(hook);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new FactoryHookError(`Hook ${name} threw on input ${inputIndex}: ${message}`, {
        cause,
        fix: `Fix ${name}; the attempt counts as failed (retried, then dead-lettered with this error).`,
      });
    }
    if (!VERDICTS.has(verdict)) {
      throw new FactoryHookError(`Hook ${name} returned ${JSON.stringify(verdict) ?? String(verdict)} on input ${inputIndex}.`, {
        fix: "Return 'accepted', 'filtered', 'duplicate' or nothing.",
      });
    }
    if (verdict === 'duplicate' || (verdict === 'filtered' && combined === 'accepted')) combined = verdict;
  }
  return combined;
}

/** The verdict of the `onRecordComplete` hooks on one record. */
export function recordCompleteVerdict<I, R extends FactoryRecord, S extends StateValues>(
  hooks: ReadonlyArray<NamedHook<RecordCompleteHook<I, R, S>>>,
  record: R,
  context: HookContext<I, S>,
): Promise<RecordVerdict> {
  return callHooks(hooks, context.inputIndex, (hook) => hook(record, context));
}

/** The verdict of the `onRecordError` hooks on one failed attempt. */
export function recordErrorVerdict<I, S extends StateValues>(
  hooks: ReadonlyArray<NamedHook<RecordErrorHook<I, S>>>,
  error: Error,
  context: ErrorHookContext<I, S>,
): Promise<RecordVerdict> {
  return callHooks(hooks, context.inputIndex, (hook) => hook(error, context.input, context));
}
