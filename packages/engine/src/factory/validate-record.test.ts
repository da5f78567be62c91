import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { dataFactory } from './data-factory.js';
import { FACTORY_JOB_FILE } from './job-store.js';
import { MalformedRecordError } from './factory-errors.js';
import { validateRecord } from './validate-record.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'dd-factory-validate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const circular = (): Record<string, unknown> => {
  const payload: Record<string, unknown> = { a: 1 };
  payload.self = payload;
  return { n: 2, payload };
};
const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 0; level < levels; level++) value = { x: value };
  return { n: 4, payload: value };
};

/** The message of the MalformedRecordError `validateRecord` throws for `record`. */
const problemOf = (record: Record<string, unknown>): string => {
  try {
    validateRecord(record, 0);
  } catch (error) {
    expect(MalformedRecordError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  return 'accepted';
};

describe('validateRecord', () => {
  it('names the field and the problem of records the parquet writer cannot store', () => {
    expect(problemOf(circular())).toBe('Record 0 cannot be stored: field payload.self refers back to payload (a circular reference).');
    expect(problemOf(nested(5000))).toMatch(/^Record 0 cannot be stored: field payload\.x\.x[.x]*…[.x]+ is nested more than 100 levels deep\.$/);
    expect(problemOf({ run: () => 1 })).toBe('Record 0 cannot be stored: field run is a function.');
    expect(problemOf({ tags: new Set(['a']) })).toMatch(/field tags is a Set, which would be stored as \{\} \(convert it to an array\)/);
    expect(problemOf({ list: [{ '': 1 }] })).toMatch(/field list\[0\]\[""\] has an empty key/);
    expect(problemOf(JSON.parse('{"meta": {"__proto__": 1}}') as Record<string, unknown>)).toMatch(/field meta\.__proto__ is a '__proto__' key/);
    expect(
      problemOf({
        when: new (class Stamp {
          toJSON(): string {
            throw new Error('no json');
          }
        })(),
      }),
    ).toMatch(/field when cannot be encoded as JSON \(no json\)/);
  });

  it('accepts JSON-like data, dates, bytes, bigints, shared (not circular) references and 100 levels of nesting', () => {
    const shared = { k: 1 };
    expect(problemOf({ a: shared, b: [shared, shared], d: new Date(0), bytes: new Uint8Array([1]), big: 2n, nothing: null })).toBe('accepted');
    expect(problemOf(nested(99))).toBe('accepted'); // payload is level 1, the leaf object level 100
    expect(problemOf(nested(100))).toMatch(/nested more than 100 levels deep/);
  });
});

describe('dataFactory with records that cannot be stored', () => {
  it('dead-letters the inputs that produced them, names them, and stores every other record (then resumes cleanly)', async () => {
    const artifactPath = mkdtempSync(path.join(root, 'job-'));
    const make = async (n: number): Promise<Record<string, unknown>> => (n === 2 ? circular() : n === 4 ? nested(5000) : { n, text: `t${n}` });
    const options = { artifactPath, jobName: 'job', batchSize: 2, maxRetries: 1, retryBaseDelayMs: 1, retryMaxDelayMs: 2 };
    const factory = dataFactory(make, options);
    const result = await factory.run([0, 1, 2, 3, 4, 5]);
    expect(result.deadLetters).toEqual([
      {
        index: 2,
        input: 2,
        kind: 'MalformedRecordError',
        attempts: 2,
        cause: 'Record 0 cannot be stored: field payload.self refers back to payload (a circular reference).',
      },
      { index: 4, input: 4, kind: 'MalformedRecordError', attempts: 2, cause: expect.stringMatching(/field payload\.x.* is nested more than 100 levels deep/) },
    ]);
    expect(result.records.map((record) => Number(record.n)).sort()).toEqual([0, 1, 3, 5]);
    const job = JSON.parse(readFileSync(path.join(artifactPath, 'job', FACTORY_JOB_FILE), 'utf8')) as { status: string };
    expect(job.status).toBe('complete');
    const resumed = await dataFactory(make, options).resume(result.jobId);
    expect(resumed.records.map((record) => Number(record.n)).sort()).toEqual([0, 1, 3, 5]);
    expect(resumed.deadLetters.map((letter) => letter.index)).toEqual([2, 4]);
  });
});
