import { isPlainObject, PyFloat, unboxFloats } from './py-float.js';
import { formatPythonValue, pythonJsonDumps } from './python-value.js';
import { renderText } from './render-template.js';
import { UserTemplateError } from './template-errors.js';

function jsonStringBody(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * The schema-transform `finalize` hook: every interpolated value becomes text that is valid inside a
 * JSON string (strings escaped without quotes, dicts/lists JSON-encoded then escaped, `None` → `null`,
 * bools → `true`/`false`).
 */
export function escapeValueForJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return jsonStringBody(value);
  if (Array.isArray(value) || isPlainObject(value)) return jsonStringBody(pythonJsonDumps(unboxFloats(value), { ensureAscii: false }));
  if (typeof value === 'number' || value instanceof PyFloat) return formatPythonValue(value);
  return jsonStringBody(formatPythonValue(value));
}

/**
 * Renders a schema_transform processor template for one row: the template object is serialized to
 * JSON, rendered (JSON-escaped values, dict keys preferred on dot access) and parsed back.
 */
export function renderJsonTemplate(template: unknown, row: Record<string, unknown>): unknown {
  let source: string;
  try {
    source = pythonJsonDumps(template);
  } catch (error) {
    throw new UserTemplateError(`The schema_transform processor template must be JSON serializable: ${(error as Error).message}`);
  }
  const rendered = renderText(source, row, { itemFirst: true, finalize: escapeValueForJson });
  try {
    return JSON.parse(rendered) as unknown;
  } catch (error) {
    const shown = rendered.length > 300 ? `${rendered.slice(0, 297)}...` : rendered;
    throw new UserTemplateError(`The schema_transform processor template did not render to valid JSON (${(error as Error).message}). Rendered text: ${shown}`, {
      fix: 'Interpolate values inside JSON strings ("{{ col }}"), or make sure bare interpolations produce JSON values.',
    });
  }
}
