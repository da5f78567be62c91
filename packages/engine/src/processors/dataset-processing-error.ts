import { defineErrorClass } from '@dd/config';

/** A processor failed, or broke a stage's row-count rule (`Failed in <stage> for <name>: …`). */
export const DatasetProcessingError = defineErrorClass('DatasetProcessingError');
