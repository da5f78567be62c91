export { configJsonSchema, configJsonSchemaText } from './config-json-schema.js';
