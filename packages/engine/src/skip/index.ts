export { createSkipEvaluator, SkipEvaluationError, type SkipEvaluator, type SkipColumnConfig, type SkipEvaluatorOptions } from './create-skip-evaluator.js';
