import { CONFIG_PACKAGE } from '@dd/config';
/** Placeholder surface. */
export const ENGINE_DEPENDS_ON = CONFIG_PACKAGE;
