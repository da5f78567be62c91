import { ResponseParseError } from '../models/response-parse-error.js';
import { codeSyntaxOf, extractCodeBlocks, parseCodeResponse } from './index.js';

describe('extractCodeBlocks', () => {
  it('finds fences anywhere, including lists and blockquotes, with the first info word as language', () => {
    const text = '- step\n\n  ```python title="x"\n  a = 1\n  ```\n\n> ```js\n> b()\n> ```\n\n    indented\n';
    expect(extractCodeBlocks(text)).toEqual([
      { code: 'a = 1', lang: 'python' },
      { code: 'b()', lang: 'js' },
      { code: 'indented', lang: null },
    ]);
  });

  it('separates a fence that directly follows a line ending in >', () => {
    const blocks = extractCodeBlocks('see <here>\n```python\nx = 1\n```');
    expect(blocks).toEqual([{ code: 'x = 1', lang: 'python' }]);
  });
});

describe('parseCodeResponse', () => {
  it('takes the last fence', () => {
    expect(parseCodeResponse('```python\nfirst()\n```\ntext\n```python\n  second()\n```', 'python')).toBe('second()');
  });

  it('accepts unlabeled fences', () => {
    expect(parseCodeResponse('```\nSELECT 1;\n```', 'sql')).toBe('SELECT 1;');
  });

  it('rejects a language mismatch (case-sensitive) and a reply without code', () => {
    expect(() => parseCodeResponse('```Python\nx\n```', 'python')).toThrow('Responded with code not matching the requested syntax (python).');
    let caught: unknown;
    try {
      parseCodeResponse('no code here', 'python');
    } catch (error) {
      caught = error;
    }
    expect(ResponseParseError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toBe('No parsable code response.');
  });

  it('maps sql dialects to sql', () => {
    expect(codeSyntaxOf('sql:postgres')).toBe('sql');
    expect(codeSyntaxOf('typescript')).toBe('typescript');
  });
});
