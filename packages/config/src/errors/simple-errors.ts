import type { ConfigViolation } from './config-violation.js';
import { defineErrorClass, type DataDesignerErrorOptions } from './data-designer-error.js';

/** A Jinja template in a config does not parse. */
export class UserJinjaTemplateSyntaxError extends defineErrorClass('UserJinjaTemplateSyntaxError') {}
/**
 * A config is structurally valid but semantically wrong (e.g. an empty expression). `violations`
 * lists each problem with its field path when the check that failed knows them (empty otherwise).
 */
export class InvalidConfigError extends defineErrorClass('InvalidConfigError') {
  /** Every problem found, structured; the message says the same in words. */
  readonly violations: readonly ConfigViolation[];

  constructor(message: string, options: DataDesignerErrorOptions & { violations?: readonly ConfigViolation[] } = {}) {
    super(message, options);
    this.violations = options.violations ?? [];
  }
}
/** A file path in a config does not exist or is not usable. */
export class InvalidFilePathError extends defineErrorClass('InvalidFilePathError') {}
/** A file in a config has a format we cannot read. */
export class InvalidFileFormatError extends defineErrorClass('InvalidFileFormatError') {}
/** The builder was asked for something it cannot do. */
export class BuilderConfigurationError extends defineErrorClass('BuilderConfigurationError') {}
/** The builder's config cannot be written (e.g. an in-memory seed dataset). */
export class BuilderSerializationError extends defineErrorClass('BuilderSerializationError') {}
/** A config file could not be read or parsed (YAML syntax, missing file, bad URL). */
export class ConfigFileError extends defineErrorClass('ConfigFileError') {}
/** A plugin declaration is invalid or collides with another. */
export class PluginError extends defineErrorClass('PluginError') {}
