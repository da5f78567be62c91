import { createScipySampler } from './scipy-distributions.js';
import type { RandomSource } from './create-random-source.js';
import { validateConvertTo, type ConversionFamily } from './convert-sampler-values.js';
import { parseDatetime } from './parse-datetime.js';
import { generateFakerPeople, type PersonFilters } from './person-from-faker.js';
import { assertManagedPersonDataset, MANAGED_PERSON_LOCALES, PERSON_PERSONA_FIELDS, PERSON_PII_FIELDS, readManagedPeople } from './managed-person-dataset.js';
import type { SamplerColumnConfig } from '@dd/config';
import { SamplerConfigurationError, SamplerGenerationError } from './sampler-errors.js';

/** Read access to the row group being generated, for samplers that depend on other columns. */
export interface SampleState {
  /** Current value of `column` in row `row`: a sampler's internal value, else the input row's value. */
  value(column: string, row: number): unknown;
  /** True when `column` is a datetime/timedelta sampler column (its internal values are epoch seconds). */
  isDatetimeSampler(column: string): boolean;
}

/** Draws one value for each listed row index (in order). */
export type BoundSampler = (rows: readonly number[], state: SampleState) => unknown[] | Promise<unknown[]>;

/** One checked params object (default or conditional), ready to be bound to a row group's random source. */
export interface CompiledParams {
  bind(random: RandomSource): BoundSampler;
  /** Sampler columns these params read (subcategory parent, timedelta reference). */
  readonly dependencies: readonly string[];
  /** Every value a category sampler can produce (for subcategory coverage checks). */
  readonly categoryValues?: readonly unknown[];
}

/** A checked sampler column: conversion family, default params and conditional params in map order. */
export interface ColumnSampler {
  readonly name: string;
  readonly samplerType: string;
  readonly family: ConversionFamily;
  readonly convertTo: string | null;
  readonly decimalPlaces: number | null;
  readonly defaultParams: CompiledParams;
  readonly conditions: readonly { expression: string; params: CompiledParams }[];
}

/** Sampler types this engine supports. */
export const SAMPLER_TYPES: readonly string[] = [
  'category',
  'subcategory',
  'uniform',
  'gaussian',
  'bernoulli',
  'bernoulli_mixture',
  'binomial',
  'poisson',
  'scipy',
  'uuid',
  'datetime',
  'timedelta',
  'person',
  'person_from_faker',
];

const FAMILY: Record<string, ConversionFamily> = {
  datetime: 'datetime',
  timedelta: 'datetime',
  uuid: 'passthrough',
  person: 'passthrough',
  person_from_faker: 'passthrough',
};

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Two lowercase hex digits of a byte (0-255). */
const hexByte = (byte: number): string => HEX_BYTES[byte] ?? '00';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, D: 86_400 };

/** Helper reading typed fields from a params object with column-specific errors. */
class ParamsReader {
  constructor(
    readonly column: string,
    readonly type: string,
    readonly params: Record<string, unknown>,
  ) {}

  fail(message: string, fix: string): never {
    throw new SamplerConfigurationError(`Column '${this.column}' (${this.type} sampler): ${message}.`, { fix });
  }

  number(key: string, options: { integer?: boolean; min?: number; max?: number; optional?: boolean } = {}): number {
    const value = this.params[key];
    if ((value === undefined || value === null) && options.optional) return Number.NaN;
    if (typeof value !== 'number' || Number.isNaN(value) || (options.integer && !Number.isInteger(value))) {
      this.fail(
        `'${key}' must be ${options.integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`,
        `Set '${key}' to a ${options.integer ? 'whole ' : ''}number.`,
      );
    }
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
      this.fail(
        `'${key}' = ${value} is outside [${options.min ?? '-inf'}, ${options.max ?? 'inf'}]`,
        `Choose '${key}' within [${options.min ?? '-inf'}, ${options.max ?? 'inf'}].`,
      );
    }
    return value;
  }

  string(key: string, optional = false): string {
    const value = this.params[key];
    if ((value === undefined || value === null) && optional) return '';
    if (typeof value !== 'string') this.fail(`'${key}' must be a string, got ${JSON.stringify(value)}`, `Set '${key}' to a string.`);
    return value;
  }

  decimalPlaces(): number | null {
    const value = this.params.decimal_places;
    if (value === undefined || value === null) return null;
    return this.number('decimal_places', { integer: true });
  }
}

