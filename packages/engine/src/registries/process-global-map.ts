/**
 * A name → value map shared by every copy of the engine loaded in this process (duplicate installs,
 * jest module registries, a plugin importing its own copy): it lives on `globalThis` under
 * `Symbol.for('dd.engine.<name>')`. `initial` seeds it the first time (e.g. built-in entries).
 */
export function processGlobalMap<V>(name: string, initial: Iterable<readonly [string, V]> = []): Map<string, V> {
  const key = Symbol.for(`dd.engine.${name}`);
  const holder = globalThis as typeof globalThis & Record<symbol, Map<string, V> | undefined>;
  holder[key] ??= new Map(initial);
  return holder[key];
}
