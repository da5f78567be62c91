import nunjucks from 'nunjucks';
import { UserJinjaTemplateSyntaxError } from '../errors/index.js';
import { rewriteJinjaSlices, SLICE_GLOBAL } from './rewrite-jinja-slices.js';

/** A parsed nunjucks AST node (the parser's nodes are plain objects with a `typename`). */
interface AstNode {
  typename: string;
  fields?: string[];
  children?: AstNode[];
  value?: unknown;
  [field: string]: unknown;
}

/** Names that are Jinja globals or constants, never column references. */
const JINJA_GLOBALS = new Set([
  'range',
  'dict',
  'lipsum',
  'cycler',
  'joiner',
  'namespace',
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
  'self',
  SLICE_GLOBAL,
]);

/** nunjucks' parser (public at runtime, missing from its type definitions). */
const nunjucksParser = (nunjucks as unknown as { parser: { parse(source: string, extensions: unknown[], options: object): unknown } }).parser;

const JINJA_DOCS = 'https://jinja.palletsprojects.com/en/stable/templates/';

/**
 * Rewrites Jinja's `{% with a = b %}…{% endwith %}` (which nunjucks lacks) into an equivalent scoped
 * block the walker understands, so `a` is bound inside and free again after `endwith`.
 */
function rewriteWithBlocks(template: string): string {
  return template
    .replace(/\{%(-?)\s*with\s+([^%]*?)\s*(-?)%\}/g, (_match, open: string, assignments: string, close: string) => {
      const sets = splitTopLevel(assignments)
        .map((assignment) => `{%${open} set ${assignment.trim()} ${close}%}`)
        .join('');
      return `{%${open} for __dd_with__ in [0] ${close}%}${sets}`;
    })
    .replace(/\{%(-?)\s*endwith\s*(-?)%\}/g, '{%$1 endfor $2%}');
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') parts.push(current);
  return parts;
}

/** Parses a Jinja template with nunjucks; throws `UserJinjaTemplateSyntaxError` when it does not parse. */
export function parseTemplate(template: string): AstNode {
  try {
    return nunjucksParser.parse(rewriteJinjaSlices(rewriteWithBlocks(template)), [], {}) as AstNode;
  } catch (error) {
    const detail = (error as Error).message
      .replace(/^\(unknown path\)\s*/, '')
      .replace(/\s+/g, ' ')
      .trim();
    throw new UserJinjaTemplateSyntaxError(`A Jinja2 syntax error was found in the template ${JSON.stringify(truncate(template))}: ${detail}`, {
      fix: `Check the template syntax (see ${JINJA_DOCS}); reference columns as {{ column_name }}.`,
    });
  }
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

class ReferenceCollector {
  readonly references = new Set<string>();
  private readonly scopes: Array<Set<string>> = [new Set()];

  private isBound(name: string): boolean {
    return this.scopes.some((scope) => scope.has(name));
  }

  private bind(node: AstNode | undefined): void {
    if (!node) return;
    const scope = this.scopes.at(-1);
    if (node.typename === 'Symbol') scope?.add(String(node.value));
    else if (node.typename === 'Array' || node.typename === 'NodeList') for (const child of node.children ?? []) this.bind(child);
  }

  private withScope(bound: Array<AstNode | undefined>, extra: string[], body: () => void): void {
    this.scopes.push(new Set(extra));
    for (const node of bound) this.bind(node);
    body();
    this.scopes.pop();
  }

  visit(node: unknown): void {
    if (!node || typeof node !== 'object') return;
    const ast = node as AstNode;
    switch (ast.typename) {
      case 'Symbol': {
        const name = String(ast.value);
        if (!JINJA_GLOBALS.has(name) && !this.isBound(name)) this.references.add(name);
        return;
      }
      case 'For':
      case 'AsyncEach':
      case 'AsyncAll':
        {
          // `{% for x in xs if cond %}` parses as an inline-if over the iterable: the filter sees `x`.
          const arr = ast.arr as AstNode | undefined;
          const loopFilter = arr?.typename === 'InlineIf' && !arr.else_ ? arr : undefined;
          this.visit(loopFilter ? loopFilter.body : arr);
          this.withScope([ast.name as AstNode], ['loop'], () => {
            if (loopFilter) this.visit(loopFilter.cond);
            this.visit(ast.body);
          });
        }
        this.visit(ast.else_);
        return;
      case 'Set':
        this.visit(ast.value);
        this.visit(ast.body);
        for (const target of (ast.targets as AstNode[]) ?? []) this.bind(target);
        return;
      case 'Macro': {
        this.bind(ast.name as AstNode);
        const args = ast.args as AstNode | undefined;
        const params: AstNode[] = [];
        for (const argument of args?.children ?? []) {
          if (argument.typename === 'KeywordArgs') {
            for (const pair of argument.children ?? []) {
              params.push(pair.key as AstNode);
              this.visit(pair.value);
            }
          } else params.push(argument);
        }
        this.withScope(params, ['caller', 'varargs', 'kwargs'], () => this.visit(ast.body));
        return;
      }
      case 'Filter':
      case 'FilterAsync':
        this.visit(ast.args);
        return;
      case 'Is':
        this.visit(ast.left);
        return;
      case 'LookupVal':
        this.visit(ast.target);
        if ((ast.val as AstNode | undefined)?.typename !== 'Literal') this.visit(ast.val);
        return;
      case 'KeywordArgs':
        for (const pair of ast.children ?? []) this.visit(pair.value);
        return;
      case 'Import':
      case 'FromImport':
        this.bind(ast.target as AstNode);
        for (const name of (ast.names as AstNode | undefined)?.children ?? []) {
          this.bind(name.typename === 'Pair' ? (name.value as AstNode) : name);
        }
        return;
      case 'Include':
      case 'Extends':
        return;
      default:
        for (const field of ast.fields ?? []) {
          if (field === 'children') continue;
          const value = ast[field];
          if (Array.isArray(value))
            value.forEach((child) => {
              this.visit(child);
            });
          else this.visit(value);
        }
        for (const child of ast.children ?? []) this.visit(child);
    }
  }
}

/**
 * The columns a Jinja template references: its undeclared variables, with the original's rules
 * (attribute and item bases, filter arguments, loop/set/with/macro scoping, Jinja globals excluded).
 * Throws `UserJinjaTemplateSyntaxError` for a template that does not parse.
 */
export function findTemplateReferences(template: unknown): string[] {
  const text = typeof template === 'string' ? template : String(template);
  const collector = new ReferenceCollector();
  collector.visit(parseTemplate(text));
  return [...collector.references];
}
