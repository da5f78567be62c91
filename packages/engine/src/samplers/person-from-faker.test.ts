import { isDeepStrictEqual } from 'node:util';
import { Faker, allLocales } from '@faker-js/faker';
import { FAKER_LOCALES } from '@dd/config';
import { FAKER_JS_LOCALES, fakerLocaleChain, fakerLocaleModule } from './person-from-faker.js';

const available = Object.keys(allLocales);
const definitionsOfChain = (locale: string) =>
  new Faker({ locale: fakerLocaleChain(locale, available).map((key) => allLocales[key as keyof typeof allLocales]) }).rawDefinitions;

describe('faker-js locale loading', () => {
  test('the static locale list is the installed faker-js list', () => {
    expect([...FAKER_JS_LOCALES].sort()).toEqual([...available].sort());
  });

  test('every Python locale but none of the exceptions loads through a faker-js locale module', () => {
    for (const locale of FAKER_LOCALES) expect(fakerLocaleModule(locale)).toBeDefined();
    expect(fakerLocaleModule('en_AU_ocker')).toBeUndefined();
    expect(fakerLocaleModule('base')).toBeUndefined();
  });

  test('a locale module merges exactly the definitions of the chain it stands for', async () => {
    for (const locale of FAKER_LOCALES) {
      const name = fakerLocaleModule(locale) as string;
      const { faker } = (await import(`@faker-js/faker/locale/${name}`)) as { faker: Faker };
      expect({ locale, same: isDeepStrictEqual(faker.rawDefinitions, definitionsOfChain(locale)) }).toEqual({ locale, same: true });
      // The same instance a run builds from that module draws the same values as one built from the chain.
      const own = new Faker({ locale: [faker.rawDefinitions] });
      const reference = new Faker({ locale: fakerLocaleChain(locale, available).map((key) => allLocales[key as keyof typeof allLocales]) });
      own.seed(11);
      reference.seed(11);
      const draw = (f: Faker) => [f.person.firstName(), f.location.city(), f.location.street(), f.person.jobTitle(), f.phone.number(), f.string.uuid()];
      expect(draw(own)).toEqual(draw(reference));
    }
  });
});
