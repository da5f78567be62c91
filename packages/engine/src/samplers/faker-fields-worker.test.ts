import type { GenerationContext, Row } from '../columns/column-generator.js';
import { drawFakerFieldsInline, type FakerFieldsRequest } from './faker-fields.js';
import { FAKER_WORKER_MIN_PEOPLE, prefetchFakerFields, startFakerFields } from './faker-fields-worker.js';
import { createSamplerGenerator } from './index.js';
import type { SamplerColumnConfig } from '@dd/config';

const source = { module: 'en_US' } as const;

/** A request of `count` people, alternating sexes, children every 7th (no phone). */
function request(count: number, seed: number): FakerFieldsRequest {
  return {
    seed,
    female: new Uint8Array(count).map((_, i) => i % 2),
    cityFromFaker: true,
    phone: new Uint8Array(count).map((_, i) => (i % 7 === 0 ? 0 : 1)),
  };
}

describe('faker fields in the worker thread', () => {
  test('the worker draws exactly what this thread draws for the same request', async () => {
    const big = request(FAKER_WORKER_MIN_PEOPLE + 100, 7);
    const fromWorker = await startFakerFields(source, big).fields;
    expect(fromWorker).toEqual(await drawFakerFieldsInline(source, big));
    expect(fromWorker.firstName.every((name) => typeof name === 'string' && name.length > 0)).toBe(true);
    expect(fromWorker.phone.filter((phone) => phone === null)).toHaveLength(big.phone.filter((flag) => flag === 0).length);
  });

  test('a hurried batch is drawn once, by whichever thread claims it, with the same values', async () => {
    const jobs = [11, 12, 13].map((seed) => startFakerFields(source, request(FAKER_WORKER_MIN_PEOPLE, seed)));
    for (const job of jobs) job.hurry(); // the worker has at most started the first one
    const drawn = await Promise.all(jobs.map((job) => job.fields));
    for (const [index, seed] of [11, 12, 13].entries())
      expect(drawn[index]).toEqual(await drawFakerFieldsInline(source, request(FAKER_WORKER_MIN_PEOPLE, seed)));
  });

  test('a prefetched batch is adopted only by the same request', async () => {
    prefetchFakerFields(source, request(FAKER_WORKER_MIN_PEOPLE, 21));
    const other = request(FAKER_WORKER_MIN_PEOPLE, 21);
    other.female[0] = 1 - (other.female[0] as number); // same seed and size, another sex for the first person
    const job = startFakerFields(source, other);
    expect((await job.fields).firstName).toEqual((await drawFakerFieldsInline(source, other)).firstName);
  });
});

describe('person_from_faker with worker-drawn fields', () => {
  const ctx = (rowGroup: number): GenerationContext => ({ rowGroup, rowOffset: 0, signal: new AbortController().signal });
  const col = (name: string, samplerType: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}): SamplerColumnConfig =>
    ({ name, column_type: 'sampler', sampler_type: samplerType, params: { ...params, sampler_type: samplerType }, ...extra }) as SamplerColumnConfig;

  test('a later column whose condition reads the person sees complete records; every row group is reproducible', async () => {
    const seen: unknown[] = [];
    const columns = [
      col('customer', 'person_from_faker', {}),
      col('tier', 'category', { values: ['basic'] }, { conditional_params: { "customer.last_name != ''": { values: ['named'] } } }),
    ];
    const generator = () =>
      createSamplerGenerator({
        columns,
        constraints: [],
        seed: 3,
        evaluateCondition: (_expression, row) => {
          seen.push((row.customer as Row).last_name);
          return true;
        },
      });
    const rows = (g: ReturnType<typeof generator>, rowGroup: number) =>
      g.generateBatch(
        Array.from({ length: 400 }, () => ({})),
        ctx(rowGroup),
      );
    const first = generator();
    const batches = await Promise.all([0, 1, 2].map((rowGroup) => rows(first, rowGroup)));
    expect(seen.length).toBe(1200);
    expect(seen.every((name) => typeof name === 'string' && name.length > 0)).toBe(true);
    for (const batch of batches) expect(batch.every((row) => typeof (row.customer as Row).uuid === 'string')).toBe(true);
    // Row group 2 alone (its prefetch from row group 1 never made) gives the same rows.
    expect(await rows(generator(), 2)).toEqual(batches[2]);
  });
});