/** Numpy turns mixed string/number lists into strings; do the same. */
function normaliseChoices(values: readonly unknown[]): unknown[] {
  const hasString = values.some((v) => typeof v === 'string');
  const hasOther = values.some((v) => typeof v !== 'string');
  return hasString && hasOther ? values.map((v) => String(v)) : [...values];
}

function sampleEach(draw: () => unknown): BoundSampler {
  return (rows) => {
    const out = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = draw();
    return out;
  };
}

function truncateToUnit(seconds: number, unit: string): number {
  if (unit === 'Y' || unit === 'M') {
    const d = new Date(seconds * 1000);
    return Date.UTC(d.getUTCFullYear(), unit === 'Y' ? 0 : d.getUTCMonth(), 1) / 1000;
  }
  const size = UNIT_SECONDS[unit] ?? 1;
  return Math.floor(seconds / size) * size;
}

function readPersonFilters(reader: ParamsReader): PersonFilters {
  const { params } = reader;
  const sex = params.sex ?? null;
  if (sex !== null && sex !== 'Male' && sex !== 'Female')
    reader.fail(`'sex' must be 'Male' or 'Female', got ${JSON.stringify(sex)}`, "Use 'Male', 'Female' or leave it unset.");
  const city = params.city ?? null;
  if (city !== null && typeof city !== 'string' && !(Array.isArray(city) && city.every((c) => typeof c === 'string') && city.length > 0)) {
    reader.fail(`'city' must be a string or a non-empty list of strings, got ${JSON.stringify(city)}`, 'Pass a city name or a list of city names.');
  }
  const ageRange = params.age_range ?? [18, 114];
  if (
    !Array.isArray(ageRange) ||
    ageRange.length !== 2 ||
    !ageRange.every((a) => Number.isInteger(a)) ||
    ageRange[0] < 0 ||
    ageRange[1] > 114 ||
    ageRange[0] >= ageRange[1]
  ) {
    reader.fail(`'age_range' ${JSON.stringify(ageRange)} is invalid`, 'Use two integers [min, max] with 0 <= min < max <= 114.');
  }
  return { sex: sex as string | null, city: city as string | string[] | null, age_range: ageRange as number[] };
}

