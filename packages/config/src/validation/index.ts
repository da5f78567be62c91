export { findTemplateReferences, parseTemplate } from './template-references.js';
export { rewriteJinjaSlices, SLICE_GLOBAL } from './rewrite-jinja-slices.js';
export {
  requiredColumnsOf,
  sideEffectColumnsOf,
  modelAliasesOf,
  skipColumnsOf,
  topologicalColumnOrder,
  NON_DAG_COLUMN_TYPES,
  type DependencyColumn,
} from './column-dependencies.js';
export { zodIssuesToConfigIssues, toConfigValidationError } from './zod-issues-to-config-issues.js';
export { formatPath } from './format-path.js';
export { closestMatch } from './closest-match.js';
export { validateConfig, type ValidatableConfig } from './validate-config.js';
export type { Violation } from './violation.js';
export { globToRegExp } from './rules/check-processors.js';
export { prototypeKeyIssues, PROTOTYPE_KEY } from './prototype-key-issues.js';
