import { definedOrThrow } from '@dd/config';
import type { RandomSource } from './create-random-source.js';
import { prefetchFakerFields, startFakerFields } from './faker-fields-worker.js';
import type { FakerFieldsRequest, FakerSource } from './faker-fields.js';
import { generateBirthDate } from './generate-birth-date.js';
import { withPendingFill } from './pending-fill.js';

/** Filters shared by both person samplers. */
export interface PersonFilters {
  sex?: string | null;
  city?: string | string[] | null;
  age_range?: readonly number[] | null;
}

const SEXES = ['Male', 'Female'] as const;
const MARITAL_STATUS = ['married_present', 'divorced', 'never_married', 'separated', 'widowed'];
const EDUCATION_LEVEL = ['secondary_education', 'some_college', 'bachelors', 'associates', 'graduate', 'doctorate'];
const COLLEGE_LEVEL = ['bachelors', 'graduate', 'doctorate'];
const BACHELORS = ['stem', 'business', 'education', 'arts_humanities', 'stem_related'];
/** Default `age_range` of the person samplers. */
export const DEFAULT_AGE_RANGE: readonly [number, number] = [18, 114];

/** Python Faker locales whose faker-js data lives under another name. */
const LOCALE_ALIASES: Record<string, string> = {
  dk_DK: 'da',
  no_NO: 'nb_NO',
  tw_GH: 'en_GH',
  fil_PH: 'en',
  tl_PH: 'en',
  en_PH: 'en',
  en_BD: 'bn_BD',
  en_NZ: 'en_AU',
  en_TH: 'th',
  hi_IN: 'en_IN',
  or_IN: 'en_IN',
  ne_NP: 'ne',
  la: 'en',
  th_TH: 'th',
};

/**
 * The locales of `@faker-js/faker` (`Object.keys(allLocales)`; a test keeps this list equal to the
 * installed version's), known without importing the package's main entry, which loads every locale
 * (~0.1 s at start-up).
 */
export const FAKER_JS_LOCALES: readonly string[] = (
  'af_ZA ar az base bn_BD cs_CZ cy da de de_AT de_CH dv el en en_AU en_AU_ocker en_BORK en_CA en_GB en_GH en_HK en_IE en_IN en_NG en_NP en_US en_ZA eo es es_MX fa fi fr fr_BE fr_CA fr_CH fr_LU fr_SN he hr ' +
  'hu hy id_ID it ja ka_GE ko ku_ckb ku_kmr_latin lv mk mn_MN_cyrl nb_NO ne nl nl_BE pl pt_BR pt_PT ro ro_MD ru sk sl_SI sr_RS_latin sv ta_IN th tr uk ur uz_UZ_latin vi yo_NG zh_CN zh_TW zu_ZA'
).split(' ');

/**
 * faker-js locales whose own `@faker-js/faker/locale/<name>` instance does not merge the same
 * definitions as `fakerLocaleChain(name)` (a test checks every other locale).
 */
const OWN_CHAIN_DIFFERS: ReadonlySet<string> = new Set(['base', 'en_AU_ocker']);

/** The faker-js locale chain for a Python Faker locale: exact, alias, language, then `en`, `base`. */
export function fakerLocaleChain(locale: string, available: readonly string[] = FAKER_JS_LOCALES): string[] {
  const language = locale.split('_')[0];
  const candidates = [locale, LOCALE_ALIASES[locale], language, 'en', 'base'];
  return [...new Set(candidates.filter((c): c is string => c !== undefined && available.includes(c)))];
}

/**
 * The faker-js locale whose own module (`@faker-js/faker/locale/<name>`) merges exactly the
 * definitions of the chain of `locale`, or undefined when there is none (then the chain is built
 * from `allLocales`).
 */
export function fakerLocaleModule(locale: string): string | undefined {
  const chain = fakerLocaleChain(locale);
  const first = chain[0];
  if (first === undefined || OWN_CHAIN_DIFFERS.has(first)) return undefined;
  const own = fakerLocaleChain(first);
  return own.length === chain.length && own.every((name, index) => name === chain[index]) ? first : undefined;
}

