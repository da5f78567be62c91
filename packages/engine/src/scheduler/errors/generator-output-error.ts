import { defineErrorClass } from '@dd/config';

/** A generator returned something other than what its contract promises (wrong row count, not an object). */
export class GeneratorOutputError extends defineErrorClass('GeneratorOutputError') {}
