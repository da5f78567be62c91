import { configJsonSchemaText } from '@dd/config';

/** `schema`: prints the config JSON Schema. */
export function runSchema(): void {
  process.stdout.write(configJsonSchemaText());
}
