import { z } from 'zod';
import { CODE_VALIDATOR_LANGS } from '../columns/code-lang.js';
import { floatField, freeFormObject, intField } from '../schema/index.js';

/** Every built-in `validator_type`. */
export const VALIDATOR_TYPES = ['code', 'local_callable', 'remote'] as const;

/** `code`: lints generated Python or SQL. */
export const CodeValidatorParamsSchema = z.strictObject({
  validator_type: z.literal('code'),
  code_lang: z.string().refine((lang) => (CODE_VALIDATOR_LANGS as readonly string[]).includes(lang), {
    error: (issue) => {
      const lang = issue.input;
      return `code_lang '${String(lang)}' is not supported by the code validator; use one of ${CODE_VALIDATOR_LANGS.join(', ')}`;
    },
  }),
});

/**
 * `local_callable`: a user function judging a batch. The original serializes the function as its
 * name; here a name is resolved from the engine's registry of validation functions.
 */
export const LocalCallableValidatorParamsSchema = z.strictObject({
  validator_type: z.literal('local_callable'),
  validation_function: z.union([
    z.string(),
    z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { message: 'expected a function or a registered function name' }),
  ]),
  output_schema: freeFormObject().nullable().default(null),
});

/** `remote`: POSTs batches to an HTTP endpoint. */
export const RemoteValidatorParamsSchema = z.strictObject({
  validator_type: z.literal('remote'),
  endpoint_url: z.string(),
  output_schema: freeFormObject().nullable().default(null),
  timeout: floatField({ gt: 0 }).default(30),
  max_retries: intField({ ge: 0 }).default(3),
  retry_backoff: floatField({ gt: 1 }).default(2),
  max_parallel_requests: intField({ ge: 1 }).default(4),
});

/** Params of any validator, discriminated on `validator_type`. */
export const ValidatorParamsSchema = z.discriminatedUnion('validator_type', [
  CodeValidatorParamsSchema,
  LocalCallableValidatorParamsSchema,
  RemoteValidatorParamsSchema,
]);

/** Validated validator params. */
export type ValidatorParams = z.output<typeof ValidatorParamsSchema>;
