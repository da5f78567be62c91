import type { z } from 'zod';
import { ConfigValidationError, type ConfigIssue } from '../errors/index.js';
import { closestMatch } from './closest-match.js';
import { formatPath } from './format-path.js';

const SECRET_KEY = /(api_?key|token|password|secret|authorization)/i;

/** Reads the value at `path` in the user's input (undefined when absent). */
function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function redact(path: ReadonlyArray<PropertyKey>, value: unknown): unknown {
  const last = path[path.length - 1];
  return typeof last === 'string' && SECRET_KEY.test(last) && value !== undefined ? '***' : value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

type ZodIssue = z.core.$ZodIssue;

/** Converts one zod issue to a plain-words `ConfigIssue` (several for unrecognized keys). */
function convertIssue(issue: ZodIssue, input: unknown, knownKeys?: (path: ReadonlyArray<PropertyKey>) => string[] | undefined): ConfigIssue[] {
  const path = issue.path;
  const value = redact(path, valueAt(input, path));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const valid = knownKeys?.(path) ?? [];
      return issue.keys.map((key) => {
        const suggestion = closestMatch(key, valid);
        return {
          path: formatPath([...path, key]),
          message: `unknown field '${key}'`,
          value: redact([...path, key], valueAt(input, [...path, key])),
          fix: suggestion ? `did you mean '${suggestion}'?` : valid.length > 0 ? `allowed fields: ${valid.join(', ')}` : 'remove it',
        };
      });
    }
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
      if (discriminator !== undefined || options.length > 0) {
        // zod 4 already ends the path with the discriminator key; older versions did not.
        const tagPath = discriminator && path[path.length - 1] !== discriminator ? [...path, discriminator] : path;
        const got = valueAt(input, tagPath);
        const suggestion = typeof got === 'string' ? closestMatch(got, options) : undefined;
        return [
          {
            path: formatPath(tagPath),
            message:
              got === undefined ? `required field '${discriminator ?? 'type'}' is missing` : `${describe(got)} is not a valid ${discriminator ?? 'value'}`,
            value: got,
            fix: `use one of ${options.join(', ')}${suggestion ? ` (closest: "${suggestion}")` : ''}`,
          },
        ];
      }
      // Plain union: report the branch that got furthest (most nested issues first).
      const branches = (issue as { errors?: ZodIssue[][] }).errors ?? [];
      const best = branches.slice().sort((a, b) => depth(b) - depth(a))[0];
      if (best && best.length > 0) return best.flatMap((inner) => convertIssue({ ...inner, path: [...path, ...inner.path] } as ZodIssue, input, knownKeys));
      return [{ path: formatPath(path), message: `${describe(value)} does not match any allowed form`, value }];
    }
    case 'invalid_value': {
      const values = (issue as { values?: unknown[] }).values ?? [];
      const suggestion = typeof value === 'string' ? closestMatch(value, values.map(String)) : undefined;
      return [
        {
          path: formatPath(path),
          message: `${describe(value)} is not allowed`,
          value,
          fix: `use one of ${values.map((entry) => JSON.stringify(entry)).join(', ')}${suggestion ? ` (closest: "${suggestion}")` : ''}`,
        },
      ];
    }
    case 'invalid_type': {
      if (value === undefined) {
        const field = path[path.length - 1];
        return [{ path: formatPath(path), message: `required field '${String(field)}' is missing`, fix: `add '${String(field)}' (${issue.expected})` }];
      }
      return [{ path: formatPath(path), message: `expected ${issue.expected}, got ${describe(value)}`, value }];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_big' ? (issue as { maximum?: unknown }).maximum : (issue as { minimum?: unknown }).minimum;
      const inclusive = (issue as { inclusive?: boolean }).inclusive !== false;
      const origin = (issue as { origin?: string }).origin;
      if (typeof value === 'number' && (typeof bound === 'number' || typeof bound === 'bigint')) {
        const relation = issue.code === 'too_big' ? (inclusive ? 'at most' : 'less than') : inclusive ? 'at least' : 'greater than';
        return [{ path: formatPath(path), message: `${describe(value)} is out of range`, value, fix: `use a number ${relation} ${String(bound)}` }];
      }
      if (origin === 'array' && typeof bound === 'number') {
        const relation = issue.code === 'too_big' ? 'at most' : 'at least';
        return [{ path: formatPath(path), message: `has ${Array.isArray(value) ? value.length : 0} item(s)`, value, fix: `give ${relation} ${bound} item(s)` }];
      }
      return [{ path: formatPath(path), message: `${describe(value)}: ${issue.message}`, value }];
    }
    default:
      return [{ path: formatPath(path), message: issue.message, value }];
  }
}

const SHORTHAND_TAGS = new Set(['sampler_type', 'validator_type']);

function samePath(left: ReadonlyArray<PropertyKey>, right: ReadonlyArray<PropertyKey>): boolean {
  return left.length === right.length && left.every((segment, index) => String(segment) === String(right[index]));
}

/**
 * A discriminator issue about a tag the shorthand copied into params (`params.sampler_type`) while
 * the column's own tag is reported too: the user never wrote the copy, so it is noise.
 */
function isInjectedTagEcho(issue: ZodIssue, all: readonly ZodIssue[], input: unknown): boolean {
  if (issue.code !== 'invalid_union') return false;
  const tag = issue.path[issue.path.length - 1];
  if (typeof tag !== 'string' || !SHORTHAND_TAGS.has(tag) || valueAt(input, issue.path) !== undefined) return false;
  for (let cut = issue.path.length - 2; cut >= 0; cut -= 1) {
    const ownerTag = [...issue.path.slice(0, cut), tag];
    if (all.some((other) => other !== issue && samePath(other.path, ownerTag))) return true;
  }
  return false;
}

function depth(issues: ZodIssue[]): number {
  return Math.max(0, ...issues.map((issue) => issue.path.length));
}

/** Turns every zod issue into a readable `ConfigIssue` naming the path, the value and the fix. */
export function zodIssuesToConfigIssues(
  error: z.ZodError,
  input: unknown,
  options: { knownKeys?: (path: ReadonlyArray<PropertyKey>) => string[] | undefined; pathPrefix?: ReadonlyArray<PropertyKey> } = {},
): ConfigIssue[] {
  const prefix = options.pathPrefix ?? [];
  const zodIssues = error.issues as ZodIssue[];
  const issues = zodIssues.filter((issue) => !isInjectedTagEcho(issue, zodIssues, input)).flatMap((issue) => convertIssue(issue, input, options.knownKeys));
  const seen = new Set<string>();
  return issues
    .map((issue) =>
      prefix.length === 0 ? issue : { ...issue, path: [formatPath(prefix), issue.path].filter(Boolean).join(issue.path.startsWith('[') ? '' : '.') },
    )
    .filter((issue) => {
      const key = `${issue.path}\u0000${issue.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** A `ConfigValidationError` holding every issue of a zod error, in plain words. */
export function toConfigValidationError(error: z.ZodError, input: unknown): ConfigValidationError {
  return new ConfigValidationError(zodIssuesToConfigIssues(error, input));
}
