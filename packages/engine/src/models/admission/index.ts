export {
  RequestAdmissionController,
  type RequestAdmissionControllerOptions,
  type AdmissionSnapshot,
  type AdmissionDomainSnapshot,
} from './request-admission-controller.js';
export {
  admissionStateKey,
  type AdmissionState,
  type AdmissionStateStore,
  type AdmissionStateUpdate,
  type DomainAdmissionState,
} from './admission-state.js';
export { InMemoryAdmissionStateStore } from './in-memory-admission-state-store.js';
export { RequestAdmissionTimeoutError, RequestAdmissionUnregisteredError, RequestAdmissionConfigurationError } from './admission-errors.js';
export type { RequestAdmissionEvent, AdmissionEventBase } from './admission-events.js';
export { DEFAULT_REQUEST_ADMISSION_TUNING, resolveAdmissionTuning, type RequestAdmissionTuning } from './admission-tuning.js';
export { FairWaiterQueue } from './fair-waiter-queue.js';
