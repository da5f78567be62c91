// The queued factory shared by the test (caller, local run) and the worker children: functions never
// travel, so every process imports this same code. Input n gives {id, n, square}; multiples of 11 give a
// second record; multiples of 13 fail their first attempt (retried); 29 always fails (dead letter);
// the hook filters multiples of 5 (filtered records are stored apart).
// FACTORY_DELAY_MS slows each input; FACTORY_CALLS_LOG, when set, gets one line `n:attempt` per call.
import { appendFileSync } from 'node:fs';

export async function squares(n, { signal, attempt }) {
  if (process.env.FACTORY_CALLS_LOG) appendFileSync(process.env.FACTORY_CALLS_LOG, `${n}:${attempt}\n`);
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.FACTORY_DELAY_MS ?? 5)));
  if (signal.aborted) throw new Error('aborted');
  if (n === 29 || (n % 13 === 0 && attempt === 1)) throw new Error(`input ${n} failed on attempt ${attempt}`);
  const first = { id: `r-${n}`, n, square: n * n };
  return n % 11 === 0 ? [first, { id: `r-${n}-b`, n, square: -n }] : first;
}

/** Options of the factory; `queue` only for the queued runs. */
export const squaresOptions = (queue) => ({
  maxConcurrency: 4,
  maxRetries: 1,
  retryBaseDelayMs: 10,
  retryMaxDelayMs: 20,
  batchSize: 7,
  onRecordComplete: (record) => (record.n % 5 === 0 ? 'filtered' : 'accepted'),
  ...(queue ? { name: 'squares', queue: { inputsPerJob: 10, reconcileIntervalMs: 1000, ...queue } } : {}),
});

export const squaresInputs = Array.from({ length: 60 }, (_, index) => index);
