import { describe, expect, it } from '@jest/globals';
import { estimateTokens } from './estimate-tokens.js';

describe('estimateTokens', () => {
  it('counts cl100k_base tokens (values from tiktoken)', async () => {
    expect(await estimateTokens('hello world')).toBe(2);
    expect(await estimateTokens('<think>Let me reason step by step about 12*37.</think>')).toBe(17);
    expect(await estimateTokens('日本語のテキストと emoji 🎉🎉')).toBe(16);
    expect(await estimateTokens('def f(x):\n    return x**2  # comment')).toBe(12);
  });

  it('is zero for empty text', async () => {
    expect(await estimateTokens('')).toBe(0);
  });
});
