import type { JinjaNode } from './parse-jinja.js';
import { UserTemplateError, UserTemplateUnsupportedFiltersError } from './template-errors.js';

/** Largest number of AST nodes a secure template may have. */
export const MAX_AST_NODE_COUNT = 600;
/** Deepest AST nesting a secure template may have. */
export const MAX_AST_DEPTH = 10;

/** Statement nodes no template may use (there is no loader, no macro or assignment support). */
const FORBIDDEN_NODES = new Set([
  'Set',
  'Macro',
  'Caller',
  'Import',
  'FromImport',
  'Include',
  'Extends',
  'Block',
  'Super',
  'CallExtension',
  'CallExtensionAsync',
  'Switch',
  'AsyncEach',
  'AsyncAll',
  'IfAsync',
  'FilterAsync',
  'Capture',
]);

/** Statements the native dialect runs (Jinja's stock sandbox allows them; the secure one does not). */
const NATIVE_STATEMENTS = new Set(['Set', 'Macro', 'Capture']);

/** Nodes that only group children in nunjucks' AST and have no counterpart in Jinja's. */
const TRANSPARENT = new Set(['NodeList', 'KeywordArgs']);

function childrenOf(node: JinjaNode): JinjaNode[] {
  const out: JinjaNode[] = [];
  const push = (child: unknown) => {
    if (child && typeof child === 'object' && 'typename' in child) out.push(child as JinjaNode);
  };
  for (const [field, value] of Object.entries(node)) {
    if (field === 'val' && node.typename === 'LookupVal' && !node.isSubscript) continue;
    if (field === 'name' && node.typename === 'Filter') continue;
    if (Array.isArray(value)) value.forEach(push);
    else push(value);
  }
  return out;
}

function walk(node: JinjaNode, depth: number, visit: (node: JinjaNode, depth: number) => void): void {
  const counted = !TRANSPARENT.has(node.typename);
  if (counted) visit(node, depth);
  for (const child of childrenOf(node)) walk(child, counted ? depth + 1 : depth, visit);
}

function containsFor(node: JinjaNode): boolean {
  let found = false;
  for (const child of childrenOf(node)) {
    walk(child, 0, (inner) => {
      if (inner.typename === 'For') found = true;
    });
  }
  return found;
}

/** Options of `checkTemplate`. */
export interface CheckTemplateOptions {
  /** Filters the template may use; others raise `UserTemplateUnsupportedFiltersError`. */
  filters: ReadonlySet<string>;
  /** Secure dialect: forbidden syntax, nested loops, `self` and the complexity caps apply. */
  secure: boolean;
}

/**
 * Static checks on a parsed template: unsupported filters (both dialects), forbidden statements
 * (`set`, `macro`, `include`, `import`, `extends`, `block`…), and in the secure dialect nested
 * loops, `self` references and the 600-node / depth-10 complexity caps.
 */
export function checkTemplate(root: JinjaNode, options: CheckTemplateOptions): void {
  const unsupported = new Set<string>();
  let count = 0;
  let maxDepth = 0;
  let forbidden: string | undefined;
  let nestedFor = false;
  let selfReference = false;
  walk(root, 1, (node, depth) => {
    count++;
    maxDepth = Math.max(maxDepth, depth);
    if (FORBIDDEN_NODES.has(node.typename) && (options.secure || !NATIVE_STATEMENTS.has(node.typename))) forbidden ??= node.typename;
    if (node.typename === 'Filter') {
      const name = String(node.name?.value);
      if (!options.filters.has(name)) unsupported.add(name);
    }
    if (node.typename === 'For' && containsFor(node)) nestedFor = true;
    if (node.typename === 'Symbol' && node.value === 'self') selfReference = true;
  });
  if (unsupported.size > 0) {
    const names = [...unsupported].sort();
    throw new UserTemplateUnsupportedFiltersError(
      `The Jinja template uses unsupported filter${names.length > 1 ? 's' : ''}: ${names.map((name) => `'${name}'`).join(', ')}. ` +
        `Available filters: ${[...options.filters].sort().join(', ')}.`,
      { fix: 'Use only the listed filters, or compute the value in an upstream column.' },
    );
  }
  if (forbidden) {
    throw new UserTemplateError(`Non-permitted operations in Jinja template (${forbidden} statements are not supported).`);
  }
  if (!options.secure) return;
  if (nestedFor) throw new UserTemplateError('Non-permitted operations in Jinja template (nested-for).');
  if (selfReference) throw new UserTemplateError('Non-permitted operations in Jinja template (reference to self).');
  if (count > MAX_AST_NODE_COUNT || maxDepth > MAX_AST_DEPTH) {
    throw new UserTemplateError(
      `Jinja template too complex, simplify your template (${count} nodes, depth ${maxDepth}; limits ${MAX_AST_NODE_COUNT} nodes, depth ${MAX_AST_DEPTH}).`,
    );
  }
}
