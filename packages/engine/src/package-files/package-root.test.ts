import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { enginePackageRoot, vendorFile } from './package-root.js';

describe('enginePackageRoot / vendorFile', () => {
  it('finds the @dd/engine folder and the vendored files the samplers, SQL validator and tokenizer load', () => {
    const root = enginePackageRoot();
    expect((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string }).name).toBe('@dd/engine');
    for (const file of ['stdlib/random-base.cjs', 'node-sql-parser/sqlite.cjs', 'js-tiktoken/lite.cjs', 'js-tiktoken/cl100k_base.cjs']) {
      expect(vendorFile(file)).toBe(path.join(root, 'vendor', file));
      expect(existsSync(vendorFile(file))).toBe(true);
    }
  });
});
