import type { PluginColumnConfig } from '@dd/config';
import type { ColumnGenerator } from '../columns/index.js';
import { NamedRegistry } from '../registries/index.js';

/** Builds the generator of one plugin column from its validated config. */
export type ColumnGeneratorFactory = (column: PluginColumnConfig) => ColumnGenerator;

const registry = new NamedRegistry<ColumnGeneratorFactory>({ key: 'columnGeneratorPlugins', registerFunction: 'registerColumnGeneratorPlugin' });

/** Registers the generator factory of a plugin `column_type`. */
export function registerColumnGeneratorPlugin(columnType: string, factory: ColumnGeneratorFactory): void {
  registry.register(columnType, factory);
}

/** The generator factory registered for a `column_type`, if any. */
export function resolveColumnGeneratorPlugin(columnType: string): ColumnGeneratorFactory | undefined {
  return registry.get(columnType);
}
