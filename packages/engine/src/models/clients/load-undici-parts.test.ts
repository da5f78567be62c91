import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { loadUndiciParts } from './load-undici-parts.js';

describe('loadUndiciParts', () => {
  it("gives undici's own Agent class and dispatcher request method, loaded once", () => {
    const parts = loadUndiciParts();
    // Loaded from their own files: the same objects the entry exports (the entry puts `request` on every dispatcher).
    const undici = createRequire(import.meta.url)('undici') as typeof import('undici');
    expect(parts.Agent).toBe(undici.Agent);
    expect(parts.request).toBe(undici.Dispatcher.prototype.request);
    expect(loadUndiciParts()).toBe(parts);
  });
});
