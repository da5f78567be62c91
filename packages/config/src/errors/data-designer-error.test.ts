import { ConfigValidationError, DataDesignerError, defineErrorClass, InvalidConfigError, UserJinjaTemplateSyntaxError } from './index.js';

describe('error markers', () => {
  it('identifies errors by kind without instanceof', () => {
    const error = new InvalidConfigError('empty expression', { fix: 'write {{ a }}' });
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect(UserJinjaTemplateSyntaxError.isInstance(error)).toBe(false);
    expect(DataDesignerError.isInstance(error)).toBe(true);
    expect(DataDesignerError.isInstance(new Error('x'))).toBe(false);
    expect(error.fix).toBe('write {{ a }}');
    expect(error.name).toBe('InvalidConfigError');
  });

  it('renders every issue with its path', () => {
    const error = new ConfigValidationError([
      { path: 'columns[3].params.weights', message: "'weights' must sum to a non-zero value", fix: 'use positive weights' },
      { path: 'columns[0].name', message: 'required' },
    ]);
    expect(error.message).toContain('2 issues');
    expect(error.message).toContain('→ at columns[3].params.weights');
    expect(error.message).toContain('fix: use positive weights');
    expect(ConfigValidationError.isInstance(error)).toBe(true);
  });
});

describe('error classes as types', () => {
  class ParentError extends defineErrorClass('ParentTestError') {}
  class ChildError extends ParentError {
    static override readonly kind: string = 'ChildTestError';
    readonly detail = 'child';
  }

  it('isInstance narrows to the class it is called on and matches subclasses', () => {
    const error: unknown = new ChildError('boom');
    expect(ParentError.isInstance(error)).toBe(true);
    expect(ChildError.isInstance(new ParentError('x'))).toBe(false);
    if (ChildError.isInstance(error)) {
      const typed: ChildError = error; // compiles only because isInstance narrows to ChildError
      expect(typed.detail).toBe('child');
    } else {
      throw new Error('expected a ChildError');
    }
    const issues = new ConfigValidationError([{ path: 'columns[0]', message: 'bad', value: 1, fix: 'fix it' }]);
    const caught: unknown = issues;
    expect(ConfigValidationError.isInstance(caught) ? caught.issues[0]?.fix : undefined).toBe('fix it');
    expect(InvalidConfigError.isInstance(caught)).toBe(false);
  });
});