function compileParams(column: SamplerColumnConfig, type: string, params: Record<string, unknown>, personDatasetPath: string | undefined): CompiledParams {
  const r: ParamsReader = new ParamsReader(column.name, type, params);
  const simple = (bind: (random: RandomSource) => BoundSampler): CompiledParams => ({ bind, dependencies: [] });
  switch (type) {
    case 'category': {
      const values = params.values;
      if (!Array.isArray(values) || values.length === 0)
        r.fail(`'values' must be a non-empty list, got ${JSON.stringify(values)}`, 'List at least one category value.');
      const choices = normaliseChoices(values);
      let weights: number[] | null = null;
      if (params.weights !== undefined && params.weights !== null) {
        const raw = params.weights;
        if (!Array.isArray(raw) || !raw.every((w) => typeof w === 'number' && w >= 0))
          r.fail(`'weights' must be a list of non-negative numbers, got ${JSON.stringify(raw)}`, 'Give one non-negative weight per value.');
        if (raw.length !== choices.length)
          r.fail(`'values' (${choices.length}) and 'weights' (${raw.length}) must have the same length`, 'Give exactly one weight per value.');
        const total = (raw as number[]).reduce((a, b) => a + b, 0);
        if (!(total > 0)) r.fail(`'weights' ${JSON.stringify(raw)} must sum to a non-zero value`, 'Give at least one positive weight.');
        let acc = 0;
        weights = (raw as number[]).map((w) => (acc += w / total));
      }
      const cumulative = weights;
      return {
        dependencies: [],
        categoryValues: choices,
        bind: (random) =>
          cumulative === null
            ? sampleEach(() => choices[random.integer(0, choices.length)])
            : sampleEach(() => {
                const u = random.uniform();
                let lo = 0;
                let hi = cumulative.length - 1;
                while (lo < hi) {
                  const mid = (lo + hi) >> 1;
                  if (u < (cumulative[mid] ?? Number.POSITIVE_INFINITY)) hi = mid;
                  else lo = mid + 1;
                }
                return choices[lo];
              }),
      };
    }
    case 'subcategory': {
      const parent = r.string('category');
      const map = params.values;
      if (typeof map !== 'object' || map === null || Array.isArray(map))
        r.fail(`'values' must map each '${parent}' value to a list, got ${JSON.stringify(map)}`, `Map every value of '${parent}' to a non-empty list.`);
      const lists = new Map<string, unknown[]>();
      for (const [key, list] of Object.entries(map as Record<string, unknown>)) {
        if (!Array.isArray(list) || list.length === 0)
          r.fail(`the list for '${parent}' value '${key}' must be non-empty, got ${JSON.stringify(list)}`, `Give at least one subcategory for '${key}'.`);
        lists.set(key, normaliseChoices(list));
      }
      return {
        dependencies: [parent],
        categoryValues: [...lists.keys()],
        bind: (random) => (rows, state) =>
          rows.map((row) => {
            const parentValue = state.value(parent, row);
            const list = lists.get(String(parentValue));
            if (list === undefined) {
              throw new SamplerGenerationError(`Column '${column.name}': no subcategories for '${parent}' value ${JSON.stringify(parentValue)}.`, {
                fix: `Add a '${String(parentValue)}' key to the 'values' of '${column.name}'.`,
              });
            }
            return list[random.integer(0, list.length)];
          }),
      };
    }
    case 'uniform': {
      const low = r.number('low');
      const high = r.number('high');
      return simple((random) => sampleEach(() => low + (high - low) * random.uniform()));
    }
    case 'gaussian': {
      const mean = r.number('mean');
      const stddev = r.number('stddev', { min: 0 });
      return simple((random) => {
        if (stddev === 0) return sampleEach(() => mean);
        const normal = random.distribution('normal');
        return sampleEach(() => normal(mean, stddev));
      });
    }
    case 'bernoulli': {
      const p = r.number('p', { min: 0, max: 1 });
      return simple((random) => sampleEach(() => (random.uniform() < p ? 1 : 0)));
    }
    case 'bernoulli_mixture': {
      const p = r.number('p', { min: 0, max: 1 });
      const dist = createScipySampler(column.name, params.dist_name, params.dist_params);
      return simple((random) => {
        const draw = dist.bind(random);
        return sampleEach(() => {
          const keep = random.uniform() < p;
          const value = draw();
          return keep ? value : 0;
        });
      });
    }
    case 'binomial': {
      const n = r.number('n', { integer: true, min: 0 });
      const p = r.number('p', { min: 0, max: 1 });
      return simple((random) => {
        const binomial = random.distribution('binomial');
        return sampleEach(() => (n === 0 ? 0 : binomial(n, p)));
      });
    }
    case 'poisson': {
      const mean = r.number('mean', { min: 0 });
      return simple((random) => {
        const poisson = random.distribution('poisson');
        return sampleEach(() => (mean === 0 ? 0 : poisson(mean)));
      });
    }
    case 'scipy': {
      const dist = createScipySampler(column.name, params.dist_name, params.dist_params);
      return simple((random) => sampleEach(dist.bind(random)));
    }
    case 'uuid': {
      const prefix = r.string('prefix', true);
      const short = params.short_form === true;
      const upper = params.uppercase === true;
      return simple((random) => {
        const seen = new Set<string>();
        const word = (w: number): string => hexByte(w >>> 24) + hexByte((w >>> 16) & 255) + hexByte((w >>> 8) & 255) + hexByte(w & 255);
        // uuid4 layout: version nibble 4 (13th hex digit), variant 8..b (17th hex digit).
        const hex = (): string =>
          short
            ? word(random.uint32())
            : word(random.uint32()) + word((random.uint32() & 0xffff0fff) | 0x4000) + word((random.uint32() & 0x3fffffff) | 0x80000000) + word(random.uint32());
        return sampleEach(() => {
          for (;;) {
            let id = hex();
            if (upper) id = id.toUpperCase();
            id = prefix + id;
            if (!seen.has(id)) {
              seen.add(id);
              return id;
            }
          }
        });
      });
    }
    case 'datetime': {
      const start = parseDatetime(params.start);
      const end = parseDatetime(params.end);
      if (start === null)
        r.fail(`invalid datetime format: ${JSON.stringify(params.start)} for 'start'`, "Use a date such as '2024-01-01' or '2024-01-01 10:00:00'.");
      if (end === null) r.fail(`invalid datetime format: ${JSON.stringify(params.end)} for 'end'`, "Use a date such as '2024-12-31' or '2024-12-31 23:59:59'.");
      if (start >= end)
        r.fail(
          `'start' (${String(params.start)}) must be before 'end' (${String(params.end)})`,
          "Swap 'start' and 'end' or widen the range (end is exclusive).",
        );
      const unit = params.unit === undefined || params.unit === null ? 'D' : params.unit;
      if (typeof unit !== 'string' || !['Y', 'M', 'D', 'h', 'm', 's'].includes(unit))
        r.fail(`'unit' must be one of Y, M, D, h, m, s, got ${JSON.stringify(unit)}`, "Use 'D' for days (default), or Y, M, h, m, s.");
      return simple((random) => sampleEach(() => truncateToUnit(random.integer(start, end), unit)));
    }
    case 'timedelta': {
      const dtMin = r.number('dt_min', { integer: true, min: 0 });
      const dtMax = r.number('dt_max', { integer: true, min: 1 });
      if (dtMin >= dtMax) r.fail(`'dt_min' (${dtMin}) must be less than 'dt_max' (${dtMax})`, "Make 'dt_min' smaller than 'dt_max' (dt_max is exclusive).");
      const reference = r.string('reference_column_name');
      const unit = params.unit === undefined || params.unit === null ? 'D' : params.unit;
      const size = typeof unit === 'string' && Object.hasOwn(UNIT_SECONDS, unit) ? UNIT_SECONDS[unit] : undefined;
      if (size === undefined) r.fail(`'unit' must be one of D, h, m, s, got ${JSON.stringify(unit)}`, "Use 'D' for days (default), or h, m, s.");
      return {
        dependencies: [reference],
        bind: (random) => (rows, state) => {
          const fromSampler = state.isDatetimeSampler(reference);
          return rows.map((row) => {
            const raw = state.value(reference, row);
            const base = fromSampler ? (raw as number) : parseDatetime(raw);
            const offset = random.integer(dtMin, dtMax) * size;
            return typeof base === 'number' && Number.isFinite(base) ? base + offset : null;
          });
        },
      };
    }
    case 'person_from_faker': {
      const locale = params.locale === undefined || params.locale === null ? 'en_US' : r.string('locale');
      const filters = readPersonFilters(r);
      return simple((random) => (rows) => generateFakerPeople(locale, filters, rows.length, random));
    }
    case 'person': {
      const locale = params.locale === undefined || params.locale === null ? 'en_US' : r.string('locale');
      if (!MANAGED_PERSON_LOCALES.includes(locale))
        r.fail(`locale '${locale}' has no managed person dataset`, `Use one of ${MANAGED_PERSON_LOCALES.join(', ')}, or sampler_type 'person_from_faker'.`);
      const filters = readPersonFilters(r);
      const select = params.select_field_values ?? null;
      if (select !== null) {
        if (typeof select !== 'object' || Array.isArray(select))
          r.fail(`'select_field_values' must map field names to lists, got ${JSON.stringify(select)}`, 'Use e.g. {"state": ["NY", "CA"]}.');
        for (const [key, values] of Object.entries(select as Record<string, unknown>)) {
          const field = key === 'state' && locale === 'en_US' ? 'region' : key;
          if (!PERSON_PII_FIELDS.includes(field) && !PERSON_PERSONA_FIELDS.includes(field))
            r.fail(`invalid field name '${key}' in 'select_field_values'`, `Use person fields such as ${PERSON_PII_FIELDS.slice(1, 12).join(', ')}.`);
          if (!Array.isArray(values)) r.fail(`'select_field_values.${key}' must be a list, got ${JSON.stringify(values)}`, `Use e.g. {"${key}": [...]}.`);
        }
      }
      const file = assertManagedPersonDataset(column.name, personDatasetPath, locale);
      const managed = {
        ...filters,
        locale,
        select_field_values: select as Record<string, unknown[]> | null,
        with_synthetic_personas: params.with_synthetic_personas === true,
      };
      return simple((random) => (rows) => readManagedPeople(column.name, file, managed, rows.length, random));
    }
    default:
      throw new SamplerConfigurationError(`Column '${column.name}': unknown sampler_type '${type}'.`, { fix: `Use one of: ${SAMPLER_TYPES.join(', ')}.` });
  }
}

