import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { DataDesignerError } from '@dd/config';
import { importOptionalPackages, MissingOptionalPackageError } from './import-optional-packages.js';

describe('importOptionalPackages', () => {
  it('returns what the loader loads when the packages are installed', async () => {
    const loaded = await importOptionalPackages('YAML', ['yaml'], () => import('yaml'));
    expect(typeof loaded.parse).toBe('function');
  });

  it('names the feature, every package and the install command when one is missing', async () => {
    const missingPackage = 'dd-package-that-is-not-installed';
    const error = await importOptionalPackages('Distributed runs', [missingPackage, 'yaml'], () => import(missingPackage)).catch((caught: unknown) => caught);
    expect(MissingOptionalPackageError.isInstance(error)).toBe(true);
    expect(DataDesignerError.isInstance(error)).toBe(true);
    if (!MissingOptionalPackageError.isInstance(error)) return;
    expect(error.message).toBe(`Distributed runs needs the optional packages ${missingPackage}, yaml, which are not installed.`);
    expect(error.fix).toBe(`Install them next to @dd/engine: npm install ${missingPackage} yaml`);
    expect(error.packages).toEqual([missingPackage, 'yaml']);
  });

  it('also recognizes a package missing for require() (CommonJS loading)', async () => {
    const missingPackage = 'dd-cjs-package-that-is-not-installed';
    const load = async () => createRequire(import.meta.url)(missingPackage) as unknown;
    await expect(importOptionalPackages('Metrics', [missingPackage], load)).rejects.toMatchObject({
      kind: 'MissingOptionalPackageError',
      packages: [missingPackage],
    });
  });

  it('rethrows other failures unchanged (a broken module is not a missing one)', async () => {
    const broken = new Error('boom inside the package');
    await expect(importOptionalPackages('X', ['yaml'], () => Promise.reject(broken))).rejects.toBe(broken);
    const otherMissing = Object.assign(new Error("Cannot find package 'something-else' imported from /x"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importOptionalPackages('X', ['yaml'], () => Promise.reject(otherMissing))).rejects.toBe(otherMissing);
  });
});
