import { existsSync } from 'node:fs';
import path from 'node:path';
import { PERSON_LOCALES, definedOrThrow } from '@dd/config';
import { createDuckDBInstance } from '../artifacts/duckdb.js';
import type { RandomSource } from './create-random-source.js';
import { generateBirthDate } from './generate-birth-date.js';
import { DEFAULT_AGE_RANGE, type PersonFilters } from './person-from-faker.js';
import { PersonSamplerError } from './sampler-errors.js';

/** Locales with a managed Nemotron-Personas dataset. */
export const MANAGED_PERSON_LOCALES: readonly string[] = PERSON_LOCALES;

/** Person fields kept from a managed dataset (demographics and derived fields). */
export const PERSON_PII_FIELDS: readonly string[] = [
  'uuid',
  'first_name',
  'middle_name',
  'last_name',
  'sex',
  'age',
  'marital_status',
  'postcode',
  'city',
  'district',
  'region',
  'country',
  'street_name',
  'street_number',
  'unit',
  'bachelors_field',
  'education_level',
  'occupation',
  'locale',
  'birth_date',
  'state',
  'email_address',
  'phone_number',
  'national_id',
  'ethnic_background',
  'industry',
  'preferred_english_name',
  'first_name_heritage',
  'name_heritage',
  'is_first_gen_immigrant',
  'household_type',
  'monthly_income_eur',
  'area',
  'blood_pressure_status',
  'blood_sugar_status',
  'bmi_status',
  'drinking_status',
  'economic_activity_status',
  'family_type',
  'housing_tenure',
  'housing_type',
  'income_bracket',
  'military_status',
  'smoking_status',
  'waist_status',
  'race',
  'education_degree',
  'first_language',
  'second_language',
  'third_language',
  'zone',
  'religion',
];

/** Synthetic persona fields kept when `with_synthetic_personas` is true. */
export const PERSON_PERSONA_FIELDS: readonly string[] = [
  'persona',
  'detailed_persona',
  'professional_persona',
  'career_goals_and_ambitions',
  'cultural_background',
  'arts_persona',
  'culinary_persona',
  'finance_persona',
  'healthcare_persona',
  'sports_persona',
  'travel_persona',
  'hobbies_and_interests',
  'hobbies_and_interests_list',
  'skills_and_expertise',
  'skills_and_expertise_list',
  'openness',
  'conscientiousness',
  'extraversion',
  'agreeableness',
  'neuroticism',
  'aspects',
  'digital_skill',
  'family_persona',
  'religious_persona',
  'religious_background',
  'linguistic_persona',
  'linguistic_background',
];

/** Command the original documents for downloading managed persona datasets. */
export const PERSONA_DOWNLOAD_COMMAND = 'data-designer download personas --locale <locale>';

/** Path of a locale's managed dataset: `<datasetFolder>/<locale>.parquet`. */
export function managedPersonDatasetFile(datasetFolder: string, locale: string): string {
  return path.join(datasetFolder, `${locale}.parquet`);
}

/** Throws PersonSamplerError (with the download command and the Faker alternative) when the dataset is missing. */
export function assertManagedPersonDataset(column: string, datasetFolder: string | undefined, locale: string): string {
  const file = datasetFolder === undefined ? undefined : managedPersonDatasetFile(datasetFolder, locale);
  if (file === undefined || !existsSync(file)) {
    throw new PersonSamplerError(
      `Column '${column}': the managed person dataset for locale '${locale}' is not available${file ? ` (looked for ${file})` : ' (no managed datasets folder configured)'}.`,
      {
        fix: `Download it with \`${PERSONA_DOWNLOAD_COMMAND.replace('<locale>', locale)}\`, or use sampler_type 'person_from_faker' which needs no download.`,
      },
    );
  }
  return file;
}

/** Filters of the managed person sampler. */
export interface ManagedPersonFilters extends PersonFilters {
  locale: string;
  select_field_values?: Record<string, unknown[]> | null;
  with_synthetic_personas?: boolean | null;
}

const EMAIL_DOMAINS: [string, number][] = [
  ['gmail.com', 0.55],
  ['yahoo.com', 0.15],
  ['hotmail.com', 0.1],
  ['outlook.com', 0.1],
  ['aol.com', 0.05],
  ['icloud.com', 0.05],
];

function pickWeighted(random: RandomSource, options: [string, number][]): string {
  let u = random.uniform();
  for (const [value, weight] of options) {
    if (u < weight) return value;
    u -= weight;
  }
  return definedOrThrow(options.at(-1), 'the last weighted option')[0];
}

