import { z } from 'zod';
import { parseTemplate } from '../validation/template-references.js';

/** Jinja's own message of a parse failure (empty when the template parses). */
export function templateSyntaxProblem(template: string): string | undefined {
  try {
    parseTemplate(template);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A string that must parse as a Jinja template; a syntax error becomes a validation issue. */
export function templateField() {
  return z.string().superRefine((value, ctx) => {
    const problem = templateSyntaxProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });
}
