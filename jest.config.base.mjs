// Shared jest settings: TypeScript through swc as native ESM (faker 10 is ESM-only).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Builds a package's jest config; workspace imports resolve to sources, not dist. */
export function jestConfig(packageDir) {
  return {
    rootDir: packageDir,
    testEnvironment: 'node',
    setupFiles: [path.join(root, 'scripts/jest-isolated-home.mjs')],
    extensionsToTreatAsEsm: ['.ts'],
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    moduleNameMapper: {
      '^@dd/config$': path.join(root, 'packages/config/src/index.ts'),
      '^@dd/config/core$': path.join(root, 'packages/config/src/core.ts'),
      '^@dd/engine$': path.join(root, 'packages/engine/src/index.ts'),
      '^@dd/engine/testing$': path.join(root, 'packages/engine/src/testing/index.ts'),
      '^@dd/engine/factory$': path.join(root, 'packages/engine/src/factory/index.ts'),
      '^@dd/cli$': path.join(root, 'packages/cli/src/index.ts'),
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'es6' },
        },
      ],
    },
    testTimeout: 60_000,
  };
}
