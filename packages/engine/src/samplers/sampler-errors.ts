import { defineErrorClass } from '@dd/config';

/** A sampler column or constraint is invalid; raised when the sampler generator is built. */
export class SamplerConfigurationError extends defineErrorClass('SamplerConfigurationError') {}

/** Rejection sampling could not satisfy the constraints of a column within its iteration budget. */
export class RejectionSamplingError extends defineErrorClass('RejectionSamplingError') {}

/** Person sampling failed (missing managed dataset, filters too strict, unreadable file). */
export class PersonSamplerError extends defineErrorClass('PersonSamplerError') {}

/** A sampled value could not be converted or used while generating a row group. */
export class SamplerGenerationError extends defineErrorClass('SamplerGenerationError') {}
