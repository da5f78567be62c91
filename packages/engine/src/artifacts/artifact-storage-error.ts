import { defineErrorClass } from '@dd/config';

/** The artifact directory, a parquet file or `metadata.json` cannot be used as asked. */
export const ArtifactStorageError = defineErrorClass('ArtifactStorageError');

/** A dataset cannot be resumed (config changed, metadata missing or inconsistent, wrong target). */
export const ResumeError = defineErrorClass('ResumeError');
