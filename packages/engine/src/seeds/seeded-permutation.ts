/** Mixes two 32-bit integers into one seed (murmur3 finalizer over a golden-ratio combination). */
function mixSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Small, fast seeded generator (mulberry32) returning uniform 53-bit floats in [0, 1). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  const next32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

/**
 * A permutation of `0..n-1` (Fisher–Yates) determined by `(seed, stream)`: the same inputs give the same
 * order on every machine. Kept as a `Uint32Array`, so `n` rows cost 4·n bytes whatever the row width.
 */
export function seededPermutation(n: number, seed: number, stream = 0): Uint32Array {
  const order = new Uint32Array(n);
  for (let index = 0; index < n; index++) order[index] = index;
  const random = createRandom(mixSeed(seed | 0, stream | 0));
  for (let index = n - 1; index > 0; index--) {
    const swap = Math.floor(random() * (index + 1));
    const value = order[index] ?? index;
    order[index] = order[swap] ?? swap;
    order[swap] = value;
  }
  return order;
}
