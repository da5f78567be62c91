import { DataDesignerError, findTemplateReferences } from '@dd/config';
import { checkTemplate } from './check-template.js';
import { describeEmptyRender } from './empty-render-diagnostic.js';
import { literalEval, NOT_A_LITERAL } from './literal-eval.js';
import { parseJinja, type JinjaNode } from './parse-jinja.js';
import { unboxFloats } from './py-float.js';
import { RecordContext, type RecordLookup } from './record-context.js';
import { toPythonString } from './python-ops.js';
import { EmptyTemplateRenderError, TemplateSecurityError, UserTemplateError } from './template-errors.js';
import { NATIVE_FILTERS, SECURE_FILTERS } from './template-filters.js';
import { TemplateInterpreter } from './template-interpreter.js';

/** Options shared by `renderTemplate` and `renderNative`. */
export interface RenderOptions {
  /** Undefined values raise `TemplateUndefinedError` on any use (skip conditions). @default false */
  strictUndefined?: boolean;
  /**
   * `secure` (default for text rendering): filter allow-list, forbidden syntax, complexity caps, output
   * checks. `native`: Jinja's stock filters, no output checks.
   */
  dialect?: 'secure' | 'native';
  /**
   * Reject templates that reference names missing from the context ("Unknown variable references").
   * @default true for `renderTemplate`, false for `renderNative`
   */
  checkReferences?: boolean;
}

/** Internal rendering knobs on top of `RenderOptions`. */
export interface RenderInternals extends RenderOptions {
  /** Dict keys win over methods on dot access. */
  itemFirst?: boolean;
  /** Turns each interpolated value into text. */
  finalize?: (value: unknown) => string;
}

interface Compiled {
  root: JinjaNode;
  references: string[];
}

const CACHE_LIMIT = 512;
const cache = new Map<string, Compiled>();

const SECURE_NAMES: ReadonlySet<string> = new Set(Object.keys(SECURE_FILTERS));
const NATIVE_NAMES: ReadonlySet<string> = new Set(Object.keys(NATIVE_FILTERS));

