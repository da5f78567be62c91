import type { TestServer, TestServerOptions } from './llm-test-server-options.js';
import { startTestServer } from './start-test-server.js';

/** Starts a test server, runs `fn` with it and closes it afterwards (also when `fn` throws). */
export async function withTestServer<T>(options: TestServerOptions, fn: (server: TestServer) => Promise<T> | T): Promise<T> {
  const server = await startTestServer(options);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}
