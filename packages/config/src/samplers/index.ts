export { SAMPLER_TYPES, NUMERICAL_SAMPLER_TYPES, type SamplerType } from './sampler-type.js';
export { PERSON_LOCALES, FAKER_LOCALES, type PersonLocale } from './locales.js';
export * from './sampler-params.js';
