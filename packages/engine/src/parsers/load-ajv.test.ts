import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { loadAjv } from './load-ajv.js';

describe('loadAjv', () => {
  it("gives ajv's Ajv and Ajv2020 classes from the one-file bundle, loaded once", () => {
    const classes = loadAjv();
    expect(classes.Ajv.name).toBe('Ajv');
    expect(classes.Ajv2020.name).toBe('Ajv2020');
    expect(loadAjv()).toBe(classes);
    // The installed ajv's code, in its own copy.
    const installed = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    expect(classes.Ajv).not.toBe(installed.Ajv);
    expect(Object.getOwnPropertyNames(classes.Ajv.prototype).sort()).toEqual(Object.getOwnPropertyNames(installed.Ajv.prototype).sort());
  });

  it('validates with the errors ajv reports (draft-07 and 2020-12)', () => {
    const { Ajv, Ajv2020 } = loadAjv();
    const schema = { type: 'object', properties: { score: { type: 'integer', minimum: 1 } }, required: ['score'] };
    for (const ajv of [new Ajv({ allErrors: true, strict: false }), new Ajv2020({ allErrors: true, strict: false })]) {
      const check = ajv.compile(schema);
      expect(check({ score: 2 })).toBe(true);
      expect(check({ score: 0 })).toBe(false);
      expect(ajv.errorsText(check.errors)).toBe('data/score must be >= 1');
    }
  });
});
