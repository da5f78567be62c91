import { Faker, allLocales } from '@faker-js/faker';
import { FAKER_LOCALES } from '@dd/config';
import { compileFakerPatterns } from './compile-faker-patterns.js';
import { installFastUuid } from './fast-faker-uuid.js';
import { fakerLocaleChain } from './person-from-faker.js';

const available = Object.keys(allLocales);
const fakerFor = (locale: string): Faker => new Faker({ locale: fakerLocaleChain(locale, available).map((key) => allLocales[key as keyof typeof allLocales]) });

/** What person_from_faker draws, in its order, or the error's presence (a locale may lack data). */
function draws(faker: Faker, count: number): unknown[] {
  const out: unknown[] = [];
  const attempt = (make: () => string): void => {
    try {
      out.push(make());
    } catch {
      out.push(null);
    }
  };
  for (let i = 0; i < count; i++) {
    const sex = i % 2 === 0 ? 'female' : 'male';
    attempt(() => faker.location.city());
    attempt(() => faker.string.uuid());
    attempt(() => faker.person.firstName(sex));
    attempt(() => faker.person.lastName(sex));
    attempt(() => faker.location.buildingNumber());
    attempt(() => faker.location.street());
    attempt(() => faker.location.state());
    attempt(() => faker.location.zipCode());
    attempt(() => faker.location.country());
    attempt(() => faker.person.jobTitle());
    attempt(() => faker.phone.number());
    attempt(() => faker.location.streetAddress(true));
    attempt(() => faker.company.name());
  }
  return out;
}

describe('compiled faker patterns', () => {
  test('draw exactly what faker-js draws, locale by locale', () => {
    for (const locale of FAKER_LOCALES) {
      const plain = fakerFor(locale);
      const compiled = fakerFor(locale);
      compileFakerPatterns(compiled);
      installFastUuid(compiled);
      plain.seed(17);
      compiled.seed(17);
      expect({ locale, draws: draws(compiled, 60) }).toEqual({ locale, draws: draws(plain, 60) });
    }
  });

  test('patterns outside the plain form and values holding braces go through faker-js', () => {
    const plain = fakerFor('en_US');
    const compiled = fakerFor('en_US');
    compileFakerPatterns(compiled);
    const patterns = [
      '{{person.firstName}} {{location.street_suffix}}',
      'no tokens',
      '{{number.int({"min": 1, "max": 9})}} items',
      '{ {{person.lastName}} }',
      '{{person.first_name.generic}}-{{location.city_suffix}}',
      ['{{location.city_prefix}} {{person.firstName}}', '{{person.lastName}}{{location.city_suffix}}'],
    ];
    plain.seed(3);
    compiled.seed(3);
    for (let round = 0; round < 20; round++) for (const pattern of patterns) expect(compiled.helpers.fake(pattern)).toBe(plain.helpers.fake(pattern));
    expect(() => compiled.helpers.fake('{{person.no_such_thing}}')).toThrow(/Cannot resolve expression 'person.no_such_thing'/);
  });
});
