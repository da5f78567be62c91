import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataDesignerConfigBuilder, loadConfig, type DataDesignerConfig } from '@dd/config';
import { ExitError } from '../errors/exit-error.js';

const CONFIG_EXTENSIONS = ['.yaml', '.yml', '.json', '.js', '.mjs'];
const MODULE_EXTENSIONS = ['.js', '.mjs'];

/**
 * Loads the plugins installed in the current project (config schemas and engine modules), then
 * imports the user's modules (e.g. custom column registrations), before a config is loaded.
 */
export async function importModules(modules: readonly string[] = []): Promise<void> {
  const { loadEnginePlugins } = await import('@dd/engine');
  const discovery = await loadEnginePlugins(process.cwd());
  for (const warning of discovery.warnings) process.stderr.write(`⚠️  ${warning}\n`);
  for (const modulePath of modules) {
    const absolute = path.resolve(modulePath);
    if (!existsSync(absolute)) {
      throw new ExitError(`Module '${modulePath}' does not exist.`, 1, { fix: 'Check the path given to --import.' });
    }
    await import(pathToFileURL(absolute).href);
  }
}

/**
 * Loads a config for a CLI command: a URL, a YAML/JSON file, or a JS module exporting
 * `loadConfigBuilder()` (returning a builder or a config).
 */
export async function loadConfigSource(source: string): Promise<DataDesignerConfig> {
  if (/^https?:\/\//i.test(source)) return loadConfig(source);
  const extension = path.extname(source).toLowerCase();
  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new ExitError(`Config file '${source}' does not exist or is not a file.`, 1, {
      fix: 'Pass the path of a .yaml, .yml, .json or .mjs config (relative to the current folder).',
    });
  }
  if (!CONFIG_EXTENSIONS.includes(extension)) {
    throw new ExitError(`Unsupported file extension '${extension}'. Supported extensions: ${CONFIG_EXTENSIONS.join(', ')}.`, 1);
  }
  if (MODULE_EXTENSIONS.includes(extension)) {
    const moduleExports = (await import(pathToFileURL(path.resolve(source)).href)) as Record<string, unknown>;
    const factory = moduleExports.loadConfigBuilder ?? moduleExports.default;
    if (typeof factory !== 'function') {
      throw new ExitError(`Config module '${source}' must export a function \`loadConfigBuilder\`.`, 1);
    }
    const produced = (await (factory as () => unknown)()) as unknown;
    if (produced instanceof DataDesignerConfigBuilder) return produced.build();
    return loadConfig(produced as Record<string, unknown>);
  }
  return loadConfig(source);
}
