import type { z } from 'zod';
import { BUILTIN_COLUMN_SCHEMAS } from '../columns/index.js';
import { PluginError } from '../errors/index.js';
import { BUILTIN_PROCESSOR_SCHEMAS } from '../processors/index.js';
import { BUILTIN_SEED_SOURCE_SCHEMAS } from '../seeds/index.js';

/** What a plugin adds: a column type, a seed source type or a processor type. */
export type PluginType = 'column-generator' | 'seed-reader' | 'processor';

/** A registered plugin's config side. */
export interface PluginRegistration {
  /** Unique plugin name. */
  name: string;
  /** What it adds. */
  pluginType: PluginType;
  /** Its `column_type` / `seed_type` / `processor_type` value. */
  discriminatorValue: string;
  /** zod object schema of its config (for columns, build it with `columnConfigSchema`). */
  configSchema: z.ZodType;
}

/** A schema that declares literal values for a discriminator key (what `z.discriminatedUnion` accepts). */
export type DiscriminableSchema = z.core.$ZodType & z.core.$ZodTypeDiscriminable;

/** One discriminated family of config schemas: its key and its built-in members. */
interface SchemaFamily {
  readonly key: string;
  readonly builtins: readonly DiscriminableSchema[];
}

const FAMILIES: Record<PluginType, SchemaFamily> = {
  'column-generator': { key: 'column_type', builtins: BUILTIN_COLUMN_SCHEMAS },
  'seed-reader': { key: 'seed_type', builtins: BUILTIN_SEED_SOURCE_SCHEMAS },
  processor: { key: 'processor_type', builtins: BUILTIN_PROCESSOR_SCHEMAS },
};

const registry = new Map<string, PluginRegistration>();
const listeners = new Set<() => void>();

/** The values a schema declares for its discriminator `key` (zod's own `propValues`; empty when none). */
export function declaredDiscriminatorValues(schema: z.core.SomeType, key: string): ReadonlySet<unknown> {
  return schema._zod.propValues?.[key] ?? new Set();
}

function isDiscriminable(schema: z.core.SomeType, key: string): schema is DiscriminableSchema {
  return declaredDiscriminatorValues(schema, key).size > 0;
}

/** The discriminator key of a plugin type's configs (`column_type`, `seed_type`, `processor_type`). */
export function discriminatorKeyOf(pluginType: PluginType): string {
  return FAMILIES[pluginType].key;
}

/** The built-in schemas of a plugin type's family, in display order. */
export function builtinSchemasOf(pluginType: PluginType): readonly DiscriminableSchema[] {
  return FAMILIES[pluginType].builtins;
}

/**
 * The members of a discriminated config union: the built-in schemas, then the registered plugins'
 * (the config schema registry builds `column_type`, `seed_type` and `processor_type` unions from it).
 */
export function schemaFamilyMembers(pluginType: PluginType): [DiscriminableSchema, ...DiscriminableSchema[]] {
  const { key, builtins } = FAMILIES[pluginType];
  const plugins = registeredPlugins(pluginType).flatMap((plugin) => (isDiscriminable(plugin.configSchema, key) ? [plugin.configSchema] : []));
  const [first, ...rest] = [...builtins, ...plugins];
  if (first === undefined) throw new PluginError(`No ${key} schemas are defined.`);
  return [first, ...rest];
}

/** Who already uses a discriminator value: 'built-in', another plugin's name, or undefined. */
function discriminatorOwner(plugin: PluginRegistration, key: string): string | undefined {
  if (builtinSchemasOf(plugin.pluginType).some((schema) => declaredDiscriminatorValues(schema, key).has(plugin.discriminatorValue))) return 'a built-in type';
  const other = [...registry.values()].find(
    (registered) =>
      registered.name !== plugin.name && registered.pluginType === plugin.pluginType && registered.discriminatorValue === plugin.discriminatorValue,
  );
  return other ? `plugin '${other.name}'` : undefined;
}

/**
 * Registers a plugin's config schema so configs using its discriminator validate (and appear in
 * the JSON Schema). Later registrations of the same name replace earlier ones; a discriminator value
 * already used by a built-in type or another plugin is refused.
 */
export function registerPlugin(plugin: PluginRegistration): void {
  const key = FAMILIES[plugin.pluginType]?.key;
  if (!key)
    throw new PluginError(`Plugin '${plugin.name}' has unknown type '${String(plugin.pluginType)}'.`, {
      fix: 'Use column-generator, seed-reader or processor.',
    });
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(plugin.discriminatorValue)) {
    throw new PluginError(`Plugin '${plugin.name}' has an invalid ${key} '${plugin.discriminatorValue}'.`, {
      fix: 'Use letters, digits, - and _, starting with a letter.',
    });
  }
  if (!declaredDiscriminatorValues(plugin.configSchema, key).has(plugin.discriminatorValue)) {
    throw new PluginError(`Plugin '${plugin.name}': its config schema must declare ${key}: z.literal('${plugin.discriminatorValue}').`, {
      fix: plugin.pluginType === 'column-generator' ? 'Build the schema with columnConfigSchema(type, shape) from @dd/config.' : `Add ${key} to the schema.`,
    });
  }
  const owner = discriminatorOwner(plugin, key);
  if (owner) {
    throw new PluginError(`Plugin '${plugin.name}': ${key} '${plugin.discriminatorValue}' is already used by ${owner}.`, { fix: `Choose another ${key}.` });
  }
  registry.set(plugin.name, plugin);
  for (const listener of listeners) listener();
}

/** Removes a plugin (tests). */
export function unregisterPlugin(name: string): void {
  if (registry.delete(name)) for (const listener of listeners) listener();
}

/** Registered plugins of a type, in registration order. */
export function registeredPlugins(pluginType?: PluginType): PluginRegistration[] {
  return [...registry.values()].filter((plugin) => pluginType === undefined || plugin.pluginType === pluginType);
}

/** Calls `listener` after every registration change (schemas rebuild themselves with it). */
export function onPluginsChanged(listener: () => void): void {
  listeners.add(listener);
}
