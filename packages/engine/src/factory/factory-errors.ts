import { defineErrorClass } from '@dd/config/core';

/** An attempt ran past `taskTimeoutMs`; its signal was aborted. */
export class FactoryTimeoutError extends defineErrorClass('FactoryTimeoutError') {}

/** The function returned something other than plain-object records (or null/undefined). */
export class MalformedRecordError extends defineErrorClass('MalformedRecordError') {}

/** A data factory cannot start or resume (bad options, unknown job id, inconsistent job files). */
export class DataFactoryError extends defineErrorClass('DataFactoryError') {}

/** A hook (`onRecordComplete`, `onRecordError`, `onProgress`) threw or returned something other than a verdict; names the hook and the input. */
export class FactoryHookError extends defineErrorClass('FactoryHookError') {}
