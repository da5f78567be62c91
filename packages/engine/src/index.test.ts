import { faker } from '@faker-js/faker';
import { ENGINE_DEPENDS_ON } from './index.js';
it('loads faker as ESM and the config package', () => {
  expect(ENGINE_DEPENDS_ON).toBe('@dd/config');
  faker.seed(1);
  expect(typeof faker.person.firstName()).toBe('string');
});
