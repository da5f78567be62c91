import type { Ajv } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { requireVendorFile } from '../package-files/package-root.js';

/** The ajv classes the engine uses: `Ajv` (draft-07) and `Ajv2020` (draft 2020-12). */
export interface AjvClasses {
  Ajv: typeof Ajv;
  Ajv2020: typeof Ajv2020;
}
let ajvClasses: AjvClasses | undefined;

/**
 * ajv's classes, required on first use (runs that validate no JSON never load them) from one file,
 * vendor/ajv/ajv.cjs (bundled from the installed ajv at build time, see scripts/vendor-deps.mjs):
 * ~0.02 CPU-s against ~0.08 for its ~90 files one by one, paid on a run's first reply to validate.
 */
export function loadAjv(): AjvClasses {
  ajvClasses ??= requireVendorFile<AjvClasses>('ajv/ajv.cjs');
  return ajvClasses;
}
