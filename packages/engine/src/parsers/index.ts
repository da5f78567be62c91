export { extractCodeBlocks, type CodeBlock } from './markdown-code-blocks.js';
export { codeSyntaxOf, parseCodeResponse } from './code-response.js';
export { parseJsonLenient, type RepairedJson } from './repair-json.js';
export { extractJsonBlocks } from './json-blocks.js';
export { isRecord, resolveLocalRef, type JsonSchema } from './json-schema-types.js';
export { forbidAdditionalProperties } from './forbid-additional-properties.js';
export { rewriteDiscriminatedOneOf } from './discriminated-one-of.js';
export { pruneAdditionalProperties, type BranchMatcher } from './prune-additional-properties.js';
export { decimalInfo, normalizeDecimalFields, roundDecimalHalfUp } from './decimal-fields.js';
export {
  createJsonSchemaValidator,
  validateJsonSchema,
  formatValidationErrors,
  JsonSchemaValidationError,
  type JsonSchemaValidator,
  type JsonSchemaValidatorOptions,
} from './json-schema-validator.js';
export { createStructuredResponseParser, lastJsonBlockValue, NO_JSON_MESSAGE, SCHEMA_MISMATCH_PREFIX } from './structured-response.js';
export { buildJudgeSchema, judgeDefName, judgeOptionsOf, type JudgeOption, type JudgeScore } from './judge-schema.js';
export { coerceJudgeScores, coerceScoreValue, createJudgeResponseParser, type JudgeResponseParser, type JudgeResult } from './judge-response.js';
