import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The engine package's folder (the nearest one above this module holding a package.json): the same
 * answer from `src/`, from tsc's per-file `dist/` and from the bundled `dist/` (whose chunks sit at
 * other depths), so files shipped beside the code (`vendor/`, test fixtures) are found from here.
 */
export function enginePackageRoot(): string {
  if (root === undefined) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    while (!existsSync(path.join(dir, 'package.json'))) {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}: the @dd/engine install is incomplete.`);
      dir = parent;
    }
    root = dir;
  }
  return root;
}

/** Absolute path of a file in the engine's `vendor/` folder (copied there at build time by scripts/vendor-deps.mjs). */
export function vendorFile(relative: string): string {
  return path.join(enginePackageRoot(), 'vendor', relative);
}

const requireFromHere = createRequire(import.meta.url);

/** What the bundle loader passes to the code of a package bundle (see `@dd/config/bundle-loader`). */
declare const __dd_meta: { requireCached?: (file: string) => unknown };

/**
 * The bundle loader's require of a CommonJS file (once per process, with the V8 code cache) when this
 * code runs from the package bundle; undefined when the sources run (tests), where Node's `require` loads it.
 */
const requireCached = typeof __dd_meta === 'undefined' ? undefined : __dd_meta.requireCached;

/** Requires a CommonJS file of the engine's `vendor/` folder once per process (later calls are a lookup). */
export function requireVendorFile<T>(relative: string): T {
  const file = vendorFile(relative);
  return (requireCached ? requireCached(file) : requireFromHere(file)) as T;
}
