export { registerPlugin, unregisterPlugin, registeredPlugins, onPluginsChanged, type PluginRegistration, type PluginType } from './plugin-registry.js';
export { discoverPlugins, loadPlugins, PluginDeclarationSchema, type DiscoveredPlugin, type PluginDiscovery } from './load-plugins.js';
