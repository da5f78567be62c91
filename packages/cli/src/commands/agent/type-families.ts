import * as configExports from '@dd/config';
import { definedOrThrow, LIBRARY_VERSION, loadPlugins, registeredPlugins, type PluginType } from '@dd/config';
import { FAMILY_NAMES } from './type-catalogue-types.js';
import { z } from 'zod';
import { TYPE_DESCRIPTIONS } from './type-descriptions.js';
import type { TypeFamily, TypeField, TypeInfo } from './type-catalogue-types.js';

interface FamilySource {
  discriminator: string;
  schemas: () => readonly z.core.$ZodType[];
  pluginType?: PluginType;
}

const FAMILY_SOURCES: Record<string, FamilySource> = {
  columns: { discriminator: 'column_type', schemas: () => configExports.builtinSchemasOf('column-generator'), pluginType: 'column-generator' },
  constraints: {
    discriminator: 'constraint_type',
    schemas: () => [configExports.ScalarInequalityConstraintSchema, configExports.ColumnInequalityConstraintSchema],
  },
  processors: { discriminator: 'processor_type', schemas: () => configExports.builtinSchemasOf('processor'), pluginType: 'processor' },
  samplers: { discriminator: 'sampler_type', schemas: () => configExports.SamplerParamsSchema.options },
  validators: { discriminator: 'validator_type', schemas: () => configExports.ValidatorParamsSchema.options },
  seeds: { discriminator: 'seed_type', schemas: () => configExports.builtinSchemasOf('seed-reader'), pluginType: 'seed-reader' },
  models: {
    discriminator: 'generation_type',
    schemas: () => [configExports.ChatCompletionInferenceParamsSchema, configExports.EmbeddingInferenceParamsSchema, configExports.ImageInferenceParamsSchema],
  },
};

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

const SAFE = Number.MAX_SAFE_INTEGER;

function typeLabel(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map(typeLabel))].join(' | ');
  if (schema.type === 'array') return `array<${schema.items ? typeLabel(schema.items) : 'any'}>`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return schema.type ?? 'any';
}

function toJsonSchema(schema: z.core.$ZodType): JsonSchema {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return {};
  }
}

function describeFields(json: JsonSchema): TypeField[] {
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const field: TypeField = { name, type: typeLabel(property), required: required.has(name) };
    if (property.default !== undefined) field.default = property.default;
    const minimum = property.minimum ?? property.exclusiveMinimum;
    const maximum = property.maximum ?? property.exclusiveMaximum;
    if (minimum !== undefined && Math.abs(minimum) < SAFE) field.minimum = minimum;
    if (maximum !== undefined && Math.abs(maximum) < SAFE) field.maximum = maximum;
    return field;
  });
}

function schemaName(schema: z.core.$ZodType): string {
  const entry = Object.entries(configExports).find(([, value]) => value === schema);
  return entry ? entry[0].replace(/Schema$/, '') : 'Unknown';
}

function describeType(family: string, discriminator: string, schema: z.core.$ZodType, plugin?: string): TypeInfo {
  const json = toJsonSchema(schema);
  const value = String(json.properties?.[discriminator]?.const ?? '');
  const info: TypeInfo = {
    type: plugin ?? schemaName(schema),
    value,
    description: TYPE_DESCRIPTIONS[`${family}:${value}`] ?? '',
    fields: describeFields(json),
  };
  if (plugin) info.plugin = plugin;
  return info;
}

/** The catalogue of one family: built-in types and registered plugin types, sorted by discriminator value. */
export function describeFamily(family: string): TypeFamily {
  const source = definedOrThrow(FAMILY_SOURCES[family], `the type family '${family}'`);
  const types = source.schemas().map((schema) => describeType(family, source.discriminator, schema));
  if (source.pluginType) {
    for (const plugin of registeredPlugins(source.pluginType)) types.push(describeType(family, source.discriminator, plugin.configSchema, plugin.name));
  }
  types.sort((a, b) => a.value.localeCompare(b.value));
  return { family, discriminator: source.discriminator, types };
}

/** Every family (after loading the project's plugins), with the config library version. */
export async function describeAllFamilies(projectDir: string): Promise<{ libraryVersion: string; families: TypeFamily[] }> {
  await loadPlugins(projectDir);
  return { libraryVersion: LIBRARY_VERSION, families: FAMILY_NAMES.map(describeFamily) };
}
