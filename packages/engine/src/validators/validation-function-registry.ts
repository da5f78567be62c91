import { NamedRegistry } from '../registries/index.js';
import type { ValidationFunction } from './validation-types.js';

/** The registered validation functions (the engine's generic named registry). */
const registry = new NamedRegistry<ValidationFunction>({ key: 'validationFunctionRegistry', registerFunction: 'registerValidationFunction' });

/**
 * Registers a validation function under `name`, so `local_callable` configs can refer to it as
 * `validation_function: <name>`. A later registration under the same name replaces the earlier one.
 */
export function registerValidationFunction(name: string, fn: ValidationFunction): void {
  registry.register(name, fn);
}

/** The validation function registered under `name`, or undefined. */
export function resolveValidationFunction(name: string): ValidationFunction | undefined {
  return registry.get(name);
}

/** Names of all registered validation functions, sorted. */
export function registeredValidationFunctions(): string[] {
  return registry.names();
}

/** Removes every registered validation function (for tests). */
export function clearValidationFunctionRegistry(): void {
  registry.reset();
}
