import { createSchemaTransformProcessor } from './schema-transform-processor.js';

describe('schema_transform processor', () => {
  it('renders the template per row into a side output and leaves the rows unchanged', async () => {
    const processor = createSchemaTransformProcessor({
      name: 'chat',
      processor_type: 'schema_transform',
      template: {
        messages: [
          { role: 'user', content: '{{ question }}' },
          { role: 'assistant', content: '{{ answer }}' },
        ],
        meta: { id: '{{ id }}', city: '{{ profile.city }}' },
      },
    });
    const rows = [
      { id: 1, question: 'Say "hi"', answer: 'hi\nthere', profile: { city: 'Oslo' } },
      { id: 2, question: 'Q2', answer: 'A2', profile: { city: 'Lima' } },
    ];
    const result = await processor.postBatch!(rows, { batchNumber: 0 });
    expect(result.rows).toBe(rows);
    expect(result.output).toHaveLength(2);
    expect(result.output?.[0]).toEqual({
      messages: [
        { role: 'user', content: 'Say "hi"' },
        { role: 'assistant', content: 'hi\nthere' },
      ],
      // Every interpolation lands inside a JSON string, so numbers come out as strings.
      meta: { id: '1', city: 'Oslo' },
    });
    expect(result.output?.[1]).toMatchObject({ messages: [{ content: 'Q2' }, { content: 'A2' }] });
  });

  it('needs an object template', () => {
    expect(() => createSchemaTransformProcessor({ name: 's', processor_type: 'schema_transform', template: 'x' })).toThrow(/template/);
  });
});
