import { DataDesignerError, type DataDesignerErrorOptions } from './data-designer-error.js';
import type { ConfigIssue } from './config-issue.js';

const KIND = 'ConfigValidationError';

/** A config failed validation; `issues` lists every problem found, with its path. */
export class ConfigValidationError extends DataDesignerError {
  /** Marker kind of this class. */
  static override readonly kind: string = KIND;

  /** Every problem found, all at once. */
  readonly issues: ConfigIssue[];
  /** What was validated when it is not the config itself (a file such as `model_providers.yaml`, an option). */
  readonly source: string | undefined;

  constructor(issues: ConfigIssue[], options: DataDesignerErrorOptions & { message?: string; source?: string } = {}) {
    super(KIND, options.message ?? formatIssuesForMessage(issues, options.source), options);
    this.issues = issues;
    this.source = options.source;
  }
}

function formatIssuesForMessage(issues: ConfigIssue[], source: string | undefined): string {
  const head = `Invalid ${source ?? 'config'}: ${issues.length} issue${issues.length === 1 ? '' : 's'}`;
  const lines = issues.map((issue) => {
    const where = issue.path === '' ? '(root)' : issue.path;
    const fix = issue.fix ? `\n    fix: ${issue.fix}` : '';
    return `  ✖ ${issue.message}\n    → at ${where}${fix}`;
  });
  return [head, ...lines].join('\n');
}
