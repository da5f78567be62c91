import { definedOrThrow } from '@dd/config/core';
import type { RunPlan } from './execute-run.js';
import type { StateValues } from './factory-state.js';
import type { DeadLetter, FactoryProgress, FactoryRecord, FactoryRunResult, InputStatus } from './factory-types.js';

/** The result of a finished run (local or queued): its ledger's indices by status and dead letters, in input order. */
export function runResult<I, R extends FactoryRecord, S extends StateValues>(
  plan: RunPlan<I, R, S>,
  records: R[],
  progress: FactoryProgress,
): FactoryRunResult<I, R> {
  const indices: Record<InputStatus, number[]> = { done: [], filtered: [], duplicate: [], 'dead-lettered': [] };
  const deadLetters: DeadLetter<I>[] = [];
  for (const [index, entry] of [...plan.ledger.entries()].sort(([a], [b]) => a - b)) {
    indices[entry.status].push(index);
    if (entry.status === 'dead-lettered') {
      const input = definedOrThrow(plan.inputs[index], `input ${index}`);
      deadLetters.push({ index, input, cause: entry.cause ?? '', kind: entry.kind ?? 'Error', attempts: entry.attempts });
    }
  }
  return {
    jobId: plan.jobId,
    records,
    progress: { ...progress },
    deadLetters,
    indices,
    ...(plan.store ? { jobPath: plan.store.location() } : {}),
    warnings: plan.warnings,
    ...(plan.resumed ? { resumed: plan.resumed } : {}),
  };
}
