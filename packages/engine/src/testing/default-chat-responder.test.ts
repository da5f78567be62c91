import { describe, expect, it } from '@jest/globals';
import { defaultChatResponder } from './default-chat-responder.js';
import { findRequestedCodeLanguage } from './find-requested-code-language.js';

const context = { n: 1, route: 'openai' as const, imageModel: false };
const ask = (text: string) =>
  defaultChatResponder(
    {
      model: 'm',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: text },
      ],
    },
    context,
  );

describe('defaultChatResponder', () => {
  it('echoes the last user text, cut to 200 characters', () => {
    expect(ask('hello')).toBe('Reply to: hello');
    expect(ask('x'.repeat(300))).toBe(`Reply to: ${'x'.repeat(200)}`);
  });

  it('answers a <response_schema> prompt with a ```json fence holding a valid instance', () => {
    const schema = { type: 'object', properties: { title: { type: 'string' }, year: { type: 'integer' } }, required: ['title', 'year'] };
    const prompt = `Describe a book.\n\n- Answer in JSON inside a \`\`\`json fence.\n\n<response_schema>\n${JSON.stringify(schema)}\n</response_schema>`;
    const reply = ask(prompt);
    expect(typeof reply).toBe('string');
    const match = /^```json\n([\s\S]*)\n```$/.exec(reply as string);
    expect(match).not.toBeNull();
    expect(JSON.parse(match![1]!)).toEqual({ title: 'example title', year: 0 });
  });

  it('answers code prompts with a fence in the requested language', () => {
    expect(ask('Write a function.\n\n- Use ONE markdown code fence labelled `python`.')).toMatch(/^```python\ndef reply\(\)/);
    expect(ask('Query the users table.\n- Answer with code in SQL only.')).toMatch(/^```sql\nSELECT '/);
    expect(findRequestedCodeLanguage('Return it in a ```rust fence')).toBe('rust');
    expect(findRequestedCodeLanguage('Tell me a joke in French')).toBeNull();
  });

  it('returns an image for image models', () => {
    const reply = defaultChatResponder({ model: 'img', messages: [{ role: 'user', content: 'a cat' }] }, { ...context, imageModel: true });
    expect(reply).toMatchObject({ images: [expect.any(String)] });
  });
});
