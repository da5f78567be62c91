import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenerationContext } from '../columns/column-generator.js';
import { retryDelayMs } from './remote-validator.js';
import { createValidationColumnGenerator } from './validation-column-generator.js';
import { RemoteValidationError, type ValidatorParamsInput } from './validation-types.js';

type Handler = (body: { data: Array<Record<string, unknown>> }, res: ServerResponse) => void;

let server: Server;
let url: string;
let handler: Handler;
let requests: Array<{ data: Array<Record<string, unknown>> }>;

/** Replies with JSON. */
function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Echo validator: `is_valid` is whether `text` is non-empty. */
const echo: Handler = (body, res) =>
  json(res, 200, { data: body.data.map((r) => ({ is_valid: String(r.text ?? '') !== '', length: String(r.text ?? '').length })) });

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw) as { data: Array<Record<string, unknown>> };
      requests.push(body);
      handler(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/validate`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests = [];
  handler = echo;
});

const rows = [
  { text: 'hello', other: 1 },
  { text: '', other: 2 },
  { text: 'abc', other: 3 },
  { text: 'z', other: 4 },
];

/** A remote validation generator over `text` with a recording no-op sleep. */
function remote(params: Partial<ValidatorParamsInput<'remote'>>, batchSize = 10, sleeps: number[] = []) {
  return createValidationColumnGenerator(
    { name: 'check', target_columns: ['text'], validator_type: 'remote', validator_params: { endpoint_url: url, ...params }, batch_size: batchSize },
    { sleep: async (ms) => void sleeps.push(ms) },
  );
}

describe('remote validator', () => {
  it('POSTs { data: [target records] } per batch and writes each row its output', async () => {
    const out = await remote({ max_parallel_requests: 1 }, 3).generateBatch(rows, testContext());
    expect(out).toEqual([
      { check: { is_valid: true, length: 5 } },
      { check: { is_valid: false, length: 0 } },
      { check: { is_valid: true, length: 3 } },
      { check: { is_valid: true, length: 1 } },
    ]);
    expect(requests).toEqual([{ data: [{ text: 'hello' }, { text: '' }, { text: 'abc' }] }, { data: [{ text: 'z' }] }]);
  });

  it('retries on 503 with backoff, then succeeds', async () => {
    let calls = 0;
    handler = (body, res) => (++calls <= 2 ? json(res, 503, { error: 'busy' }) : echo(body, res));
    const sleeps: number[] = [];
    const out = await remote({ max_parallel_requests: 1, max_retries: 3, retry_backoff: 2 }, 10, sleeps).generateBatch(rows, testContext());
    expect(calls).toBe(3);
    expect(sleeps).toEqual([2000, 4000]);
    expect(out.map((r) => (r.check as { is_valid: boolean }).is_valid)).toEqual([true, false, true, true]);
  });

  it('gives up after max_retries and fails the task when sequential', async () => {
    handler = (_body, res) => json(res, 503, { error: 'busy' });
    const sleeps: number[] = [];
    const error: unknown = await remote({ max_parallel_requests: 1, max_retries: 2 }, 10, sleeps)
      .generateBatch(rows, testContext())
      .catch((e: unknown) => e);
    expect(RemoteValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/HTTP 503 after 3 attempt/);
    expect(requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('does not retry other HTTP errors', async () => {
    handler = (_body, res) => json(res, 400, { error: 'bad' });
    await expect(remote({ max_parallel_requests: 1 }).generateBatch(rows, testContext())).rejects.toThrow(/HTTP 400 after 1 attempt/);
    expect(requests).toHaveLength(1);
  });

  it('checks output_schema (extra properties forbidden)', async () => {
    const output_schema = {
      type: 'object',
      properties: {
        data: {
          type: 'array',
          items: { type: 'object', properties: { is_valid: { type: ['boolean', 'null'] }, length: { type: 'integer' } }, required: ['is_valid'] },
        },
      },
      required: ['data'],
    };
    await expect(remote({ max_parallel_requests: 1, output_schema }).generateBatch(rows, testContext())).resolves.toHaveLength(4);
    handler = (body, res) => json(res, 200, { data: body.data.map(() => ({ is_valid: true, surprise: 1 })) });
    await expect(remote({ max_parallel_requests: 1, output_schema }).generateBatch(rows, testContext())).rejects.toThrow(
      /output_schema.*additional properties/,
    );
  });

  it('rejects a response without one output per row', async () => {
    handler = (body, res) => json(res, 200, { data: body.data.slice(1).map(() => ({ is_valid: true })) });
    await expect(remote({ max_parallel_requests: 1 }).generateBatch(rows, testContext())).rejects.toThrow(/one output per row.*expected 4.*got 3/);
    handler = (_body, res) => json(res, 200, [{ is_valid: true }]);
    await expect(remote({ max_parallel_requests: 1 }).generateBatch(rows.slice(0, 1), testContext())).rejects.toThrow(/\{ "data": \[\.\.\.\] \}/);
  });

  it('in parallel mode, a failed batch gives its rows { is_valid: null } and the others succeed', async () => {
    handler = (body, res) => (body.data.some((r) => r.text === 'abc') ? json(res, 500, { error: 'down' }) : echo(body, res));
    const out = await remote({ max_parallel_requests: 2, max_retries: 1 }, 2).generateBatch(rows, testContext());
    expect(out).toEqual([
      { check: { is_valid: true, length: 5 } },
      { check: { is_valid: false, length: 0 } },
      { check: { is_valid: null } },
      { check: { is_valid: null } },
    ]);
    expect(requests).toHaveLength(3);
  });

  it('times out slow endpoints', async () => {
    handler = (body, res) => void setTimeout(() => echo(body, res), 500);
    await expect(remote({ max_parallel_requests: 1, max_retries: 0, timeout: 0.05 }).generateBatch(rows, testContext())).rejects.toThrow(
      /failed after 1 attempt/,
    );
  });
});

describe('retryDelayMs', () => {
  it('grows exponentially from retry_backoff, honours Retry-After and caps at 120 s', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, 2))).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(1, 2, '7')).toBe(7000);
    expect(retryDelayMs(10, 2)).toBe(120_000);
  });
});

/** A generation context for tests. */
function testContext(): GenerationContext {
  return { rowGroup: 0, rowOffset: 0, signal: new AbortController().signal };
}
