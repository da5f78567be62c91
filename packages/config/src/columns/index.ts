export { SkipConfigSchema, type SkipConfig } from './skip-config.js';
export { columnConfigSchema, forbidSkip, ColumnNameSchema } from './column-base.js';
export { CODE_LANGS, CODE_VALIDATOR_LANGS, type CodeLang } from './code-lang.js';
export { ImageContextSchema, AudioContextSchema, VideoContextSchema, MultiModalContextSchema, type MultiModalContext } from './multi-modal-context.js';
export * from './column-configs.js';
export * from './column-types.js';
export { injectColumnShorthand } from './inject-shorthand.js';
export * from './column-type-facts.js';
