import { checkPythonSyntax, findRuff, runRuff } from './python-process.js';
import type { ValidationOutput } from './validation-types.js';

/** Severities, most severe first (pylint categories). */
const SEVERITY_ORDER = ['fatal', 'error', 'warning', 'convention', 'refactor'] as const;
/** A pylint-style message category. */
export type PythonLinterSeverity = (typeof SEVERITY_ORDER)[number];
const VALID_SEVERITIES = new Set<string>(['none', 'warning', 'convention', 'refactor']);
const TYPE_FROM_SYMBOL: Record<string, PythonLinterSeverity> = {
  E: 'refactor',
  F: 'error',
  SIM: 'refactor',
  PLC: 'convention',
  PLE: 'error',
  PLR: 'refactor',
  PLW: 'warning',
  SyntaxError: 'fatal',
};

/** Note attached to every python result when ruff is not on PATH. */
export const RUFF_MISSING_NOTE = 'ruff not found on PATH: only Python syntax was checked (python3 ast.parse); the score counts syntax errors only.';

/** One linter message in a python result. */
export interface PythonLinterMessage {
  type: PythonLinterSeverity;
  symbol: string;
  line: number;
  column: number;
  message: string;
}

/** Maps a ruff rule code to its severity by its alphabetic prefix (unknown → warning). */
export function severityOfRuffCode(code: string): PythonLinterSeverity {
  return TYPE_FROM_SYMBOL[code.replace(/[^A-Za-z]/g, '')] ?? 'warning';
}

/** Pylint's score: 0 with any fatal, else `max(0, 10 − 10·(5·error + warning + refactor + convention)/statements)`. */
export function pylintScore(messages: readonly PythonLinterMessage[], statements: number): number {
  const count = (type: PythonLinterSeverity): number => messages.filter((m) => m.type === type).length;
  if (count('fatal') > 0) return 0;
  const weighted = 5 * count('error') + count('warning') + count('refactor') + count('convention');
  return Math.max(0, 10 - (weighted / Math.max(1, statements)) * 10);
}

/** Builds one python result from its messages (sorted by severity, then line) and statement count. */
export function pythonResult(messages: PythonLinterMessage[], statements: number): ValidationOutput {
  const sorted = [...messages].sort((a, b) => SEVERITY_ORDER.indexOf(a.type) - SEVERITY_ORDER.indexOf(b.type) || a.line - b.line);
  const severity = sorted[0]?.type ?? 'none';
  return {
    is_valid: VALID_SEVERITIES.has(severity),
    python_linter_score: pylintScore(sorted, statements),
    python_linter_severity: severity,
    python_linter_messages: sorted.map((m) => ({ ...m })),
  };
}

/** True for ruff diagnostics that report a parse failure (handled by python3's own fatal message). */
function isRuffSyntaxDiagnostic(code: string | null, message: string): boolean {
  return code === null || code === 'invalid-syntax' || code === 'SyntaxError' || message.startsWith('SyntaxError');
}

/**
 * Validates python snippets: syntax with one `python3` process per batch (parse failures are fatal,
 * fixing the original's `invalid-syntax` → warning bug), plus ruff diagnostics when ruff is on PATH.
 */
export async function validatePython(snippets: readonly string[], signal?: AbortSignal): Promise<ValidationOutput[]> {
  if (snippets.length === 0) return [];
  const reports = await checkPythonSyntax(snippets, signal);
  const ruff = await findRuff();
  const messages: PythonLinterMessage[][] = reports.map((report) =>
    report.syntax_error === null ? [] : [{ type: 'fatal', symbol: 'SyntaxError', ...report.syntax_error }],
  );
  if (ruff !== null) {
    for (const d of await runRuff(ruff, snippets, signal)) {
      if (d.index >= snippets.length || isRuffSyntaxDiagnostic(d.code, d.message)) continue;
      const code = d.code ?? 'unknown';
      messages[d.index]?.push({ type: severityOfRuffCode(code), symbol: code, line: d.line, column: d.column, message: d.message });
    }
  }
  return reports.map((report, i) => {
    const result = pythonResult(messages[i] ?? [], report.statements);
    return ruff === null ? { ...result, python_linter_note: RUFF_MISSING_NOTE } : result;
  });
}
