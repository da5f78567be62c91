import { describe, expect, test } from '@jest/globals';
import { SeedRowOrder } from './seed-row-order.js';
import { seededPermutation } from './seeded-permutation.js';
import { fnmatchToRegExp } from './fnmatch-to-regexp.js';
import { rowIndexFilter } from './row-index-filter.js';

describe('SeedRowOrder', () => {
  test('ordered: sequential from the range start, wrapping to the range start', () => {
    const order = new SeedRowOrder({ start: 2, end: 5 }, 'ordered', 0);
    expect(order.indicesFor(0, 10)).toEqual([2, 3, 4, 5, 2, 3, 4, 5, 2, 3]);
    // A row group starting at offset 6 continues the cycle exactly where the full stream would be.
    expect(order.indicesFor(6, 3)).toEqual([4, 5, 2]);
  });

  test('shuffle: each cycle is a permutation of the range, cycles differ, same seed → same order', () => {
    const order = new SeedRowOrder({ start: 10, end: 29 }, 'shuffle', 42);
    const first = order.indicesFor(0, 20);
    const second = order.indicesFor(20, 20);
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => 10 + index));
    expect([...second].sort((a, b) => a - b)).toEqual([...first].sort((a, b) => a - b));
    expect(second).not.toEqual(first);
    expect(new SeedRowOrder({ start: 10, end: 29 }, 'shuffle', 42).indicesFor(0, 40)).toEqual([...first, ...second]);
    expect(new SeedRowOrder({ start: 10, end: 29 }, 'shuffle', 43).indicesFor(0, 20)).not.toEqual(first);
  });

  test('shuffle is deterministic per position, whatever the read order', () => {
    const whole = new SeedRowOrder({ start: 0, end: 99 }, 'shuffle', 7).indicesFor(0, 250);
    const pieces = new SeedRowOrder({ start: 0, end: 99 }, 'shuffle', 7);
    const late = pieces.indicesFor(200, 50);
    const early = pieces.indicesFor(0, 200);
    expect([...early, ...late]).toEqual(whole);
  });

  test('seededPermutation is a stable permutation', () => {
    const permutation = Array.from(seededPermutation(1000, 1));
    expect(new Set(permutation).size).toBe(1000);
    expect(Array.from(seededPermutation(1000, 1))).toEqual(permutation);
    expect(permutation.slice(0, 5)).not.toEqual([0, 1, 2, 3, 4]);
  });
});

describe('helpers', () => {
  test('fnmatch patterns match whole basenames, case-sensitively', () => {
    expect(fnmatchToRegExp('*.md').test('a.md')).toBe(true);
    expect(fnmatchToRegExp('*.md').test('a.MD')).toBe(false);
    expect(fnmatchToRegExp('file?.[tc]sv').test('file1.tsv')).toBe(true);
    expect(fnmatchToRegExp('[!a]*').test('abc')).toBe(false);
    expect(fnmatchToRegExp('a.b').test('axb')).toBe(false);
  });

  test('row filters use BETWEEN for runs and IN for scattered indices', () => {
    expect(rowIndexFilter('r', [3, 4, 5, 9])).toBe('r BETWEEN 3 AND 5 OR r = 9');
    expect(rowIndexFilter('r', [10, 11], 10)).toBe('r BETWEEN 0 AND 1');
    const scattered = Array.from({ length: 40 }, (_, index) => index * 3);
    expect(rowIndexFilter('r', scattered)).toMatch(/^r IN \(0, 3, 6/);
  });
});
