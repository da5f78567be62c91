import { definedOrThrow } from '@dd/config';
import type { SelectedRange } from './resolve-selection-range.js';
import { seededPermutation } from './seeded-permutation.js';

/** How dataset positions map onto seed rows. */
export type SeedSamplingStrategy = 'ordered' | 'shuffle';

/**
 * Maps a dataset row position to a seed row index, deterministically per position, so any row group can
 * be produced on its own (and again after a resume):
 * - `ordered`: position p → `start + (p mod size)`: sequential, wrapping to the range start when the
 *   range is used up (the original re-creates its reader at `offset mod size` for every row group).
 * - `shuffle`: position p in cycle `c = p div size` → `start + perm_c[p mod size]`, where `perm_c` is a
 *   seeded permutation of the range, a new one per cycle (the original reshuffles when it wraps). Each
 *   cycle uses every selected row exactly once: sampling without replacement within a cycle, rows repeat
 *   only across cycles.
 */
export class SeedRowOrder {
  /** Selected range. */
  readonly range: SelectedRange;
  /** Strategy. */
  readonly strategy: SeedSamplingStrategy;
  /** Seed of the shuffle permutations. */
  readonly seed: number;
  /** Rows in the range. */
  readonly size: number;
  private readonly permutations = new Map<number, Uint32Array>();

  constructor(range: SelectedRange, strategy: SeedSamplingStrategy, seed: number) {
    this.range = range;
    this.strategy = strategy;
    this.seed = seed;
    this.size = range.end - range.start + 1;
  }

  /** Seed row index for dataset position `position`. */
  indexAt(position: number): number {
    const within = position % this.size;
    if (this.strategy === 'ordered') return this.range.start + within;
    return this.range.start + definedOrThrow(this.permutation(Math.floor(position / this.size))[within], `permutation entry ${within}`);
  }

  /** Seed row indices for positions `offset … offset + count - 1`. */
  indicesFor(offset: number, count: number): number[] {
    const out = new Array<number>(count);
    for (let index = 0; index < count; index++) out[index] = this.indexAt(offset + index);
    return out;
  }

  private permutation(cycle: number): Uint32Array {
    let permutation = this.permutations.get(cycle);
    if (permutation === undefined) {
      permutation = seededPermutation(this.size, this.seed, cycle);
      // Row groups are admitted in order, so two cycles (the current one and the next) cover every read.
      const [oldest] = this.permutations.keys();
      if (this.permutations.size >= 2 && oldest !== undefined) this.permutations.delete(oldest);
      this.permutations.set(cycle, permutation);
    }
    return permutation;
  }
}
