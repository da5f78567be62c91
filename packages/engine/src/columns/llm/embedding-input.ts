import { formatPythonValue, literalEval, NOT_A_LITERAL } from '../../templates/index.js';

function asList(text: string): unknown[] | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value)) return value;
  } catch {
    // next strategy
  }
  try {
    const value = JSON.parse(text.replace(/,\s*([\]}])/g, '$1')) as unknown;
    if (Array.isArray(value)) return value;
  } catch {
    // next strategy
  }
  const literal = literalEval(text);
  return literal !== NOT_A_LITERAL && Array.isArray(literal) ? literal : undefined;
}

function itemText(item: unknown): string {
  return (typeof item === 'string' ? item : formatPythonValue(item)).trim();
}

/**
 * The texts to embed for a cell: an array is used as is; a string is read as a JSON array, then as
 * JSON without trailing commas, then as a Python list literal, else as one text. Items are trimmed.
 */
export function parseEmbeddingInput(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(itemText);
  if (typeof value !== 'string') return [itemText(value)];
  return (asList(value.trim()) ?? [value]).map(itemText);
}
