export { createSamplerGenerator, MAX_REJECTIONS_FACTOR, type SamplerGeneratorOptions } from './create-sampler-generator.js';
export type { ConstraintOperator } from './constraint-operator.js';
export { SamplerConfigurationError, RejectionSamplingError, PersonSamplerError, SamplerGenerationError } from './sampler-errors.js';
export { SAMPLER_TYPES } from './create-column-sampler.js';
export { SCIPY_DISTRIBUTION_NAMES } from './scipy-distributions.js';
export { MANAGED_PERSON_LOCALES, PERSONA_DOWNLOAD_COMMAND, managedPersonDatasetFile } from './managed-person-dataset.js';
export { parseDatetime } from './parse-datetime.js';
export { formatStrftime } from './format-strftime.js';
