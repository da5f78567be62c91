import { defineErrorClass } from '@dd/config/core';

/** The artifact directory, a parquet file or `metadata.json` cannot be used as asked. */
export class ArtifactStorageError extends defineErrorClass('ArtifactStorageError') {}

/** A dataset cannot be resumed (config changed, metadata missing or inconsistent, wrong target). */
export class ResumeError extends defineErrorClass('ResumeError') {}
