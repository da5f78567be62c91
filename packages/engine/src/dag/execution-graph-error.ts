import { defineErrorClass } from '@dd/config';

/** The generators cannot form an execution graph (duplicate or unknown columns, or a cycle). */
export const ExecutionGraphError = defineErrorClass('ExecutionGraphError');
