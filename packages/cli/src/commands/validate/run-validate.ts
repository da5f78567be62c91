import { collapseRepeatedColumns } from '@dd/config';
import { DataDesigner } from '../../data-designer.js';
import { importModules, loadConfigSource } from '../load-config-source.js';

/** `data-designer validate CONFIG`: static checks, no generation, no model calls. */
export async function runValidate(options: { config: string; imports?: string[] }): Promise<void> {
  await importModules(options.imports);
  const config = await loadConfigSource(options.config);
  const warnings = await new DataDesigner().validate(config);
  for (const warning of warnings) process.stderr.write(`⚠️  [${warning.type}] ${warning.message}\n`);
  process.stdout.write(`✅ Configuration is valid (${collapseRepeatedColumns(config).config.columns.length} columns)\n`);
}
