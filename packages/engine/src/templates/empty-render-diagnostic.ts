import type { RecordLookup } from './record-context.js';
import type { JinjaNode } from './parse-jinja.js';
import { isPlainObject } from './py-float.js';

interface Chain {
  root: string;
  steps: Array<string | number>;
}

function chainOf(node: JinjaNode): Chain | undefined {
  if (node.typename === 'Symbol') return { root: String(node.value), steps: [] };
  if (node.typename === 'LookupVal' && node.target) {
    const base = chainOf(node.target);
    const key = node.val?.typename === 'Literal' ? node.val.value : undefined;
    if (!base || (typeof key !== 'string' && typeof key !== 'number')) return undefined;
    return { root: base.root, steps: [...base.steps, key] };
  }
  return undefined;
}

function collectChains(node: unknown, out: Chain[]): void {
  if (!node || typeof node !== 'object') return;
  const ast = node as JinjaNode;
  const chain = typeof ast.typename === 'string' ? chainOf(ast) : undefined;
  if (chain) {
    out.push(chain);
    return;
  }
  for (const value of Object.values(ast)) {
    if (Array.isArray(value))
      value.forEach((child) => {
        collectChains(child, out);
      });
    else if (value && typeof value === 'object' && 'typename' in value) collectChains(value, out);
  }
}

function format(chain: Chain, length: number): string {
  return chain.steps.slice(0, length).reduce<string>((text, step) => (typeof step === 'number' ? `${text}[${step}]` : `${text}.${step}`), chain.root);
}

function problemOf(chain: Chain, record: RecordLookup): { text: string; gate: string } | undefined {
  if (!record.has(chain.root)) return undefined;
  let value: unknown = record.get(chain.root);
  for (let index = 0; index <= chain.steps.length; index++) {
    const reason =
      value === null || value === undefined
        ? 'resolved to None'
        : value === ''
          ? 'resolved to empty string'
          : (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0)
            ? index === chain.steps.length
              ? 'resolved to empty collection'
              : undefined
            : undefined;
    if (index === chain.steps.length) return reason ? { text: `${format(chain, index)} (${reason})`, gate: format(chain, Math.max(index - 1, 0)) } : undefined;
    const step = chain.steps[index];
    const next =
      Array.isArray(value) && typeof step === 'number'
        ? value[step]
        : isPlainObject(value) && Object.hasOwn(value, String(step))
          ? value[String(step)]
          : undefined;
    const present = Array.isArray(value) ? typeof step === 'number' && step < value.length : isPlainObject(value) && Object.hasOwn(value, String(step));
    if (!present) return { text: `${format(chain, chain.steps.length)} (missing from record at '${format(chain, index + 1)}')`, gate: format(chain, index) };
    value = next;
  }
  return undefined;
}

/**
 * The row-level explanation attached to `EmptyTemplateRenderError`: each access chain rooted at a
 * record variable whose value is missing, None, empty text or an empty collection, and how to guard it.
 */
export function describeEmptyRender(root: JinjaNode, record: RecordLookup): string {
  const chains: Chain[] = [];
  collectChains(root, chains);
  const seen = new Set<string>();
  const lines: string[] = [];
  let example: { chain: string; gate: string } | undefined;
  for (const chain of chains) {
    const problem = problemOf(chain, record);
    if (!problem || seen.has(problem.text)) continue;
    seen.add(problem.text);
    lines.push(`  - ${problem.text}`);
    example ??= { chain: format(chain, chain.steps.length), gate: problem.gate };
  }
  if (lines.length === 0) return 'The template rendered to empty text.';
  const hint = example
    ? `\nGuard optional values, e.g. {{ ${example.chain} if ${example.gate} else 'N/A' }}, or skip the cell with skip: {when: "{{ not ${example.gate} }}"}.`
    : '';
  return `The template rendered to empty text. Values that may be responsible:\n${lines.join('\n')}${hint}`;
}
