import { isModelColumnType } from '../../columns/column-type-facts.js';
import { findTemplateReferences } from '../template-references.js';
import type { Violation } from '../violation.js';
import { columnPath, quoteNames, type ValidationContext } from './validation-context.js';

/** Python `str.format` fields (`{topic}`) outside Jinja `{{ … }}`; a lone brace is just text. */
function formatFields(template: string): string[] {
  const withoutJinja = template.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g, ' ');
  return [...withoutJinja.matchAll(/\{([^{}]+)\}/g)].map((match) => (match[1] ?? '').trim());
}

/** `invalid_reference`, `prompt_without_references`, `f_string_syntax` for model-generated columns. */
export function checkPromptReferences(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  for (const column of context.columns) {
    if (!isModelColumnType(column.column_type) && typeof column.prompt !== 'string') continue;
    for (const field of ['prompt', 'system_prompt'] as const) {
      const template = column[field];
      if (typeof template !== 'string') continue;
      const references = findTemplateReferences(template);
      const missing = references.filter((name) => !context.allowedReferences.has(name));
      if (missing.length > 0) {
        violations.push({
          type: 'invalid_reference',
          level: 'ERROR',
          column: column.name,
          path: columnPath(context, column, field),
          value: missing.length === 1 ? missing[0] : missing,
          message: `The ${field} template for '${column.name}' references ${missing.length === 1 ? 'a column' : `${missing.length} columns`} that do${missing.length === 1 ? 'es' : ''} not exist: ${quoteNames(missing)}.`,
        });
      }
      if (field === 'prompt' && references.length === 0 && !column.multi_modal_context) {
        violations.push({
          type: 'prompt_without_references',
          level: 'WARNING',
          column: column.name,
          path: columnPath(context, column, field),
          message: `The prompt of '${column.name}' references no column, so every row gets the same prompt; add column references such as {{ column_name }} for diversity.`,
        });
      }
      const fStrings = formatFields(template).filter((name) => context.allowedReferences.has(name));
      if (fStrings.length > 0) {
        violations.push({
          type: 'f_string_syntax',
          level: 'WARNING',
          column: column.name,
          path: columnPath(context, column, field),
          value: fStrings,
          message: `The ${field} of '${column.name}' uses {name} fields (${quoteNames(fStrings)}); Jinja needs double braces: ${fStrings.map((name) => `{{ ${name} }}`).join(', ')}.`,
        });
      }
    }
  }
  return violations;
}
