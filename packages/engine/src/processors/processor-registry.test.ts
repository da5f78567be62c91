import { createProcessor, registeredProcessorTypes, registerProcessor, resetProcessorRegistry, resolveProcessorFactory } from './processor-registry.js';
import { processorStages } from './processor.js';

afterEach(() => resetProcessorRegistry());

describe('processor registry', () => {
  it('has the built-ins, both post-batch', () => {
    expect(registeredProcessorTypes()).toEqual(['drop_columns', 'schema_transform']);
    expect(processorStages(createProcessor({ name: 'd', processor_type: 'drop_columns', column_names: [] }))).toEqual(['postBatch']);
    expect(processorStages(createProcessor({ name: 's', processor_type: 'schema_transform', template: { a: '{{ x }}' } }))).toEqual(['postBatch']);
  });

  it('lets plugins register a processor type with any stages', () => {
    registerProcessor('dedupe', (config) => ({
      name: config.name,
      processorType: 'dedupe',
      preBatch: (rows) => ({ rows }),
      afterGeneration: (rows) => ({ rows: rows.slice(0, 1) }),
    }));
    expect(registeredProcessorTypes()).toContain('dedupe');
    expect(resolveProcessorFactory('dedupe')).toBeDefined();
    expect(processorStages(createProcessor({ name: 'x', processor_type: 'dedupe' }))).toEqual(['preBatch', 'afterGeneration']);
    resetProcessorRegistry();
    expect(registeredProcessorTypes()).toEqual(['drop_columns', 'schema_transform']);
  });

  it('explains an unknown processor type', () => {
    expect(() => createProcessor({ name: 'x', processor_type: 'nope' })).toThrow(
      /'nope', for which no implementation is registered \(registered: drop_columns, schema_transform\)/,
    );
  });
});
