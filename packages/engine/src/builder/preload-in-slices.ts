import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** How `preloadInSlices` paces itself. */
export interface PreloadInSlicesOptions {
  /** ms before the first slice. @default 0 */
  delayMs?: number;
  /** ms between slices. @default 5 */
  intervalMs?: number;
  /** A slice stops loading once it has run this long (ms; one module may take longer). @default 2 */
  sliceMs?: number;
  /** Packages the package requires, loaded first, one slice each (resolved from its main file). */
  dependencies?: readonly string[];
}

/** The `.js` files under `folder`, sorted, recursively. */
function jsFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...jsFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.js')) files.push(full);
  }
  return files.sort();
}

/**
 * Loads the CommonJS package `specifier` (resolved from `fromUrl`) a little at a time: its
 * `dependencies` first, then the `.js` files of its main file's folder, as many per timer turn as fit
 * in `sliceMs`, so that its first real `require` finds everything compiled and cached instead of
 * blocking the event loop for the whole package at once (DuckDB's Node API: 0.1–0.15 s in one piece,
 * which holds every response arriving meanwhile). A group of files requiring each other still loads in
 * one piece. Timers are unref'd; a failure stops the preload quietly (the real `require` reports it).
 * Returns a function that stops the remaining slices.
 */
export function preloadInSlices(specifier: string, fromUrl: string, options: PreloadInSlicesOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 5;
  const sliceMs = options.sliceMs ?? 2;
  let steps: Array<() => unknown> | undefined;
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const plan = (): Array<() => unknown> => {
    const main = createRequire(fromUrl).resolve(specifier);
    const load = createRequire(main);
    return [...(options.dependencies ?? []).map((dependency) => () => load(dependency)), ...jsFiles(path.dirname(main)).map((file) => () => load(file))];
  };
  const slice = (): void => {
    timer = undefined;
    if (stopped) return;
    const started = performance.now();
    try {
      steps ??= plan();
      while (next < steps.length) {
        (steps[next++] as () => unknown)();
        if (performance.now() - started >= sliceMs) break;
      }
    } catch {
      stopped = true; // the package cannot load here: its first real use says why
      return;
    }
    if (next < steps.length) schedule(intervalMs);
  };
  const schedule = (ms: number): void => {
    timer = setTimeout(slice, ms);
    timer.unref();
  };
  schedule(options.delayMs ?? 0);
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
