import { describe, expect, it } from '@jest/globals';
import { TemplateUndefinedError } from '../templates/index.js';
import { createSkipEvaluator, SkipEvaluationError } from './index.js';

const none: ReadonlySet<string> = new Set();

describe('createSkipEvaluator', () => {
  it('never skips without skip config or skipped inputs', () => {
    expect(createSkipEvaluator({ name: 'c' }, ['a'])({ a: 1 }, none)).toBe(false);
  });

  it('propagates skips from required columns unless disabled', () => {
    expect(createSkipEvaluator({ name: 'c' }, ['a'])({ a: null }, new Set(['a']))).toBe(true);
    expect(createSkipEvaluator({ name: 'c', propagate_skip: false }, ['a'])({ a: null }, new Set(['a']))).toBe(false);
    expect(createSkipEvaluator({ name: 'c' }, ['a'])({ a: 1, b: null }, new Set(['b']))).toBe(false);
  });

  it('evaluates skip.when natively with Python truthiness', () => {
    const decide = createSkipEvaluator({ name: 'c', skip: { when: '{{ age < 18 }}' } }, ['age']);
    expect(decide({ age: 10 }, none)).toBe(true);
    expect(decide({ age: 30 }, none)).toBe(false);
    const byText = createSkipEvaluator({ name: 'c', skip: { when: '{{ flag }}' } }, []);
    expect(byText({ flag: 'False' }, none)).toBe(false);
    expect(byText({ flag: 'True' }, none)).toBe(true);
    expect(byText({ flag: '' }, none)).toBe(false);
    expect(byText({ flag: [] }, none)).toBe(false);
    expect(byText({ flag: 'yes' }, none)).toBe(true);
    expect(createSkipEvaluator({ name: 'c', skip: { when: '{{ not gate }}' } }, [])({ gate: '' }, none)).toBe(true);
  });

  it('propagation wins before skip.when is evaluated', () => {
    const decide = createSkipEvaluator({ name: 'c', skip: { when: '{{ false }}' } }, ['a']);
    expect(decide({ a: 1 }, new Set(['a']))).toBe(true);
  });

  it('fails safe: evaluation errors skip and are reported', () => {
    const errors: unknown[] = [];
    const decide = createSkipEvaluator({ name: 'c', skip: { when: '{{ missing > 1 }}' } }, [], { onError: (error) => errors.push(error) });
    expect(decide({ a: 1 }, none)).toBe(true);
    expect(SkipEvaluationError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as Error).message).toContain("skip.when of column 'c' failed to evaluate");
    expect(TemplateUndefinedError.isInstance((errors[0] as Error).cause)).toBe(true);
    expect(createSkipEvaluator({ name: 'c', skip: { when: '{{ p.x.y }}' } }, [])({ p: {} }, none)).toBe(true);
    expect(createSkipEvaluator({ name: 'c', skip: { when: "{{ 'a' > 1 }}" } }, [])({}, none)).toBe(true);
    expect(createSkipEvaluator({ name: 'c', skip: { when: '{{ x.__class__ }}' } }, [])({ x: 1 }, none)).toBe(true);
  });
});
