import { defineErrorClass } from './data-designer-error.js';

/** A Jinja template in a config does not parse. */
export const UserJinjaTemplateSyntaxError = defineErrorClass('UserJinjaTemplateSyntaxError');
/** A config is structurally valid but semantically wrong (e.g. an empty expression). */
export const InvalidConfigError = defineErrorClass('InvalidConfigError');
/** A file path in a config does not exist or is not usable. */
export const InvalidFilePathError = defineErrorClass('InvalidFilePathError');
/** A file in a config has a format we cannot read. */
export const InvalidFileFormatError = defineErrorClass('InvalidFileFormatError');
/** The builder was asked for something it cannot do. */
export const BuilderConfigurationError = defineErrorClass('BuilderConfigurationError');
/** The builder's config cannot be written (e.g. an in-memory seed dataset). */
export const BuilderSerializationError = defineErrorClass('BuilderSerializationError');
/** A config file could not be read or parsed (YAML syntax, missing file, bad URL). */
export const ConfigFileError = defineErrorClass('ConfigFileError');
/** A plugin declaration is invalid or collides with another. */
export const PluginError = defineErrorClass('PluginError');
