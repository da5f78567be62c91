/** A small seeded PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `min(n, total)` distinct indices in [0, total), in random order, without materializing the
 * range (partial Fisher–Yates over a sparse swap map). Same seed, same indices.
 */
export function sampleIndices(total: number, n: number, seed?: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`The sample size must be a non-negative integer, got ${n}.`);
  const random = seed === undefined ? Math.random : seededRandom(seed);
  const count = Math.min(n, total);
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (total - i));
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(atJ);
  }
  return out;
}
