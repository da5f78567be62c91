import { defineErrorClass } from '@dd/config/core';

/** A distributed run could not start or finish (bad Redis URL, failed row groups, a queue from another run). */
export const DistributedRunError = defineErrorClass('DistributedRunError');
/** A row-group job's data did not match the schema this worker understands. */
export const RowGroupJobSchemaError = defineErrorClass('RowGroupJobSchemaError');
/** A data-factory batch job's data did not match the schema this worker understands. */
export const FactoryBatchJobSchemaError = defineErrorClass('FactoryBatchJobSchemaError');
