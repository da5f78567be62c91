import { ResponseParseError } from '../models/response-parse-error.js';
import { extractJsonBlocks } from './json-blocks.js';
import type { JsonSchema } from './json-schema-types.js';
import { createJsonSchemaValidator, JsonSchemaValidationError, type JsonSchemaValidator } from './json-schema-validator.js';

/** First line of the correction sent when a reply does not match the schema. */
export const SCHEMA_MISMATCH_PREFIX = "Response doesn't match requested <response_schema>\n";

/** Correction sent when a reply has no usable ```json fence. */
export const NO_JSON_MESSAGE = 'No parsable JSON structure within ```json markdown fence.';

/** The value of the last ```json fence of `reply`, leniently parsed; throws `ResponseParseError` when there is none. */
export function lastJsonBlockValue(reply: string): unknown {
  const last = extractJsonBlocks(reply).at(-1);
  if (!last) throw new ResponseParseError(NO_JSON_MESSAGE);
  if (!last.ok) throw new ResponseParseError(`${SCHEMA_MISMATCH_PREFIX}- $: the JSON could not be parsed (${last.error})`);
  return last.value;
}

/** Runs a validator, turning schema violations into the mismatch correction. */
export function validateForResponse(value: unknown, validator: JsonSchemaValidator): unknown {
  try {
    return validator(value);
  } catch (error) {
    if (JsonSchemaValidationError.isInstance(error)) throw new ResponseParseError(SCHEMA_MISMATCH_PREFIX + error.message);
    throw error;
  }
}

/**
 * A parser for `llm-structured` replies: the last ```json fence (repaired), validated against
 * `schema` with pruning and Decimal normalization. Compile once per column.
 */
export function createStructuredResponseParser(schema: JsonSchema): (reply: string) => unknown {
  const validator = createJsonSchemaValidator(schema);
  return (reply: string): unknown => validateForResponse(lastJsonBlockValue(reply), validator);
}
