import { describe, expect, it } from '@jest/globals';
import { NO_FIELD, RecordContext, type RecordLookup } from './record-context.js';
import { compileTemplate, renderTemplate } from './render-template.js';
import { SECURE_FILTERS } from './template-filters.js';
import { TemplateInterpreter } from './template-interpreter.js';
import { toPythonString } from './python-ops.js';

/** Renders through the interpreter with the general path only (a lookup without `field`). */
function renderWithoutFields(template: string, row: Record<string, unknown>, itemFirst = false): string {
  const record = new RecordContext(row);
  const general: RecordLookup = { has: (name) => record.has(name), get: (name) => record.get(name) };
  const interpreter = new TemplateInterpreter(general, { strict: false, itemFirst, filters: SECURE_FILTERS });
  return interpreter
    .render(compileTemplate(template, 'secure').root)
    .map((chunk) => (typeof chunk === 'string' ? chunk : toPythonString(chunk)))
    .join('');
}

function renderWithFields(template: string, row: Record<string, unknown>, itemFirst = false): string {
  const interpreter = new TemplateInterpreter(new RecordContext(row), { strict: false, itemFirst, filters: SECURE_FILTERS });
  return interpreter
    .render(compileTemplate(template, 'secure').root)
    .map((chunk) => (typeof chunk === 'string' ? chunk : toPythonString(chunk)))
    .join('');
}

const person = {
  first_name: 'Ada',
  postcode: '02139',
  street_number: '12',
  age: 36,
  phone: '+1-555-0100',
  nested: '{"a": [1, 2]}',
  flags: { vip: 'true' },
  items: 'a key named like a dict method',
  unit: '',
  middle_name: null,
  big: 12345678901234567890n,
};

describe('RecordContext.field (dict fields read one at a time)', () => {
  it('answers scalar fields as the converted dict would, and leaves containers to the general path', () => {
    const record = new RecordContext({ person, text: 'x' });
    expect(record.field('person', 'first_name')).toBe('Ada');
    expect(record.field('person', 'street_number')).toBe(12); // JSON text of a number, as json.loads reads it
    expect(record.field('person', 'big')).toBe(Number(person.big));
    expect(record.field('person', 'flags')).toBe(NO_FIELD);
    expect(record.field('person', 'nested')).toBe(NO_FIELD);
    expect(record.field('person', 'missing')).toBe(NO_FIELD);
    expect(record.field('person', '__proto__')).toBe(NO_FIELD);
    expect(record.field('text', 'length')).toBe(NO_FIELD);
    expect(record.field('absent', 'x')).toBe(NO_FIELD);
    for (const key of Object.keys(person)) {
      const converted = (record.get('person') as Record<string, unknown>)[key];
      const field = record.field('person', key);
      if (field !== NO_FIELD) expect(field).toEqual(converted);
    }
  });

  it('renders the same text as the general path for attribute reads, methods and shadowing', () => {
    const templates = [
      '{{ person.first_name }} {{ person.postcode }} {{ person.street_number + 1 }} {{ person.age }} {{ person.phone }}',
      '{{ person.unit }}|{{ person.middle_name }}|{{ person.missing }}|{{ person.big }}',
      '{{ person.nested }} {{ person.nested.a }} {{ person.flags.vip }}',
      '{{ person.items() | length }} {{ person.keys() | list | length }} {{ person.get("first_name") }}',
      '{% for person in [{"first_name": "loop"}] %}{{ person.first_name }}{% endfor %} {{ person.first_name }}',
      '{{ text.upper() }} {{ text.first_name }}',
    ];
    const row = { person, text: 'abc' };
    for (const template of templates) {
      expect({ template, text: renderWithFields(template, row) }).toEqual({ template, text: renderWithoutFields(template, row) });
    }
    // Schema-transform templates read keys before methods: `items` is then the key.
    expect(renderWithFields('{{ person.items }}', row, true)).toBe(renderWithoutFields('{{ person.items }}', row, true));
    expect(renderWithFields('{{ person.items }}', row, true)).toBe('a key named like a dict method');
    expect(renderTemplate('{{ person.first_name }} {{ person.postcode }}', row)).toBe('Ada 02139');
  });
});
