import { describe, expect, it } from '@jest/globals';
import { configFingerprint } from '../fingerprint/index.js';
import { dumpConfig, loadConfig } from '../index.js';
import { ModelConfigSchema } from './model-config.js';

const base = { alias: 'writer', model: 'm', provider: 'nvidia' };

const yaml = (pricing: string) => `
model_configs:
  - alias: writer
    model: m
    provider: nvidia
${pricing}columns:
  - name: x
    column_type: sampler
    sampler_type: uniform
    params: {low: 0, high: 1}
`;

describe('ModelConfig.pricing', () => {
  it('is optional with no default, so configs without it dump and fingerprint as before', async () => {
    const parsed = ModelConfigSchema.parse(base);
    expect(parsed).not.toHaveProperty('pricing');
    const config = await loadConfig(yaml(''));
    expect(dumpConfig(config, 'json')).not.toContain('pricing');
  });

  it('validates prices and an optional USD currency, and round-trips through dump', async () => {
    const pricing = { input_per_million_tokens: 0.5, output_per_million_tokens: 1.5, currency: 'USD' as const };
    expect(ModelConfigSchema.parse({ ...base, pricing }).pricing).toEqual(pricing);
    expect(() => ModelConfigSchema.parse({ ...base, pricing: { input_per_million_tokens: -1, output_per_million_tokens: 1 } })).toThrow();
    expect(() => ModelConfigSchema.parse({ ...base, pricing: { input_per_million_tokens: 1, output_per_million_tokens: 1, currency: 'EUR' } })).toThrow();
    expect(() => ModelConfigSchema.parse({ ...base, pricing: { input_per_million_tokens: 1 } })).toThrow();
    const priced = await loadConfig(yaml('    pricing: {input_per_million_tokens: 0.5, output_per_million_tokens: 1.5}\n'));
    const again = await loadConfig(dumpConfig(priced, 'yaml'));
    expect(again.model_configs?.[0]?.pricing).toEqual({ input_per_million_tokens: 0.5, output_per_million_tokens: 1.5 });
    expect(configFingerprint(again)).toEqual(configFingerprint(priced));
    expect(configFingerprint(priced)).not.toEqual(configFingerprint(await loadConfig(yaml(''))));
  });
});
