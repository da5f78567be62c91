import { Faker, en } from '@faker-js/faker';
import { installFastUuid } from './fast-faker-uuid.js';

describe('installFastUuid', () => {
  test('replaces uuid() and draws the same values as faker-js, interleaved with other draws', () => {
    const plain = new Faker({ locale: [en] });
    const fast = new Faker({ locale: [en] });
    const before = fast.string.uuid;
    installFastUuid(fast);
    expect(fast.string.uuid).not.toBe(before);
    plain.seed(99);
    fast.seed(99);
    for (let i = 0; i < 500; i++) {
      const uuid = fast.string.uuid();
      expect(uuid).toBe(plain.string.uuid());
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(fast.number.int(1000)).toBe(plain.number.int(1000));
    }
  });

  test('calls with options keep faker-js own uuid', () => {
    const plain = new Faker({ locale: [en] });
    const fast = new Faker({ locale: [en] });
    installFastUuid(fast);
    plain.seed(5);
    fast.seed(5);
    const refDate = new Date('2024-01-02T03:04:05Z');
    expect(fast.string.uuid({ version: 7, refDate })).toBe(plain.string.uuid({ version: 7, refDate }));
    expect(fast.string.uuid({ version: 4 })).toBe(plain.string.uuid({ version: 4 }));
  });
});
