import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CodeValidationError } from './validation-types.js';

/** What `python3` reports for one snippet: its statement count and its first syntax error, if any. */
export interface PythonSyntaxReport {
  statements: number;
  syntax_error: { line: number; column: number; message: string } | null;
}

/** One ruff diagnostic, reduced to what the validator uses. */
export interface RuffDiagnostic {
  /** Index of the snippet in the batch. */
  index: number;
  code: string | null;
  line: number;
  column: number;
  message: string;
}

const SYNTAX_SCRIPT = `
import ast, json, sys
out = []
for code in json.load(sys.stdin):
    try:
        tree = ast.parse(code)
        out.append({"statements": sum(1 for n in ast.walk(tree) if isinstance(n, ast.stmt)), "syntax_error": None})
    except SyntaxError as e:
        out.append({"statements": 0, "syntax_error": {"line": e.lineno or 1, "column": e.offset or 0, "message": "SyntaxError: " + str(e.msg)}})
    except Exception as e:
        out.append({"statements": 0, "syntax_error": {"line": 1, "column": 0, "message": type(e).__name__ + ": " + str(e)}})
json.dump(out, sys.stdout)
`;

/** Output of one finished child process. */
interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` with `stdin`, collecting its output; rejects when it cannot start. */
function run(command: string, args: string[], stdin: string, signal?: AbortSignal): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** Parses every snippet with one `python3` process (`ast.parse`), in order. */
export async function checkPythonSyntax(snippets: readonly string[], signal?: AbortSignal): Promise<PythonSyntaxReport[]> {
  let result: ProcessResult;
  try {
    result = await run('python3', ['-c', SYNTAX_SCRIPT], JSON.stringify(snippets), signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CodeValidationError(`The python code validator could not start python3: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      fix: 'Install Python 3 and make sure `python3` is on PATH.',
    });
  }
  if (result.code !== 0) {
    throw new CodeValidationError(`python3 failed while checking syntax (exit ${String(result.code)}): ${result.stderr.trim()}`);
  }
  const reports = JSON.parse(result.stdout) as PythonSyntaxReport[];
  if (!Array.isArray(reports) || reports.length !== snippets.length) {
    throw new CodeValidationError('python3 returned an unexpected syntax report.');
  }
  return reports;
}

/** Path of an executable `ruff` on PATH, or null. */
export async function findRuff(): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'ruff.exe' : 'ruff');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Lints every snippet with one `ruff check` run over a temp folder (rule selection of the original). */
export async function runRuff(ruff: string, snippets: readonly string[], signal?: AbortSignal): Promise<RuffDiagnostic[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dd-ruff-'));
  try {
    await Promise.all(snippets.map((code, index) => writeFile(path.join(dir, `snippet_${index}.py`), code, 'utf8')));
    const result = await run(ruff, ['check', '--no-cache', '--select', 'E,F6,F7,F8,SIM,PLC,PLE,PLR,PLW', '--output-format=json', dir], '', signal);
    let diagnostics: unknown;
    try {
      diagnostics = JSON.parse(result.stdout === '' ? '[]' : result.stdout);
    } catch (error) {
      throw new CodeValidationError(`Failed to parse ruff JSON output: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!Array.isArray(diagnostics)) throw new CodeValidationError('ruff JSON output is not a list.');
    const out: RuffDiagnostic[] = [];
    for (const item of diagnostics as Array<Record<string, unknown>>) {
      const match = /^snippet_(\d+)\.py$/.exec(path.basename(String(item.filename ?? '')));
      if (match === null) continue;
      const location = (item.location ?? {}) as Record<string, unknown>;
      out.push({
        index: Number(match[1]),
        code: typeof item.code === 'string' ? item.code : null,
        line: Number(location.row ?? 0),
        column: Number(location.column ?? 0),
        message: String(item.message ?? ''),
      });
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
