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
  /** Called once everything is loaded, or when a module failed to load (not after `stop`). */
  onDone?: () => void;
}

const REQUIRE_CALL = /\brequire\(\s*["']([^"']+)["']\s*\)/g;

/** The `.js` / `.cjs` file a relative `require` names (as given, with `.js` or `.cjs`, or its folder's `index.js`). */
function localFile(base: string): string | undefined {
  const named = base.endsWith('.js') || base.endsWith('.cjs');
  for (const candidate of named ? [base] : [`${base}.js`, `${base}.cjs`, path.join(base, 'index.js'), path.join(base, 'index.cjs')]) {
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
 * Walks CommonJS modules from their main files, one small step at a time: reading a file's `require`
 * calls, or loading a file once the files it requires are loaded (depth-first, post-order, into other
 * packages too: about one file compiled per step; files requiring each other in a cycle still load
 * together, and a builtin, JSON or native module is one step). `step()` returns false when done.
 */
export class LeavesFirstLoader {
  private readonly stack: Frame[] = [];
  private readonly seen = new Set<string>();

  constructor(mainFiles: string | readonly string[]) {
    for (const file of typeof mainFiles === 'string' ? [mainFiles] : [...mainFiles].reverse()) this.visit(file);
  }

  private visit(file: string): void {
    if (this.seen.has(file)) return;
    this.seen.add(file);
    this.stack.push({ file, requires: undefined, next: 0 });
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
      const target = specifier.startsWith('.') ? localFile(path.resolve(path.dirname(frame.file), specifier)) : this.packageFile(frame.file, specifier);
      if (target === undefined || this.seen.has(target)) continue;
      const before = this.stack.length;
      this.visit(target);
      if (this.stack.length > before) return true;
    }
    createRequire(frame.file)(frame.file);
    this.stack.pop();
    return this.stack.length > 0;
  }

  /**
   * The `.js` file another package's `specifier` resolves to from `from`, to walk; anything else
   * (builtins, JSON, native addons, or what does not resolve) is loaded in one step here, or left to
   * the file that requires it.
   */
  private packageFile(from: string, specifier: string): string | undefined {
    if (this.seen.has(specifier)) return undefined;
    this.seen.add(specifier);
    let resolved: string;
    try {
      resolved = createRequire(from).resolve(specifier);
    } catch {
      return undefined; // e.g. an optional dependency the package guards with try/catch
    }
    if (path.isAbsolute(resolved) && (resolved.endsWith('.js') || resolved.endsWith('.cjs'))) return resolved;
    return undefined;
  }
}

/**
 * Loads the CommonJS packages `specifiers` (resolved from `fromUrl`) a little at a time with a
 * `LeavesFirstLoader`, as many steps per timer turn as fit in `sliceMs`, so that their first real
 * `require` finds every file compiled and cached instead of blocking the event loop for a whole
 * package at once (DuckDB's Node API: 0.1–0.15 s in one piece, which holds every response arriving
 * meanwhile). Timers are unref'd; a failure stops the
 * preload quietly (the real `require` reports it). Returns a function that stops the remaining slices.
 */
export function preloadInSlices(specifiers: string | readonly string[], fromUrl: string, options: PreloadInSlicesOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 5;
  const sliceMs = options.sliceMs ?? 2;
  let loader: LeavesFirstLoader | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const done = (): void => {
    stopped = true;
    options.onDone?.();
  };
  const slice = (): void => {
    timer = undefined;
    if (stopped) return;
    const started = performance.now();
    try {
      if (loader === undefined) {
        const require = createRequire(fromUrl);
        // A package whose main file is already loaded has nothing left to load.
        const mains = (typeof specifiers === 'string' ? [specifiers] : specifiers).map((specifier) => require.resolve(specifier));
        loader = new LeavesFirstLoader(mains.filter((main) => require.cache[main] === undefined));
      }
      for (;;) {
        if (!loader.step()) {
          done();
          return;
        }
        if (performance.now() - started >= sliceMs) break;
      }
    } catch {
      done(); // a package cannot load here: its first real use says why
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
