import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { preloadInSlices } from './preload-in-slices.js';

/** A throwaway CommonJS package `pkg` (main `lib/index.js`, a nested folder, a dependency `dep`, a file nothing requires) under node_modules. */
function fixture(): { root: string; fromUrl: string; file: (relative: string) => string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dd-preload-'));
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };
  write('node_modules/dep/package.json', JSON.stringify({ name: 'dep', main: 'index.js' }));
  write('node_modules/dep/index.js', 'require("./inner.cjs"); globalThis.__ddPreloadOrder.push("dep");');
  write('node_modules/dep/inner.cjs', 'globalThis.__ddPreloadOrder.push("inner");');
  write('node_modules/pkg/package.json', JSON.stringify({ name: 'pkg', main: 'lib/index.js' }));
  write('node_modules/pkg/lib/a.js', 'globalThis.__ddPreloadOrder.push("a"); module.exports = 1;');
  write('node_modules/pkg/lib/nested/b.js', 'globalThis.__ddPreloadOrder.push("b"); module.exports = require("../a") + 1;');
  write('node_modules/pkg/lib/index.js', 'require("dep"); globalThis.__ddPreloadOrder.push("index"); module.exports = require("./nested/b");');
  write('node_modules/pkg/lib/unused.js', 'globalThis.__ddPreloadOrder.push("unused");');
  return { root, fromUrl: pathToFileURL(path.join(root, 'main.js')).href, file: (relative) => path.join(root, 'node_modules/pkg', relative) };
}

async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 500 && !condition(); turn++) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe('preloadInSlices', () => {
  const order: string[] = [];
  beforeEach(() => {
    order.length = 0;
    (globalThis as { __ddPreloadOrder?: string[] }).__ddPreloadOrder = order;
  });

  it('loads what the main file requires, leaves first and into other packages, then says it is done', async () => {
    const { root, fromUrl, file } = fixture();
    try {
      const require = createRequire(fromUrl);
      let done = 0;
      preloadInSlices(['pkg'], fromUrl, { sliceMs: 0, intervalMs: 1, onDone: () => done++ });
      await until(() => done > 0);
      expect(done).toBe(1);
      expect(order).toEqual(['inner', 'dep', 'a', 'b', 'index']);
      expect(Object.keys(require.cache).filter((key) => key.startsWith(root))).toHaveLength(5);
      expect(require.cache[file('lib/unused.js')]).toBeUndefined();
      expect(require('pkg')).toBe(2);
      expect(order).toHaveLength(5); // nothing ran twice
      // Once loaded, a second preload has nothing to do.
      let again = 0;
      preloadInSlices('pkg', fromUrl, { onDone: () => again++ });
      await until(() => again > 0);
      expect(order).toHaveLength(5);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('loads nothing once stopped, and stops quietly when a file throws', async () => {
    const { root, fromUrl, file } = fixture();
    try {
      const stop = preloadInSlices('pkg', fromUrl, { delayMs: 5 });
      stop();
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(order).toEqual([]);
      writeFileSync(file('lib/a.js'), 'throw new Error("broken");');
      let done = 0;
      preloadInSlices('pkg', fromUrl, { sliceMs: 0, intervalMs: 1, onDone: () => done++ });
      await until(() => done > 0);
      expect(done).toBe(1);
      expect(order).toEqual(['inner', 'dep']); // a.js throws: the rest is left to the real require
      expect(() => createRequire(fromUrl)('pkg')).toThrow('broken');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
