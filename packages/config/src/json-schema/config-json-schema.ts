import { z } from 'zod';
import { configSchemas } from '../data-designer-config.js';
import { numberFieldInfo } from '../schema/index.js';

type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (context) => {
      const info = numberFieldInfo(context.zodSchema);
      if (!info) return;
      const json = context.jsonSchema as JsonSchema;
      for (const key of Object.keys(json)) delete json[key];
      json.type = info.kind === 'int' ? 'integer' : 'number';
      if (info.bounds.gt !== undefined) json.exclusiveMinimum = info.bounds.gt;
      if (info.bounds.ge !== undefined) json.minimum = info.bounds.ge;
      if (info.bounds.lt !== undefined) json.exclusiveMaximum = info.bounds.lt;
      if (info.bounds.le !== undefined) json.maximum = info.bounds.le;
    },
  }) as JsonSchema;
}

/**
 * JSON Schema of the config file format (both the wrapped `{data_designer, library_version}` shape
 * and the bare `{columns, …}` shape), for editors to complete and check YAML/JSON configs.
 */
export function configJsonSchema(): JsonSchema {
  const wrapped = toJsonSchema(configSchemas.builderConfig);
  const properties = wrapped.properties as Record<string, JsonSchema>;
  const dataset = properties.data_designer;
  const strip = (schema: JsonSchema) => {
    const copy = { ...schema };
    delete copy.$schema;
    return copy;
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://data-designer.dev/schema/data-designer-config.schema.json',
    title: 'Data Designer config',
    description: 'A Data Designer config file (the Python library write_config format, or the bare columns: shape).',
    $defs: { DataDesignerConfig: dataset },
    anyOf: [
      strip({ ...wrapped, properties: { ...properties, data_designer: { $ref: '#/$defs/DataDesignerConfig' } } }),
      { $ref: '#/$defs/DataDesignerConfig' },
    ],
  };
}

/** The schema as the committed file holds it (stable text, trailing newline). */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
