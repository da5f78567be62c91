import { parseColumnConfig } from '@dd/config';
import { EmptyTemplateRenderError } from '../../templates/index.js';
import { createLlmColumnGenerator, jsonInstructionBlock, PromptTemplateRenderError, serializeSchemaForPrompt } from './index.js';
import { lookupOf, ScriptedModel, testContext } from './test-scripted-model.js';

const runConfig = { max_conversation_correction_steps: 1, max_conversation_restarts: 1 };

function userText(model: ScriptedModel, request = 0): string {
  const user = model.requests[request]?.find((message) => message.role === 'user');
  const content = user?.content;
  return typeof content === 'string' ? content : (content ?? []).map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('|');
}

describe('createLlmColumnGenerator', () => {
  it('declares metadata and renders Python-style values without decorating text prompts', async () => {
    const model = new ScriptedModel('m', ['  Hello  ']);
    const generator = createLlmColumnGenerator(
      parseColumnConfig({
        name: 'greeting',
        column_type: 'llm-text',
        prompt: 'Hi {{ name }} {{ flag }} {{ info }} {{ n }}',
        system_prompt: 'Be {{ tone }}',
        model_alias: 'm',
        with_trace: 'all_messages',
      }),
      { models: lookupOf(model), runConfig },
    );
    expect(generator.strategy).toBe('cell_by_cell');
    expect(generator.columns).toEqual(['greeting', 'greeting__trace']);
    expect([...generator.requiredColumns].sort()).toEqual(['flag', 'info', 'n', 'name', 'tone']);
    expect(generator.resource).toBe('model:m');
    const out = await generator.generateCell({ name: 'Ana', flag: 'true', info: '{"a": 1}', n: '1.50', tone: 'kind' }, testContext);
    expect(userText(model)).toBe("Hi Ana True {'a': 1} 1.5");
    expect(model.requests[0]?.[0]).toEqual({ role: 'system', content: 'Be kind' });
    expect(out.greeting).toBe('Hello');
    expect(out.greeting__trace).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Be kind' }] },
      { role: 'user', content: [{ type: 'text', text: "Hi Ana True {'a': 1} 1.5" }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
    ]);
  });

  it('appends the code block, corrects once and writes last-message trace and reasoning', async () => {
    const model = new ScriptedModel('m', ['no code', { content: '```sql\nSELECT 1;\n```', reasoning: '  thought  ' }]);
    const generator = createLlmColumnGenerator(
      parseColumnConfig({
        name: 'q',
        column_type: 'llm-code',
        code_lang: 'sql:postgres',
        prompt: 'Write SQL',
        model_alias: 'm',
        with_trace: 'last_message',
        extract_reasoning_content: true,
      }),
      { models: lookupOf(model), runConfig },
    );
    const out = await generator.generateCell({}, testContext);
    expect(userText(model).startsWith('Write SQL\n\n* ')).toBe(true);
    expect(userText(model)).toContain('```sql');
    expect(model.requests[0]?.[0]?.role).toBe('user');
    expect(model.requests[1]?.at(-1)).toEqual({ role: 'user', content: 'No parsable code response.' });
    expect(out).toEqual({
      q: 'SELECT 1;',
      q__trace: [{ role: 'assistant', content: [{ type: 'text', text: '```sql\nSELECT 1;\n```' }], reasoning_content: '  thought  ' }],
      q__reasoning_content: 'thought',
    });
  });

  it('stores structured output as deserialized JSON and serializes the schema Python-style', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string', description: 'Zürich-like' }, zip: { type: 'string' } } };
    const model = new ScriptedModel('m', ['```json\n{"city": "Bern", "zip": "3000", "junk": 1}\n```']);
    const generator = createLlmColumnGenerator(
      parseColumnConfig({
        name: 'addr',
        column_type: 'llm-structured',
        output_format: schema,
        prompt: 'Address',
        model_alias: 'm',
        extract_reasoning_content: true,
      }),
      { models: lookupOf(model), runConfig },
    );
    const out = await generator.generateCell({}, testContext);
    expect(serializeSchemaForPrompt(schema)).toBe(
      '{"type": "object", "properties": {"city": {"type": "string", "description": "Z\\u00fcrich-like"}, "zip": {"type": "string"}}}',
    );
    expect(userText(model)).toBe(`Address\n\n${jsonInstructionBlock(schema)}`);
    expect(userText(model).endsWith(`<response_schema>\n${serializeSchemaForPrompt(schema)}\n</response_schema>`)).toBe(true);
    expect(out).toEqual({ addr: { city: 'Bern', zip: 3000 }, addr__reasoning_content: null });
  });

  it('stores judge results with coerced scores', async () => {
    const model = new ScriptedModel('m', ['```json\n{"Quality": {"reasoning": "fine", "score": " High "}}\n```']);
    const generator = createLlmColumnGenerator(
      parseColumnConfig({
        name: 'judged',
        column_type: 'llm-judge',
        prompt: 'Rate {{ text }}',
        model_alias: 'm',
        scores: [{ name: 'Quality', description: 'q', options: { high: 'good', low: 'bad' } }],
      }),
      { models: lookupOf(model), runConfig },
    );
    const out = await generator.generateCell({ text: 'x' }, testContext);
    expect(out).toEqual({ judged: { Quality: { reasoning: 'fine', score: 'high' } } });
    expect(userText(model)).toContain('"title": "JudgeStructuredOutput"');
  });

  it('passes multimodal context blocks before the prompt', async () => {
    const model = new ScriptedModel('m', ['ok']);
    const generator = createLlmColumnGenerator(
      parseColumnConfig({
        name: 'd',
        column_type: 'llm-text',
        prompt: 'Describe',
        model_alias: 'm',
        multi_modal_context: [{ modality: 'image', column_name: 'pics' }],
      }),
      { models: lookupOf(model), runConfig },
    );
    expect(generator.requiredColumns).toEqual(['pics']);
    await generator.generateCell({ pics: '["https://x/a.png", "https://x/b.png"]' }, testContext);
    expect(model.requests[0]?.[0]?.content).toEqual([
      { type: 'image', source: { type: 'url', url: 'https://x/a.png' } },
      { type: 'image', source: { type: 'url', url: 'https://x/b.png' } },
      { type: 'text', text: 'Describe' },
    ]);
  });

  it('rejects render failures and lets model errors through unchanged', async () => {
    const model = new ScriptedModel('m', []);
    const deps = { models: lookupOf(model), runConfig };
    const unknown = createLlmColumnGenerator(parseColumnConfig({ name: 'c', column_type: 'llm-text', prompt: '{{ missing }}', model_alias: 'm' }), deps);
    const error = await unknown.generateCell({}, testContext).catch((caught: unknown) => caught);
    expect(PromptTemplateRenderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('"column_name":"c"');
    expect((error as Error).message).toContain("Missing columns: 'missing'");
    const empty = createLlmColumnGenerator(parseColumnConfig({ name: 'c', column_type: 'llm-text', prompt: '{{ v }}', model_alias: 'm' }), deps);
    expect(EmptyTemplateRenderError.isInstance(await empty.generateCell({ v: '' }, testContext).catch((caught: unknown) => caught))).toBe(true);
    const ok = createLlmColumnGenerator(parseColumnConfig({ name: 'c', column_type: 'llm-text', prompt: 'hi', model_alias: 'm' }), deps);
    await expect(ok.generateCell({}, testContext)).rejects.toMatchObject({ message: 'script exhausted', isRetryable: false });
  });
});
