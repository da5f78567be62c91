export { renderTemplate, renderNative, prepareTemplate, prepareNative, compileTemplate, type RenderOptions } from './render-template.js';
export { evaluateCondition } from './evaluate-condition.js';
export { renderJsonTemplate, escapeValueForJson } from './render-json-template.js';
export {
  UserTemplateError,
  UserTemplateUnsupportedFiltersError,
  EmptyTemplateRenderError,
  TemplateSecurityError,
  TemplateUndefinedError,
} from './template-errors.js';
export { deserializeJsonValue, deserializeJsonValues } from './deserialize-json-values.js';
export { formatPythonValue, formatPythonFloat, pythonRepr, isPythonTruthy } from './python-value.js';
export { literalEval, NOT_A_LITERAL } from './literal-eval.js';
export { parsePythonFloat } from './template-filters.js';
export { MAX_RANGE, MAX_RENDERED_LENGTH, MAX_LOOP_ITERATIONS, DEFAULT_MAX_RENDER_STEPS, MAX_RENDER_STEPS_ENV, maxRenderSteps } from './template-interpreter.js';
export { MAX_AST_DEPTH, MAX_AST_NODE_COUNT } from './check-template.js';
