import { validateConfig } from './validate-config.js';

const types = (violations: Array<{ type: string; level: string }>) => violations.map((violation) => `${violation.level}:${violation.type}`).sort();

describe('validateConfig', () => {
  it('reports every violation at once', () => {
    const violations = validateConfig({
      columns: [
        { name: 'topic', column_type: 'sampler' },
        { name: 'story', column_type: 'llm-text', prompt: 'Write about {{ topc }} and {topic}', model_alias: 'writer' },
        { name: 'static', column_type: 'llm-text', prompt: 'Say hello', model_alias: 'nobody' },
        { name: 'len', column_type: 'expression', expr: '{{ missing | length }}' },
        { name: 'gate', column_type: 'expression', expr: '{{ topic }}', skip: { when: '{{ ghost }}' } },
        { name: 'check', column_type: 'validation', target_columns: ['story'], validator_type: 'code', validator_params: { code_lang: 'python' } } as never,
      ],
      model_configs: [{ alias: 'writer' }],
      processors: [{ name: 'drop', processor_type: 'drop_columns', column_names: ['nope', 'x*'] }],
    });
    expect(types(violations)).toEqual([
      'ERROR:expression_reference_missing',
      'ERROR:invalid_column',
      'ERROR:invalid_reference',
      'ERROR:skip_reference_missing',
      'ERROR:unknown_model_alias',
      'WARNING:code_column_not_code',
      'WARNING:f_string_syntax',
      'WARNING:invalid_column',
      'WARNING:prompt_without_references',
    ]);
    expect(violations.find((violation) => violation.type === 'invalid_reference')?.message).toContain("'topc'");
  });

  it('gives each violation the field path of the problem and the offending value', () => {
    const violations = validateConfig({
      columns: [
        { name: 'topic', column_type: 'sampler' },
        { name: 'story', column_type: 'llm-text', prompt: 'Write about {{ topc }}', model_alias: 'writer' },
        { name: 'len', column_type: 'expression', expr: '{{ missing | length }}' },
      ],
      model_configs: [{ alias: 'writer' }],
      processors: [{ name: 'drop', processor_type: 'drop_columns', column_names: ['topic', 'nope'] }],
    });
    expect(violations.filter((violation) => violation.level === 'ERROR').map(({ type, path, value }) => ({ type, path, value }))).toEqual([
      { type: 'invalid_reference', path: 'columns[1].prompt', value: 'topc' },
      { type: 'expression_reference_missing', path: 'columns[2].expr', value: 'missing' },
      { type: 'invalid_column', path: 'processors[0].column_names[1]', value: 'nope' },
    ]);
  });

  it('accepts side-effect columns as references and seed columns by name', () => {
    const violations = validateConfig(
      {
        columns: [
          { name: 'answer', column_type: 'llm-text', prompt: 'About {{ city }}', model_alias: 'm', with_trace: 'all_messages' },
          { name: 'trace_len', column_type: 'expression', expr: '{{ answer__trace | length }}' },
        ],
      },
      { seedColumnNames: ['city'] },
    );
    expect(violations).toEqual([]);
  });

  it('flags all columns dropped, cycles and a lone brace does not crash', () => {
    expect(types(validateConfig({ columns: [{ name: 'a', column_type: 'sampler', drop: true }] }))).toEqual(['ERROR:all_columns_dropped']);
    expect(types(validateConfig({ columns: [{ name: 'c', column_type: 'seed-dataset' }] }))).toEqual(['ERROR:all_columns_dropped']);
    expect(
      types(
        validateConfig({
          columns: [
            { name: 'a', column_type: 'expression', expr: '{{ b }}' },
            { name: 'b', column_type: 'expression', expr: '{{ a }}' },
          ],
        }),
      ),
    ).toEqual(['ERROR:dependency_cycle']);
    expect(
      validateConfig({
        columns: [
          { name: 'p', column_type: 'llm-text', prompt: 'Use a } here {{ p2 }}', model_alias: 'm' },
          { name: 'p2', column_type: 'sampler' },
        ],
      }),
    ).toEqual([]);
  });

  it('checks code language and schema-transform references', () => {
    const violations = validateConfig({
      columns: [
        { name: 'q', column_type: 'sampler' },
        { name: 'code', column_type: 'llm-code', prompt: '{{ q }}', model_alias: 'm', code_lang: 'sql:sqlite' } as never,
        { name: 'v', column_type: 'validation', target_columns: ['code'], validator_type: 'code', validator_params: { code_lang: 'python' } } as never,
      ],
      processors: [{ name: 'chat', processor_type: 'schema_transform', template: { messages: [{ content: '{{ q }} {{ zz }}' }] } }],
    });
    expect(types(violations)).toEqual(['ERROR:code_lang_mismatch', 'ERROR:invalid_reference']);
  });
});
