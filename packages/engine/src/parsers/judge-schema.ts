import { pythonRepr } from '../templates/index.js';
import type { JsonSchema } from './json-schema-types.js';

/** A rubric dimension of an `llm-judge` column (config `Score`). */
export interface JudgeScore {
  name: string;
  description: string;
  /** Option value → meaning; keys may be numbers when a caller kept YAML integer keys. */
  options: Readonly<Record<string, string>> | ReadonlyMap<string | number, string>;
}

/** A score option value as it appears in the enum. */
export type JudgeOption = string | number;

/** The option values of a score, in declaration order. */
export function judgeOptionsOf(score: JudgeScore): JudgeOption[] {
  return score.options instanceof Map ? [...score.options.keys()] : Object.keys(score.options);
}

function optionEntries(score: JudgeScore): Array<[JudgeOption, string]> {
  return score.options instanceof Map ? [...score.options.entries()] : Object.entries(score.options as Record<string, string>);
}

/** Pydantic's `$defs` key for a model name (characters outside `[A-Za-z0-9.-_]` become `_`). */
export function judgeDefName(name: string): string {
  return name.replace(/[^a-zA-Z0-9.\-_]/g, '_');
}

function enumSchema(score: JudgeScore): JsonSchema {
  const values = judgeOptionsOf(score);
  const schema: JsonSchema = { enum: values, title: `${score.name}Enum` };
  if (values.every((value) => typeof value === 'string')) schema.type = 'string';
  else if (values.every((value) => typeof value === 'number' && Number.isInteger(value))) schema.type = 'integer';
  return schema;
}

function scoreSchema(score: JudgeScore): JsonSchema {
  const enumName = `${score.name}Enum`;
  const scoring = optionEntries(score)
    .map(([value, meaning]) => `* ${String(value)}: ${meaning}`)
    .join('\n');
  return {
    ...(score.description ? { description: score.description } : {}),
    properties: {
      reasoning: { description: 'Reasoning for the assigned score.', title: 'Reasoning', type: 'string' },
      score: { $ref: `#/$defs/${judgeDefName(enumName)}`, description: `Score Descriptions for ${enumName}:\n${scoring}` },
    },
    required: ['reasoning', 'score'],
    title: score.name,
    type: 'object',
  };
}

/**
 * The JSON schema of the judge reply, shaped like Pydantic's schema of the original's dynamic
 * `JudgeStructuredOutput` model: sorted keys, one `$defs` entry per score object and per score enum.
 */
export function buildJudgeSchema(scores: readonly JudgeScore[]): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  for (const score of scores) {
    defs[judgeDefName(score.name)] = scoreSchema(score);
    defs[judgeDefName(`${score.name}Enum`)] = enumSchema(score);
  }
  const sortedDefs = Object.fromEntries(
    Object.keys(defs)
      .sort()
      .map((key) => [key, defs[key]]),
  );
  return {
    $defs: sortedDefs,
    description: `Response schema for scores with the following names: ${pythonRepr(scores.map((score) => score.name))}.`,
    properties: Object.fromEntries(scores.map((score) => [score.name, { $ref: `#/$defs/${judgeDefName(score.name)}` }])),
    required: scores.map((score) => score.name),
    title: 'JudgeStructuredOutput',
    type: 'object',
  };
}
