import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { loadUndiciParts } from './load-undici-parts.js';

describe('loadUndiciParts', () => {
  it("gives undici's Agent class and dispatcher request method from the one-file bundle, loaded once", () => {
    const parts = loadUndiciParts();
    const undici = createRequire(import.meta.url)('undici') as typeof import('undici');
    // The bundle is the installed undici's code: the same class shape (its own copy, not the package's objects).
    expect(parts.Agent.name).toBe('Agent');
    expect(parts.Agent).not.toBe(undici.Agent);
    expect(Object.getOwnPropertyNames(parts.Agent.prototype).sort()).toEqual(Object.getOwnPropertyNames(undici.Agent.prototype).sort());
    expect(parts.request.name).toBe('request');
    expect(loadUndiciParts()).toBe(parts);
  });

  it('sends a request through the bundled Agent', async () => {
    const server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ method: request.method, url: request.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { Agent, request } = loadUndiciParts();
    const agent = new Agent({ connections: 2 });
    try {
      const { port } = server.address() as AddressInfo;
      const response = await request.call(agent, { origin: `http://127.0.0.1:${port}`, path: '/v1/x?y=1', method: 'POST', body: '{}' });
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toEqual({ method: 'POST', url: '/v1/x?y=1' });
    } finally {
      await agent.close();
      server.close();
    }
  });
});
