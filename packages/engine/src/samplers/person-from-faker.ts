import type { Faker as FakerInstance } from '@faker-js/faker';
import { definedOrThrow } from '@dd/config';
import { compileFakerPatterns } from './compile-faker-patterns.js';
import { installFastUuid } from './fast-faker-uuid.js';
import type { RandomSource } from './create-random-source.js';
import { generateBirthDate } from './generate-birth-date.js';

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

type FakerModule = typeof import('@faker-js/faker');
type FakerClass = FakerModule['Faker'];
let fakerModule: Promise<FakerModule> | undefined;
const fakers = new Map<string, Promise<FakerInstance>>();

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

/**
 * A Faker of its own for a Python locale. Where faker-js ships a module with the same locale
 * chain, only that module's locales are loaded (its instance's merged definitions seed a new
 * instance, so seeding ours never moves the shared one); otherwise the main entry is imported.
 */
async function createFaker(locale: string): Promise<FakerInstance> {
  const own = fakerLocaleModule(locale);
  if (own !== undefined) {
    const { faker: shared } = (await import(`@faker-js/faker/locale/${own}`)) as { faker: FakerInstance };
    const OwnFaker = shared.constructor as FakerClass;
    return withCompiledPatterns(new OwnFaker({ locale: [shared.rawDefinitions] }));
  }
  fakerModule ??= import('@faker-js/faker');
  const { Faker, allLocales } = await fakerModule;
  const chain = fakerLocaleChain(locale, Object.keys(allLocales)).map((key) => allLocales[key as keyof typeof allLocales]);
  return withCompiledPatterns(new Faker({ locale: chain }));
}

/** The instance, its `helpers.fake` compiled and its `string.uuid` in one loop (same draws and values, ~2× cheaper person records). */
function withCompiledPatterns(faker: FakerInstance): FakerInstance {
  compileFakerPatterns(faker);
  installFastUuid(faker);
  return faker;
}

function loadFaker(locale: string): Promise<FakerInstance> {
  let faker = fakers.get(locale);
  if (faker === undefined) {
    faker = createFaker(locale);
    fakers.set(locale, faker);
    faker.catch(() => fakers.delete(locale));
  }
  return faker;
}

const orNull = (make: () => string): string | null => {
  try {
    return make();
  } catch {
    return null;
  }
};

/**
 * Generates `count` Faker-based person records (the original's field names and order) for a
 * Python Faker locale; deterministic for a given random source.
 */
export async function generateFakerPeople(locale: string, filters: PersonFilters, count: number, random: RandomSource): Promise<Record<string, unknown>[]> {
  const faker = await loadFaker(locale);
  // Synchronous from here on: seeding and drawing cannot interleave with another batch.
  faker.seed(random.uint32());
  const pick = <T>(values: readonly T[]): T => definedOrThrow(values[random.integer(0, values.length)], 'a value drawn from a non-empty list');
  const [minAge = DEFAULT_AGE_RANGE[0], maxAge = DEFAULT_AGE_RANGE[1]] = filters.age_range ?? DEFAULT_AGE_RANGE;
  const today = new Date(); // once per batch, not once per person (generateBirthDate's default)
  const people: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const sex = filters.sex === 'Male' || filters.sex === 'Female' ? filters.sex : pick(SEXES);
    const fakerSex = sex === 'Male' ? 'male' : 'female';
    const city =
      filters.city === null || filters.city === undefined
        ? orNull(() => faker.location.city())
        : Array.isArray(filters.city)
          ? pick(filters.city)
          : filters.city;
    const age = random.integer(minAge, maxAge + 1);
    const education = pick(EDUCATION_LEVEL);
    people.push({
      uuid: faker.string.uuid(),
      locale,
      first_name: orNull(() => faker.person.firstName(fakerSex)),
      last_name: orNull(() => faker.person.lastName(fakerSex)),
      middle_name: null,
      sex,
      street_number: orNull(() => faker.location.buildingNumber()),
      street_name: orNull(() => faker.location.street()),
      city,
      state: orNull(() => faker.location.state()),
      postcode: orNull(() => faker.location.zipCode()),
      age,
      birth_date: generateBirthDate(age, random, today),
      country: orNull(() => faker.location.country()),
      marital_status: pick(MARITAL_STATUS),
      education_level: education,
      unit: '',
      occupation: orNull(() => faker.person.jobTitle()),
      phone_number: age >= 18 ? orNull(() => faker.phone.number()) : null,
      bachelors_field: COLLEGE_LEVEL.includes(education) ? pick(BACHELORS) : 'no_degree',
    });
  }
  return people;
}
