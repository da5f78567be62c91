import { compileOutputSchema } from './output-schema.js';
import { asValidationOutputs, checkValidationOutputs } from './validation-output.js';
import { registeredValidationFunctions, resolveValidationFunction } from './validation-function-registry.js';
import { LocalCallableValidationError, type ValidationFunction, type ValidationOutput, type ValidatorParamsInput } from './validation-types.js';

/** Text of an error for messages. */
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The function itself, or the one registered under its name; throws `LocalCallableValidationError` when unknown. */
export function resolveLocalValidationFunction(ref: ValidatorParamsInput<'local_callable'>['validation_function']): ValidationFunction {
  // The config accepts any function; what it returns is checked by the caller (one `is_valid` per row).
  if (typeof ref === 'function') return ref as ValidationFunction;
  const fn = resolveValidationFunction(ref);
  if (fn !== undefined) return fn;
  const known = registeredValidationFunctions();
  throw new LocalCallableValidationError(`No validation function is registered under '${ref}'.`, {
    fix: `Call registerValidationFunction('${ref}', fn) before generating${known.length > 0 ? `; registered: ${known.join(', ')}` : ''}.`,
  });
}

/** Builds the batch runner of a `local_callable` validator: call, check one `is_valid` per row, check schema. */
export function createLocalCallableValidator(
  params: ValidatorParamsInput<'local_callable'>,
): (records: Record<string, unknown>[]) => Promise<ValidationOutput[]> {
  const checkSchema = params.output_schema ? compileOutputSchema(params.output_schema) : null;
  return async (records) => {
    const fn = resolveLocalValidationFunction(params.validation_function);
    let outputs: unknown;
    try {
      outputs = await fn(records.map((record) => ({ ...record })));
    } catch (error) {
      throw new LocalCallableValidationError(`Validation function failed: ${describe(error)}`, { cause: error });
    }
    const problem = checkValidationOutputs(outputs, records.length);
    if (problem !== null) throw new LocalCallableValidationError(`Validation function returned an unusable result: ${problem}.`);
    const data = asValidationOutputs(outputs);
    if (checkSchema) {
      const schemaProblem = checkSchema({ data });
      if (schemaProblem !== null) throw new LocalCallableValidationError(`Validation function output does not match output_schema: ${schemaProblem}`);
    }
    return data;
  };
}
