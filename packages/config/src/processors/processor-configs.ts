import { z } from 'zod';
import { freeFormObject } from '../schema/index.js';

/** `drop_columns`: removes columns (globs allowed) from the dataset, keeping them in side files. */
export const DropColumnsProcessorConfigSchema = z.strictObject({
  name: z.string(),
  processor_type: z.literal('drop_columns'),
  column_names: z.array(z.string()),
});

function isJsonSerializable(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return true;
  if (Array.isArray(value)) return value.every(isJsonSerializable);
  if (typeof value === 'object') return Object.values(value as object).every(isJsonSerializable);
  return false;
}

/** `schema_transform`: writes a reshaped copy of each row (a JSON template of Jinja strings). */
export const SchemaTransformProcessorConfigSchema = z.strictObject({
  name: z.string(),
  processor_type: z.literal('schema_transform'),
  template: freeFormObject().refine(isJsonSerializable, { message: 'template must be JSON serializable (strings, numbers, booleans, null, lists, objects)' }),
});

/** Built-in processor schemas. */
export const BUILTIN_PROCESSOR_SCHEMAS = [DropColumnsProcessorConfigSchema, SchemaTransformProcessorConfigSchema] as const;

/** A drop_columns processor config. */
export type DropColumnsProcessorConfig = z.output<typeof DropColumnsProcessorConfigSchema>;
/** A schema_transform processor config. */
export type SchemaTransformProcessorConfig = z.output<typeof SchemaTransformProcessorConfigSchema>;
