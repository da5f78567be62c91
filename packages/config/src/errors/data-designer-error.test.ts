import { ConfigValidationError, DataDesignerError, InvalidConfigError, UserJinjaTemplateSyntaxError } from './index.js';

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
