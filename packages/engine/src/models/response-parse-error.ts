import { defineErrorClass } from '@dd/config';

/**
 * A model reply could not be parsed (no code fence, invalid JSON, schema mismatch). Its message is
 * the correction sent back to the model, so write it for the model: short and specific.
 */
export class ResponseParseError extends defineErrorClass('ResponseParseError') {}
