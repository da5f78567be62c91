// Loaded with -i by the queued data-factory CLI test, and imported by the test as the caller: the
// factory registers itself under its name when the module loads (the function never travels).
import { dataFactory } from '@dd/engine';

export const shout = async (word) => ({ word, loud: `${word.toUpperCase()}!`, pid: process.pid });

export const shouts = dataFactory(shout, { name: 'shout', storage: 'memory', queue: { name: process.env.SHOUT_QUEUE, inputsPerJob: 5, reconcileIntervalMs: 1000 } });
