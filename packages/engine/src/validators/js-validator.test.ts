import { validateJavaScript, validateTypeScript } from './js-validator.js';

describe('validateJavaScript', () => {
  it('accepts modules and scripts', () => {
    expect(validateJavaScript('export const add = (a, b) => a + b;')).toEqual({ is_valid: true, error_messages: '' });
    expect(validateJavaScript('with (obj) { x = 1; }')).toEqual({ is_valid: true, error_messages: '' });
    expect(validateJavaScript('const x = await fetch("u");')).toEqual({ is_valid: true, error_messages: '' });
  });

  it('rejects broken code with a located message', () => {
    expect(validateJavaScript('const x = ;')).toEqual({ is_valid: false, error_messages: 'SyntaxError: Line 1, Position 11: Unexpected token' });
  });
});

describe('validateTypeScript', () => {
  it('accepts typed code', async () => {
    await expect(validateTypeScript('interface P { x: number }\nexport const f = (p: P): number => p.x * 2;')).resolves.toEqual({
      is_valid: true,
      error_messages: '',
    });
  });

  it('rejects syntax errors with TS codes', async () => {
    const result = await validateTypeScript('let x: number = ;\nconst y = 1;');
    expect(result.is_valid).toBe(false);
    expect(result.error_messages).toBe('TS1109: Line 1, Position 17: Expression expected.');
  });
});
