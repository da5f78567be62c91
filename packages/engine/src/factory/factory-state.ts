/** A plain object of shared values (dedup sets should be stored as arrays or objects to survive resume). */
export type StateValues = Record<string, unknown>;

/**
 * Shared mutable state of a factory run. `get`/`set` are synchronous (atomic on the event loop);
 * `update(fn)` serializes read-modify-write cycles, so even an async `fn` never loses a concurrent update.
 */
export class FactoryState<S extends StateValues = StateValues> {
  private values: S;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(initial: S) {
    this.values = structuredClone(initial);
  }

  /** Current value of `key`. */
  get<K extends keyof S>(key: K): S[K] {
    return this.values[key];
  }

  /** Replaces the value of `key`. */
  set<K extends keyof S>(key: K, value: S[K]): void {
    this.values = { ...this.values, [key]: value };
  }

  /** Applies `fn` to the current values after every earlier update finished; resolves with the new values. */
  update(fn: (current: Readonly<S>) => S | Promise<S>): Promise<S> {
    const run = async (): Promise<S> => {
      this.values = await fn(this.values);
      return this.values;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A deep copy of the values (what is persisted with the job). */
  snapshot(): S {
    return structuredClone(this.values);
  }
}
