import { ENGINE_DEPENDS_ON } from '@dd/engine';
/** Placeholder surface. */
export const CLI_DEPENDS_ON = ENGINE_DEPENDS_ON;
