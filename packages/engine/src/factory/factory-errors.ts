import { defineErrorClass } from '@dd/config';

/** An attempt ran past `taskTimeoutMs`; its signal was aborted. */
export const FactoryTimeoutError = defineErrorClass('FactoryTimeoutError');

/** The function returned something other than plain-object records (or null/undefined). */
export const MalformedRecordError = defineErrorClass('MalformedRecordError');

/** A data factory cannot start or resume (bad options, unknown job id, inconsistent job files). */
export const DataFactoryError = defineErrorClass('DataFactoryError');
