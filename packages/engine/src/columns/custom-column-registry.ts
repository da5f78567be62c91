import { processGlobalMap } from '../registries/index.js';
import { customColumnGenerator, isCustomColumnFunction, type CustomCellFunction, type CustomColumnFunction } from './custom-column-generator.js';

/** A function the registry accepts: wrapped by `customColumnGenerator`, or plain (cell by cell, no metadata). */
export type RegistrableCustomColumnFunction = CustomColumnFunction | ((row: never, generatorParams: never, context: never) => unknown);

/** The process-global map of registered functions. */
const registry = () => processGlobalMap<RegistrableCustomColumnFunction>('customColumnRegistry');

/**
 * Registers a custom column function under `name`, so configs can refer to it as
 * `generator_function: <name>`. A later registration under the same name replaces the earlier one.
 */
export function registerCustomColumnFunction(name: string, fn: RegistrableCustomColumnFunction): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError('registerCustomColumnFunction: name must be a non-empty string.');
  }
  if (typeof fn !== 'function') {
    throw new TypeError(`registerCustomColumnFunction('${name}'): expected a function.`);
  }
  registry().set(name, fn);
}

/** The function registered under `name` (plain functions come back wrapped as cell-by-cell), or undefined. */
export function resolveCustomColumnFunction(name: string): CustomColumnFunction | undefined {
  const fn = registry().get(name);
  if (fn === undefined) return undefined;
  return isCustomColumnFunction(fn) ? fn : customColumnGenerator(fn as unknown as CustomCellFunction);
}

/** The function registered under `name` exactly as it was registered (engine-internal). */
export function lookupCustomColumnFunction(name: string): RegistrableCustomColumnFunction | undefined {
  return registry().get(name);
}

/** Names of all registered custom column functions, sorted. */
export function registeredCustomColumnFunctions(): string[] {
  return [...registry().keys()].sort();
}

/** Removes every registered function (for tests). */
export function clearCustomColumnRegistry(): void {
  registry().clear();
}
