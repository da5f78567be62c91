import { DataDesigner } from '../../data-designer.js';
import { importModules, loadConfigSource } from '../load-config-source.js';

/** `data-designer check-models CONFIG`: the readiness probes of preview/create, on their own. */
export async function runCheckModels(options: { config: string; imports?: string[] }): Promise<void> {
  await importModules(options.imports);
  const config = await loadConfigSource(options.config);
  const result = await new DataDesigner().checkModels(config);
  if (result.modelAliases.length === 0 && result.toolAliases.length === 0) {
    process.stdout.write('✅ The config uses no models or tools; nothing to check.\n');
    return;
  }
  for (const alias of result.modelAliases) process.stdout.write(`✅ model '${alias}' is reachable\n`);
  for (const alias of result.toolAliases) process.stdout.write(`✅ tool '${alias}' is reachable\n`);
}
