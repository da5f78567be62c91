import type { RunPlan } from './execute-run.js';
import type { StateValues } from './factory-state.js';
import type { FactoryProgress, FactoryRecord } from './factory-types.js';

/** A run's progress before its first attempt (local or queued): what its restored ledger already holds. */
export function initialProgress<I, R extends FactoryRecord, S extends StateValues>(plan: RunPlan<I, R, S>): FactoryProgress {
  const entries = [...plan.ledger.values()];
  return {
    accepted: entries.reduce((sum, entry) => sum + (entry.status === 'done' ? entry.records : 0), 0),
    target: plan.target,
    filteredRecords: 0,
    duplicateRecords: 0,
    inputsFinished: plan.ledger.size,
    inputsTotal: plan.inputs.length,
    deadLettered: entries.filter((entry) => entry.status === 'dead-lettered').length,
    failedAttempts: 0,
    running: 0,
  };
}
