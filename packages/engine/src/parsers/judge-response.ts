import { missingInvariant } from '@dd/config';
import { formatPythonFloat } from '../templates/index.js';
import { cloneJson, isRecord } from './json-schema-types.js';
import { buildJudgeSchema, judgeOptionsOf, type JudgeOption, type JudgeScore } from './judge-schema.js';
import { createJsonSchemaValidator, type JsonSchemaValidator } from './json-schema-validator.js';
import { warmUpCodeBlocks } from './markdown-code-blocks.js';
import { lastJsonBlockValue, validateForResponse } from './structured-response.js';

/** The stored judge value: score name → `{reasoning, score}`. */
export type JudgeResult = Record<string, { reasoning: string; score: JudgeOption }>;

function normalized(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim().toLowerCase().replace(/ß/g, 'ss');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatPythonFloat(value).toLowerCase();
  return undefined;
}

/**
 * Lenient match of a judge score against the options: an exact match (same type; booleans never
 * match numbers) is kept; otherwise the unique option whose trimmed, case-folded text equals the
 * value's (integral floats compare as ints). Returns the value unchanged when nothing matches.
 */
export function coerceScoreValue(value: unknown, options: readonly JudgeOption[]): unknown {
  if (typeof value !== 'boolean' && options.some((option) => option === value)) return value;
  const text = normalized(value);
  if (text === undefined) return value;
  const matches = options.filter((option) => normalized(option) === text);
  return matches.length === 1 ? matches[0] : value;
}

/** Applies `coerceScoreValue` to each `<score>.score` of a parsed judge reply (returns a copy). */
export function coerceJudgeScores(value: unknown, scores: readonly JudgeScore[]): unknown {
  return isRecord(value) ? coerceInPlace(cloneJson(value), scores) : value;
}

function coerceInPlace(value: Record<string, unknown>, scores: readonly JudgeScore[]): Record<string, unknown> {
  for (const score of scores) {
    const entry = value[score.name];
    if (isRecord(entry) && 'score' in entry) entry.score = coerceScoreValue(entry.score, judgeOptionsOf(score));
  }
  return value;
}

/** A judge reply parser; `warmUp()` builds its validator ahead of the first reply. */
export interface JudgeResponseParser {
  (reply: string): JudgeResult;
  /** Builds the validator now if no reply did yet (ajv: ~20 ms to load, ~40 ms to compile) and loads the markdown lexer. */
  warmUp(): void;
}

/**
 * A parser for `llm-judge` replies: the last ```json fence (repaired), scores coerced to their
 * options, validated against `buildJudgeSchema(scores)` (unknown keys pruned), returned in field order.
 * The validator (ajv, ~90 ms to load and compile) is built by `warmUp` or on the first reply, not
 * before the run's first request: the schema is ours, so compiling it cannot fail.
 */
export function createJudgeResponseParser(scores: readonly JudgeScore[]): JudgeResponseParser {
  const schema = buildJudgeSchema(scores);
  let validator: JsonSchemaValidator | undefined;
  const validatorNow = (): JsonSchemaValidator => (validator ??= createJsonSchemaValidator(schema, { trustedSchema: true }));
  const parse = (reply: string): JudgeResult => {
    // The block's value is parsed afresh for this call: its scores are coerced in place (the validator copies it anyway).
    const parsed = lastJsonBlockValue(reply);
    const coerced = isRecord(parsed) ? coerceInPlace(parsed, scores) : parsed;
    const valid = validateForResponse(coerced, validatorNow()) as Record<string, { reasoning: string; score: JudgeOption }>;
    const result: JudgeResult = {};
    for (const score of scores) {
      // The schema lists every score as required, so validation guarantees each one is present.
      const validated = valid[score.name];
      if (validated === undefined) missingInvariant(`the validated judge score '${score.name}'`);
      const { reasoning, score: value } = validated;
      result[score.name] = { reasoning, score: value };
    }
    return result;
  };
  return Object.assign(parse, {
    warmUp: () => {
      validatorNow();
      warmUpCodeBlocks();
    },
  });
}
