import { RequestAdmissionTuningConfigSchema, type RequestAdmissionTuningConfig } from '@dd/config';
import { RequestAdmissionConfigurationError } from './admission-errors.js';

/** AIMD tuning, as `RunConfig.request_admission` holds it. */
export type RequestAdmissionTuning = RequestAdmissionTuningConfig;

/** Defaults (§4.7): ×0.75, +1 per 25 successes, 2 s cooldown, no ramp. */
export const DEFAULT_REQUEST_ADMISSION_TUNING: Readonly<RequestAdmissionTuning> = Object.freeze(RequestAdmissionTuningConfigSchema.parse({}));

/** Fills in defaults and validates (throws `RequestAdmissionConfigurationError`). */
export function resolveAdmissionTuning(tuning: Partial<RequestAdmissionTuning> = {}): RequestAdmissionTuning {
  const defined = Object.fromEntries(Object.entries(tuning).filter(([, value]) => value !== undefined));
  const parsed = RequestAdmissionTuningConfigSchema.safeParse({ ...DEFAULT_REQUEST_ADMISSION_TUNING, ...defined });
  if (!parsed.success) {
    throw new RequestAdmissionConfigurationError(`Invalid request-admission tuning: ${parsed.error.message}`, {
      fix: 'Use 0 < multiplicative_decrease_factor < 1, integer steps ≥ 1, cooldown_seconds > 0, startup_ramp_seconds ≥ 0.',
    });
  }
  return parsed.data;
}
