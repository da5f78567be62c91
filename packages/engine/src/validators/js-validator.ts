import { createRequire } from 'node:module';
import type { parse as AcornParse } from 'acorn';
import type { ValidationOutput } from './validation-types.js';

/** The subset of the `typescript` package the TypeScript check uses. */
interface TypeScriptApi {
  transpileModule(
    input: string,
    options: { reportDiagnostics?: boolean; fileName?: string; compilerOptions?: Record<string, unknown> },
  ): {
    diagnostics?: Array<{
      code: number;
      start?: number;
      messageText: unknown;
      file?: { getLineAndCharacterOfPosition(pos: number): { line: number; character: number } };
    }>;
  };
  flattenDiagnosticMessageText(messageText: unknown, newLine: string): string;
}

let typescript: Promise<TypeScriptApi> | undefined;

/** Loads the `typescript` package when resolvable (dynamic import), with a clear error otherwise. */
async function loadTypeScript(): Promise<TypeScriptApi> {
  const specifier = 'typescript';
  typescript ??= import(specifier).then(
    (mod: { default?: TypeScriptApi } & TypeScriptApi) => mod.default ?? mod,
    (error: unknown) => {
      typescript = undefined;
      throw new Error(
        `the 'typescript' package is not installed; install it to validate TypeScript (${error instanceof Error ? error.message : String(error)})`,
      );
    },
  );
  return typescript;
}

/** Shape of acorn's syntax errors. */
interface AcornError {
  loc?: { line: number; column: number };
}

let acornParse: typeof AcornParse | undefined;
/** acorn's `parse`, required on the first JavaScript check (not at import: every CLI start loads the engine). */
function parse(...args: Parameters<typeof AcornParse>): ReturnType<typeof AcornParse> {
  acornParse ??= (createRequire(import.meta.url)('acorn') as { parse: typeof AcornParse }).parse;
  return acornParse(...args);
}

/** Validates one JavaScript snippet with acorn (module first, then script) → `{ is_valid, error_messages }`. */
export function validateJavaScript(code: unknown): ValidationOutput {
  if (typeof code !== 'string')
    return { is_valid: false, error_messages: `Exception during JavaScript parsing: expected code text, got ${code === null ? 'null' : typeof code}` };
  let firstError: unknown;
  for (const sourceType of ['module', 'script'] as const) {
    try {
      parse(code, { ecmaVersion: 'latest', sourceType, locations: true, allowHashBang: true });
      return { is_valid: true, error_messages: '' };
    } catch (error) {
      firstError ??= error;
    }
  }
  const loc = (firstError as AcornError).loc;
  const message = (firstError instanceof Error ? firstError.message : String(firstError)).replace(/\s*\(\d+:\d+\)$/, '');
  return {
    is_valid: false,
    error_messages:
      loc === undefined ? `Exception during JavaScript parsing: ${message}` : `SyntaxError: Line ${loc.line}, Position ${loc.column + 1}: ${message}`,
  };
}

/** Validates one TypeScript snippet with the compiler's syntactic diagnostics → `{ is_valid, error_messages }`. */
export async function validateTypeScript(code: unknown): Promise<ValidationOutput> {
  if (typeof code !== 'string')
    return { is_valid: false, error_messages: `Exception during TypeScript parsing: expected code text, got ${code === null ? 'null' : typeof code}` };
  let ts: TypeScriptApi;
  try {
    ts = await loadTypeScript();
  } catch (error) {
    return { is_valid: false, error_messages: `Exception during TypeScript parsing: ${error instanceof Error ? error.message : String(error)}` };
  }
  const { diagnostics = [] } = ts.transpileModule(code, { reportDiagnostics: true, fileName: 'snippet.ts', compilerOptions: {} });
  const messages = diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file === undefined || d.start === undefined) return `TS${d.code}: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `TS${d.code}: Line ${line + 1}, Position ${character + 1}: ${text}`;
  });
  return { is_valid: messages.length === 0, error_messages: messages.join('\n') };
}
