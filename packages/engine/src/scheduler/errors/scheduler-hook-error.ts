import { defineErrorClass } from '@dd/config';

/** A pre-batch / post-batch hook or the checkpoint callback failed; the run stops. */
export class SchedulerHookError extends defineErrorClass('SchedulerHookError') {}
