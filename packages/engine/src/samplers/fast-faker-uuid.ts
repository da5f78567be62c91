import type { Faker } from '@faker-js/faker';

const HEX = '0123456789abcdef';

/** faker-js's random source, when this version of it exposes one (`fakerCore.randomizer.next()`). */
function randomizerOf(faker: Faker): { next(): number } | undefined {
  const core = (faker as unknown as { fakerCore?: { randomizer?: { next?: unknown } } }).fakerCore;
  const randomizer = core?.randomizer;
  return typeof randomizer?.next === 'function' ? (randomizer as { next(): number }) : undefined;
}

/**
 * Makes `faker.string.uuid()` (version 4, no options) of this instance draw its 31 hex digits in one
 * loop instead of one `number.hex` call (options object, checks, `toString(16)`) per digit through
 * two `replaceAll` callbacks: the same draws from the same random source in the same order, so the
 * same values (a test compares every locale), ~3× cheaper. Calls with options, and faker-js versions
 * without a reachable random source, keep faker-js's own. The instance must be private to the caller.
 */
export function installFastUuid(faker: Faker): void {
  const randomizer = randomizerOf(faker);
  if (randomizer === undefined) return;
  const strings = faker.string;
  const original = strings.uuid.bind(strings);
  const digits = (count: number): string => {
    let out = '';
    for (let index = 0; index < count; index++) out += HEX[Math.floor(randomizer.next() * 16)];
    return out;
  };
  strings.uuid = ((options?: Parameters<Faker['string']['uuid']>[0]): string => {
    if (options !== undefined) return original(options);
    // 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx': every x first (left to right), then the y (8 to b).
    const head = digits(8);
    const second = digits(4);
    const third = digits(3);
    const fourth = digits(3);
    const last = digits(12);
    const variant = HEX[Math.floor(randomizer.next() * 4 + 8)];
    return `${head}-${second}-4${third}-${variant}${fourth}-${last}`;
  }) as typeof strings.uuid;
}
