export {
  registerPlugin,
  unregisterPlugin,
  registeredPlugins,
  onPluginsChanged,
  builtinSchemasOf,
  declaredDiscriminatorValues,
  discriminatorKeyOf,
  schemaFamilyMembers,
  type DiscriminableSchema,
  type PluginRegistration,
  type PluginType,
} from './plugin-registry.js';
export { discoverPlugins, loadPlugins, PluginDeclarationSchema, type DiscoveredPlugin, type PluginDiscovery } from './load-plugins.js';