const slug = (text: unknown): string =>
  String(text ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');

/** Adds birth_date, phone_number, email_address, national_id and orders the record's fields. */
function withDerivedFields(record: Record<string, unknown>, random: RandomSource): Record<string, unknown> {
  const age = Number(record.age);
  const birthDate = generateBirthDate(age, random);
  const adult = age >= 18;
  const enUS = record.locale === 'en_US';
  const first = slug(record.first_name);
  const last = slug(record.last_name);
  const separators = ['', '.', '_'];
  const derived: Record<string, unknown> = {
    birth_date: birthDate,
    phone_number:
      enUS && adult && record.postcode != null
        ? `${random.integer(2, 10)}${random.integer(0, 10)}${random.integer(0, 10)}-${random.integer(2, 10)}${random.integer(10, 100)}-${String(random.integer(0, 10_000)).padStart(4, '0')}`
        : null,
    email_address:
      adult && first && last
        ? `${first}${separators[random.integer(0, 3)]}${last}${random.uniform() < 0.5 ? birthDate.slice(2, 4) : ''}@${pickWeighted(random, EMAIL_DOMAINS)}`
        : null,
    national_id:
      enUS && record.region != null
        ? `${String(random.integer(1, 900)).padStart(3, '0')}-${String(random.integer(1, 100)).padStart(2, '0')}-${String(random.integer(1, 10_000)).padStart(4, '0')}`
        : null,
  };
  const merged: Record<string, unknown> = { ...record, ...derived };
  if (enUS && 'region' in merged && !('state' in record)) {
    merged.state = merged.region;
    delete merged.region;
  }
  const tail = ['state', 'phone_number', 'email_address', 'national_id'];
  const out: Record<string, unknown> = {};
  for (const key of PERSON_PII_FIELDS) if (key in merged && !tail.includes(key)) out[key] = merged[key];
  for (const key of tail) if (key in merged) out[key] = merged[key];
  for (const key of PERSON_PERSONA_FIELDS) if (key in merged) out[key] = merged[key];
  return out;
}

const toPlain = (value: unknown): unknown => (typeof value === 'bigint' ? Number(value) : value);

/**
 * Samples `count` people from a managed dataset file with DuckDB (filters: sex, city, age range,
 * select_field_values), seeded from `random`, and adds the derived fields.
 */
export async function readManagedPeople(
  column: string,
  file: string,
  filters: ManagedPersonFilters,
  count: number,
  random: RandomSource,
): Promise<Record<string, unknown>[]> {
  const evidence: [string, unknown[]][] = [];
  if (filters.sex) evidence.push(['sex', [filters.sex]]);
  if (filters.city) evidence.push(['city', Array.isArray(filters.city) ? filters.city : [filters.city]]);
  for (const [key, values] of Object.entries(filters.select_field_values ?? {})) {
    const field = key === 'state' && filters.locale === 'en_US' ? 'region' : key;
    if (values.length > 0) evidence.push([field, values]);
  }
  const [minAge, maxAge] = filters.age_range ?? DEFAULT_AGE_RANGE;
  const where = [
    `age BETWEEN ${Number(minAge)} AND ${Number(maxAge)}`,
    ...evidence.map(([field, values]) => `"${field.replace(/"/g, '""')}" IN (${values.map(() => '?').join(', ')})`),
  ];
  const sql = `SELECT * FROM read_parquet('${file.replace(/'/g, "''")}') WHERE ${where.join(' AND ')} ORDER BY random() LIMIT ${count}`;
  const instance = await createDuckDBInstance({ threads: '1' });
  const connection = await instance.connect();
  let rows: Record<string, unknown>[];
  try {
    await connection.run(`SELECT setseed(${(random.uint32() / 2 ** 32).toFixed(9)})`);
    const reader = await connection.runAndReadAll(
      sql,
      evidence.flatMap(([, values]) => values.map((v) => (typeof v === 'number' ? v : String(v)))) as (string | number)[],
    );
    rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  } catch (error) {
    throw new PersonSamplerError(`Column '${column}': could not read the managed person dataset ${file}: ${(error as Error).message}.`, {
      cause: error,
      fix: `Check the file, or download it again with \`${PERSONA_DOWNLOAD_COMMAND.replace('<locale>', filters.locale)}\`.`,
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  if (rows.length < count) {
    throw new PersonSamplerError(
      `Column '${column}': only ${rows.length} people could be sampled with the given filters ${JSON.stringify({ sex: filters.sex, city: filters.city, age_range: filters.age_range, ...filters.select_field_values })}, ${count} needed; the filter values are likely too strict.`,
      { fix: 'Person sampling does not support rare combinations of field values; loosen the filters and try again.' },
    );
  }
  const nonNull = new Set<string>();
  for (const row of rows) for (const [key, value] of Object.entries(row)) if (value !== null && value !== undefined) nonNull.add(key);
  return rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (!nonNull.has(key)) continue;
      if (PERSON_PII_FIELDS.includes(key) || (filters.with_synthetic_personas && PERSON_PERSONA_FIELDS.includes(key))) record[key] = toPlain(value);
    }
    record.locale = filters.locale;
    return withDerivedFields(record, random);
  });
}
