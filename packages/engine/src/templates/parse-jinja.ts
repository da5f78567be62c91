import nunjucks from 'nunjucks';
import { rewriteJinjaSlices, UserJinjaTemplateSyntaxError } from '@dd/config';

/** One node of a parsed template (nunjucks' parser nodes, with the fields this engine reads). */
export interface JinjaNode {
  readonly typename: string;
  readonly lineno: number;
  readonly colno: number;
  value?: unknown;
  children?: JinjaNode[];
  target?: JinjaNode;
  val?: JinjaNode;
  left?: JinjaNode;
  right?: JinjaNode;
  cond?: JinjaNode;
  body?: JinjaNode;
  else_?: JinjaNode | null;
  name?: JinjaNode;
  arr?: JinjaNode;
  args?: JinjaNode;
  expr?: JinjaNode;
  ops?: JinjaNode[];
  type?: string;
  key?: JinjaNode;
  /** Set on `Literal` nodes lexed as floats (`1.0`), which nunjucks turns into plain numbers. */
  isFloat?: boolean;
  /** Set on `LookupVal` nodes written with brackets (`a['b']`) rather than a dot. */
  isSubscript?: boolean;
}

interface Token {
  type: string;
  value: string;
}

interface NunjucksParser {
  extensions: unknown[];
  peekToken(): Token | null;
  parsePrimary(noPostfix?: boolean): JinjaNode;
  parsePostfix(node: JinjaNode): JinjaNode;
  parseAsRoot(): JinjaNode;
}

interface NunjucksInternals {
  parser: { Parser: new (tokens: unknown) => NunjucksParser };
  lexer: { lex(source: string, options: object): unknown };
}

const internals = nunjucks as unknown as NunjucksInternals;

/** The literal a primary expression starts with (`1.0` in `1.0.is_integer()`), if any. */
function leadingLiteral(node: JinjaNode): JinjaNode | undefined {
  let current: JinjaNode | undefined = node;
  while (current && (current.typename === 'LookupVal' || current.typename === 'FunCall')) {
    current = current.typename === 'LookupVal' ? current.target : current.name;
  }
  return current?.typename === 'Literal' && typeof current.value === 'number' ? current : undefined;
}

function markFloat(node: JinjaNode): void {
  const literal = leadingLiteral(node);
  if (literal) literal.isFloat = true;
}

/** Python ints are exact: an integer literal beyond 2**53 becomes a bigint. */
function markBigInt(node: JinjaNode, digits: string): void {
  const literal = leadingLiteral(node);
  const text = digits.replace(/_/g, '');
  if (literal && /^\d+$/.test(text) && !Number.isSafeInteger(Number(text))) literal.value = BigInt(text);
}

function markSubscripts(node: unknown, lines: readonly string[], seen: Set<unknown>): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  const ast = node as JinjaNode & Record<string, unknown>;
  if (ast.typename === 'LookupVal') ast.isSubscript = lines[ast.lineno]?.[ast.colno] === '[';
  for (const value of Object.values(ast)) {
    if (Array.isArray(value))
      value.forEach((child) => {
        markSubscripts(child, lines, seen);
      });
    else if (value && typeof value === 'object' && 'typename' in value) markSubscripts(value, lines, seen);
  }
}

/**
 * Jinja drops one trailing newline of the source (`keep_trailing_newline=False`).
 */
function dropTrailingNewline(source: string): string {
  if (source.endsWith('\r\n')) return source.slice(0, -2);
  if (source.endsWith('\n') || source.endsWith('\r')) return source.slice(0, -1);
  return source;
}

/**
 * Parses a Jinja template into nunjucks' AST, keeping what nunjucks loses: float literals and
 * dot vs. bracket lookups. Throws `UserJinjaTemplateSyntaxError` when it does not parse.
 */
export function parseJinja(template: string): JinjaNode {
  const source = rewriteJinjaSlices(dropTrailingNewline(template));
  try {
    const parser = new internals.parser.Parser(internals.lexer.lex(source, {}));
    parser.extensions = [];
    const parsePrimary = parser.parsePrimary.bind(parser);
    parser.parsePrimary = (noPostfix?: boolean) => {
      const token = parser.peekToken();
      const node = parsePrimary(noPostfix);
      if (token?.type === 'float') markFloat(node);
      else if (token?.type === 'int' && token.value.length > 15) markBigInt(node, token.value);
      return node;
    };
    const root = parser.parseAsRoot();
    markSubscripts(root, source.split('\n'), new Set());
    return root;
  } catch (error) {
    const detail = (error as Error).message
      .replace(/^\(unknown path\)\s*/, '')
      .replace(/\s+/g, ' ')
      .trim();
    const shown = template.length > 120 ? `${template.slice(0, 117)}...` : template;
    throw new UserJinjaTemplateSyntaxError(`A Jinja2 syntax error was found in the template ${JSON.stringify(shown)}: ${detail}`, {
      fix: 'Check the template syntax; reference columns as {{ column_name }}.',
    });
  }
}
