import type { Faker } from '@faker-js/faker';

/**
 * A compiled pattern: `literals[0] {{paths[0]}} literals[1] … literals[n]`, and where each token
 * ends in the pattern. Null: not a plain pattern.
 */
type CompiledPattern = { literals: string[]; paths: string[][]; ends: number[] } | null;

/** Patterns kept compiled per Faker; beyond this, new ones are parsed each time (locale data has far fewer). */
const MAX_COMPILED = 2000;

/** A token `{{path.to.thing}}`: lower-case first letter, no braces inside. */
const TOKEN = /\{\{([a-z][^{}]*)\}\}/g;

/**
 * The pattern's literals and token paths when `fake` would treat it as a plain left-to-right
 * substitution: every token is `{{a.b.c}}` (no parameters, no empty parts) and no brace is left
 * outside them. Anything else (null) keeps faker-js's own `fake`.
 */
function compilePattern(pattern: string): CompiledPattern {
  const literals: string[] = [];
  const paths: string[][] = [];
  const ends: number[] = [];
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    const expression = match[1] as string;
    const path = expression.split('.');
    if (expression.includes('(') || path.some((part) => part.length === 0)) return null;
    literals.push(pattern.slice(last, match.index));
    paths.push(path);
    last = match.index + match[0].length;
    ends.push(last);
  }
  literals.push(pattern.slice(last));
  return literals.some((text) => text.includes('{') || text.includes('}')) ? null : { literals, paths, ends };
}

/** faker-js's step through one path part: functions are called (a throw ends the path), objects indexed. */
function step(value: unknown, part: string): unknown {
  let current = value;
  while (typeof current === 'function') {
    try {
      current = (current as () => unknown)();
    } catch {
      return undefined;
    }
  }
  return typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[part] : undefined;
}

/**
 * Makes `faker.helpers.fake` of this instance skip re-parsing: each pattern string is parsed once and
 * its tokens resolved with the same lookups and random draws, in the same order, as faker-js's own
 * expression evaluation (module methods first, then the raw locale definitions; an array met on the
 * way is drawn from with `arrayElement`; a function at the end is called). Results are identical to
 * faker-js's (a test compares every locale); patterns outside the plain form, and results that would
 * be parsed again (a substituted value holding a brace), go through faker-js's own `fake`.
 * The instance must be private to the caller: its `helpers.fake` is replaced.
 */
export function compileFakerPatterns(faker: Faker): void {
  const helpers = faker.helpers;
  const original = helpers.fake.bind(helpers);
  const compiled = new Map<string, CompiledPattern>();

  const evaluate = (path: readonly string[]): unknown => {
    let values: unknown[] = [faker, faker.definitions.raw];
    for (const part of path) {
      const next: unknown[] = [];
      for (const value of values) {
        const found = step(value, part);
        if (found !== null && found !== undefined) next.push(Array.isArray(found) ? helpers.arrayElement(found) : found);
      }
      values = next;
      if (values.length === 0) throw new Error(`Cannot resolve expression '${path.join('.')}'`);
    }
    const first = values[0];
    return typeof first === 'function' ? (first as () => unknown)() : first;
  };

  const fakeString = (pattern: string): string => {
    let plan = compiled.get(pattern);
    if (plan === undefined) {
      plan = compilePattern(pattern);
      if (compiled.size < MAX_COMPILED) compiled.set(pattern, plan);
    }
    if (plan === null) return original(pattern);
    let out = plan.literals[0] as string;
    for (let index = 0; index < plan.paths.length; index++) {
      const value = String(evaluate(plan.paths[index] as string[]));
      // faker-js parses its result again: a value with a brace may form a token, so it takes over.
      if (value.includes('{') || value.includes('}')) return original(out + value + pattern.slice(plan.ends[index]));
      out += value + (plan.literals[index + 1] as string);
    }
    return out;
  };

  helpers.fake = ((pattern: string | readonly string[]): string =>
    fakeString(typeof pattern === 'string' ? pattern : helpers.arrayElement(pattern))) as typeof helpers.fake;
}
