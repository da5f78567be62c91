// Look-ups of installed packages shared by the build scripts (bundle-dist, vendor-modules, the engine's vendor-deps).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The folder of package `name` as installed for the package in `fromDir`, or undefined. Looked up on
 * disk along Node's resolution paths: not every package exports ./package.json.
 */
export function findInstalledPackageDir(name, fromDir) {
  const dirs = createRequire(path.join(fromDir, 'package.json')).resolve.paths(name) ?? [];
  return dirs.map((dir) => path.join(dir, name)).find((dir) => existsSync(path.join(dir, 'package.json')));
}

/** The license file in the package folder `dir` (LICENSE, LICENSE.md, LICENSE.txt or license), or undefined. */
export function findLicenseFile(dir) {
  return ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].map((candidate) => path.join(dir, candidate)).find((candidate) => existsSync(candidate));
}
