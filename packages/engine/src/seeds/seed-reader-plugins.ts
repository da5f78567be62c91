/** Loads the rows of a plugin seed source (small sources; large ones should write a file and use `local`). */
export type SeedRowsLoader = (source: Record<string, unknown>, context: { cwd: string }) => Promise<Array<Record<string, unknown>>>;

const REGISTRY_KEY = Symbol.for('dd.engine.seedReaderPlugins');
const registry: Map<string, SeedRowsLoader> = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] ??= new Map()) as Map<string, SeedRowsLoader>;

/** Registers the reader of a plugin `seed_type`. */
export function registerSeedReaderPlugin(seedType: string, loader: SeedRowsLoader): void {
  registry.set(seedType, loader);
}

/** The reader registered for a `seed_type`, if any. */
export function resolveSeedReaderPlugin(seedType: string): SeedRowsLoader | undefined {
  return registry.get(seedType);
}
