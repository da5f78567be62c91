import { defineErrorClass } from '@dd/config';

/** Generating a dataset failed (message starts with 🛑 and quotes the root cause). */
export class DataDesignerGenerationError extends defineErrorClass('DataDesignerGenerationError') {}
/** Early shutdown stopped a run before it produced any record. */
export class DataDesignerEarlyShutdownError extends defineErrorClass('DataDesignerEarlyShutdownError') {}
