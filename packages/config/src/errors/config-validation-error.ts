import { DataDesignerError, type DataDesignerErrorOptions } from './data-designer-error.js';
import type { ConfigIssue } from './config-issue.js';

const KIND = 'ConfigValidationError';

/** A config failed validation; `issues` lists every problem found, with its path. */
export class ConfigValidationError extends DataDesignerError {
  /** Every problem found, all at once. */
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[], options: DataDesignerErrorOptions & { message?: string } = {}) {
    super(KIND, options.message ?? formatIssuesForMessage(issues), options);
    this.issues = issues;
  }

  /** True when `value` is a ConfigValidationError. */
  static override isInstance(value: unknown): value is ConfigValidationError {
    return DataDesignerError.hasMarker(value, KIND);
  }
}

function formatIssuesForMessage(issues: ConfigIssue[]): string {
  const head = `Invalid config: ${issues.length} issue${issues.length === 1 ? '' : 's'}`;
  const lines = issues.map((issue) => {
    const where = issue.path === '' ? '(root)' : issue.path;
    const fix = issue.fix ? `\n    fix: ${issue.fix}` : '';
    return `  ✖ ${issue.message}\n    → at ${where}${fix}`;
  });
  return [head, ...lines].join('\n');
}
