import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPlugins, registeredPlugins, type PluginDiscovery } from '@dd/config';
import { registerProcessor } from '../processors/index.js';
import { registerSeedReaderPlugin, type SeedRowsLoader } from '../seeds/index.js';
import { registerColumnGeneratorPlugin, type ColumnGeneratorFactory } from './column-generator-plugins.js';

/**
 * Loads the plugins installed in `projectDir/node_modules`: their config schemas (so configs
 * validate) and their engine modules (`createGenerator(column)` for column plugins,
 * `createProcessor(config)` for processor plugins, `loadSeedRows(source)` for seed readers). Failures become warnings, never crashes.
 */
export async function loadEnginePlugins(projectDir: string): Promise<PluginDiscovery> {
  const discovery = await loadPlugins(projectDir);
  const registrations = new Map(registeredPlugins().map((plugin) => [plugin.name, plugin]));
  for (const plugin of discovery.plugins) {
    if (!plugin.engineModule) continue;
    const registration = registrations.get(plugin.name);
    if (!registration) continue;
    try {
      const module = (await import(pathToFileURL(path.join(plugin.packageDir, plugin.engineModule)).href)) as Record<string, unknown>;
      if (plugin.type === 'column-generator' && typeof module.createGenerator === 'function') {
        registerColumnGeneratorPlugin(registration.discriminatorValue, module.createGenerator as ColumnGeneratorFactory);
      } else if (plugin.type === 'seed-reader' && typeof module.loadSeedRows === 'function') {
        registerSeedReaderPlugin(registration.discriminatorValue, module.loadSeedRows as SeedRowsLoader);
      } else if (plugin.type === 'processor' && typeof module.createProcessor === 'function') {
        registerProcessor(registration.discriminatorValue, module.createProcessor as Parameters<typeof registerProcessor>[1]);
      } else {
        const expected = plugin.type === 'processor' ? 'createProcessor' : plugin.type === 'seed-reader' ? 'loadSeedRows' : 'createGenerator';
        discovery.warnings.push(`Plugin '${plugin.name}': ${plugin.engineModule} must export ${expected}; its configs validate but cannot run.`);
      }
    } catch (error) {
      discovery.warnings.push(`Plugin '${plugin.name}' engine module failed to load: ${(error as Error).message}`);
    }
  }
  return discovery;
}
