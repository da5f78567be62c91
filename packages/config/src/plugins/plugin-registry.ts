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

const DISCRIMINATOR: Record<PluginType, string> = { 'column-generator': 'column_type', 'seed-reader': 'seed_type', processor: 'processor_type' };

const registry = new Map<string, PluginRegistration>();
const listeners = new Set<() => void>();

/** The discriminator literal an object schema declares for `key`, if any. */
function declaredDiscriminator(schema: z.ZodType, key: string): unknown[] {
  type Node = { _zod: { def: Record<string, unknown> } };
  let current: Node | undefined = schema as unknown as Node;
  for (let guard = 0; current && guard < 10 && current._zod.def.type !== 'object'; guard += 1) {
    const def = current._zod.def as { innerType?: Node; in?: Node; out?: Node };
    current = def.innerType ?? def.in ?? def.out;
  }
  const field = (current?._zod.def.shape as Record<string, { _zod: { def: { values?: unknown[] } } }> | undefined)?.[key];
  return field?._zod.def.values ?? [];
}

function builtinSchemas(pluginType: PluginType): readonly z.ZodType[] {
  if (pluginType === 'column-generator') return BUILTIN_COLUMN_SCHEMAS as unknown as z.ZodType[];
  if (pluginType === 'seed-reader') return BUILTIN_SEED_SOURCE_SCHEMAS as unknown as z.ZodType[];
  return BUILTIN_PROCESSOR_SCHEMAS as unknown as z.ZodType[];
}

/** Who already uses a discriminator value: 'built-in', another plugin's name, or undefined. */
function discriminatorOwner(plugin: PluginRegistration, key: string): string | undefined {
  if (builtinSchemas(plugin.pluginType).some((schema) => declaredDiscriminator(schema, key).includes(plugin.discriminatorValue))) return 'a built-in type';
  const other = [...registry.values()].find(
    (registered) => registered.name !== plugin.name && registered.pluginType === plugin.pluginType && registered.discriminatorValue === plugin.discriminatorValue,
  );
  return other ? `plugin '${other.name}'` : undefined;
}

/**
 * Registers a plugin's config schema so configs using its discriminator validate (and appear in
 * the JSON Schema). Later registrations of the same name replace earlier ones; a discriminator value
 * already used by a built-in type or another plugin is refused.
 */
export function registerPlugin(plugin: PluginRegistration): void {
  const key = DISCRIMINATOR[plugin.pluginType];
  if (!key) throw new PluginError(`Plugin '${plugin.name}' has unknown type '${String(plugin.pluginType)}'.`, { fix: 'Use column-generator, seed-reader or processor.' });
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(plugin.discriminatorValue)) {
    throw new PluginError(`Plugin '${plugin.name}' has an invalid ${key} '${plugin.discriminatorValue}'.`, { fix: 'Use letters, digits, - and _, starting with a letter.' });
  }
  if (!declaredDiscriminator(plugin.configSchema, key).includes(plugin.discriminatorValue)) {
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
