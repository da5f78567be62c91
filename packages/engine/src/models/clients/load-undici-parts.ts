import { createRequire } from 'node:module';
import type { Agent, Dispatcher } from 'undici';

/** The parts of undici this transport uses: its `Agent` class and the `request` method of its dispatchers. */
export interface UndiciParts {
  Agent: typeof Agent;
  request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
}
let undiciParts: UndiciParts | undefined;

/**
 * undici's `Agent` and `request`, loaded with `require` (an ESM import of this CommonJS package lexes
 * its files at start-up) on the first transport: runs without a model never load them. Their own
 * files first: undici's entry file also loads fetch, WebSocket, EventSource, the caches and the mocks
 * (~0.1 s more CPU before a run's first request); the entry is the fallback when those files move.
 */
export function loadUndiciParts(): UndiciParts {
  if (undiciParts !== undefined) return undiciParts;
  const require = createRequire(import.meta.url);
  try {
    const agent = require('undici/lib/dispatcher/agent') as unknown;
    const request = require('undici/lib/api/api-request') as unknown;
    if (typeof agent === 'function' && typeof request === 'function') {
      undiciParts = { Agent: agent as UndiciParts['Agent'], request: request as UndiciParts['request'] };
      return undiciParts;
    }
  } catch {
    // another layout of undici: its entry has both
  }
  const undici = require('undici') as typeof import('undici');
  undiciParts = { Agent: undici.Agent, request: undici.Dispatcher.prototype.request as UndiciParts['request'] };
  return undiciParts;
}
