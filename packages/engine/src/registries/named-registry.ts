import { processGlobalMap } from './process-global-map.js';

/** Options of a `NamedRegistry`. */
export interface NamedRegistryOptions<V> {
  /** Key of the process-global map (`dd.engine.<key>` on `globalThis`). */
  key: string;
  /** Name of the public register function, for error messages (`registerValidationFunction`). */
  registerFunction: string;
  /** Entries present from the start and restored by `reset()` (built-ins). */
  builtins?: ReadonlyArray<readonly [string, V]>;
}

/**
 * The one process-global registry of named functions (custom column functions, validation functions,
 * processors, plugin column generators and seed readers): shared by every copy of the engine loaded in the
 * process, checked on registration (non-empty name, a function), a later registration replacing an earlier
 * one, names listed sorted, `reset()` back to the built-ins (tests).
 */
export class NamedRegistry<V extends (...args: never[]) => unknown> {
  private readonly options: NamedRegistryOptions<V>;

  constructor(options: NamedRegistryOptions<V>) {
    this.options = options;
  }

  private map(): Map<string, V> {
    return processGlobalMap<V>(this.options.key, this.options.builtins ?? []);
  }

  /** Registers `value` under `name` (replacing an earlier one); `TypeError` for an empty name or a non-function. */
  register(name: string, value: V): void {
    const fn = this.options.registerFunction;
    if (typeof name !== 'string' || name.trim() === '') throw new TypeError(`${fn}: name must be a non-empty string.`);
    if (typeof value !== 'function') throw new TypeError(`${fn}('${name}'): expected a function.`);
    this.map().set(name, value);
  }

  /** The entry registered under `name`, or undefined. */
  get(name: string): V | undefined {
    return this.map().get(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.map().keys()].sort();
  }

  /** Forgets registrations and restores the built-ins. */
  reset(): void {
    const map = this.map();
    map.clear();
    for (const [name, value] of this.options.builtins ?? []) map.set(name, value);
  }
}
