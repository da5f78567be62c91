import type { Agent, Dispatcher } from 'undici';
import { requireVendorFile } from '../../package-files/package-root.js';

/** The parts of undici this transport uses: its `Agent` class and the `request` method of its dispatchers. */
export interface UndiciParts {
  Agent: typeof Agent;
  request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
}
let undiciParts: UndiciParts | undefined;

/**
 * undici's `Agent` and `request`, loaded with `require` on the first transport: runs without a model
 * never load them. From one file (vendor/undici/parts.cjs, bundled from the installed undici at build
 * time, see scripts/vendor-deps.mjs): their ~40 CommonJS files one by one cost ~0.03 CPU-s more to
 * require, and undici's entry file would also load fetch, WebSocket, EventSource, the caches and the
 * mocks (~0.1 s more), all before a run's first request.
 */
export function loadUndiciParts(): UndiciParts {
  undiciParts ??= requireVendorFile<UndiciParts>('undici/parts.cjs');
  return undiciParts;
}
