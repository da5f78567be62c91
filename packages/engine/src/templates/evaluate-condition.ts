import { prepareTemplate } from './render-template.js';

const CACHE_LIMIT = 256;
const prepared = new Map<string, (row: Readonly<Record<string, unknown>>) => string>();

/**
 * Evaluates a delimiter-less Jinja expression (a sampler `conditional_params` key such as
 * `product == 'router'`) against a row: true iff `{{ expression }}` renders to `True`.
 */
export function evaluateCondition(expression: string, row: Record<string, unknown>): boolean {
  let render = prepared.get(expression);
  if (render === undefined) {
    render = prepareTemplate(`{{ ${expression} }}`);
    if (prepared.size >= CACHE_LIMIT) prepared.clear();
    prepared.set(expression, render);
  }
  return render(row) === 'True';
}
