import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** How `preloadInSlices` paces itself. */
export interface PreloadInSlicesOptions {
  /** ms before the first slice. @default 0 */
  delayMs?: number;
  /** ms between slices. @default 5 */
  intervalMs?: number;
  /** A slice stops once it has run this long (ms; one module may take longer). @default 2 */
  sliceMs?: number;
}

const REQUIRE_CALL = /\brequire\(\s*["']([^"']+)["']\s*\)/g;

/** The `.js` file a relative `require` names (as given, with `.js`, or its folder's `index.js`). */
function localFile(base: string): string | undefined {
  for (const candidate of base.endsWith('.js') ? [base] : [`${base}.js`, path.join(base, 'index.js')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A file of the package on the walk: its `require`s once read, and how many were followed. */
interface Frame {
  file: string;
  requires: string[] | undefined;
  next: number;
}

/**
 * Walks a CommonJS package from its main file, one small step at a time: reading a file's `require`
 * calls, loading another package it requires (one step), or loading a file once the files it
 * requires are loaded (depth-first, post-order: about one file compiled per step; files requiring
 * each other in a cycle still load together). `step()` returns false when the walk is done.
 */
export class LeavesFirstLoader {
  private readonly stack: Frame[];
  private readonly seen = new Set<string>();

  constructor(mainFile: string) {
    this.stack = [{ file: mainFile, requires: undefined, next: 0 }];
    this.seen.add(mainFile);
  }

  /** Does one step; false once everything is loaded. */
  step(): boolean {
    const frame = this.stack.at(-1);
    if (frame === undefined) return false;
    if (frame.requires === undefined) {
      frame.requires = [...readFileSync(frame.file, 'utf8').matchAll(REQUIRE_CALL)].map((match) => match[1] as string);
      return true;
    }
    while (frame.next < frame.requires.length) {
      const specifier = frame.requires[frame.next++] as string;
      if (specifier.startsWith('.')) {
        const target = localFile(path.resolve(path.dirname(frame.file), specifier));
        if (target === undefined || this.seen.has(target)) continue;
        this.seen.add(target);
        this.stack.push({ file: target, requires: undefined, next: 0 });
        return true;
      }
      if (this.seen.has(specifier)) continue;
      // Another package (or a builtin): one step, resolved from its first user.
      this.seen.add(specifier);
      createRequire(frame.file)(specifier);
      return true;
    }
    createRequire(frame.file)(frame.file);
    this.stack.pop();
    return this.stack.length > 0;
  }
}

/**
 * Loads the CommonJS package `specifier` (resolved from `fromUrl`) a little at a time with a
 * `LeavesFirstLoader`, as many steps per timer turn as fit in `sliceMs`, so that its first real
 * `require` finds every file compiled and cached instead of blocking the event loop for the whole
 * package at once (DuckDB's Node API: 0.1–0.15 s in one piece, which holds every response arriving
 * meanwhile). Timers are unref'd; a failure stops the preload quietly (the real `require` reports
 * it). Returns a function that stops the remaining slices.
 */
export function preloadInSlices(specifier: string, fromUrl: string, options: PreloadInSlicesOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 5;
  const sliceMs = options.sliceMs ?? 2;
  let loader: LeavesFirstLoader | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const slice = (): void => {
    timer = undefined;
    if (stopped) return;
    const started = performance.now();
    try {
      loader ??= new LeavesFirstLoader(createRequire(fromUrl).resolve(specifier));
      for (;;) {
        if (!loader.step()) return;
        if (performance.now() - started >= sliceMs) break;
      }
    } catch {
      stopped = true; // the package cannot load here: its first real use says why
      return;
    }
    timer = setTimeout(slice, intervalMs);
    timer.unref();
  };
  timer = setTimeout(slice, options.delayMs ?? 0);
  timer.unref();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
