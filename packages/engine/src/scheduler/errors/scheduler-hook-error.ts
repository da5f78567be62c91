import { defineErrorClass } from '@dd/config';

/** A pre-batch / post-batch hook or the checkpoint callback failed; the run stops. */
export const SchedulerHookError = defineErrorClass('SchedulerHookError');
