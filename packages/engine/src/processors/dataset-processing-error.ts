import { defineErrorClass } from '@dd/config';

/** A processor failed, or broke a stage's row-count rule (`Failed in <stage> for <name>: …`). */
export class DatasetProcessingError extends defineErrorClass('DatasetProcessingError') {}
