import { InvalidConfigError } from '../errors/index.js';
import { requiredColumnsOf, sideEffectColumnsOf, topologicalColumnOrder } from './column-dependencies.js';

describe('column dependencies', () => {
  it('derives required and side-effect columns per type', () => {
    const llm = {
      name: 'complaint',
      column_type: 'llm-text',
      prompt: 'A {{ customer_age }} year old reports {{ issue }} with {{ product }}',
      system_prompt: 'Be {{ tone }}',
      multi_modal_context: [{ column_name: 'photo' }],
      with_trace: 'last_message',
      extract_reasoning_content: true,
    };
    expect(requiredColumnsOf(llm).sort()).toEqual(['customer_age', 'issue', 'photo', 'product', 'tone']);
    expect(sideEffectColumnsOf(llm)).toEqual(['complaint__trace', 'complaint__reasoning_content']);
    expect(requiredColumnsOf({ name: 'e', column_type: 'embedding', target_column: 'complaint' })).toEqual(['complaint']);
    expect(requiredColumnsOf({ name: 'v', column_type: 'validation', target_columns: ['b', 'a'] })).toEqual(['b', 'a']);
    expect(requiredColumnsOf({ name: 'x', column_type: 'expression', expr: '{{ a }}-{{ b.c }}' })).toEqual(['a', 'b']);
    expect(requiredColumnsOf({ name: 's', column_type: 'sampler' })).toEqual([]);
    const fn = Object.assign(() => ({}), { requiredColumns: ['total'], sideEffectColumns: ['note'] });
    expect(requiredColumnsOf({ name: 'c', column_type: 'custom', generator_function: fn })).toEqual(['total']);
    expect(sideEffectColumnsOf({ name: 'c', column_type: 'custom', generator_function: fn })).toEqual(['note']);
  });

  it('orders samplers first, then the DAG with declaration-order ties', () => {
    const columns = [
      { name: 'summary', column_type: 'expression', expr: '{{ total }} {{ name }}' },
      { name: 'total', column_type: 'expression', expr: '{{ price * 2 }}' },
      { name: 'name', column_type: 'expression', expr: 'x{{ id }}' },
      { name: 'price', column_type: 'sampler' },
      { name: 'id', column_type: 'sampler' },
      { name: 'trace_user', column_type: 'expression', expr: '{{ answer__trace }}' },
      { name: 'answer', column_type: 'llm-text', prompt: '{{ name }}', with_trace: 'all_messages' },
    ];
    expect(topologicalColumnOrder(columns).map((column) => column.name)).toEqual(['price', 'id', 'total', 'name', 'summary', 'answer', 'trace_user']);
  });

  it('follows skip.when references and reports cycles by name', () => {
    const order = topologicalColumnOrder([
      { name: 'b', column_type: 'expression', expr: 'x', skip: { when: '{{ a }}' } },
      { name: 'a', column_type: 'expression', expr: 'y' },
    ]);
    expect(order.map((column) => column.name)).toEqual(['a', 'b']);
    expect(() =>
      topologicalColumnOrder([
        { name: 'a', column_type: 'expression', expr: '{{ b }}' },
        { name: 'b', column_type: 'expression', expr: '{{ a }}' },
      ]),
    ).toThrow(/'a', 'b' depend on each other/);
    try {
      topologicalColumnOrder([
        { name: 'a', column_type: 'expression', expr: '{{ a }}x{{ c }}' },
        { name: 'c', column_type: 'expression', expr: '{{ a }}' },
      ]);
    } catch (error) {
      expect(InvalidConfigError.isInstance(error)).toBe(true);
    }
  });
});
