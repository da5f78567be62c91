/** @dd/config: declarations of Data Designer configs. Never imports the engine. */
export * from './errors/index.js';
/** Kept until the package surface fills in. */
export const CONFIG_PACKAGE = '@dd/config';
