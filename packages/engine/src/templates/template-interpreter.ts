import { SLICE_GLOBAL } from '@dd/config';
import { makeSlice } from './py-slice.js';
import { NO_FIELD, type RecordLookup } from './record-context.js';
import { JinjaUndefined } from './jinja-undefined.js';
import type { JinjaNode } from './parse-jinja.js';
import { makeNumber, PyFloat } from './py-float.js';
import { callValue, getAttribute, getItem, isDictMethodName, LoopInfo } from './python-methods.js';
import {
  BoundMethod,
  isNumeric,
  pythonBinary,
  pythonCompare,
  pythonContains,
  pythonEquals,
  pythonIterate,
  pythonTypeName,
  toNumber,
  toPythonString,
  truthy,
  typeError,
} from './python-ops.js';
import type { FilterEnv, JinjaFilter } from './template-filters.js';
import { runJinjaTest } from './template-tests.js';
import { TemplateSecurityError, UserTemplateError, UserTemplateUnsupportedFiltersError } from './template-errors.js';

/** Largest `range()` a template may build (Jinja sandbox `MAX_RANGE`). */
export const MAX_RANGE = 100_000;
/** Largest total number of loop iterations in one render. */
export const MAX_LOOP_ITERATIONS = 1_000_000;
/** Largest rendered output in characters. */
export const MAX_RENDERED_LENGTH = 512_000;
/** Default step budget of one render (see `maxRenderSteps`). */
export const DEFAULT_MAX_RENDER_STEPS = 5_000_000;
/** Environment variable that raises (or lowers) the step budget of one render. */
export const MAX_RENDER_STEPS_ENV = 'DATA_DESIGNER_TEMPLATE_MAX_STEPS';
/** Characters of a produced string that cost one step. */
const CHARS_PER_STEP = 16;

let maxSteps: number | undefined;

/**
 * The step budget of one render: every node evaluated costs a step, and every string or list a node
 * produces costs one more step per 16 characters or per item, so the product of loops and big
 * values is bounded, not each alone. `DATA_DESIGNER_TEMPLATE_MAX_STEPS` overrides the default
 * (read once per process).
 */
export function maxRenderSteps(): number {
  if (maxSteps === undefined) {
    const text = process.env[MAX_RENDER_STEPS_ENV];
    const value = text === undefined || text.trim() === '' ? DEFAULT_MAX_RENDER_STEPS : Number(text);
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new UserTemplateError(`${MAX_RENDER_STEPS_ENV}=${JSON.stringify(text)} is not a positive integer.`, {
        fix: `Set ${MAX_RENDER_STEPS_ENV} to a whole number of steps (default ${DEFAULT_MAX_RENDER_STEPS}), or unset it.`,
      });
    }
    maxSteps = value;
  }
  return maxSteps;
}

/** How one render behaves. */
export interface InterpreterOptions {
  /** Undefined values raise on every use (skip conditions). */
  strict: boolean;
  /** Dict keys win over methods on dot access (schema-transform templates). */
  itemFirst: boolean;
  /** Filters available to the template. */
  filters: Readonly<Record<string, JinjaFilter>>;
  /** Turns an interpolated value into text (defaults to Python `str`). */
  finalize?: (value: unknown) => string;
}

const CONSTANTS: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, none: null };

const BINARY_OPS: Record<string, string> = { Add: '+', Sub: '-', Mul: '*', Div: '/', FloorDiv: '//', Mod: '%', Pow: '**' };

function tooLarge(what: string): Error {
  return new TemplateSecurityError(`Template too large: ${what}.`, { fix: 'Render less text or iterate over fewer items.' });
}

