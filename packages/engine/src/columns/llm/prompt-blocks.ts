import { pythonJsonDumps } from '../../templates/python-value.js';

/** Instruction block appended to `llm-code` prompts: code in `syntax`, in one labelled fence. */
export function codeInstructionBlock(syntax: string): string {
  return [
    `* Reply with ${syntax} code only, written with common ${syntax} syntax and good practice.`,
    `* Put the code inside ONE markdown code fence labelled with the language (\`\`\`${syntax}).`,
    '* Do not add any other code blocks.',
  ].join('\n');
}

/** The schema as the original prints it: Python `json.dumps` on one line (`", "`, `": "`, ASCII only). */
export function serializeSchemaForPrompt(schema: Record<string, unknown>): string {
  return pythonJsonDumps(schema);
}

/** Instruction block appended to `llm-structured` / `llm-judge` prompts, ending with the schema tags. */
export function jsonInstructionBlock(schema: Record<string, unknown>): string {
  return [
    '* Reply with JSON.',
    '* Put the JSON inside a markdown code fence labelled json (```json).',
    '* The JSON must conform to the JSON Schema given between the <response_schema> tags.',
    '',
    '<response_schema>',
    serializeSchemaForPrompt(schema),
    '</response_schema>',
  ].join('\n');
}

/** The user prompt with a recipe block appended after a blank line (unchanged when there is none). */
export function decoratePrompt(prompt: string, block: string | null): string {
  return block === null ? prompt : `${prompt}\n\n${block}`;
}