/** The faker-js data of a Python locale: its own locale module where one merges the chain, else the chain. */
export function fakerSource(locale: string): FakerSource {
  const own = fakerLocaleModule(locale);
  return own !== undefined ? { module: own } : { chain: fakerLocaleChain(locale) };
}

/**
 * The random-source part of `count` person records (sex, age, education, dates…; the original's
 * field names and order, faker fields null) and the faker request for the rest.
 */
function drawPeople(
  locale: string,
  filters: PersonFilters,
  count: number,
  random: RandomSource,
): { people: Record<string, unknown>[]; request: FakerFieldsRequest } {
  const seed = random.uint32();
  const pick = <T>(values: readonly T[]): T => definedOrThrow(values[random.integer(0, values.length)], 'a value drawn from a non-empty list');
  const [minAge = DEFAULT_AGE_RANGE[0], maxAge = DEFAULT_AGE_RANGE[1]] = filters.age_range ?? DEFAULT_AGE_RANGE;
  const today = new Date(); // once per batch, not once per person (generateBirthDate's default)
  const cityFromFaker = filters.city === null || filters.city === undefined;
  const female = new Uint8Array(count);
  const phone = new Uint8Array(count);
  const people: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const sex = filters.sex === 'Male' || filters.sex === 'Female' ? filters.sex : pick(SEXES);
    const city = Array.isArray(filters.city) ? pick(filters.city) : (filters.city ?? null);
    const age = random.integer(minAge, maxAge + 1);
    const education = pick(EDUCATION_LEVEL);
    female[i] = sex === 'Female' ? 1 : 0;
    phone[i] = age >= 18 ? 1 : 0;
    // Every key now, in the original's order; the faker fields (null here) are assigned in place.
    people.push({
      uuid: null,
      locale,
      first_name: null,
      last_name: null,
      middle_name: null,
      sex,
      street_number: null,
      street_name: null,
      city,
      state: null,
      postcode: null,
      age,
      birth_date: generateBirthDate(age, random, today),
      country: null,
      marital_status: pick(MARITAL_STATUS),
      education_level: education,
      unit: '',
      occupation: null,
      phone_number: null,
      bachelors_field: COLLEGE_LEVEL.includes(education) ? pick(BACHELORS) : 'no_degree',
    });
  }
  return { people, request: { seed, female, cityFromFaker, phone } };
}

/**
 * `count` Faker-based person records (the original's field names and order) for a Python Faker
 * locale; deterministic for a given random source. This thread draws the random source's values
 * and the faker seed at once; faker-js draws names, address, job and phone (in a worker thread for
 * large batches, see startFakerFields) and they are filled into the records in place: until then
 * the result is marked with `withPendingFill`.
 */
export function sampleFakerPeople(locale: string, filters: PersonFilters, count: number, random: RandomSource): Record<string, unknown>[] {
  const { people, request } = drawPeople(locale, filters, count, random);
  const job = startFakerFields(fakerSource(locale), request);
  const ready = job.fields.then((fields) => {
    people.forEach((person, i) => {
      person.uuid = fields.uuid[i];
      person.first_name = fields.firstName[i];
      person.last_name = fields.lastName[i];
      person.street_number = fields.buildingNumber[i];
      person.street_name = fields.street[i];
      if (fields.city !== null) person.city = fields.city[i];
      person.state = fields.state[i];
      person.postcode = fields.zipCode[i];
      person.country = fields.country[i];
      person.occupation = fields.jobTitle[i];
      person.phone_number = fields.phone[i];
    });
  });
  return withPendingFill(people, { ready, hurry: () => job.hurry() });
}

/**
 * Starts the faker draws `sampleFakerPeople` will ask for with the same arguments (a later row
 * group's random source), so the worker has them ready by then.
 */
export function prefetchFakerPeople(locale: string, filters: PersonFilters, count: number, random: RandomSource): void {
  prefetchFakerFields(fakerSource(locale), drawPeople(locale, filters, count, random).request);
}
