import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pylintScore, RUFF_MISSING_NOTE, severityOfRuffCode, validatePython } from './python-validator.js';

describe('validatePython (python3 syntax, no ruff on PATH)', () => {
  it('marks valid code valid with a full score and a note saying only syntax was checked', async () => {
    const [result] = await validatePython(['def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n']);
    expect(result).toEqual({
      is_valid: true,
      python_linter_score: 10,
      python_linter_severity: 'none',
      python_linter_messages: [],
      python_linter_note: RUFF_MISSING_NOTE,
    });
  });

  it('treats a syntax error as fatal: invalid, score 0', async () => {
    const [ok, bad] = await validatePython(['x = 1\n', 'def broken(:\n    pass\n']);
    expect(ok!.is_valid).toBe(true);
    expect(bad!.is_valid).toBe(false);
    expect(bad!.python_linter_score).toBe(0);
    expect(bad!.python_linter_severity).toBe('fatal');
    expect(bad!.python_linter_messages).toEqual([
      expect.objectContaining({ type: 'fatal', symbol: 'SyntaxError', line: 1, message: expect.stringContaining('SyntaxError') }),
    ]);
  });

  it('checks a whole batch with one process, keeping order', async () => {
    const results = await validatePython(['a = 1', 'if True print(1)', '', 'for i in range(3):\n  pass']);
    expect(results.map((r) => r.is_valid)).toEqual([true, false, true, true]);
  });
});

describe('python score and severity helpers', () => {
  it('maps ruff codes by alphabetic prefix', () => {
    expect(severityOfRuffCode('F401')).toBe('error');
    expect(severityOfRuffCode('PLE0101')).toBe('error');
    expect(severityOfRuffCode('PLW0603')).toBe('warning');
    expect(severityOfRuffCode('PLC0414')).toBe('convention');
    expect(severityOfRuffCode('E711')).toBe('refactor');
    expect(severityOfRuffCode('SIM108')).toBe('refactor');
    expect(severityOfRuffCode('PLR2004')).toBe('refactor');
    expect(severityOfRuffCode('XYZ1')).toBe('warning');
  });

  it('uses the pylint formula', () => {
    const msg = (type: 'error' | 'warning' | 'fatal') => ({ type, symbol: 'X', line: 1, column: 1, message: '' });
    expect(pylintScore([msg('error')], 10)).toBe(5);
    expect(pylintScore([msg('warning'), msg('warning')], 10)).toBe(8);
    expect(pylintScore([msg('error')], 0)).toBe(0);
    expect(pylintScore([msg('fatal')], 100)).toBe(0);
    expect(pylintScore([], 0)).toBe(10);
  });
});

describe('validatePython with ruff on PATH (fake ruff)', () => {
  let dir: string;
  const savedPath = process.env.PATH;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dd-fake-ruff-'));
    const script = `#!/usr/bin/env node
const fs = require('fs'); const path = require('path');
const target = process.argv[process.argv.length - 1];
const out = [];
for (const f of fs.readdirSync(target)) {
  const file = path.join(target, f); const code = fs.readFileSync(file, 'utf8');
  if (code.includes('import os')) out.push({ filename: file, code: 'F401', location: { row: 1, column: 8 }, message: '\`os\` imported but unused' });
  if (code.includes('global')) out.push({ filename: file, code: 'PLW0603', location: { row: 3, column: 1 }, message: 'global statement' });
  if (code.includes('(:')) out.push({ filename: file, code: 'invalid-syntax', location: { row: 1, column: 12 }, message: 'Expected a parameter' });
}
process.stdout.write(JSON.stringify(out));
`;
    await writeFile(path.join(dir, 'ruff'), script, 'utf8');
    await chmod(path.join(dir, 'ruff'), 0o755);
    process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ''}`;
  });

  afterAll(async () => {
    process.env.PATH = savedPath;
    await rm(dir, { recursive: true, force: true });
  });

  it('scores ruff diagnostics with the pylint formula and sorts by severity', async () => {
    const tenStatements = Array.from({ length: 9 }, (_, i) => `v${i} = ${i}`).join('\n');
    const [withError, withWarning, clean, broken] = await validatePython([
      `import os\n${tenStatements}\n`,
      `x = 0\ndef f():\n    global x\n    x = 1\n${Array.from({ length: 6 }, (_, i) => `w${i} = ${i}`).join('\n')}\n`,
      'y = 2\n',
      'def broken(:\n    pass\n',
    ]);
    expect(withError).toMatchObject({ is_valid: false, python_linter_score: 5, python_linter_severity: 'error' });
    expect(withError!.python_linter_messages).toEqual([{ type: 'error', symbol: 'F401', line: 1, column: 8, message: '`os` imported but unused' }]);
    expect(withError).not.toHaveProperty('python_linter_note');
    expect(withWarning).toMatchObject({ is_valid: true, python_linter_score: 9, python_linter_severity: 'warning' });
    expect(clean).toMatchObject({ is_valid: true, python_linter_score: 10, python_linter_severity: 'none' });
    // ruff's own syntax diagnostic is replaced by python3's fatal one.
    expect(broken).toMatchObject({ is_valid: false, python_linter_score: 0, python_linter_severity: 'fatal' });
    expect(broken!.python_linter_messages).toHaveLength(1);
  });
});
