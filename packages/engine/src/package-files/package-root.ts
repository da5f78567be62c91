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

/** Requires a CommonJS file of the engine's `vendor/` folder (Node caches it: later calls are a lookup). */
export function requireVendorFile<T>(relative: string): T {
  return requireFromHere(vendorFile(relative)) as T;
}
