import { renderTemplate } from './render-template.js';

/**
 * Evaluates a delimiter-less Jinja expression (a sampler `conditional_params` key such as
 * `product == 'router'`) against a row: true iff `{{ expression }}` renders to `True`.
 */
export function evaluateCondition(expression: string, row: Record<string, unknown>): boolean {
  return renderTemplate(`{{ ${expression} }}`, row) === 'True';
}
