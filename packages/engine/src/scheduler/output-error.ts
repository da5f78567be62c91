import { GeneratorOutputError } from './errors/generator-output-error.js';

/** The error for a generator output of the wrong shape (`got` is shown by kind, never by value, unless it is text). */
export function outputError(generator: string, expected: string, got: unknown): InstanceType<typeof GeneratorOutputError> {
  const shown = typeof got === 'string' ? got : got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got;
  return new GeneratorOutputError(`Generator '${generator}' returned ${shown}; expected ${expected}.`, {
    fix: `Make '${generator}' return ${expected} (one partial row per input row for batch generators).`,
  });
}
