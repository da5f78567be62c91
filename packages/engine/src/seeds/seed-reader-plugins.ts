import { NamedRegistry } from '../registries/index.js';

/** Loads the rows of a plugin seed source (small sources; large ones should write a file and use `local`). */
export type SeedRowsLoader = (source: Record<string, unknown>, context: { cwd: string }) => Promise<Array<Record<string, unknown>>>;

const registry = new NamedRegistry<SeedRowsLoader>({ key: 'seedReaderPlugins', registerFunction: 'registerSeedReaderPlugin' });

/** Registers the reader of a plugin `seed_type`. */
export function registerSeedReaderPlugin(seedType: string, loader: SeedRowsLoader): void {
  registry.register(seedType, loader);
}

/** The reader registered for a `seed_type`, if any. */
export function resolveSeedReaderPlugin(seedType: string): SeedRowsLoader | undefined {
  return registry.get(seedType);
}
