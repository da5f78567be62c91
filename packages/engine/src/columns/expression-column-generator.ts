import { defineErrorClass, findTemplateReferences } from '@dd/config';
import { EmptyTemplateRenderError, prepareTemplate, UserTemplateError } from '../templates/index.js';
import { parsePythonFloat } from '../templates/template-filters.js';
import { loopIsBusy, waitForTurn } from '../templates/event-loop-turns.js';
import type { CellColumnGenerator, GenerationContext, Row } from './column-generator.js';

/** The rendered text of an expression column could not be converted to its `dtype`. */
export class ExpressionTypeCastError extends defineErrorClass('ExpressionTypeCastError') {}

/** The expression column fields this generator reads. */
export interface ExpressionColumnSpec {
  name: string;
  expr: string;
  dtype?: 'int' | 'float' | 'str' | 'bool';
  skip?: unknown;
  propagate_skip?: boolean;
}

function shown(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 197)}...` : text);
}

/**
 * Converts rendered text with the original's rules: `str` unchanged, `float` Python float parsing,
 * `int` = trunc(float), `bool` = bool(trunc(float)) when numeric else `text.lower() == "true"`.
 * Returns `undefined` when the text does not convert.
 */
export function castExpressionValue(text: string, dtype: 'int' | 'float' | 'str' | 'bool'): string | number | boolean | undefined {
  if (dtype === 'str') return text;
  const number = parsePythonFloat(text);
  if (dtype === 'float') return number;
  if (dtype === 'int') return number === undefined || !Number.isFinite(number) ? undefined : Math.trunc(number);
  if (number !== undefined) return Number.isFinite(number) ? Math.trunc(number) !== 0 : Number.isNaN(number) ? undefined : true;
  return text.toLowerCase() === 'true';
}

/**
 * The `expression` column generator (engine spec §2.8): renders `expr` per row in the run's Jinja
 * dialect (`jinja_rendering_engine`, secure by default) and casts the text to `dtype`. An empty/blank render, a render error or a failed cast
 * throws (the scheduler drops the row); errors name the column, the expression and the value.
 */
export function createExpressionColumnGenerator(column: ExpressionColumnSpec, options: { dialect?: 'secure' | 'native' } = {}): CellColumnGenerator {
  const dtype = column.dtype ?? 'str';
  const requiredColumns = findTemplateReferences(column.expr);
  const where = `expression column '${column.name}' (expr ${shown(column.expr)})`;
  let render: ((row: Readonly<Row>) => string) | undefined;
  const renderCell = (row: Readonly<Row>): Promise<Row> => {
    let text: string;
    try {
      render ??= prepareTemplate(column.expr, { dialect: options.dialect ?? 'secure' });
      text = render(row);
    } catch (error) {
      const cause = error as Error;
      const ErrorClass = EmptyTemplateRenderError.isInstance(error) ? EmptyTemplateRenderError : UserTemplateError;
      return Promise.reject(new ErrorClass(`Failed to render ${where}: ${cause.message}`, { cause: error, fix: (error as { fix?: string }).fix }));
    }
    if (text.trim() === '') {
      return Promise.reject(new EmptyTemplateRenderError(`The ${where} rendered to blank text ${shown(text)}.`));
    }
    const value = castExpressionValue(text, dtype);
    if (value === undefined) {
      return Promise.reject(
        new ExpressionTypeCastError(`Could not convert the value ${shown(text)} rendered by ${where} to ${dtype}.`, {
          fix: `Make the expression render a valid ${dtype}, or change the column's dtype.`,
        }),
      );
    }
    return Promise.resolve({ [column.name]: value });
  };
  return {
    name: column.name,
    strategy: 'cell_by_cell',
    columns: [column.name],
    requiredColumns,
    resource: 'cpu',
    generateCell: (row: Readonly<Row>, context: GenerationContext): Promise<Row> => {
      // Renders are synchronous: when they have held the event loop for a while, let it turn
      // (Ctrl-C, timers, I/O) before this one, and stop if the run was cancelled meanwhile.
      if (!loopIsBusy()) return renderCell(row);
      return waitForTurn(context.signal).then(() => renderCell(row));
    },
  };
}
