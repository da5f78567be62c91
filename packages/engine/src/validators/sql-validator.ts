import { createRequire } from 'node:module';
import type sqlParser from 'node-sql-parser';
import type { ValidationOutput } from './validation-types.js';

/** Our SQL dialect names (the `sql:<dialect>` suffix) → node-sql-parser `database` names. */
export const SQL_DIALECTS: Readonly<Record<string, string>> = {
  sqlite: 'sqlite',
  tsql: 'transactsql',
  bigquery: 'bigquery',
  mysql: 'mysql',
  postgres: 'postgresql',
  // node-sql-parser has no ANSI grammar; PostgreSQL's is the closest to the standard.
  ansi: 'postgresql',
};

/** Extra message of the original's custom check for `DECIMAL(<digits>)` without a scale. */
export const DECIMAL_WITHOUT_SCALE_MESSAGE = 'Custom Check: Found DECIMAL definitions without a scale, which may be incorrect.';

let parser: InstanceType<typeof sqlParser.Parser> | undefined;

/** Shape of the PEG syntax errors node-sql-parser throws. */
interface PegSyntaxError {
  location?: { start?: { line?: number; column?: number; offset?: number } };
}

/** One parse error in the original's `"<code>: <description>"` form (sqlfluff-like `PRS` code). */
function formatParseError(sql: string, error: unknown): string {
  const start = (error as PegSyntaxError).location?.start;
  if (error instanceof Error && error.name === 'SyntaxError' && start?.line !== undefined) {
    const rest = sql.slice(start.offset ?? 0).split('\n')[0].trim();
    const what = rest === '' ? 'Unexpected end of input.' : `Found unparsable section: '${rest.length > 40 ? `${rest.slice(0, 40)}...` : rest}'`;
    return `PRS: Line ${start.line}, Position ${start.column ?? 0}: ${what}`;
  }
  throw error;
}

/**
 * Validates one SQL snippet in `dialect` (our name: sqlite, tsql, bigquery, mysql, postgres, ansi):
 * parse errors plus the DECIMAL-without-scale check → `{ is_valid, error_messages }`.
 */
export function validateSql(sql: unknown, dialect: string): ValidationOutput {
  const database = SQL_DIALECTS[dialect];
  if (database === undefined) {
    return { is_valid: false, error_messages: `Exception during SQL parsing: unsupported SQL dialect '${dialect}'` };
  }
  try {
    if (typeof sql !== 'string') throw new TypeError(`expected SQL text, got ${sql === null ? 'null' : typeof sql}`);
    // Loaded on first use: the parser's grammars cost start-up time that most runs never need.
    parser ??= new (createRequire(import.meta.url)('node-sql-parser') as typeof sqlParser).Parser();
    const messages: string[] = [];
    try {
      parser.astify(sql, { database });
    } catch (error) {
      messages.push(formatParseError(sql, error));
    }
    if (/DECIMAL\(\d+\)/.test(sql)) messages.push(DECIMAL_WITHOUT_SCALE_MESSAGE);
    return messages.length > 0 ? { is_valid: false, error_messages: messages.join('\n') } : { is_valid: true, error_messages: '' };
  } catch (error) {
    return { is_valid: false, error_messages: `Exception during SQL parsing: ${error instanceof Error ? error.message : String(error)}` };
  }
}
