import { DECIMAL_WITHOUT_SCALE_MESSAGE, SQL_DIALECTS, validateSql } from './sql-validator.js';

describe('validateSql', () => {
  it.each(Object.keys(SQL_DIALECTS))('accepts valid SQL and rejects broken SQL in %s', (dialect) => {
    expect(validateSql('SELECT a, b FROM orders WHERE a = 1 ORDER BY b;', dialect)).toEqual({ is_valid: true, error_messages: '' });
    const bad = validateSql('SELECT a FROM orders WHERE (a = ', dialect);
    expect(bad.is_valid).toBe(false);
    expect(bad.error_messages).toMatch(/^PRS: Line 1, Position \d+: /);
  });

  it('honours dialect-specific syntax', () => {
    expect(validateSql('SELECT TOP 5 * FROM t', 'tsql').is_valid).toBe(true);
    expect(validateSql('SELECT TOP 5 * FROM t', 'postgres').is_valid).toBe(false);
    expect(validateSql('SELECT * FROM t LIMIT 5', 'sqlite').is_valid).toBe(true);
    expect(validateSql('SELECT * FROM `proj.ds.t` LIMIT 5', 'bigquery').is_valid).toBe(true);
  });

  it('reports where the parse fails', () => {
    expect(validateSql('SELECT a\nFROM t WHERE', 'mysql').error_messages).toBe('PRS: Line 2, Position 13: Unexpected end of input.');
  });

  it('flags DECIMAL(<digits>) without a scale even when the SQL parses', () => {
    const result = validateSql('CREATE TABLE t (amount DECIMAL(10), id INT);', 'mysql');
    expect(result).toEqual({ is_valid: false, error_messages: DECIMAL_WITHOUT_SCALE_MESSAGE });
    expect(validateSql('CREATE TABLE t (amount DECIMAL(10, 2), id INT);', 'mysql')).toEqual({ is_valid: true, error_messages: '' });
  });

  it('joins a parse error and the DECIMAL check', () => {
    const result = validateSql('CREATE TABL t (amount DECIMAL(10))', 'sqlite');
    expect(result.is_valid).toBe(false);
    expect(String(result.error_messages).split('\n')).toEqual([expect.stringMatching(/^PRS: /), DECIMAL_WITHOUT_SCALE_MESSAGE]);
  });

  it('turns non-text input into an exception message', () => {
    expect(validateSql(null, 'ansi')).toEqual({ is_valid: false, error_messages: 'Exception during SQL parsing: expected SQL text, got null' });
  });
});
