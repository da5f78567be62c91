export { RetryPolicy, isTransientProviderError, isAbortError, type RetryPolicyOptions } from './retry-policy.js';
export { ModelRequestExecutor, type ModelRequestExecutorOptions } from './request-executor.js';
export { UnlimitedAdmission } from './unlimited-admission.js';
export { leaseOutcomeFor } from './lease-outcome.js';