/** Checks one sampler column (params, conditional params, convert_to) and compiles its samplers. */
export function createColumnSampler(column: SamplerColumnConfig, personDatasetPath?: string): ColumnSampler {
  const type = column.sampler_type;
  if (!SAMPLER_TYPES.includes(type)) {
    throw new SamplerConfigurationError(`Column '${column.name}': unknown sampler_type '${type}'.`, { fix: `Use one of: ${SAMPLER_TYPES.join(', ')}.` });
  }
  const check = (params: unknown, where: string): Record<string, unknown> => {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new SamplerConfigurationError(`Column '${column.name}': ${where} must be an object, got ${JSON.stringify(params)}.`, {
        fix: `Give ${where} as a mapping of ${type} parameters.`,
      });
    }
    const declared = (params as Record<string, unknown>).sampler_type;
    if (declared !== undefined && declared !== null && declared !== type) {
      throw new SamplerConfigurationError(
        `Column '${column.name}': ${where} declare sampler_type '${String(declared)}' but the column is a '${type}' sampler.`,
        {
          fix: `Remove sampler_type from ${where} or make it '${type}'.`,
        },
      );
    }
    return params as Record<string, unknown>;
  };
  const family = FAMILY[type] ?? 'typed';
  validateConvertTo(column.name, family, column.convert_to);
  const defaultRaw = check(column.params ?? {}, 'params');
  const defaultParams = compileParams(column, type, defaultRaw, personDatasetPath);
  const conditions = Object.entries(column.conditional_params ?? {}).map(([expression, params]) => ({
    expression,
    params: compileParams(column, type, check(params, `conditional_params['${expression}']`), personDatasetPath),
  }));
  const decimalPlaces = new ParamsReader(column.name, type, defaultRaw).decimalPlaces();
  return {
    name: column.name,
    samplerType: type,
    family,
    convertTo: column.convert_to ?? null,
    decimalPlaces: family === 'typed' ? decimalPlaces : null,
    defaultParams,
    conditions,
  };
}
