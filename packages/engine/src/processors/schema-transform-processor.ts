import type { ProcessorConfig } from '@dd/config';
import type { Row } from '../columns/index.js';
import { renderJsonTemplate } from '../templates/index.js';
import type { Processor } from './processor.js';

function isPlainObject(value: unknown): value is Row {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `schema_transform` (post-batch): renders the JSON template against every row and returns the
 * records as a side dataset; the main rows pass through unchanged.
 */
export function createSchemaTransformProcessor(config: ProcessorConfig): Processor {
  const template = config.template;
  if (!isPlainObject(template)) {
    throw new TypeError(`Processor '${config.name}' (schema_transform) needs template to be an object of output column → template.`);
  }
  return {
    name: config.name,
    processorType: 'schema_transform',
    async postBatch(rows) {
      const output = rows.map((row, index) => {
        const rendered = renderJsonTemplate(template, row);
        if (!isPlainObject(rendered)) {
          throw new TypeError(`row ${index} rendered to ${Array.isArray(rendered) ? 'an array' : typeof rendered}, expected an object.`);
        }
        return rendered;
      });
      return { rows, output };
    },
  };
}
