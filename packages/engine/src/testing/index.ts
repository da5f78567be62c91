/** `@dd/engine/testing`: the local OpenAI/Anthropic-compatible test server, the Hub test server and their helpers. */
export type * from './llm-test-server-options.js';
export { startTestServer } from './start-test-server.js';
export { withTestServer } from './with-test-server.js';
export { defaultChatResponder, lastUserText } from './default-chat-responder.js';
export { generateSchemaInstance } from './generate-schema-instance.js';
export { findRequestedCodeLanguage } from './find-requested-code-language.js';
export { deterministicEmbedding } from './deterministic-embedding.js';
export { TINY_PNG_BASE64 } from './tiny-png.js';
export {
  startTestMcpHttpServer,
  testMcpStdioProvider,
  testMcpServerScript,
  type TestMcpServerOptions,
  type TestMcpHttpServer,
  type TestMcpStdioProvider,
  type TestMcpToolName,
} from './mcp-test-server.js';
export { acquireTestRedis, hasRedisServerBinary, pingRedis, type TestRedis } from './acquire-test-redis.js';
export { freePort } from './free-port.js';
export { describeWithRedis, type AvailableTestRedis, type DescribeWithRedisOptions } from './describe-with-redis.js';
export {
  startHubTestServer,
  type HubTestEndpoint,
  type HubTestRepo,
  type HubTestRepoInput,
  type HubTestRequest,
  type HubTestServer,
  type HubTestServerOptions,
} from './start-hub-test-server.js';
export type { NodeBytes } from './node-bytes.js';
