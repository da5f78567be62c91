import type { AdmissionStore, ResourceUsage } from './admission-store.js';
import { SchedulerConfigurationError } from './errors/scheduler-configuration-error.js';

/** Admission store for one process: a counter and a cap per resource. */
export class InMemoryAdmissionStore implements AdmissionStore {
  private readonly usage = new Map<string, ResourceUsage>();
  private readonly limits: Readonly<Record<string, number>>;
  private readonly defaultLimit: number;

  /** `limits` maps resource → max concurrent units; resources not listed get `defaultLimit`. */
  constructor(limits: Readonly<Record<string, number>> = {}, defaultLimit = Number.POSITIVE_INFINITY) {
    for (const [resource, limit] of Object.entries({ ...limits, '(default)': defaultLimit })) {
      if (!(limit >= 1)) {
        throw new SchedulerConfigurationError(`Resource limit for '${resource}' is ${String(limit)}.`, {
          fix: 'Use a limit of at least 1 (or Infinity for no cap).',
        });
      }
    }
    this.limits = limits;
    this.defaultLimit = defaultLimit;
  }

  /** Takes one unit of `resource` when below its cap. */
  tryAcquire(resource: string): boolean {
    const usage = this.usageOf(resource);
    if (usage.inFlight >= usage.limit) return false;
    usage.inFlight++;
    if (usage.inFlight > usage.peak) usage.peak = usage.inFlight;
    return true;
  }

  /** Gives back one unit (never below zero). */
  release(resource: string): void {
    const usage = this.usage.get(resource);
    if (usage !== undefined && usage.inFlight > 0) usage.inFlight--;
  }

  /** Copy of the usage per resource. */
  snapshot(): Record<string, ResourceUsage> {
    const result: Record<string, ResourceUsage> = {};
    for (const [resource, usage] of this.usage) result[resource] = { ...usage };
    return result;
  }

  private usageOf(resource: string): ResourceUsage {
    let usage = this.usage.get(resource);
    if (usage === undefined) {
      usage = { inFlight: 0, limit: this.limits[resource] ?? this.defaultLimit, peak: 0 };
      this.usage.set(resource, usage);
    }
    return usage;
  }
}
