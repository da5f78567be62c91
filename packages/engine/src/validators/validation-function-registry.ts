import { processGlobalMap } from '../registries/index.js';
import type { ValidationFunction } from './validation-types.js';

/** The process-global map of registered validation functions. */
const registry = () => processGlobalMap<ValidationFunction>('validationFunctionRegistry');

/**
 * Registers a validation function under `name`, so `local_callable` configs can refer to it as
 * `validation_function: <name>`. A later registration under the same name replaces the earlier one.
 */
export function registerValidationFunction(name: string, fn: ValidationFunction): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError('registerValidationFunction: name must be a non-empty string.');
  }
  if (typeof fn !== 'function') {
    throw new TypeError(`registerValidationFunction('${name}'): expected a function.`);
  }
  registry().set(name, fn);
}

/** The validation function registered under `name`, or undefined. */
export function resolveValidationFunction(name: string): ValidationFunction | undefined {
  return registry().get(name);
}

/** Names of all registered validation functions, sorted. */
export function registeredValidationFunctions(): string[] {
  return [...registry().keys()].sort();
}

/** Removes every registered validation function (for tests). */
export function clearValidationFunctionRegistry(): void {
  registry().clear();
}
