import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { registerPlugin } from './plugin-registry.js';

/** One plugin a package declares under `"dataDesigner": { "plugins": [...] }` in its package.json. */
export const PluginDeclarationSchema = z.strictObject({
  /** Plugin name (unique across installed plugins). */
  name: z.string().min(1),
  /** What it adds. */
  type: z.enum(['column-generator', 'seed-reader', 'processor']),
  /** Module (relative to the package) exporting `configSchema` and `discriminatorValue`. */
  configModule: z.string().min(1),
  /** Module (relative to the package) exporting the engine implementation. */
  engineModule: z.string().min(1).optional(),
});

/** A plugin declaration as written in package.json. */
export type PluginDeclaration = z.output<typeof PluginDeclarationSchema>;

/** A plugin found in node_modules, with the package that declares it. */
export interface DiscoveredPlugin extends PluginDeclaration {
  /** npm package name. */
  packageName: string;
  /** Absolute folder of the package. */
  packageDir: string;
}

/** Result of discovery: usable plugins and the declarations skipped (never fatal). */
export interface PluginDiscovery {
  plugins: DiscoveredPlugin[];
  warnings: string[];
}

function pluginsDisabled(): boolean {
  return process.env.DISABLE_DATA_DESIGNER_PLUGINS?.toLowerCase() === 'true';
}

function packageDirs(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const dirs: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(full, { withFileTypes: true })) dirs.push(path.join(full, scoped.name));
    } else dirs.push(full);
  }
  return dirs;
}

/**
 * Finds plugins declared by packages in `<projectDir>/node_modules`. Invalid declarations are
 * reported by package and plugin name and skipped. Nothing is found when
 * `DISABLE_DATA_DESIGNER_PLUGINS=true`.
 */
export function discoverPlugins(projectDir: string): PluginDiscovery {
  const result: PluginDiscovery = { plugins: [], warnings: [] };
  if (pluginsDisabled()) return result;
  for (const packageDir of packageDirs(path.join(projectDir, 'node_modules'))) {
    const manifestPath = path.join(packageDir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    let manifest: { name?: string; dataDesigner?: { plugins?: unknown } };
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
    } catch {
      continue;
    }
    const declared = manifest.dataDesigner?.plugins;
    if (declared === undefined) continue;
    const packageName = manifest.name ?? path.basename(packageDir);
    if (!Array.isArray(declared)) {
      result.warnings.push(`Package '${packageName}': dataDesigner.plugins must be a list; skipped.`);
      continue;
    }
    declared.forEach((entry, index) => {
      const parsed = PluginDeclarationSchema.safeParse(entry);
      if (!parsed.success) {
        const name = (entry as { name?: unknown })?.name;
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`).join('; ');
        result.warnings.push(`Plugin ${typeof name === 'string' ? `'${name}'` : `#${index}`} of package '${packageName}' is invalid (${problems}); skipped.`);
        return;
      }
      result.plugins.push({ ...parsed.data, packageName, packageDir });
    });
  }
  return result;
}

/**
 * Discovers plugins and registers their config schemas, so their configs validate and appear in the
 * JSON Schema. A plugin whose module fails to load or lacks `configSchema` is skipped with a warning.
 */
export async function loadPlugins(projectDir: string): Promise<PluginDiscovery> {
  const discovery = discoverPlugins(projectDir);
  const loaded: DiscoveredPlugin[] = [];
  for (const plugin of discovery.plugins) {
    try {
      const module = (await import(pathToFileURL(path.join(plugin.packageDir, plugin.configModule)).href)) as {
        configSchema?: unknown;
        discriminatorValue?: unknown;
      };
      if (!module.configSchema || typeof module.discriminatorValue !== 'string') {
        discovery.warnings.push(`Plugin '${plugin.name}' (${plugin.packageName}): its config module must export configSchema and discriminatorValue; skipped.`);
        continue;
      }
      registerPlugin({
        name: plugin.name,
        pluginType: plugin.type,
        discriminatorValue: module.discriminatorValue,
        configSchema: module.configSchema as Parameters<typeof registerPlugin>[0]['configSchema'],
      });
      loaded.push(plugin);
    } catch (error) {
      discovery.warnings.push(`Plugin '${plugin.name}' (${plugin.packageName}) failed to load: ${(error as Error).message}; skipped.`);
    }
  }
  return { plugins: loaded, warnings: discovery.warnings };
}
