import { defineErrorClass } from '@dd/config';

/** A workflow was declared wrongly, or one of its stages failed (the message names the stage). */
export const DataDesignerWorkflowError = defineErrorClass('DataDesignerWorkflowError');
