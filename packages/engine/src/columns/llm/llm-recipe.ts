import { deserializeJsonValue } from '../../templates/index.js';
import {
  buildJudgeSchema,
  codeSyntaxOf,
  createJudgeResponseParser,
  createStructuredResponseParser,
  parseCodeResponse,
  type JsonSchema,
  type JudgeScore,
} from '../../parsers/index.js';
import { codeInstructionBlock, jsonInstructionBlock } from './prompt-blocks.js';

/** How one LLM column type asks for, parses and stores its output. */
export interface LlmRecipe {
  /** Block appended to the rendered user prompt, or null (text columns). */
  readonly instructions: string | null;
  /** Turns the reply text into a value; throws `ResponseParseError` for a correction. */
  parse(reply: string): unknown;
  /** The cell value for a parsed reply. */
  toCell(parsed: unknown): unknown;
  /** Prepares what parsing the first reply would otherwise build then (the judge's validator). */
  warmUp?(): void;
}

/** The recipe-relevant fields of an LLM column config. */
export interface LlmRecipeSpec {
  column_type: 'llm-text' | 'llm-code' | 'llm-structured' | 'llm-judge';
  code_lang?: string;
  output_format?: Record<string, unknown>;
  scores?: readonly JudgeScore[];
}

/** `JSON.stringify` then the original's `deserialize_json_values` (nested JSON-looking strings are parsed too). */
function jsonRoundTrip(parsed: unknown): unknown {
  return deserializeJsonValue(JSON.stringify(parsed));
}

/** Builds the recipe of an LLM column (parsers and schema compiled once). */
export function createLlmRecipe(column: LlmRecipeSpec): LlmRecipe {
  switch (column.column_type) {
    case 'llm-code': {
      const syntax = codeSyntaxOf(column.code_lang ?? '');
      return { instructions: codeInstructionBlock(syntax), parse: (reply) => parseCodeResponse(reply, syntax), toCell: (parsed) => String(parsed) };
    }
    case 'llm-structured': {
      const schema: JsonSchema = column.output_format ?? {};
      return { instructions: jsonInstructionBlock(schema), parse: createStructuredResponseParser(schema), toCell: jsonRoundTrip };
    }
    case 'llm-judge': {
      const scores = column.scores ?? [];
      const parse = createJudgeResponseParser(scores);
      return { instructions: jsonInstructionBlock(buildJudgeSchema(scores)), parse, toCell: jsonRoundTrip, warmUp: () => parse.warmUp() };
    }
    default:
      return { instructions: null, parse: (reply) => reply, toCell: (parsed) => String(parsed) };
  }
}
