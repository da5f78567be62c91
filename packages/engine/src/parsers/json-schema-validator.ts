import { defineErrorClass } from '@dd/config';
import type { Ajv2020 as Ajv2020Class, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { hasDecimalFields, normalizeDecimalFields } from './decimal-fields.js';
import { rewriteDiscriminatedOneOf } from './discriminated-one-of.js';
import { forbidAdditionalProperties } from './forbid-additional-properties.js';
import { cachedRefResolver, cloneJson, isRecord, type JsonSchema } from './json-schema-types.js';
import { loadAjv } from './load-ajv.js';
import { pruneAdditionalProperties } from './prune-additional-properties.js';

/** A value does not match a JSON schema; the message lists the violations. */
export class JsonSchemaValidationError extends defineErrorClass('JsonSchemaValidationError') {}

/** Options of `createJsonSchemaValidator`. */
export interface JsonSchemaValidatorOptions {
  /** Delete undeclared properties instead of failing. @default true */
  pruning?: boolean;
  /** Set `additionalProperties: false` on every non-bare object schema. @default true */
  noExtraProperties?: boolean;
  /**
   * The schema is built by us (e.g. the judge's): skip checking it against the draft 2020-12
   * meta-schema, whose compilation costs ~60 ms per validator. @default false
   */
  trustedSchema?: boolean;
}

/** Validates (and prunes / normalizes) values against one schema; returns the cleaned copy. */
export type JsonSchemaValidator = (value: unknown) => unknown;

function createAjv(validateSchema: boolean): Ajv2020Class {
  // Loaded on first use (start-up cost for runs without structured columns).
  const { Ajv2020 } = loadAjv();
  // Formats are not checked (as Python's jsonschema without a format checker); unknown keywords pass.
  return new Ajv2020({ strict: false, allErrors: true, validateFormats: false, allowUnionTypes: true, validateSchema });
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function pathOf(instancePath: string): string {
  if (instancePath === '') return '$';
  return `$${instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
    .join('')}`;
}

function formatError(error: ErrorObject): string {
  const where = pathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${where}: missing required property '${String(params.missingProperty)}'`;
    case 'additionalProperties':
      return `${where}: unexpected property '${String(params.additionalProperty)}'`;
    case 'enum':
      return `${where}: must be one of ${describe(params.allowedValues)}`;
    case 'if':
      return '';
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

/** A readable list of schema violations (at most eight). */
export function formatValidationErrors(errors: readonly ErrorObject[]): string {
  const lines = [...new Set(errors.map(formatError).filter((line) => line !== ''))];
  const shown = lines.slice(0, 8).map((line) => `- ${line}`);
  if (lines.length > 8) shown.push(`- ... and ${lines.length - 8} more`);
  return shown.join('\n');
}

/**
 * Compiles a draft 2020-12 validator for `schema` with the original's structured-output rules:
 * object schemas forbid unknown properties, which are pruned instead of failing; `oneOf` with a
 * discriminator mapping validates only the mapped variant; Decimal-like fields become rounded
 * numbers. Throws `JsonSchemaValidationError` on mismatch. Never mutates its input.
 */
export function createJsonSchemaValidator(schema: JsonSchema, options: JsonSchemaValidatorOptions = {}): JsonSchemaValidator {
  const pruning = options.pruning ?? true;
  const strictSchema = (options.noExtraProperties ?? true) ? forbidAdditionalProperties(schema) : cloneJson(schema);
  const ajv = createAjv(options.trustedSchema !== true);
  const validate: ValidateFunction = ajv.compile(rewriteDiscriminatedOneOf(strictSchema));
  const branchValidators = new WeakMap<object, ValidateFunction>();
  const matches = (value: unknown, branch: JsonSchema): boolean => {
    let check = branchValidators.get(branch);
    if (!check) {
      const defs = isRecord(strictSchema.$defs) ? { $defs: strictSchema.$defs } : {};
      const definitions = isRecord(strictSchema.definitions) ? { definitions: strictSchema.definitions } : {};
      // A branch of the schema compiled (and checked) above: no second meta-schema check.
      check = createAjv(false).compile(rewriteDiscriminatedOneOf({ ...defs, ...definitions, ...branch }));
      branchValidators.set(branch, check);
    }
    return check(value) === true;
  };
  // Most schemas have no Decimal field: then the normalization walk is skipped (it would change nothing).
  const decimals = hasDecimalFields(strictSchema);
  // strictSchema is this validator's own copy, never changed after this point: its refs resolve once.
  const resolveRef = cachedRefResolver(strictSchema);
  return (value: unknown): unknown => {
    const copy = cloneJson(value);
    if (pruning) pruneAdditionalProperties(copy, strictSchema, matches, resolveRef);
    if (!validate(copy)) throw new JsonSchemaValidationError(formatValidationErrors(validate.errors ?? []));
    return decimals ? normalizeDecimalFields(copy, strictSchema) : copy;
  };
}

/** One-shot `createJsonSchemaValidator(schema, options)(value)`. */
export function validateJsonSchema(value: unknown, schema: JsonSchema, options: JsonSchemaValidatorOptions = {}): unknown {
  return createJsonSchemaValidator(schema, options)(value);
}
