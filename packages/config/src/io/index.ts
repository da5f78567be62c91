export { loadConfig, loadBuilderConfig, type ConfigSourceInput } from './load-config.js';
export { dumpConfig, saveConfig, withoutInMemoryRows, type ConfigFormat } from './dump-config.js';
export {
  parseConfigText,
  configTextLimits,
  assertConfigTextSize,
  DEFAULT_CONFIG_TEXT_LIMITS,
  CONFIG_TEXT_LIMIT_ENV,
  type ConfigTextLimits,
} from './parse-config-text.js';
export { readConfigSource, rawConfigUrl } from './read-config-source.js';
export { annotatePythonTypes, type AnnotatedValue } from './annotate-python-types.js';
export { PythonFloat, pythonFloatRepr } from './python-float.js';
export { emitPythonYaml, emitPythonJson } from './emit-python-yaml.js';
export { knownKeysAt } from './known-keys-at.js';
export { parseEntryListText, type EntryListTextOptions, type EntryParseResult } from './parse-entry-list-text.js';
