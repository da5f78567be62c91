// The job shared by the SIGKILL child and the resuming test: functions are never serialized, so both
// processes import the same code. Input n gives {id, n, square}; multiples of 7 give a second record;
// multiples of 5 are filtered by the hook, so the target needs more inputs than records.
export async function makeRecords(n, { signal }) {
  await new Promise((resolve) => setTimeout(resolve, 5 + (n % 4) * 5));
  if (signal.aborted) throw new Error('aborted');
  const first = { id: `r-${n}`, n, square: n * n };
  return n % 7 === 0 ? [first, { id: `r-${n}-b`, n, square: -n }] : first;
}

export const onRecordComplete = (record) => (record.n % 5 === 0 ? 'filtered' : 'accepted');

export const jobOptions = (artifactPath) => ({
  artifactPath,
  jobName: 'killed-job',
  targetCount: 150,
  maxConcurrency: 8,
  batchSize: 10,
  flushIntervalMs: 50,
  onRecordComplete,
});

export const jobInputs = Array.from({ length: 400 }, (_, index) => index);
