import type { ConfigIssue } from '../errors/index.js';
import { formatPath } from './format-path.js';

/** The one key JavaScript objects cannot hold as plain data: assigning it replaces the object's prototype. */
export const PROTOTYPE_KEY = '__proto__';

const FIX = `Rename the key: '${PROTOTYPE_KEY}' cannot be a config key or column name here, because JavaScript treats it as the object's prototype.`;

/**
 * Every `__proto__` key in a config value, and every object whose fields come from a `__proto__`
 * prototype (a JS literal `{ "__proto__": {...} }`), each as an issue with its path. Such keys would
 * otherwise vanish or turn into inherited fields that strict validation never sees.
 */
export function prototypeKeyIssues(value: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<object>();
  const visit = (node: unknown, path: PropertyKey[]): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        visit(item, [...path, index]);
      });
      return;
    }
    if (Object.hasOwn(node, PROTOTYPE_KEY)) {
      issues.push({ path: formatPath([...path, PROTOTYPE_KEY]), message: `the key '${PROTOTYPE_KEY}' is not allowed`, fix: FIX });
    } else if (hasLiteralPrototype(node)) {
      issues.push({
        path: formatPath([...path, PROTOTYPE_KEY]),
        message: `the key '${PROTOTYPE_KEY}' is not allowed (this object inherits fields from it)`,
        fix: FIX,
      });
    }
    for (const [key, child] of Object.entries(node)) visit(child, [...path, key]);
  };
  visit(value, []);
  return issues;
}

/** True for an object whose prototype is a plain data object (set by a `__proto__` key), not a class's. */
function hasLiteralPrototype(node: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(node);
  if (prototype === null || prototype === Object.prototype || typeof prototype !== 'object') return false;
  return !Object.hasOwn(prototype, 'constructor');
}