/** Parses and checks a template once per (dialect, text); later calls hit an LRU cache. */
export function compileTemplate(template: string, dialect: 'secure' | 'native'): { root: JinjaNode; references: readonly string[] } {
  const key = `${dialect}\u0000${template}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const root = parseJinja(template);
  checkTemplate(root, { filters: dialect === 'secure' ? SECURE_NAMES : NATIVE_NAMES, secure: dialect === 'secure' });
  const filteredLoopNames = loopFilterTargets(root);
  const references = findTemplateReferences(template).filter((name) => !filteredLoopNames.has(name));
  const compiled: Compiled = { root, references };
  cache.set(key, compiled);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return compiled;
}

/**
 * Loop variables of `{% for x in xs if cond(x) %}` loops: `findTemplateReferences` reads the loop
 * filter outside the loop scope, so these names are not record references.
 */
function loopFilterTargets(node: unknown, out = new Set<string>()): Set<string> {
  if (!node || typeof node !== 'object') return out;
  const ast = node as JinjaNode;
  if (ast.typename === 'For' && ast.arr?.typename === 'InlineIf' && !ast.arr.else_) {
    const target = ast.name;
    if (target?.typename === 'Symbol') out.add(String(target.value));
    for (const child of target?.children ?? []) out.add(String(child.value));
  }
  for (const value of Object.values(ast)) {
    if (Array.isArray(value))
      value.forEach((child) => {
        loopFilterTargets(child, out);
      });
    else if (value && typeof value === 'object' && 'typename' in value) loopFilterTargets(value, out);
  }
  return out;
}

function wrapError(error: unknown, root: JinjaNode, record: RecordLookup): Error {
  if (EmptyTemplateRenderError.isInstance(error)) {
    return new EmptyTemplateRenderError(`${error.message}\n${describeEmptyRender(root, record)}`, { fix: error.fix, cause: error });
  }
  if (DataDesignerError.isInstance(error)) return error;
  if (error instanceof RangeError) return new TemplateSecurityError('Template too large or too deeply nested.', { cause: error });
  return new UserTemplateError(`Template rendering failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

/** A template compiled for one dialect, ready to render many contexts. */
export interface CompiledTemplate {
  readonly dialect: 'secure' | 'native';
  readonly root: JinjaNode;
  readonly references: readonly string[];
}

function compiledFor(template: string, dialect: 'secure' | 'native'): CompiledTemplate {
  const { root, references } = compileTemplate(template, dialect);
  return { dialect, root, references };
}

/** Renders a compiled template into raw output chunks (strings for text, values for `{{ }}` unless finalized). */
function renderCompiled(
  compiled: CompiledTemplate,
  context: Readonly<Record<string, unknown>>,
  options: RenderInternals,
  checkReferences: boolean,
): { chunks: unknown[]; record: RecordLookup } {
  const { root, references } = compiled;
  if (checkReferences) {
    for (const name of references) {
      if (Object.hasOwn(context, name)) continue;
      const unknown = references.filter((reference) => !Object.hasOwn(context, reference));
      throw new UserTemplateError(`Unknown variable references in Jinja template: ${unknown.map((reference) => `'${reference}'`).join(', ')}.`, {
        fix: `Reference only available columns: ${Object.keys(context).join(', ') || '(none)'}.`,
      });
    }
  }
  const record = new RecordContext(context);
  const interpreter = new TemplateInterpreter(record, {
    strict: options.strictUndefined ?? false,
    itemFirst: options.itemFirst ?? false,
    filters: compiled.dialect === 'secure' ? SECURE_FILTERS : NATIVE_FILTERS,
    finalize: options.finalize,
  });
  try {
    return { chunks: interpreter.render(root), record };
  } catch (error) {
    throw wrapError(error, root, record);
  }
}

/** Renders a template into raw output chunks (strings for text, values for `{{ }}` unless finalized). */
export function renderChunks(
  template: string,
  context: Readonly<Record<string, unknown>>,
  options: RenderInternals,
  defaults: { dialect: 'secure' | 'native'; checkReferences: boolean },
): { chunks: unknown[]; root: JinjaNode; record: RecordLookup } {
  const compiled = compiledFor(template, options.dialect ?? defaults.dialect);
  const { chunks, record } = renderCompiled(compiled, context, options, options.checkReferences ?? defaults.checkReferences);
  return { chunks, root: compiled.root, record };
}

const BUILTIN_REPR = [/<built-in method (.*?) of (.*?) object at 0x(.*?)>/, /<function (.*?) at (.*?)>/];

/** Text rendering with the dialect's output checks; `finalize` overrides Python `str()` of values. */
export function renderText(template: string, context: Readonly<Record<string, unknown>>, options: RenderInternals = {}): string {
  return textOf(compiledFor(template, options.dialect ?? 'secure'), context, options);
}

function textOf(compiled: CompiledTemplate, context: Readonly<Record<string, unknown>>, options: RenderInternals): string {
  const { chunks, record } = renderCompiled(compiled, context, options, options.checkReferences ?? true);
  let text = '';
  for (const chunk of chunks) text += typeof chunk === 'string' ? chunk : toPythonString(chunk);
  if (compiled.dialect === 'secure') {
    if (text.length === 0) {
      throw new EmptyTemplateRenderError(`User template renders to empty text.\n${describeEmptyRender(compiled.root, record)}`, {
        fix: "Guard optional values, e.g. {{ value if value else 'N/A' }}, or skip such rows with skip: {when: ...}.",
      });
    }
    if (text.includes('<') && BUILTIN_REPR.some((pattern) => pattern.test(text))) throw new UserTemplateError('User template has uncalled __builtin__ method.');
  }
  return text;
}

function nativeOf(compiled: CompiledTemplate, context: Readonly<Record<string, unknown>>, options: RenderOptions): unknown {
  const { chunks } = renderCompiled(compiled, context, options, options.checkReferences ?? false);
  if (chunks.length === 0) return null;
  if (chunks.length === 1 && typeof chunks[0] !== 'string') return unboxFloats(chunks[0]);
  const text = chunks.map((chunk) => (typeof chunk === 'string' ? chunk : toPythonString(chunk))).join('');
  const value = literalEval(text);
  return value === NOT_A_LITERAL ? text : unboxFloats(value);
}

/**
 * Jinja text rendering of `template` against `context` with Python value printing (`None`,
 * `True`, `1.0`, `{'a': 1}`) in the secure sandbox of engine spec §3.
 */
export function renderTemplate(template: string, context: Record<string, unknown>, options: RenderOptions = {}): string {
  return renderText(template, context, options);
}

/**
 * Jinja `NativeEnvironment` rendering: a single `{{ }}` keeps its native value; otherwise the
 * concatenated text is `literal_eval`-ed, falling back to the text. Empty output is `null`.
 */
export function renderNative(template: string, context: Record<string, unknown>, options: RenderOptions = {}): unknown {
  return nativeOf(compiledFor(template, options.dialect ?? 'native'), context, options);
}

/**
 * `renderTemplate` compiled once: parses and checks `template` now (throwing its syntax or sandbox
 * error) and returns a renderer for many contexts, with no per-call cache lookup.
 */
export function prepareTemplate(template: string, options: RenderOptions = {}): (context: Readonly<Record<string, unknown>>) => string {
  const compiled = compiledFor(template, options.dialect ?? 'secure');
  return (context) => textOf(compiled, context, options);
}

/** `renderNative` compiled once (see `prepareTemplate`). */
export function prepareNative(template: string, options: RenderOptions = {}): (context: Readonly<Record<string, unknown>>) => unknown {
  const compiled = compiledFor(template, options.dialect ?? 'native');
  return (context) => nativeOf(compiled, context, options);
}
