import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { jestConfig } from '../../jest.config.base.mjs';

const base = jestConfig(path.dirname(fileURLToPath(import.meta.url)));
// The headless-Chromium report test needs Debian's chromium package (apt), which CI machines that
// only reach the npm registry cannot install: it runs with `npm run test:browser` instead
// (jest.browser.config.mjs), never silently skipped.
export default { ...base, testPathIgnorePatterns: [...(base.testPathIgnorePatterns ?? ['/node_modules/']), '\\.chromium\\.test\\.ts$'] };
