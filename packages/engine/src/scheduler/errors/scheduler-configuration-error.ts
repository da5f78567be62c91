import { defineErrorClass } from '@dd/config';

/** The scheduler was given options it cannot run with (bad sizes, limits or row groups). */
export class SchedulerConfigurationError extends defineErrorClass('SchedulerConfigurationError') {}
