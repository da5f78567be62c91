import type { Distribution } from '@dd/config';

/** Draws a `temperature` / `top_p` value: numbers as is, distributions sampled anew on every request. */
export function sampleInferenceValue(value: number | Distribution | null | undefined, random: () => number = Math.random): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if ('low' in value.params) return value.params.low + (value.params.high - value.params.low) * random();
  const { values, weights } = value.params;
  if (!weights) return values[Math.floor(random() * values.length)];
  let threshold = random();
  for (let index = 0; index < values.length; index += 1) {
    threshold -= weights[index] ?? 0;
    if (threshold < 0) return values[index];
  }
  return values[values.length - 1];
}
