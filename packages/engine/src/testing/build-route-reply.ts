import { anthropicErrorBody, anthropicMessage, anthropicToChatRequest } from './anthropic-wire-replies.js';
import { countWords } from './count-words.js';
import { defaultChatResponder, messageText } from './default-chat-responder.js';
import { deterministicEmbedding } from './deterministic-embedding.js';
import type { ChatRequestBody, TestServerOptions } from './llm-test-server-options.js';
import { normalizeChatReply } from './normalize-chat-reply.js';
import { openaiChatCompletion, openaiErrorBody } from './openai-wire-replies.js';
import { TINY_PNG_BASE64 } from './tiny-png.js';

/** The routes the test server answers. */
export type TestServerRoute = 'chat' | 'messages' | 'embeddings' | 'images' | 'models' | 'media';

/** A reply to send: JSON (any value) or raw bytes (`Buffer`). */
export interface RouteReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Everything a route needs besides the request body. */
export interface RouteReplyContext {
  options: TestServerOptions;
  /** Base URL ending in `/v1`, used for `url` image answers. */
  baseUrl: string;
  /** Short unique id for response ids. */
  id: string;
  /** Apply a `truncate` fault to chat replies. */
  truncate: boolean;
  /** Returns the next 1-based chat call number. */
  nextChatCall(): number;
}

const ROUTES: Record<string, { method: string; route: TestServerRoute }> = {
  '/chat/completions': { method: 'POST', route: 'chat' },
  '/messages': { method: 'POST', route: 'messages' },
  '/embeddings': { method: 'POST', route: 'embeddings' },
  '/images/generations': { method: 'POST', route: 'images' },
  '/models': { method: 'GET', route: 'models' },
  '/media/tiny.png': { method: 'GET', route: 'media' },
};

/** Finds the route for a method and path (`/v1` prefix optional), or the status to answer (404/405). */
export function matchRoute(method: string, path: string): { route: TestServerRoute } | { status: 404 | 405 } {
  const entry = ROUTES[path.startsWith('/v1/') ? path.slice(3) : path];
  if (entry === undefined) return { status: 404 };
  return entry.method === method ? { route: entry.route } : { status: 405 };
}

/** An error reply in the route's wire format. */
export function errorReply(route: TestServerRoute | undefined, status: number, message: string): RouteReply {
  return { status, body: route === 'messages' ? anthropicErrorBody(status, message) : openaiErrorBody(status, message) };
}

/** Builds the normal (fault-free) reply of a route. */
export async function buildRouteReply(route: TestServerRoute, body: unknown, context: RouteReplyContext): Promise<RouteReply> {
  const usage = context.options.usage ?? true;
  const request = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  switch (route) {
    case 'models':
      return {
        status: 200,
        body: {
          object: 'list',
          data: (context.options.models ?? ['test-model']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'dd-test-server' })),
        },
      };
    case 'media':
      return { status: 200, body: Buffer.from(TINY_PNG_BASE64, 'base64'), headers: { 'content-type': 'image/png' } };
    case 'chat':
    case 'messages': {
      if (request === undefined || typeof request.model !== 'string' || !Array.isArray(request.messages)) {
        return errorReply(route, 400, 'The body needs a string `model` and a `messages` array.');
      }
      if (route === 'messages' && typeof request.max_tokens !== 'number') {
        return errorReply(route, 400, 'max_tokens: Field required');
      }
      const chatRequest = route === 'messages' ? anthropicToChatRequest(request) : (request as ChatRequestBody);
      const responder = context.options.chat ?? defaultChatResponder;
      const raw = await responder(chatRequest, {
        n: context.nextChatCall(),
        route: route === 'messages' ? 'anthropic' : 'openai',
        imageModel: isImageModel(chatRequest.model, context.options.imageModels ?? [/image/i]),
      });
      const reply = normalizeChatReply(raw, { truncate: context.truncate });
      const promptTokens = chatRequest.messages.reduce((sum, message) => sum + countWords(messageText(message)), 0);
      const wire = { id: context.id, model: chatRequest.model, reply, promptTokens, usage };
      return { status: 200, body: route === 'messages' ? anthropicMessage(wire) : openaiChatCompletion(wire) };
    }
    case 'embeddings': {
      const input = request?.input;
      const inputs = typeof input === 'string' ? [input] : input;
      if (typeof request?.model !== 'string' || !Array.isArray(inputs) || !inputs.every((item) => typeof item === 'string')) {
        return errorReply(route, 400, 'The body needs a string `model` and `input` as a string or an array of strings.');
      }
      const dimensions = typeof request.dimensions === 'number' ? request.dimensions : (context.options.embeddingDimensions ?? 8);
      const base64 = request.encoding_format === 'base64';
      const data = (inputs as string[]).map((text, index) => {
        const vector = deterministicEmbedding(text, dimensions);
        return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
      });
      const tokens = (inputs as string[]).reduce((sum, text) => sum + countWords(text), 0);
      return {
        status: 200,
        body: { object: 'list', data, model: request.model, ...(usage ? { usage: { prompt_tokens: tokens, total_tokens: tokens } } : {}) },
      };
    }
    case 'images': {
      if (typeof request?.model !== 'string' || typeof request.prompt !== 'string') {
        return errorReply(route, 400, 'The body needs a string `model` and a string `prompt`.');
      }
      const count = typeof request.n === 'number' && request.n > 0 ? Math.floor(request.n) : 1;
      const item = request.response_format === 'url' ? { url: `${context.baseUrl}/media/tiny.png` } : { b64_json: TINY_PNG_BASE64 };
      const tokens = countWords(request.prompt);
      return {
        status: 200,
        body: {
          created: Math.floor(Date.now() / 1000),
          data: Array.from({ length: count }, () => ({ ...item })),
          ...(usage ? { usage: { input_tokens: tokens, output_tokens: 0, total_tokens: tokens } } : {}),
        },
      };
    }
  }
}

function isImageModel(model: string, patterns: Array<string | RegExp>): boolean {
  return patterns.some((pattern) => (typeof pattern === 'string' ? model.toLowerCase().includes(pattern.toLowerCase()) : pattern.test(model)));
}
