import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { jestConfig } from '../../jest.config.base.mjs';

/** Only the headless-Chromium tests (`*.chromium.test.ts`); run by `npm run test:browser`. */
const base = jestConfig(path.dirname(fileURLToPath(import.meta.url)));
export default { ...base, testMatch: ['**/*.chromium.test.ts'] };
