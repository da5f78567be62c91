import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { GenerationContext, Row } from '../columns/column-generator.js';
import { createSamplerGenerator, PersonSamplerError } from './index.js';
import type { SamplerColumnConfig } from '@dd/config';

const ctx = (rowGroup = 0): GenerationContext => ({ rowGroup, rowOffset: 0, signal: new AbortController().signal });
/** Wire-form sampler columns, as the engine's own checks see them (deliberately unchecked by the config schema). */
const col = (name: string, samplerType: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}): SamplerColumnConfig =>
  ({ name, column_type: 'sampler', sampler_type: samplerType, params: { ...params, sampler_type: samplerType }, ...extra }) as SamplerColumnConfig;
const run = (columns: SamplerColumnConfig[], n: number, personDatasetPath?: string, seed = 5): Promise<Row[]> =>
  createSamplerGenerator({ columns, constraints: [], seed, evaluateCondition: () => false, personDatasetPath }).generateBatch(
    Array.from({ length: n }, () => ({})),
    ctx(),
  );

describe('person_from_faker', () => {
  test('record fields and order follow the original', async () => {
    const [row] = await run([col('p', 'person_from_faker', {})], 1);
    expect(Object.keys(row?.p as object)).toEqual([
      'uuid',
      'locale',
      'first_name',
      'last_name',
      'middle_name',
      'sex',
      'street_number',
      'street_name',
      'city',
      'state',
      'postcode',
      'age',
      'birth_date',
      'country',
      'marital_status',
      'education_level',
      'unit',
      'occupation',
      'phone_number',
      'bachelors_field',
    ]);
  });

  test('sex, city list and age_range filters apply; birth_date matches age; reproducible', async () => {
    const columns = [col('p', 'person_from_faker', { locale: 'fr_FR', sex: 'Female', city: ['Lyon', 'Nice'], age_range: [20, 25] })];
    const rows = await run(columns, 300);
    const today = new Date();
    for (const { p } of rows as { p: Record<string, unknown> }[]) {
      expect(p.sex).toBe('Female');
      expect(['Lyon', 'Nice']).toContain(p.city);
      expect(p.age).toBeGreaterThanOrEqual(20);
      expect(p.age).toBeLessThanOrEqual(25);
      expect(p.locale).toBe('fr_FR');
      const birth = new Date(`${p.birth_date as string}T00:00:00Z`);
      const age =
        today.getUTCFullYear() -
        birth.getUTCFullYear() -
        (today.getUTCMonth() * 100 + today.getUTCDate() < birth.getUTCMonth() * 100 + birth.getUTCDate() ? 1 : 0);
      expect(Math.abs(age - (p.age as number))).toBeLessThanOrEqual(1);
      expect(p.bachelors_field === 'no_degree').toBe(!['bachelors', 'graduate', 'doctorate'].includes(p.education_level as string));
    }
    expect(new Set(rows.map((r) => (r.p as Row).age)).size).toBe(6);
    expect(await run(columns, 300)).toEqual(rows);
  });

  test('children have no phone number', async () => {
    const rows = await run([col('p', 'person_from_faker', { age_range: [0, 17] })], 50);
    expect(rows.every((r) => (r.p as Row).phone_number === null)).toBe(true);
  });
});

describe('person (managed dataset)', () => {
  let folder: string;
  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'dd-persons-'));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (
      SELECT 'id-' || i AS uuid, 'Ann' || i AS first_name, 'Lee' AS last_name, NULL::VARCHAR AS middle_name,
             CASE WHEN i % 2 = 0 THEN 'Female' ELSE 'Male' END AS sex, (10 + i % 60)::BIGINT AS age,
             CASE WHEN i % 3 = 0 THEN 'NY' ELSE 'CA' END AS region, 'Springfield' AS city, '12345' AS postcode,
             'likes hiking' AS persona, NULL::VARCHAR AS unused, 'secret' AS not_a_person_field
      FROM range(200) t(i)) TO '${path.join(folder, 'en_US.parquet')}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test('samples filtered people with derived fields, en_US region renamed to state', async () => {
    const rows = await run([col('p', 'person', { sex: 'Female', age_range: [18, 40], select_field_values: { state: ['NY'] } })], 10, folder);
    for (const { p } of rows as { p: Record<string, unknown> }[]) {
      expect(p.sex).toBe('Female');
      expect(p.state).toBe('NY');
      expect(p.age).toBeGreaterThanOrEqual(18);
      expect(p.age).toBeLessThanOrEqual(40);
      expect(p).not.toHaveProperty('region');
      expect(p).not.toHaveProperty('persona');
      expect(p).not.toHaveProperty('unused');
      expect(p).not.toHaveProperty('not_a_person_field');
      expect(p.email_address).toMatch(/^ann\d+[._]?lee(\d\d)?@/);
      expect(p.phone_number).toMatch(/^\d{3}-\d{3}-\d{4}$/);
      expect(p.national_id).toMatch(/^\d{3}-\d{2}-\d{4}$/);
      expect(Object.keys(p).slice(-4)).toEqual(['state', 'phone_number', 'email_address', 'national_id']);
    }
  });

  test('with_synthetic_personas keeps persona fields last; seeded runs repeat', async () => {
    const columns = [col('p', 'person', { with_synthetic_personas: true })];
    const rows = await run(columns, 5, folder);
    expect(Object.keys(rows[0]?.p as object).at(-1)).toBe('persona');
    expect(await run(columns, 5, folder)).toEqual(rows);
  });

  test('too strict filters fail with a clear error', async () => {
    const error = await run([col('p', 'person', { city: 'Atlantis' })], 3, folder).catch((e: unknown) => e);
    expect(PersonSamplerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Column 'p': only 0 people.*Atlantis.*too strict/);
  });
});
