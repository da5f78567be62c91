import { defineErrorClass } from '@dd/config';

/** The generators cannot form an execution graph (duplicate or unknown columns, or a cycle). */
export class ExecutionGraphError extends defineErrorClass('ExecutionGraphError') {}
