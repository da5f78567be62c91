import { NamedRegistry } from '../registries/index.js';
import type { CustomColumnFunction } from './custom-column-generator.js';

/** A function the registry accepts: wrapped by `customColumnGenerator`, or plain (cell by cell, no metadata). */
export type RegistrableCustomColumnFunction = CustomColumnFunction | ((row: never, generatorParams: never, context: never) => unknown);

/** The registered functions (the engine's generic named registry). */
const registry = new NamedRegistry<RegistrableCustomColumnFunction>({ key: 'customColumnRegistry', registerFunction: 'registerCustomColumnFunction' });

/**
 * Registers a custom column function under `name`, so configs can refer to it as
 * `generator_function: <name>`. A later registration under the same name replaces the earlier one.
 */
export function registerCustomColumnFunction(name: string, fn: RegistrableCustomColumnFunction): void {
  registry.register(name, fn);
}

/** The function registered under `name` exactly as it was registered (engine-internal). */
export function lookupCustomColumnFunction(name: string): RegistrableCustomColumnFunction | undefined {
  return registry.get(name);
}

/** Names of all registered custom column functions, sorted. */
export function registeredCustomColumnFunctions(): string[] {
  return registry.names();
}

/** Removes every registered function (for tests). */
export function clearCustomColumnRegistry(): void {
  registry.reset();
}
