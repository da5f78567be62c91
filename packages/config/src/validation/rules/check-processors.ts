import { findTemplateReferences } from '../template-references.js';
import type { Violation } from '../violation.js';
import { quoteNames, type ValidationContext } from './validation-context.js';

/**
 * Python `fnmatch.fnmatchcase` as a RegExp over a whole name: `*` any run, `?` one character,
 * `[seq]` / `[!seq]` character classes (a `]` right after `[` is literal); everything else literal.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern.charAt(index);
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else if (character === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(index + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      body = body.replaceAll('\\', '\\\\').replaceAll(']', '\\]').replaceAll('^', '\\^');
      source += `[${negate ? '^' : ''}${body}]`;
      index = close;
    } else source += character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function templateStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(templateStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(templateStrings);
  return [];
}

/** `all_columns_dropped`, `invalid_column` (drop_columns), `invalid_reference` (schema_transform). */
export function checkProcessors(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  const droppedByProcessor = new Set<string>();
  for (const [processorIndex, processor] of context.processors.entries()) {
    if (processor.processor_type === 'drop_columns') {
      for (const [entryIndex, entry] of ((processor.column_names as string[]) ?? []).entries()) {
        const path = `processors[${processorIndex}].column_names[${entryIndex}]`;
        if (entry.includes('*') || entry.includes('?') || entry.includes('[')) {
          const regex = globToRegExp(entry);
          const matched = [...context.allowedReferences].filter((name) => regex.test(name));
          matched.forEach((name) => {
            droppedByProcessor.add(name);
          });
          if (matched.length === 0) {
            violations.push({
              type: 'invalid_column',
              level: 'WARNING',
              column: entry,
              path,
              value: entry,
              message: `Drop processor '${String(processor.name)}' pattern '${entry}' matches no column.`,
            });
          }
        } else if (!context.allowedReferences.has(entry)) {
          violations.push({
            type: 'invalid_column',
            level: 'ERROR',
            column: entry,
            path,
            value: entry,
            message: `Drop processor '${String(processor.name)}' names '${entry}', which is not a column of the config.`,
          });
        } else droppedByProcessor.add(entry);
      }
    }
    if (processor.processor_type === 'schema_transform') {
      const template = (processor.template as Record<string, unknown>) ?? {};
      for (const [key, value] of Object.entries(template)) {
        const missing = [...new Set(templateStrings(value).flatMap((text) => findTemplateReferences(text)))].filter((name) => !context.columnNames.has(name));
        if (missing.length > 0) {
          violations.push({
            type: 'invalid_reference',
            level: 'ERROR',
            column: null,
            path: `processors[${processorIndex}].template.${key}`,
            value: missing.length === 1 ? missing[0] : missing,
            message: `Schema transform '${String(processor.name)}' key '${key}' references ${quoteNames(missing)}, which ${missing.length === 1 ? 'is not a column' : 'are not columns'} of the config.`,
          });
        }
      }
    }
  }
  const remaining = context.columns.filter(
    (column) =>
      column.drop !== true &&
      (column.column_type !== 'seed-dataset' || (context.processors.length > 0 && !droppedByProcessor.has(column.name))) &&
      !droppedByProcessor.has(column.name),
  );
  if (context.columns.length > 0 && remaining.length === 0) {
    violations.push({
      type: 'all_columns_dropped',
      level: 'ERROR',
      column: null,
      path: 'columns',
      message: 'Every column is dropped, so the dataset would be empty; keep at least one column (drop: false).',
    });
  }
  return violations;
}
