// MT19937 (Matsumoto & Nishimura's Mersenne Twister), seeded by array (`init_by_array`). It gives the
// same stream as `@stdlib/random-base-mt19937` with an array seed (the test compares them), so seeded
// runs keep their values, without that package's ~400 files of state (de)serialization helpers that
// cost ~0.1 s at every start-up.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
/** 2^-53: two draws of 27 and 26 bits make one double in [0, 1) (genrand_res53). */
const DOUBLE_SCALE = 1 / 9007199254740992;

/** A seeded MT19937 stream: 32-bit integers and doubles in [0, 1). */
export interface Mt19937 {
  /** Next unsigned 32-bit integer. */
  uint32(): number;
  /** Next double in [0, 1) with 53 random bits (two 32-bit draws). */
  uniform(): number;
}

/** Creates the stream of `seed` (an array of unsigned 32-bit integers, at least one). */
export function createMt19937(seed: ArrayLike<number>): Mt19937 {
  if (seed.length < 1) throw new RangeError('An MT19937 seed needs at least one 32-bit integer.');
  const state = seedByArray(seed);
  let index = N;
  const uint32 = (): number => {
    if (index >= N) {
      twist(state);
      index = 0;
    }
    let value = state[index] ?? 0;
    index += 1;
    value ^= value >>> 11;
    value ^= (value << 7) & 0x9d2c5680;
    value ^= (value << 15) & 0xefc60000;
    value ^= value >>> 18;
    return value >>> 0;
  };
  return {
    uint32,
    uniform: () => {
      const high = uint32() >>> 5;
      const low = uint32() >>> 6;
      return (high * 67108864 + low) * DOUBLE_SCALE;
    },
  };
}

function seedByArray(seed: ArrayLike<number>): Uint32Array {
  const state = new Uint32Array(N);
  state[0] = 19650218;
  for (let i = 1; i < N; i += 1) {
    const previous = state[i - 1] ?? 0;
    state[i] = Math.imul(previous ^ (previous >>> 30), 1812433253) + i;
  }
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, seed.length); k > 0; k -= 1) {
    const previous = state[i - 1] ?? 0;
    state[i] = ((state[i] ?? 0) ^ Math.imul(previous ^ (previous >>> 30), 1664525)) + ((seed[j] ?? 0) >>> 0) + j;
    i += 1;
    j += 1;
    if (i >= N) {
      state[0] = state[N - 1] ?? 0;
      i = 1;
    }
    if (j >= seed.length) j = 0;
  }
  for (let k = N - 1; k > 0; k -= 1) {
    const previous = state[i - 1] ?? 0;
    state[i] = ((state[i] ?? 0) ^ Math.imul(previous ^ (previous >>> 30), 1566083941)) - i;
    i += 1;
    if (i >= N) {
      state[0] = state[N - 1] ?? 0;
      i = 1;
    }
  }
  state[0] = UPPER_MASK;
  return state;
}

function twist(state: Uint32Array): void {
  // One plain loop: a per-word helper closure (wrapped by the bundle's keepNames) was not inlined and
  // made a refill 1.6x slower.
  for (let i = 0; i < N; i += 1) {
    const next = i + 1 < N ? i + 1 : 0;
    const far = i + M < N ? i + M : i + M - N;
    const word = ((state[i] ?? 0) & UPPER_MASK) | ((state[next] ?? 0) & LOWER_MASK);
    state[i] = (state[far] ?? 0) ^ (word >>> 1) ^ (word & 1 ? MATRIX_A : 0);
  }
}
