import type { ValidationOutput } from './validation-types.js';

/** A problem description when `outputs` is not one `{ is_valid: boolean | null, … }` object per row, else null. */
export function checkValidationOutputs(outputs: unknown, expectedRows: number): string | null {
  if (!Array.isArray(outputs)) return `expected a list of validation outputs, got ${outputs === null ? 'null' : typeof outputs}`;
  if (outputs.length !== expectedRows) return `expected ${expectedRows} validation output(s), one per row, got ${outputs.length}`;
  for (const [i, output] of outputs.entries()) {
    if (typeof output !== 'object' || output === null || Array.isArray(output)) return `output ${i} is not an object`;
    const isValid = (output as Record<string, unknown>).is_valid;
    if (isValid !== null && typeof isValid !== 'boolean') return `output ${i} has no boolean (or null) 'is_valid'`;
  }
  return null;
}

/** Narrows after `checkValidationOutputs` returned null. */
export function asValidationOutputs(outputs: unknown): ValidationOutput[] {
  return outputs as ValidationOutput[];
}
