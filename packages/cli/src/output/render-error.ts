import { ConfigValidationError, DataDesignerError } from '@dd/config';

/** Renders any error for the terminal: message, then the fix when the error carries one. No stack traces. */
export function renderError(error: unknown, prefix = ''): string {
  if (ConfigValidationError.isInstance(error)) {
    const lines = error.issues.map((issue) => {
      const value = issue.value === undefined ? '' : `\n    value: ${safeJson(issue.value)}`;
      const fix = issue.fix ? `\n    fix: ${issue.fix}` : '';
      return `  ✖ ${issue.message}\n    → at ${issue.path === '' ? '(root)' : issue.path}${value}${fix}`;
    });
    const count = error.issues.length;
    return `❌ ${prefix}${count} problem${count === 1 ? '' : 's'} in ${error.source ?? 'the config'}:\n${lines.join('\n')}`;
  }
  if (DataDesignerError.isInstance(error)) {
    // Some messages already end with their advice; print it once.
    const fix = error.fix && !error.message.includes(error.fix) ? `\n💡 ${error.fix}` : '';
    return `❌ ${prefix}${error.message}${fix}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `❌ ${prefix}${message}`;
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}
