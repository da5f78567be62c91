import { requireVendorFile } from '../package-files/package-root.js';
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

/** The part of a node-sql-parser `Parser` the validator uses. */
interface SqlParser {
  astify(sql: string, options: { database: string }): unknown;
}

const parsers = new Map<string, SqlParser>();

/**
 * The parser of one node-sql-parser dialect, loaded on first use. The package's per-dialect builds are
 * copied to `vendor/node-sql-parser/` at build time (scripts/vendor-deps.mjs): the whole package
 * installs ~89 MB, the five grammars used here ~1.2 MB.
 */
function parserFor(database: string): SqlParser {
  let parser = parsers.get(database);
  if (parser === undefined) {
    const { Parser } = requireVendorFile<{ Parser: new () => SqlParser }>(`node-sql-parser/${database}.cjs`);
    parser = new Parser();
    parsers.set(database, parser);
  }
  return parser;
}

/** Shape of the PEG syntax errors node-sql-parser throws. */
interface PegSyntaxError {
  location?: { start?: { line?: number; column?: number; offset?: number } };
}

/** One parse error in the original's `"<code>: <description>"` form (sqlfluff-like `PRS` code). */
function formatParseError(sql: string, error: unknown): string {
  const start = (error as PegSyntaxError).location?.start;
  if (error instanceof Error && error.name === 'SyntaxError' && start?.line !== undefined) {
    const rest =
      sql
        .slice(start.offset ?? 0)
        .split('\n')[0]
        ?.trim() ?? '';
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
    const parser = parserFor(database);
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