function makeRange(args: unknown[]): number[] {
  const numbers = args.map((value) => {
    if (typeof value === 'boolean') return Number(value);
    if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(`'${pythonTypeName(value)}' object cannot be interpreted as an integer`);
    return value;
  });
  const [first = 0, second = 0, third = 1] = numbers;
  const [start, stop, step] = numbers.length === 1 ? [0, first, 1] : [first, second, third];
  if (step === 0) throw new UserTemplateError('ValueError: range() arg 3 must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length > MAX_RANGE) throw tooLarge(`range too big (${length} > ${MAX_RANGE})`);
  return Array.from({ length }, (_, index) => start + index * step);
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const GLOBALS: Record<string, BoundMethod> = {
  // `x[a:b:c]` is rewritten to `x[__dd_slice__(a, b, c)]` before parsing (rewriteJinjaSlices).
  [SLICE_GLOBAL]: new BoundMethod('slice', (args) => makeSlice(args)),
  range: new BoundMethod('range', (args) => makeRange(args)),
  dict: new BoundMethod('dict', (_args, kwargs) => ({ ...kwargs })),
};

type Scope = Map<string, unknown>;

/**
 * Walks a parsed template with Python/Jinja semantics inside the sandbox. `render` yields the raw
 * output chunks: template text as strings, `{{ }}` values as they are (native rendering keeps
 * them; text rendering stringifies them).
 */
export class TemplateInterpreter implements FilterEnv {
  private iterations = 0;
  private length = 0;
  private steps = 0;
  private readonly maxSteps = maxRenderSteps();
  readonly strict: boolean;

  constructor(
    private readonly context: RecordLookup,
    private readonly options: InterpreterOptions,
  ) {
    this.strict = options.strict;
  }

  /** Renders `root` into output chunks. */
  render(root: JinjaNode): unknown[] {
    const out: unknown[] = [];
    // The template's own scope holds top-level `{% set %}` names and macros.
    this.exec(root, [new Map()], out);
    return out;
  }

  runTest(name: string, value: unknown, args: unknown[]): boolean {
    return runJinjaTest(name, value, args);
  }

  runFilter(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
    const filter = Object.hasOwn(this.options.filters, name) ? this.options.filters[name] : undefined;
    if (filter === undefined) throw new UserTemplateUnsupportedFiltersError(`The Jinja template uses unsupported filter '${name}'.`);
    return filter(value, args, kwargs, this);
  }

  private emitText(out: unknown[], text: string): void {
    this.length += text.length;
    out.push(text);
    this.checkLength();
  }

  private emitValue(out: unknown[], value: unknown): void {
    const printable = this.printable(value);
    if (this.options.finalize) {
      this.emitText(out, this.options.finalize(printable));
      return;
    }
    if (typeof printable === 'string') this.length += printable.length;
    out.push(printable);
    this.checkLength();
  }

  /** Spends `count` steps of the render's budget. */
  private spend(count: number): void {
    this.steps += count;
    if (this.steps > this.maxSteps) {
      throw new TemplateSecurityError(
        `Template too costly: rendering it takes more than ${this.maxSteps.toLocaleString('en-US')} steps (loops times the size of the values built in them); raise the limit with the environment variable ${MAX_RENDER_STEPS_ENV}=${this.maxSteps * 10} if the template is meant to do that much work.`,
        { fix: `Iterate over fewer items or build smaller values, or raise ${MAX_RENDER_STEPS_ENV} (default ${DEFAULT_MAX_RENDER_STEPS}).` },
      );
    }
  }

  /** Charges what building `value` cost (its size) and returns it. */
  private built<T>(value: T): T {
    if (typeof value === 'string') {
      if (value.length >= CHARS_PER_STEP) this.spend(Math.floor(value.length / CHARS_PER_STEP));
    } else if (Array.isArray(value)) this.spend(value.length);
    return value;
  }

  private checkLength(): void {
    if (this.length > MAX_RENDERED_LENGTH) throw tooLarge(`rendered text exceeds ${MAX_RENDERED_LENGTH} characters`);
  }

  private exec(node: JinjaNode | null | undefined, scopes: Scope[], out: unknown[]): void {
    if (!node) return;
    if (++this.steps > this.maxSteps) this.spend(0);
    switch (node.typename) {
      case 'Root':
      case 'NodeList':
        for (const child of node.children ?? []) this.exec(child, scopes, out);
        return;
      case 'Output':
        for (const child of node.children ?? []) {
          if (child.typename === 'TemplateData') {
            const text = String(child.value ?? '');
            if (text !== '') this.emitText(out, text);
          } else this.emitValue(out, this.eval(child, scopes));
        }
        return;
      case 'If':
        if (truthy(this.eval(node.cond, scopes))) this.exec(node.body, scopes, out);
        else this.exec(node.else_, scopes, out);
        return;
      case 'For':
        this.execFor(node, scopes, out);
        return;
      case 'Set':
        this.execSet(node, scopes);
        return;
      case 'Macro':
        this.assign(scopes, String(node.name?.value), this.defineMacro(node, scopes));
        return;
      default:
        throw new UserTemplateError(`Non-permitted operations in Jinja template (${node.typename}).`);
    }
  }

  /** Binds `name` in the innermost scope (the template's top scope outside loops, as Jinja does). */
  private assign(scopes: Scope[], name: string, value: unknown): void {
    if (name.startsWith('_')) throw new TemplateSecurityError(`Non-permitted operations: '${name}' cannot be assigned in templates.`);
    scopes.at(-1)?.set(name, value);
  }

  /** `{% set a = v %}`, `{% set a, b = pair %}` and block `{% set a %}…{% endset %}`. */
  private execSet(node: JinjaNode & { targets?: JinjaNode[]; value?: unknown }, scopes: Scope[]): void {
    const targets = node.targets ?? [];
    let value: unknown;
    if (node.value) value = this.eval(node.value as JinjaNode, scopes);
    else {
      const captured: unknown[] = [];
      this.exec((node.body as JinjaNode | undefined)?.body ?? node.body, scopes, captured);
      value = captured.map((chunk) => (typeof chunk === 'string' ? chunk : toPythonString(chunk))).join('');
    }
    const [onlyTarget] = targets;
    if (targets.length === 1 && onlyTarget) {
      this.assign(scopes, String(onlyTarget.value), value);
      return;
    }
    const values = pythonIterate(value);
    if (values.length !== targets.length) throw new UserTemplateError(`ValueError: cannot unpack ${values.length} values into ${targets.length} names`);
    targets.forEach((target, index) => {
      this.assign(scopes, String(target.value), values[index]);
    });
  }

  /** `{% macro name(a, b=1) %}…{% endmacro %}`: a callable that renders its body to text. */
  private defineMacro(node: JinjaNode, scopes: Scope[]): BoundMethod {
    const name = String(node.name?.value);
    const params: Array<{ name: string; fallback?: JinjaNode }> = [];
    for (const argument of node.args?.children ?? []) {
      if (argument.typename === 'KeywordArgs') {
        for (const pair of argument.children ?? []) params.push({ name: String(pair.key?.value), fallback: pair.value as JinjaNode });
      } else params.push({ name: String(argument.value) });
    }
    const closure = [...scopes];
    return new BoundMethod(name, (args, kwargs) => {
      if (args.length > params.length) throw new UserTemplateError(`TypeError: macro '${name}' takes not more than ${params.length} argument(s)`);
      const scope: Scope = new Map();
      params.forEach((param, index) => {
        if (index < args.length) scope.set(param.name, args[index]);
        else if (Object.hasOwn(kwargs, param.name)) scope.set(param.name, kwargs[param.name]);
        else if (param.fallback) scope.set(param.name, this.eval(param.fallback, [...closure, scope]));
        else scope.set(param.name, new JinjaUndefined(`parameter '${param.name}' was not provided`, this.strict));
      });
      const out: unknown[] = [];
      this.exec(node.body, [...closure, scope], out);
      return out.map((chunk) => (typeof chunk === 'string' ? chunk : toPythonString(chunk))).join('');
    });
  }

  /** A `{{ }}` value ready for output: undefined checked, method reprs refused. */
  private printable(value: unknown): unknown {
    if (value instanceof JinjaUndefined) {
      value.checkUse();
      return '';
    }
    if (value instanceof BoundMethod) toPythonString(value);
    return value;
  }

  private execFor(node: JinjaNode, scopes: Scope[], out: unknown[]): void {
    let source = node.arr;
    let filter: JinjaNode | undefined;
    if (source?.typename === 'InlineIf' && !source.else_) {
      filter = source.cond;
      source = source.body;
    }
    const target = node.name;
    const bind = (scope: Scope, item: unknown) => {
      if (target?.typename === 'Symbol') scope.set(String(target.value), item);
      else {
        const names = (target?.children ?? []).map((child) => String(child.value));
        const values = pythonIterate(item);
        if (values.length !== names.length) {
          throw new UserTemplateError(`ValueError: cannot unpack ${values.length} values into ${names.length} loop variables`);
        }
        names.forEach((name, index) => {
          scope.set(name, values[index]);
        });
      }
    };
    let items = pythonIterate(this.eval(source, scopes));
    if (filter) {
      const condition = filter;
      items = items.filter((item) => {
        const scope: Scope = new Map();
        bind(scope, item);
        return truthy(this.eval(condition, [...scopes, scope]));
      });
    }
    if (items.length === 0) {
      this.exec(node.else_, scopes, out);
      return;
    }
    items.forEach((item, index) => {
      if (++this.iterations > MAX_LOOP_ITERATIONS) throw tooLarge(`more than ${MAX_LOOP_ITERATIONS} loop iterations`);
      const loop = new LoopInfo();
      loop.index0 = index;
      loop.index = index + 1;
      loop.length = items.length;
      loop.revindex = items.length - index;
      loop.revindex0 = items.length - index - 1;
      loop.first = index === 0;
      loop.last = index === items.length - 1;
      loop.previtem = index > 0 ? items[index - 1] : new JinjaUndefined('there is no previous item', this.strict);
      loop.nextitem = index < items.length - 1 ? items[index + 1] : new JinjaUndefined('there is no next item', this.strict);
      const scope: Scope = new Map([['loop', loop]]);
      bind(scope, item);
      this.exec(node.body, [...scopes, scope], out);
    });
  }

  private lookup(name: string, scopes: Scope[]): unknown {
    for (let index = scopes.length - 1; index >= 0; index--) {
      const scope = scopes[index];
      if (scope?.has(name)) return scope.get(name);
    }
    if (this.context.has(name)) return this.context.get(name);
    if (Object.hasOwn(CONSTANTS, name)) return CONSTANTS[name];
    if (Object.hasOwn(GLOBALS, name)) return GLOBALS[name];
    return new JinjaUndefined(`'${name}' is undefined`, this.strict);
  }

  /**
   * `name.key` read straight from the record when `name` is a dict column (not shadowed by a template
   * variable) and `key` a scalar field that is no dict method: what `getAttribute` would return, without
   * converting the whole dict. Counts the target's step as evaluating it would. `NO_FIELD` otherwise.
   */
  private recordField(name: string, key: string, scopes: Scope[]): unknown {
    if (this.context.field === undefined || (!this.options.itemFirst && isDictMethodName(key))) return NO_FIELD;
    for (const scope of scopes) if (scope.has(name)) return NO_FIELD;
    const value = this.context.field(name, key);
    if (value !== NO_FIELD && ++this.steps > this.maxSteps) this.spend(0);
    return value;
  }

  private args(list: JinjaNode | undefined, scopes: Scope[], skip = 0): { args: unknown[]; kwargs: Record<string, unknown> } {
    const args: unknown[] = [];
    const kwargs: Record<string, unknown> = {};
    for (const child of (list?.children ?? []).slice(skip)) {
      if (child.typename === 'KeywordArgs') {
        for (const pair of child.children ?? []) setKey(kwargs, String(pair.key?.value), this.eval(pair.value as JinjaNode, scopes));
      } else args.push(this.eval(child, scopes));
    }
    return { args, kwargs };
  }

  private eval(node: JinjaNode | null | undefined, scopes: Scope[]): unknown {
    if (!node) return null;
    if (++this.steps > this.maxSteps) this.spend(0);
    switch (node.typename) {
      case 'Literal': {
        const value = node.value;
        if (value instanceof RegExp) throw new UserTemplateError('Regular expression literals are not Jinja.');
        return typeof value === 'number' ? makeNumber(value, node.isFloat === true) : value;
      }
      case 'Symbol':
        return this.lookup(String(node.value), scopes);
      case 'LookupVal': {
        if (!node.isSubscript && node.target?.typename === 'Symbol') {
          const field = this.recordField(String(node.target.value), String(node.val?.value), scopes);
          if (field !== NO_FIELD) return field;
        }
        const target = this.eval(node.target, scopes);
        if (node.isSubscript) return getItem(target, this.eval(node.val, scopes), this.strict);
        return getAttribute(target, String(node.val?.value), this.strict, this.options.itemFirst);
      }
      case 'FunCall': {
        const callee = this.eval(node.name, scopes);
        const { args, kwargs } = this.args(node.args, scopes);
        return this.built(callValue(callee, args, kwargs, this.label(node.name)));
      }
      case 'Filter': {
        const children = node.args?.children ?? [];
        // A filter reads its input (charged by size) and builds its output (charged again).
        const value = this.built(this.eval(children[0], scopes));
        const { args, kwargs } = this.args(node.args, scopes, 1);
        return this.built(this.runFilter(String(node.name?.value), value, args, kwargs));
      }
      case 'Group': {
        const children = node.children ?? [];
        return children.length === 1 ? this.eval(children[0], scopes) : children.map((child) => this.eval(child, scopes));
      }
      case 'Array':
        return this.built((node.children ?? []).map((child) => this.eval(child, scopes)));
      case 'Dict': {
        const out: Record<string, unknown> = {};
        for (const pair of node.children ?? []) {
          const key = this.eval(pair.key, scopes);
          setKey(out, typeof key === 'string' ? key : toPythonString(key), this.eval(pair.value as JinjaNode, scopes));
        }
        return out;
      }
      case 'InlineIf':
        if (truthy(this.eval(node.cond, scopes))) return this.eval(node.body, scopes);
        return node.else_
          ? this.eval(node.else_, scopes)
          : new JinjaUndefined('the inline if expression evaluated to false and no else section was defined', this.strict);
      case 'Or': {
        const left = this.eval(node.left, scopes);
        return truthy(left) ? left : this.eval(node.right, scopes);
      }
      case 'And': {
        const left = this.eval(node.left, scopes);
        return truthy(left) ? this.eval(node.right, scopes) : left;
      }
      case 'Not':
        return !truthy(this.eval(node.target, scopes));
      case 'In':
        return pythonContains(this.eval(node.right, scopes), this.eval(node.left, scopes));
      case 'Is':
        return this.evalIs(node, scopes);
      case 'Compare':
        return this.evalCompare(node, scopes);
      case 'Concat':
        return this.built(toPythonString(this.eval(node.left, scopes)) + toPythonString(this.eval(node.right, scopes)));
      case 'Neg':
      case 'Pos': {
        const value = this.eval(node.target, scopes);
        if (value instanceof JinjaUndefined) throw value.error();
        if (!isNumeric(value)) throw typeError(`bad operand type for unary ${node.typename === 'Neg' ? '-' : '+'}: '${pythonTypeName(value)}'`);
        if (typeof value === 'bigint') return node.typename === 'Neg' ? -value : value;
        const number = toNumber(value);
        const result = node.typename === 'Neg' ? -number : number;
        return value instanceof PyFloat ? new PyFloat(result) : result;
      }
      default: {
        const op = BINARY_OPS[node.typename];
        if (op) return this.built(pythonBinary(op, this.eval(node.left, scopes), this.eval(node.right, scopes), MAX_RANGE * 10));
        throw new UserTemplateError(`Non-permitted operations in Jinja template (${node.typename}).`);
      }
    }
  }

  private label(node: JinjaNode | undefined): string {
    if (!node) return '?';
    if (node.typename === 'Symbol') return String(node.value);
    if (node.typename === 'LookupVal') return `${this.label(node.target)}.${String(node.val?.value)}`;
    return node.typename;
  }

  private evalIs(node: JinjaNode, scopes: Scope[]): boolean {
    const value = this.eval(node.left, scopes);
    const test = node.right;
    if (test?.typename === 'Symbol') return runJinjaTest(String(test.value), value, []);
    if (test?.typename === 'Literal') {
      const name = test.value === null ? 'none' : test.value === true ? 'true' : test.value === false ? 'false' : String(test.value);
      return runJinjaTest(name, value, []);
    }
    if (test?.typename === 'FunCall' && test.name?.typename === 'Symbol') {
      const { args } = this.args(test.args, scopes);
      return runJinjaTest(String(test.name.value), value, args);
    }
    if (test?.typename === 'Compare' && test.expr?.typename === 'Symbol') {
      // `x is divisibleby 3` style tests with a bare argument are parsed as comparisons; refuse clearly.
      throw new UserTemplateError(`Unsupported test expression after 'is': ${String(test.expr.value)}`);
    }
    throw new UserTemplateError("Unsupported test expression after 'is'.");
  }

  private evalCompare(node: JinjaNode, scopes: Scope[]): boolean {
    let left = this.eval(node.expr, scopes);
    for (const operand of node.ops ?? []) {
      const right = this.eval(operand.expr, scopes);
      const op = operand.type ?? '==';
      let result: boolean;
      if (op === '==' || op === '===') result = pythonEquals(left, right);
      else if (op === '!=' || op === '!==') result = !pythonEquals(left, right);
      else {
        const order = pythonCompare(left, right, op);
        result = op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
      }
      if (!result) return false;
      left = right;
    }
    return true;
  }
}
