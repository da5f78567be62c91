// The built dist/ of each package is an esbuild bundle of tsc's output (scripts/bundle-dist.mjs):
// its exports must be the sources' exports, with the same function and class names (esbuild renames
// clashing top-level names and writes self-referencing classes as `var X = class _X`; keepNames
// restores them).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRIES = [
  { source: '@dd/config', dist: 'config/dist/index.js' },
  { source: '@dd/engine', dist: 'engine/dist/index.js' },
  { source: '@dd/engine/testing', dist: 'engine/dist/testing/index.js' },
  { source: '@dd/engine/factory', dist: 'engine/dist/factory/index.js' },
  { source: '@dd/cli', dist: 'cli/dist/index.js' },
] as const;

describe('bundled dist entries', () => {
  it.each(ENTRIES)('$dist exports what $source exports, under the same names', async ({ source, dist }) => {
    const file = path.join(packages, dist);
    expect(existsSync(file)).toBe(true);
    const built = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const sources = (await import(source)) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(sources).sort());
    const names = (module: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(module).flatMap(([key, value]) => (typeof value === 'function' ? [[key, value.name]] : [])));
    expect(names(built)).toEqual(names(sources));
    expect(Object.keys(names(built)).length).toBeGreaterThan(10);
  });
});
