import { SchedulerConfigurationError } from './errors/scheduler-configuration-error.js';

/** `value` when it is an integer ≥ 1; else throws a `SchedulerConfigurationError` naming the option. */
export function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SchedulerConfigurationError(`${name} is ${String(value)}.`, { fix: `Set ${name} to an integer ≥ 1.` });
  }
  return value;
}
