import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { dataFactory } from './data-factory.js';
import type { FactoryRecord } from './factory-types.js';
import { ReadBackIdentity } from './read-back-identity.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'dd-factory-readback-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const holdsFor = (records: FactoryRecord[]): boolean => {
  const identity = new ReadBackIdentity();
  for (const record of records) identity.add(record);
  return identity.holds;
};

describe('ReadBackIdentity', () => {
  it('holds for records with the same keys in the same order and one exact kind per column', () => {
    expect(holdsFor([])).toBe(true);
    expect(
      holdsFor([
        { n: 1, text: 'a', ok: true, x: 0.5 },
        { n: 2, text: '😀', ok: false, x: 3 },
      ]),
    ).toBe(true);
    expect(holdsFor([{}, {}])).toBe(true);
  });

  it('ends at the first record that would not read back as written', () => {
    expect(
      holdsFor([
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ]),
    ).toBe(false); // key order
    expect(holdsFor([{ a: 1 }, { a: 1, b: 2 }])).toBe(false); // a column the first record lacks
    expect(holdsFor([{ a: 1 }, { a: 'x' }])).toBe(false); // two kinds in a column
    expect(holdsFor([{ a: null }])).toBe(false);
    expect(holdsFor([{ a: undefined }])).toBe(false);
    expect(holdsFor([{ a: -0 }])).toBe(false);
    expect(holdsFor([{ a: 2 ** 53 }])).toBe(false);
    expect(holdsFor([{ a: Number.NaN }])).toBe(false);
    expect(holdsFor([{ a: 'lone \ud800' }])).toBe(false);
    expect(holdsFor([{ a: 1n }])).toBe(false);
    expect(holdsFor([{ a: new Date(0) }])).toBe(false);
    expect(holdsFor([{ a: [1] }])).toBe(false);
    expect(holdsFor([{ a: { b: 1 } }])).toBe(false);
    expect(holdsFor([{ a: 1, A: 2 }])).toBe(false); // DuckDB column names ignore case
    expect(holdsFor([{ _dd_input_index: 1 }])).toBe(false);
  });
});

describe('persisted run result', () => {
  // Each case: records of input n. The run's result must equal what reading the batches back gives
  // (values, and keys in order), whether the result was kept in memory or read back.
  const cases: Record<string, (n: number) => FactoryRecord | FactoryRecord[] | null> = {
    'flat scalars (kept in memory)': (n) => ({ n, text: `t${n}`, half: n / 2, even: n % 2 === 0, emoji: '😀' }),
    'several records per input, some none': (n) => (n % 3 === 0 ? null : Array.from({ length: n % 3 }, (_, k) => ({ n, k }))),
    'a column null in some rows': (n) => ({ n, maybe: n % 4 === 0 ? null : `m${n}` }),
    'keys varying between records': (n) => (n % 2 === 0 ? { n, extra: n } : { n }),
    'nested values and dates': (n) => ({ n, list: [n, n + 1], inner: { a: n }, at: new Date(1_700_000_000_000 + n) }),
    'negative zero': (n) => ({ n, z: n === 3 ? -0 : n }),
  };

  for (const [name, make] of Object.entries(cases)) {
    it(`equals the records read back from parquet: ${name}`, async () => {
      const artifactPath = path.join(root, name.replace(/\W+/g, '-'));
      mkdirSync(artifactPath, { recursive: true });
      const factory = dataFactory(
        async (n: number) => {
          // Different finishing orders across batches.
          await new Promise((resolve) => setTimeout(resolve, (n * 7) % 5));
          return make(n);
        },
        { artifactPath, jobName: 'job', batchSize: 7, maxConcurrency: 4 },
      );
      const result = await factory.run(Array.from({ length: 30 }, (_, n) => n));
      const readBack = await factory.records();
      expect(result.records.length).toBeGreaterThan(0);
      expect(result.records).toStrictEqual(readBack);
      expect(result.records.map((record) => Object.keys(record))).toEqual(readBack.map((record) => Object.keys(record)));
    });
  }
});
