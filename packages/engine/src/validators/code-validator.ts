import { InvalidConfigError } from '@dd/config';
import { validateJavaScript, validateTypeScript } from './js-validator.js';
import { validatePython } from './python-validator.js';
import { SQL_DIALECTS, validateSql } from './sql-validator.js';
import type { ValidationOutput } from './validation-types.js';

/** Every `code_lang` the engine's code validator accepts (javascript/typescript are our addition). */
export const SUPPORTED_CODE_LANGS: readonly string[] = ['python', ...Object.keys(SQL_DIALECTS).map((d) => `sql:${d}`), 'javascript', 'typescript'];

/** Validates a batch of snippets of one column. */
export type CodeBatchValidator = (values: readonly unknown[], signal?: AbortSignal) => Promise<ValidationOutput[]>;

/** The batch validator for `codeLang`; throws `InvalidConfigError` for an unsupported language. */
export function codeValidatorFor(codeLang: string): CodeBatchValidator {
  if (codeLang === 'python') {
    return (values, signal) =>
      validatePython(
        values.map((v) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v))),
        signal,
      );
  }
  if (codeLang.startsWith('sql:') && SQL_DIALECTS[codeLang.slice(4)] !== undefined) {
    const dialect = codeLang.slice(4);
    return async (values) => values.map((v) => validateSql(v, dialect));
  }
  if (codeLang === 'javascript') return async (values) => values.map((v) => validateJavaScript(v));
  if (codeLang === 'typescript') return (values) => Promise.all(values.map((v) => validateTypeScript(v)));
  throw new InvalidConfigError(`code_lang '${codeLang}' is not supported by the code validator; use one of ${SUPPORTED_CODE_LANGS.join(', ')}`);
}
